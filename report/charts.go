package report

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/view"
)

// palette gives each line its colour, the dashboard's colours in its order,
// so a line is the same colour on the page and in the workbook.
var palette = []string{"1d4e89", "d9822b", "2a9d8f", "c03f5a", "6c5fb5", "8c6d31", "3f8fd2", "7a8b99", "b5651d", "4c9a2a", "a23b72", "2f4858"}

// The layout of a chart sheet: the title and a note on top, the chart
// under them on the left, the milestones beside it, and the chart's data
// under the chart, where the chart's series point.
const (
	chartRow       = 4   // the chart's top-left row
	chartWidth     = 760 // px
	chartHeight    = 360 // px
	tableRow       = 25  // the data table's header row, below the chart
	milestoneCol   = 12  // L: beside the chart
	yearColWidth   = 8
	titleChars     = 64 // a milestone title's characters on one line
	seriesColWidth = 18
	basisColWidth  = 24
)

// sheetTable writes the years and one numeric column per series under the
// chart: a gap stays an empty cell, never a zero, and each figure keeps its
// qualifier in its number format and a plan or forecast its own style.
func (wb *workbook) sheetTable(sheet string, years []int, headers []string, lines []view.Series) error {
	f, st := wb.f, wb.st
	if err := wb.header(sheet, 1, tableRow, append([]string{wb.l.T("col.year")}, headers...)); err != nil {
		return err
	}
	if err := wb.rightAlign(sheet, 2, tableRow, len(headers)); err != nil {
		return err
	}
	for i, y := range years {
		row := tableRow + 1 + i
		if err := f.SetCellInt(sheet, cell(1, row), int64(y)); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(1, row), cell(1, row), st.year); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		for j, s := range lines {
			p := s.Points[i]
			if p.Figure == nil {
				continue
			}
			c := cell(2+j, row)
			if err := f.SetCellFloat(sheet, c, p.Figure.Value, -1, 64); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
			style, err := st.value(*p.Figure)
			if err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, c, c, style); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", yearColWidth); err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	last := colName(1 + max(len(lines), 1))
	if err := f.SetColWidth(sheet, "B", last, seriesColWidth); err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	return wb.basisColumns(sheet, years, headers, lines)
}

// basisColumns writes, right of the chart's table, each line's basis per
// year: the basis (with the certificate) and how many other sources give
// the figure, so that the table says on what each number rests. The chart
// does not read them.
func (wb *workbook) basisColumns(sheet string, years []int, headers []string, lines []view.Series) error {
	f, l, st := wb.f, wb.l, wb.st
	if len(lines) == 0 {
		return nil
	}
	first := 2 + len(lines)
	titles := make([]string, len(headers))
	for i, h := range headers {
		titles[i] = l.T("report.claims.col.seriesbasis", h)
	}
	if err := wb.header(sheet, first, tableRow, titles); err != nil {
		return err
	}
	sources := l.T("report.sheet.sources")
	for i := range years {
		row := tableRow + 1 + i
		for j, s := range lines {
			p := s.Points[i]
			if p.Figure == nil {
				continue
			}
			c := cell(first+j, row)
			if err := f.SetCellStr(sheet, c, figureBasis(l, *p.Figure, sources)); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
			if err := f.SetCellStyle(sheet, c, c, st.text); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
		}
	}
	if err := f.SetColWidth(sheet, colName(first), colName(first+len(lines)-1), basisColWidth); err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	return nil
}

