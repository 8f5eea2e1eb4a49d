package report

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
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
)

// sheetTable writes the years and one numeric column per series under the
// chart: a gap stays an empty cell, never a zero, and each figure keeps its
// qualifier in its number format and a plan or forecast its own style.
func (wb *workbook) sheetTable(sheet string, years []int, headers []string, lines []view.Series) error {
	f, w, st := wb.f, wb.w, wb.st
	if err := wb.header(sheet, 1, tableRow, append([]string{w.t(colYear)}, headers...)); err != nil {
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

// trendSheet is the overview's chart: one or two metrics over the years
// (the second on its own axis, as on the dashboard), and the milestones.
func (wb *workbook) trendSheet(sheet string, o *view.Overview, sources *sourceList) error {
	w := wb.w
	title := w.t(labelChartTrend) + ": " + w.exhibitionName(o.Exhibition) + " · " + w.countryName(o.Country)
	if err := wb.top(sheet, title, w.t(labelChartNote)+" "+w.t(labelLegend)); err != nil {
		return err
	}
	headers := make([]string, len(o.Series))
	hasData := false
	for i, s := range o.Series {
		headers[i] = w.metricHeader(s.Metric)
		hasData = hasData || s.HasData()
	}
	if err := wb.sheetTable(sheet, o.Years, headers, o.Series); err != nil {
		return err
	}
	if hasData {
		main := wb.lineChart(w.t(labelChartTrend), []excelize.ChartSeries{series(sheet, 2, len(o.Years), palette[0], "circle")}, headers[0])
		var combo []*excelize.Chart
		if len(o.Series) > 1 {
			second := wb.lineChart("", []excelize.ChartSeries{series(sheet, 3, len(o.Years), palette[1], "square")}, headers[1])
			second.YAxis.Secondary = true
			combo = append(combo, second)
		}
		if err := wb.f.AddChart(sheet, cell(1, chartRow), main, combo...); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
	} else if err := wb.noData(sheet); err != nil {
		return err
	}
	for _, m := range o.Milestones {
		sources.addMilestone(m.Source)
	}
	if err := wb.milestones(sheet, o.Milestones); err != nil {
		return err
	}
	return printLayout(wb.f, sheet, true)
}

// noData says so where the chart would be.
func (wb *workbook) noData(sheet string) error {
	c := cell(1, chartRow)
	if err := wb.f.SetCellStr(sheet, c, wb.w.t(labelNoData)); err != nil {
		return fmt.Errorf("report chart: %w", err)
	}
	return wb.f.SetCellStyle(sheet, c, c, wb.st.muted)
}

// milestones lists the milestones beside the chart: number, date (as
// precise as it is known) and title in the report's language.
func (wb *workbook) milestones(sheet string, ms []tradedash.Milestone) error {
	f, w, st := wb.f, wb.w, wb.st
	col := milestoneCol
	if err := f.SetCellStr(sheet, cell(col, chartRow-1), w.t(labelMilestones)); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	if err := f.SetCellStyle(sheet, cell(col, chartRow-1), cell(col, chartRow-1), st.label); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	if err := wb.header(sheet, col, chartRow, []string{w.t(colNumber), w.t(colDate), w.t(colEvent)}); err != nil {
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
		title := m.TitleRU
		if w.Lang == locale.EN || title == "" {
			title = m.TitleEN
		}
		if title == "" {
			title = m.TitleRU
		}
		if err := f.SetCellInt(sheet, cell(col, row), int64(i+1)); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStr(sheet, cell(col+1, row), w.Date(m.Date, m.Precision)); err != nil {
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

// compareSheet is the comparison's chart: one line per country or
// exhibition, and, for companies, each one's share of all foreign
// exhibitors.
func (wb *workbook) compareSheet(sheet string, c *view.Compare) error {
	f, w, st := wb.f, wb.w, wb.st
	metric := w.metricHeader(c.Metric)
	title := w.t(sheetCompare) + ": " + metric
	if err := wb.top(sheet, title, w.t(labelCompareNote)+" "+w.t(labelLegend)); err != nil {
		return err
	}
	headers := make([]string, len(c.Lines))
	hasData := false
	for i, s := range c.Lines {
		headers[i] = lineName(w, c.By, s)
		hasData = hasData || s.HasData()
	}
	if err := wb.sheetTable(sheet, c.Years, headers, c.Lines); err != nil {
		return err
	}
	if hasData {
		var ss []excelize.ChartSeries
		for i := range c.Lines {
			ss = append(ss, series(sheet, 2+i, len(c.Years), palette[i%len(palette)], "circle"))
		}
		if err := f.AddChart(sheet, cell(1, chartRow), wb.lineChart(title, ss, metric)); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
	} else if err := wb.noData(sheet); err != nil {
		return err
	}
	if c.HasShares {
		// The shares beside the chart, as fractions in a percent format:
		// numbers that Excel shows as "12,5 %" or "12.5%".
		col := milestoneCol
		if err := f.SetCellStr(sheet, cell(col, chartRow-1), w.t(labelShareTitle)); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(col, chartRow-1), cell(col, chartRow-1), st.label); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		if err := wb.header(sheet, col, chartRow, append([]string{w.t(colYear)}, headers...)); err != nil {
			return err
		}
		if err := wb.rightAlign(sheet, col+1, chartRow, len(headers)); err != nil {
			return err
		}
		row := chartRow + 1
		for i, y := range c.Years {
			known := false
			for _, s := range c.Lines {
				known = known || s.Points[i].Share != nil
			}
			if !known {
				continue
			}
			if err := f.SetCellInt(sheet, cell(col, row), int64(y)); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
			if err := f.SetCellStyle(sheet, cell(col, row), cell(col, row), st.year); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
			for j, s := range c.Lines {
				if sh := s.Points[i].Share; sh != nil {
					cc := cell(col+1+j, row)
					if err := f.SetCellFloat(sheet, cc, *sh/100, -1, 64); err != nil {
						return fmt.Errorf("report chart: %w", err)
					}
					if err := f.SetCellStyle(sheet, cc, cc, st.percent); err != nil {
						return fmt.Errorf("report chart: %w", err)
					}
				}
			}
			row++
		}
		if err := f.SetColWidth(sheet, colName(col), colName(col+len(c.Lines)), 12); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
	}
	return printLayout(f, sheet, true)
}

// lineName names a compared line after what differs between lines, as the
// dashboard does.
func lineName(w words, by string, s view.Series) string {
	if by == view.ByExhibition {
		return w.exhibitionName(s.Exhibition)
	}
	return w.countryName(s.Country)
}
