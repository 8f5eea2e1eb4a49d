package report

import (
	"context"
	"fmt"
	"net/url"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/view"
)

// PageCompare is one metric for several countries or exhibitions.
const PageCompare Page = "compare"

// comparePage is the report of a comparison: one line per country or
// exhibition, and each one's share of all foreign exhibitors, on the
// Comparison sheet.
type comparePage struct{ c *view.Compare }

func prepareCompare(ctx context.Context, views *view.Views, req Request) (prepared, error) {
	p := req.Params
	c, err := views.Compare(ctx, p)
	if err != nil {
		return prepared{}, err
	}
	pr := prepared{
		page: comparePage{c}, params: c.Params, vintage: c.Vintage,
		filter: queries.FigureFilter{Exhibitions: c.Params.Exhibitions, Countries: c.Params.Countries,
			Metrics: []string{c.Metric}, FromYear: c.Params.From, ToYear: c.Params.To, Bases: c.Params.Bases},
	}
	if len(c.Params.Countries) == 0 {
		pr.filter.Countries = []string{"-"} // nothing has data: select nothing, not everything
	}
	return pr, nil
}

func (comparePage) query(p view.Params) url.Values { return p.Values() }

func (comparePage) settings(l locale.Lang, p view.Params) []setting { return figureSettings(l, p) }

func (comparePage) path() string { return view.PathCompare }

func (pg comparePage) nameParts() []string {
	p := pg.c.Params
	parts := []string{"compare"}
	for _, codes := range [][]string{p.Exhibitions, p.Countries, p.Metrics} {
		parts = append(parts, codesPart(codes)...)
	}
	return parts
}

func (pg comparePage) years() []int { return pg.c.Years }

func (pg comparePage) title(l locale.Lang) string {
	p := pg.c.Params
	switch {
	case pg.c.By == view.ByExhibition && len(p.Countries) > 0:
		return l.T("report.title.byexhibition", l.Country(p.Countries[0]))
	case len(p.Exhibitions) > 0:
		return l.T("report.title.bycountry", l.Exhibition(p.Exhibitions[0]))
	}
	return l.T("report.title.data")
}

func (pg comparePage) subtitle(l locale.Lang) string { return l.MetricName(pg.c.Metric) }

// keyFigures are the latest figure of every compared line.
func (pg comparePage) keyFigures(l locale.Lang) []keyFigure {
	var out []keyFigure
	for _, s := range pg.c.Lines {
		if figs := s.Figures(); len(figs) > 0 {
			out = append(out, keyFigure{label: pg.lineName(l, s), fig: figs[len(figs)-1]})
		}
	}
	return out
}

func (comparePage) milestones() []tradedash.Milestone { return nil }

func (pg comparePage) sheets(l locale.Lang) []*chartSheet {
	return []*chartSheet{{name: l.T("report.sheet.compare"), about: l.T("report.sheets.compare"), write: pg.writeChart}}
}

// lineName names a compared line after what differs between lines, as the
// dashboard does.
func (pg comparePage) lineName(l locale.Lang, s view.Series) string {
	if pg.c.By == view.ByExhibition {
		return l.Exhibition(s.Exhibition)
	}
	return l.Country(s.Country)
}

// writeChart draws one line per country or exhibition and, for companies,
// lists each one's share of all foreign exhibitors beside the chart.
func (pg comparePage) writeChart(wb *workbook, sheet string) error {
	c, f, l, st := pg.c, wb.f, wb.l, wb.st
	metric := metricHeader(l, c.Metric)
	title := l.T("report.chart.compare.title", metric)
	if err := wb.top(sheet, title, l.T("report.sentences", l.T("report.compare.note"), l.T("report.legend"))); err != nil {
		return err
	}
	headers := make([]string, len(c.Lines))
	hasData := false
	for i, s := range c.Lines {
		headers[i] = pg.lineName(l, s)
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
		if err := f.SetCellStr(sheet, cell(col, chartRow-1), l.T("report.share.title")); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(col, chartRow-1), cell(col, chartRow-1), st.label); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
		if err := wb.header(sheet, col, chartRow, append([]string{l.T("col.year")}, headers...)); err != nil {
			return err
		}
		if err := wb.rightAlign(sheet, col+1, chartRow, len(headers)); err != nil {
			return err
		}
		row := chartRow + 1
		var notes []string // how each share that is not plain was computed
		for i, y := range c.Years {
			known := false
			for _, s := range c.Lines {
				known = known || s.Points[i].ShareForeign != nil
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
				d := s.Points[i].ShareForeign
				if d == nil {
					continue
				}
				cc := cell(col+1+j, row)
				// A share that is approximate, a bound or flagged is text
				// as the dashboard writes it ("≈36.4%", "⚠ not
				// comparable"), never a plain number.
				if d.Approx() || d.Flagged() {
					if err := f.SetCellStr(sheet, cc, d.Text(l, l.Percent)); err != nil {
						return fmt.Errorf("report chart: %w", err)
					}
					notes = append(notes, l.Year(y)+", "+headers[j]+": "+d.Text(l, l.Percent)+". "+d.Explain(l))
					continue
				}
				if err := f.SetCellFloat(sheet, cc, d.Value/100, -1, 64); err != nil {
					return fmt.Errorf("report chart: %w", err)
				}
				if err := f.SetCellStyle(sheet, cc, cc, st.percent); err != nil {
					return fmt.Errorf("report chart: %w", err)
				}
			}
			row++
		}
		// Under the table, the inputs of every share that is not a plain
		// number: which figures, of which sources and bases, made it
		// approximate, a bound or flagged.
		for _, n := range notes {
			row++
			if err := f.SetCellStr(sheet, cell(col, row), n); err != nil {
				return fmt.Errorf("report chart: %w", err)
			}
		}
		if err := f.SetColWidth(sheet, colName(col), colName(col+len(c.Lines)), 12); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
	}
	return printLayout(f, sheet, true)
}
