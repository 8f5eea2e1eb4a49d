package dashboard

import (
	"context"
	"html/template"

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
	Columns  []string // one per line: a country or an exhibition
	Rows     []compareRow
	Shares   []shareRow // only the years with a known share
}

type compareRow struct {
	Year  int
	Cells []yearCell
}

type shareRow struct {
	Year  int
	Cells []string // "" where unknown
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
	pg := comparePage{Lead: l.T("compare.lead", metric)}
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
		share := shareRow{Year: y}
		known := false
		for _, s := range cmp.Lines {
			cell := newYearCell(l, s.Points[i])
			cell.Change = ""
			row.Cells = append(row.Cells, cell)
			text := ""
			if sh := s.Points[i].Share; sh != nil {
				text, known = l.Percent(*sh), true
			}
			share.Cells = append(share.Cells, text)
		}
		pg.Rows = append(pg.Rows, row)
		if known {
			pg.Shares = append(pg.Shares, share)
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
