package report

import (
	"fmt"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
)

// definitionsSheet writes what every current metric measures: its code,
// name, unit, tradedash's summary of its definition in the report's
// language, the standard and clause it follows (or that none does), and
// where the standard can be read, as text with a link, never a formula.
// Every report has it, whatever it shows: a reader of any figure is one
// sheet away from what the figure counts.
func (wb *workbook) definitionsSheet(sheet string) error {
	f, l, st := wb.f, wb.l, wb.st
	set := func(c, v string, style int) error {
		if err := f.SetCellStr(sheet, c, v); err != nil {
			return fmt.Errorf("report definitions: %w", err)
		}
		if err := f.SetCellStyle(sheet, c, c, style); err != nil {
			return fmt.Errorf("report definitions: %w", err)
		}
		return nil
	}
	if err := set("A1", l.T("report.def.title"), st.title); err != nil {
		return err
	}
	if err := set("A2", l.T("report.def.note"), st.muted); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "A2", cell(len(definitionColumns), 2)); err != nil {
		return fmt.Errorf("report definitions: %w", err)
	}
	if err := f.SetRowHeight(sheet, 2, 32); err != nil {
		return fmt.Errorf("report definitions: %w", err)
	}
	headers := make([]string, len(definitionColumns))
	for i, c := range definitionColumns {
		headers[i] = l.T(c.key)
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), c.width); err != nil {
			return fmt.Errorf("report definitions: %w", err)
		}
	}
	if err := wb.header(sheet, 1, 3, headers); err != nil {
		return err
	}
	row := 4
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy != "" {
			continue
		}
		def, _ := reference.MetricByCode(m.Code)
		follows := def.Follows
		if !def.Standardised() {
			follows = l.T("report.def.none")
		}
		for i, v := range []string{m.Code, l.MetricName(m.Code), metricUnit(l, m), def.Definition(string(l)), follows, def.FollowsURL} {
			if v == "" {
				continue
			}
			style := st.wrap
			if i == 0 {
				style = st.text
			}
			if i == 5 {
				if link, ok := sourceURL(v); ok {
					if err := f.SetCellHyperLink(sheet, cell(i+1, row), link, "External"); err != nil {
						return fmt.Errorf("report definitions: %w", err)
					}
					style = st.link
				}
			}
			if err := set(cell(i+1, row), v, style); err != nil {
				return err
			}
		}
		row++
	}
	return printLayout(f, sheet, false)
}

// definitionColumns are the Definitions sheet's columns.
var definitionColumns = []struct {
	key   string
	width float64
}{
	{"report.def.col.code", 30}, {"report.def.col.name", 30}, {"report.def.col.unit", 9},
	{"report.def.col.definition", 70}, {"report.def.col.follows", 28}, {"report.def.col.link", 36},
}

// metricUnit is a metric's unit for the Definitions sheet: what a count
// counts ("ед.", "чел."), or the area's square metres.
func metricUnit(l locale.Lang, m tradedash.Metric) string {
	if m.Unit == "m2" {
		return l.T("report.def.unit.m2")
	}
	return l.MetricUnit(m.Code)
}
