package dashboard

import (
	"context"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/gofiber/fiber/v2"

	"tradedash/view"
)

// comparePage lines up one metric for several countries at one exhibition,
// or for one country across exhibitions.
type comparePage struct {
	page
	Heading  string
	Lead     string
	Filters  filterForm
	HasChart bool
	Chart    template.JS
	// LeadBefore, Metric and LeadAfter are Lead with the metric's name
	// linked to its definition.
	LeadBefore, LeadAfter string
	Metric                metricLink
	Columns               []string // one per line: a country or an exhibition
	Rows                  []compareRow
	// Shares are the tables of the lines' shares of the exhibition's
	// totals (foreign, then all), each only with the years that have one.
	Shares []shareTable
}

// shareTable is the lines' shares of one whole-exhibition total.
type shareTable struct {
	ID    string // the table's element id
	Title string
	Rows  []shareRow
}

type compareRow struct {
	Year  int
	Cells []yearCell
}

type shareRow struct {
	Year  int
	Cells []shareCell
}

// shareCell is a derived share: "12.5%", "≈100% ⚠" with what it was
// computed from in Title; Text is "" where unknown.
type shareCell struct {
	Text    string
	Title   string
	Flagged bool
	Approx  bool
}

func (h *handler) compare(c *fiber.Ctx) error {
	return h.cachedPage(c, "compare", h.buildCompare)
}

func (h *handler) buildCompare(ctx context.Context, l *pageLang, p view.Params) (any, error) {
	cmp, err := h.views.Compare(ctx, p)
	if err != nil {
		return nil, err
	}
	cov, err := h.views.Coverage(ctx)
	if err != nil {
		return nil, err
	}
	metric := l.MetricName(cmp.Metric)
	pg := comparePage{Lead: l.T("compare.lead", metric), Metric: newMetricLink(l, cmp.Params, cmp.Metric)}
	const mark = "\x00"
	pg.LeadBefore, pg.LeadAfter, _ = strings.Cut(l.T("compare.lead", mark), mark)
	if cmp.By == view.ByExhibition {
		pg.Heading = l.T("compare.byexhibit", l.Country(cmp.Params.Countries[0]))
	} else {
		pg.Heading = l.T("compare.bycountry", l.Exhibition(cmp.Params.Exhibitions[0]))
	}
	pg.page = h.newPage(l, pathCompare, pg.Heading, cmp.Params, &cmp.Vintage)

	countries := cov.Countries("")
	if len(cmp.Params.Exhibitions) == 1 {
		countries = cov.Countries(cmp.Params.Exhibitions[0])
	}
	pg.Filters = h.newFilters(l, pathCompare, cmp.Params, cmp.Years)
	pg.Filters.Fields = []filterField{
		exhibitionField(l, cmp.Params.Exhibitions, true, false),
		countryField(l, countries, cmp.Params.Countries, true, false),
		metricField(l, l.T("filter.metric"), cmp.Metric, ""),
		basisField(l, cmp.Params.Bases),
	}
	pg.Filters.Fields[0].Label = l.T("filter.exhibitions")

	for _, s := range cmp.Lines {
		pg.Columns = append(pg.Columns, lineName(l, cmp.By, s))
		if s.HasData() {
			pg.HasChart = true
		}
	}
	if !pg.HasChart {
		return pg, nil
	}
	line := newLineChart(l, cmp.Years)
	line.SetGlobalOptions(charts.WithYAxisOpts(yAxis(metric, 0)))
	for i, s := range cmp.Lines {
		addSeries(line, l, pg.Columns[i], palette[i%len(palette)], 0, s, nil)
	}
	if pg.Chart, err = chartJSON(line); err != nil {
		return nil, err
	}
	for i, y := range cmp.Years {
		row := compareRow{Year: y}
		for _, s := range cmp.Lines {
			cell := newYearCell(l, s.Points[i])
			cell.Change = ""
			row.Cells = append(row.Cells, cell)
		}
		pg.Rows = append(pg.Rows, row)
	}
	if cmp.HasShares {
		wholes := view.ShareWholes(cmp.Metric)
		for k, pick := range []func(view.Point) *view.Derived{
			func(p view.Point) *view.Derived { return p.ShareForeign },
			func(p view.Point) *view.Derived { return p.ShareAll },
		} {
			t := shareTable{ID: []string{"share-table", "share-all-table"}[k], Title: l.T("derived.share.of", l.MetricName(wholes[k]))}
			if wholes[k] == "foreign_exhibitors" {
				t.Title = l.T("compare.shares")
			}
			for i, y := range cmp.Years {
				row := shareRow{Year: y}
				known := false
				for _, s := range cmp.Lines {
					var cell shareCell
					if d := pick(s.Points[i]); d != nil {
						cell = shareCell{Text: d.Text(l.Lang, l.Percent), Title: d.Explain(l.Lang), Flagged: d.Flagged(), Approx: d.Approx()}
						known = true
					}
					row.Cells = append(row.Cells, cell)
				}
				if known {
					t.Rows = append(t.Rows, row)
				}
			}
			if len(t.Rows) > 0 {
				pg.Shares = append(pg.Shares, t)
			}
		}
	}
	return pg, nil
}

// lineName names a compared line after what differs between lines.
func lineName(l *pageLang, by string, s view.Series) string {
	if by == view.ByExhibition {
		return l.Exhibition(s.Exhibition)
	}
	return l.Country(s.Country)
}
