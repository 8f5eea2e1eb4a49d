package report

import (
	"fmt"
	"strings"
	"time"
	"tradedash"
	"tradedash/locale"
	"tradedash/view"
)

// summarySheet writes the first sheet: what the report shows, as of which
// data, when it was made, where the same view is on the dashboard, the key
// figures, and what the other sheets hold.
func (wb *workbook) summarySheet(sheet string, rep *Report, baseURL string, now time.Time, info Info, own []*chartSheet, dw *dataWriter) error {
	f, l, st := wb.f, wb.l, wb.st
	sourcesSheet := l.T("report.sheet.sources")
	row := 1
	put := func(col int, v any, style int) error {
		c := cell(col, row)
		var err error
		switch v := v.(type) {
		case string:
			err = f.SetCellStr(sheet, c, v)
		case int:
			err = f.SetCellInt(sheet, c, int64(v))
		default:
			err = f.SetCellValue(sheet, c, v)
		}
		if err != nil {
			return fmt.Errorf("report summary: %w", err)
		}
		if err := f.SetCellStyle(sheet, c, c, style); err != nil {
			return fmt.Errorf("report summary: %w", err)
		}
		return nil
	}
	pair := func(label string, v any) error {
		if err := put(1, label, st.label); err != nil {
			return err
		}
		if err := put(2, v, st.stamp); err != nil {
			return err
		}
		row++
		return nil
	}

	if err := put(1, rep.page.title(l), st.title); err != nil {
		return err
	}
	row++
	if err := put(1, rep.subtitle(), st.subtitle); err != nil {
		return err
	}
	row += 2
	if err := put(1, l.T("report.settings"), st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, row), cell(summaryCols, row), st.header); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	row++
	for _, kv := range append(rep.page.settings(l, rep.params), []setting{
		{l.T("report.years"), yearsText(l, rep.page.years(), rep.params.From, rep.params.To)},
		{l.T("report.vintage"), vintageText(l, rep.vintage)},
		{l.T("report.generated"), l.Time(now)},
	}...) {
		if err := pair(kv.label, kv.value); err != nil {
			return err
		}
	}
	link := rep.Permalink(baseURL)
	if err := pair(l.T("report.permalink"), link); err != nil {
		return err
	}
	if target, ok := sourceURL(link); ok {
		c := cell(2, row-1)
		if err := f.SetCellHyperLink(sheet, c, target, "External"); err != nil {
			return fmt.Errorf("report summary: %w", err)
		}
		if err := f.SetCellStyle(sheet, c, c, st.linkLine); err != nil {
			return fmt.Errorf("report summary: %w", err)
		}
	}
	rowsLabel, dataAbout := l.T("report.rows", info.DataSheets[0]), l.T("report.sheets.data")
	if rep.trade != nil {
		rowsLabel, dataAbout = l.T("report.pair.rows", info.DataSheets[0]), l.T("report.pair.sheets.data")
	}
	if err := pair(rowsLabel, info.Rows); err != nil {
		return err
	}
	if len(info.DataSheets) > 1 {
		more := quoteList(l, info.DataSheets[1:])
		if err := pair(l.T("report.continued"), l.T("report.continued.text", l.Number(float64(dw.perSheet)), more)); err != nil {
			return err
		}
	}

	if figs := rep.page.keyFigures(l); len(figs) > 0 {
		row++
		if err := wb.header(sheet, 1, row, []string{l.T("report.keyfigures"), l.T("col.year"), l.T("col.value"), l.T("col.status"),
			l.T("report.claims.col.basis"), l.T("col.source")}); err != nil {
			return err
		}
		if err := wb.rightAlign(sheet, 3, row, 1); err != nil {
			return err
		}
		row++
		for _, k := range figs {
			style, err := st.value(k.fig)
			if err != nil {
				return err
			}
			for _, c := range []struct {
				col   int
				v     any
				style int
			}{
				{1, k.label, st.text}, {2, k.fig.Year, st.year}, {3, k.fig.Value, style},
				{4, orText(k.status, l.StatusName(k.fig.Status)), st.text}, {5, k.basis(l, sourcesSheet), st.wrap},
				{6, k.fig.Source, st.wrap},
			} {
				if s, ok := c.v.(string); ok && s == "" {
					continue
				}
				if err := put(c.col, c.v, c.style); err != nil {
					return err
				}
			}
			row++
		}
	}

	row++
	if err := put(1, l.T("report.sheets"), st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, row), cell(summaryCols, row), st.header); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	row++
	var sheets []setting
	for _, c := range own {
		sheets = append(sheets, setting{c.name, c.about})
	}
	for _, s := range info.DataSheets {
		sheets = append(sheets, setting{s, dataAbout})
	}
	sheets = append(sheets, setting{l.T("report.sheet.sources"), l.T("report.sheets.sources")},
		setting{l.T("report.def.sheet"), l.T("report.def.about")})
	for _, s := range sheets {
		if err := pair(s.label, s.value); err != nil {
			return err
		}
	}
	row++
	if err := put(1, l.T("report.legend"), st.muted); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, cell(1, row), cell(summaryCols, row)); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	if err := f.SetRowHeight(sheet, row, 32); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	for i, width := range []float64{34, 9, 16, 10, 22, 80} {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("report summary: %w", err)
		}
	}
	return printLayout(f, sheet, true)
}

// summaryCols is how many columns the summary's tables span.
const summaryCols = 6

// basis is the key figure's basis column: the basis (with the
// certificate), and how many other sources give the figure; nothing for a
// trade value, which has no basis.
func (k keyFigure) basis(l locale.Lang, sourcesSheet string) string {
	if k.status != "" || k.fig.Metric == "" {
		return ""
	}
	return figureBasis(l, k.fig, sourcesSheet)
}

// figureSettings are the summary's settings of a view of figures: its
// exhibitions, countries and metrics, or "all".
func figureSettings(l locale.Lang, p view.Params) []setting {
	exLabel, coLabel := l.T("report.exhibition"), l.T("report.country")
	if len(p.Exhibitions) > 1 {
		exLabel = l.T("report.exhibitions")
	}
	if len(p.Countries) > 1 {
		coLabel = l.T("report.countries")
	}
	all := l.T("report.all")
	// Metric names may hold commas ("Площадь, м²"): the list has its own
	// separator.
	metrics := make([]string, len(p.Metrics))
	for i, m := range p.Metrics {
		metrics[i] = metricHeader(l, m)
	}
	return append([]setting{
		{exLabel, orText(listNames(l, p.Exhibitions, l.Exhibition), all)},
		{coLabel, orText(listNames(l, p.Countries, l.Country), all)},
		{l.T("report.metrics"), orText(strings.Join(metrics, l.T("report.metrics.sep")), all)},
	}, basisSettings(l, p.Bases)...)
}

// basisSettings is the summary's line for the bases a view is limited to,
// when it is: a report of audited figures only must say so.
func basisSettings(l locale.Lang, bases []tradedash.Basis) []setting {
	if len(bases) == 0 {
		return nil
	}
	names := make([]string, len(bases))
	for i, b := range bases {
		names[i] = l.BasisName(b)
	}
	return []setting{{l.T("claims.filter.basis"), strings.Join(names, ", ")}}
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// subtitle is the line under the title: the city (an overview) or the
// metric (a comparison), and the years.
func (rep *Report) subtitle() string {
	l := rep.lang
	years := yearsText(l, rep.page.years(), rep.params.From, rep.params.To)
	if s := rep.page.subtitle(l); s != "" {
		return s + " · " + years
	}
	return years
}
