package report

import (
	"fmt"
	"strings"
	"time"
	"tradedash/locale"

	"tradedash"
)

// summarySheet writes the first sheet: what the report shows, as of which
// data, when it was made, where the same view is on the dashboard, the key
// figures, and what the other sheets hold.
func (wb *workbook) summarySheet(sheet string, rep *Report, baseURL string, now time.Time, info Info, chartSheet string, dw *dataWriter) error {
	f, w, st := wb.f, wb.w, wb.st
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

	if err := put(1, rep.title(), st.title); err != nil {
		return err
	}
	row++
	if err := put(1, rep.subtitle(), st.subtitle); err != nil {
		return err
	}
	row += 2
	if err := put(1, w.t(labelFilters), st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, row), cell(5, row), st.header); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	row++
	p := rep.params
	exLabel, coLabel := labelExhibition, labelCountry
	if len(p.Exhibitions) > 1 {
		exLabel = labelExhibitions
	}
	if len(p.Countries) > 1 {
		coLabel = labelCountries
	}
	all := w.t(labelAll)
	// Metric names hold commas ("Площадь, м²"): semicolons list them.
	metrics := make([]string, len(p.Metrics))
	for i, m := range p.Metrics {
		metrics[i] = w.metricHeader(m)
	}
	for _, kv := range []struct {
		label int
		value string
	}{
		{exLabel, orText(names(p.Exhibitions, w.exhibitionName), all)},
		{coLabel, orText(names(p.Countries, w.countryName), all)},
		{labelMetrics, orText(strings.Join(metrics, "; "), all)},
		{labelYears, w.yearsText(rep.years(), p.From, p.To)},
	} {
		if err := pair(w.t(kv.label), kv.value); err != nil {
			return err
		}
	}
	vintage := w.t(labelVintageNone)
	if rep.vintage.ImportID != 0 {
		vintage = w.vintage(rep.vintage)
	}
	if err := pair(w.t(labelVintage), vintage); err != nil {
		return err
	}
	if err := pair(w.t(labelGenerated), w.Time(now)); err != nil {
		return err
	}
	link := rep.Permalink(baseURL)
	if err := pair(w.t(labelPermalink), link); err != nil {
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
	if err := pair(w.tf(labelDataRows, info.DataSheets[0]), info.Rows); err != nil {
		return err
	}
	if len(info.DataSheets) > 1 {
		more := "«" + strings.Join(info.DataSheets[1:], "», «") + "»"
		if w.Lang == locale.EN {
			more = strings.Join(info.DataSheets[1:], ", ")
		}
		if err := pair(w.t(labelDataSheets), w.tf(labelContinued, w.Number(float64(dw.perSheet)), more)); err != nil {
			return err
		}
	}

	if figs := rep.keyFigures(); len(figs) > 0 {
		row++
		if err := wb.header(sheet, 1, row, []string{w.t(labelKeyFigures), w.t(colYear), w.t(colValue), w.t(colStatus), w.t(colSource)}); err != nil {
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
				{4, w.StatusName(k.fig.Status), st.text}, {5, k.fig.Source, st.wrap},
			} {
				if err := put(c.col, c.v, c.style); err != nil {
					return err
				}
			}
			row++
		}
	}

	row++
	if err := put(1, w.t(labelSheets), st.header); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, row), cell(5, row), st.header); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	row++
	sheets := [][2]string{}
	switch {
	case rep.overview != nil:
		sheets = append(sheets, [2]string{chartSheet, w.t(labelSheetTrend)})
	case rep.compare != nil:
		sheets = append(sheets, [2]string{chartSheet, w.t(labelSheetCompare)})
	}
	for _, s := range info.DataSheets {
		sheets = append(sheets, [2]string{s, w.t(labelSheetData)})
	}
	sheets = append(sheets, [2]string{w.t(sheetSources), w.t(labelSheetSources)})
	for _, s := range sheets {
		if err := pair(s[0], s[1]); err != nil {
			return err
		}
	}
	row++
	if err := put(1, w.t(labelLegend), st.muted); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, cell(1, row), cell(5, row)); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	if err := f.SetRowHeight(sheet, row, 32); err != nil {
		return fmt.Errorf("report summary: %w", err)
	}
	for i, width := range []float64{34, 9, 16, 10, 80} {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("report summary: %w", err)
		}
	}
	return printLayout(f, sheet, true)
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// vintage says which import the data is as of: "импорт № 5 от
// 25.11.2026 01:54 UTC".
func (w words) vintage(v tradedash.Vintage) string {
	if w.Lang == locale.EN {
		return fmt.Sprintf("import %d, %s", v.ImportID, w.Time(v.At))
	}
	return fmt.Sprintf("импорт № %d от %s", v.ImportID, w.Time(v.At))
}

// subtitle is the line under the title: the city and the years.
func (rep *Report) subtitle() string {
	w := rep.w
	years := w.yearsText(rep.years(), rep.params.From, rep.params.To)
	if rep.overview != nil {
		if city := w.city(rep.overview.Exhibition); city != "" {
			return city + " · " + years
		}
	}
	if rep.compare != nil {
		return w.MetricName(rep.compare.Metric) + " · " + years
	}
	return years
}

// keyFigure is one line of the summary's key figures.
type keyFigure struct {
	label string
	fig   tradedash.Figure
}

// keyFigures are the latest figure of every metric (an overview: its
// cards) or of every compared line.
func (rep *Report) keyFigures() []keyFigure {
	w := rep.w
	var out []keyFigure
	switch {
	case rep.overview != nil:
		for _, f := range rep.overview.Latest {
			out = append(out, keyFigure{label: w.metricHeader(f.Metric), fig: f})
		}
	case rep.compare != nil:
		for _, s := range rep.compare.Lines {
			figs := s.Figures()
			if len(figs) > 0 {
				out = append(out, keyFigure{label: lineName(w, rep.compare.By, s), fig: figs[len(figs)-1]})
			}
		}
	}
	return out
}