// header writes a row of column headers from col, row.
func (wb *workbook) header(sheet string, col, row int, texts []string) error {
	for i, t := range texts {
		c := cell(col+i, row)
		if err := wb.f.SetCellStr(sheet, c, t); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if len(texts) == 0 {
		return nil
	}
	if err := wb.f.SetCellStyle(sheet, cell(col, row), cell(col+len(texts)-1, row), wb.st.header); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// rightAlign sets n header cells from col, row over numbers.
func (wb *workbook) rightAlign(sheet string, col, row, n int) error {
	if n == 0 {
		return nil
	}
	if err := wb.f.SetCellStyle(sheet, cell(col, row), cell(col+n-1, row), wb.st.headerR); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// top writes a chart sheet's title and note.
func (wb *workbook) top(sheet, title, note string) error {
	f, st := wb.f, wb.st
	for _, c := range []struct {
		cell, text string
		style      int
	}{{"A1", title, st.title}, {"A2", note, st.muted}} {
		if err := f.SetCellStr(sheet, c.cell, c.text); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		if err := f.SetCellStyle(sheet, c.cell, c.cell, c.style); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
	}
	if err := f.MergeCell(sheet, "A2", colName(milestoneCol-2)+"2"); err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	return f.SetRowHeight(sheet, 2, 45)
}

// series returns the chart series of table column col (from 2) over the
// years.
func series(sheet string, col, years int, color string, marker string) excelize.ChartSeries {
	ref := func(c int, from, to int) string {
		return "'" + sheet + "'!$" + colName(c) + "$" + strconv.Itoa(from) + ":$" + colName(c) + "$" + strconv.Itoa(to)
	}
	first, last := tableRow+1, tableRow+years
	return excelize.ChartSeries{
		Name:       "'" + sheet + "'!$" + colName(col) + "$" + strconv.Itoa(tableRow),
		Categories: ref(1, first, last),
		Values:     ref(col, first, last),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
		Line:       excelize.LineOptions{Width: 2.25},
		Marker: excelize.ChartMarker{Symbol: marker, Size: 6,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}},
	}
}

// lineChart is a native Excel line chart over the table: it redraws when a
// cell is edited. A year without a figure is a gap in the line.
func (wb *workbook) lineChart(title string, ss []excelize.ChartSeries, axis string) *excelize.Chart {
	return &excelize.Chart{
		Type:         excelize.Line,
		Series:       ss,
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 12}}}},
		Legend:       excelize.ChartLegend{Position: "bottom"},
		ShowBlanksAs: "gap",
		Dimension:    excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:       excelize.GraphicOptions{Positioning: "oneCell", AltText: title},
		PlotArea:     excelize.ChartPlotArea{NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtInteger}},
		// Years slanted: fifteen of them fit, upright they break in two.
		XAxis: excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: "404040"},
			Alignment: excelize.Alignment{TextRotation: -45}},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: excelize.Font{Size: 9, Color: "404040"},
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtInteger},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: axis, Font: &excelize.Font{Size: 9}}}}},
	}
}

// noData says so where the chart would be.
func (wb *workbook) noData(sheet string) error {
	c := cell(1, chartRow)
	if err := wb.f.SetCellStr(sheet, c, wb.l.T("report.nodata")); err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	return wb.f.SetCellStyle(sheet, c, c, wb.st.muted)
}

// milestones lists the milestones beside the chart: number, date (as
// precise as it is known) and title in the report's language, or, when it
// has none in it, in the language it has, which the title then names.
func (wb *workbook) milestones(sheet string, ms []tradedash.Milestone) error {
	f, l, st := wb.f, wb.l, wb.st
	col := milestoneCol
	if err := f.SetCellStr(sheet, cell(col, chartRow-1), l.T("report.milestones")); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	if err := f.SetCellStyle(sheet, cell(col, chartRow-1), cell(col, chartRow-1), st.label); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	if err := wb.header(sheet, col, chartRow, []string{l.T("col.id"), l.T("col.date"), l.T("col.title")}); err != nil {
		return err
	}
	for i, width := range []float64{5, 15, titleChars + 4} {
		if err := f.SetColWidth(sheet, colName(col+i), colName(col+i), width); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
	}
	if err := f.SetColWidth(sheet, colName(col-1), colName(col-1), 3); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	for i, m := range ms {
		row := chartRow + 1 + i
		title, from := l.MilestoneTitle(m)
		if from != l {
			title = l.T("report.milestone.other", title, from.Name())
		}
		if err := f.SetCellInt(sheet, cell(col, row), int64(i+1)); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStr(sheet, cell(col+1, row), l.Date(m.Date, m.Precision)); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStr(sheet, cell(col+2, row), title); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(col, row), cell(col, row), st.center); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(col+1, row), cell(col+1, row), st.text); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		// Spreadsheet programs do not all fit a row to wrapped text on
		// opening: give each row the lines its title needs.
		lines := (utf8.RuneCountInString(title) + titleChars - 1) / titleChars
		if err := f.SetRowHeight(sheet, row, 15*float64(max(lines, 1))); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(col+2, row), cell(col+2, row), st.wrap); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
	}
	return nil
}
