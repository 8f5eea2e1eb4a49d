package dashboard

import (
	"context"
	"html/template"
	"net/url"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/view"
)

// overviewPage shows one country at one exhibition: latest figures, the
// trend with its milestones, and the figures by year.
type overviewPage struct {
	page
	Heading    string
	Lead       string
	Filters    filterForm
	Cards      []card
	HasChart   bool
	ChartTitle string
	Chart      template.JS  // ECharts option JSON
	Columns    []metricLink // the charted metrics
	Rows       []yearRow
	Milestones []milestoneItem
	// International is the international-exhibition test by year, on the
	// whole exhibition's overview only.
	International      []internationalRow
	InternationalTitle string
}

// card is the latest figure of one metric.
type card struct {
	Metric  metricLink
	Value   string // with its qualifier: "более 400"
	Year    string // as a date: "2023", "2023年"
	Status  string
	Planned bool   // a plan or forecast, not a result
	Basis   string // "организатор", "audited (certificate: …)"
	Source  string
	Claims  *claimsLine // when sources disagree
}

// yearRow is one year of the table under the chart.
type yearRow struct {
	Year      int
	Milestone bool
	Cells     []yearCell // one per charted metric
}

type yearCell struct {
	Value   string // "" for a year without a figure
	Status  string
	Planned bool
	Basis   string
	Claims  *claimsLine
	NoData  string // the gap's title
	Change  string // against the previous figure: "+25 % к 2018", "≈+10 %"
	// ChangeTitle says how the change was computed: its inputs, and why
	// it is approximate or a bound.
	ChangeTitle string
	Down        bool
}

// queryValues copies the request's query into url.Values. With Immutable
// set the strings are the app's own, safe to keep.
func queryValues(c *fiber.Ctx) url.Values {
	q := url.Values{}
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) {
		q.Add(string(k), string(v))
	})
	return q
}

func (h *handler) overview(c *fiber.Ctx) error {
	return h.cachedPage(c, "overview", h.buildOverview)
}

func (h *handler) buildOverview(ctx context.Context, l *pageLang, p view.Params) (any, error) {
	o, err := h.views.Overview(ctx, p)
	if err != nil {
		return nil, err
	}
	cov, err := h.views.Coverage(ctx)
	if err != nil {
		return nil, err
	}
	pg := overviewPage{
		page:       h.newPage(l, pathOverview, l.Exhibition(o.Exhibition)+" · "+l.Country(o.Country), o.Params, &o.Vintage),
		Heading:    l.Exhibition(o.Exhibition) + " · " + l.Country(o.Country),
		ChartTitle: l.T("overview.chart"),
		Milestones: milestoneItems(l, o.Milestones),
	}
	pg.Lead = l.City(o.Exhibition)
	if len(o.Years) > 0 {
		pg.Lead += " · " + l.T("overview.years", strconv.Itoa(o.Years[0]), strconv.Itoa(o.Years[len(o.Years)-1]))
	}

	pg.Filters = h.newFilters(l, pathOverview, o.Params, o.Years)
	right := ""
	if len(o.Params.Metrics) > 1 {
		right = o.Params.Metrics[1]
	}
	pg.Filters.Fields = []filterField{
		exhibitionField(l, o.Params.Exhibitions, false, false),
		countryField(l, cov.Countries(o.Exhibition), o.Params.Countries, false, false),
		metricField(l, l.T("filter.left"), o.Params.Metrics[0], ""),
		metricField(l, l.T("filter.right"), right, "—"),
		basisField(l, o.Params.Bases),
	}

	for _, f := range o.Latest {
		pg.Cards = append(pg.Cards, card{
			Metric:  newMetricLink(l, o.Params, f.Metric),
			Value:   l.Value(f),
			Year:    l.Year(f.Year),
			Status:  l.StatusName(f.Status),
			Planned: f.Status != tradedash.Actual,
			Basis:   basisText(l, f),
			Source:  f.Source,
			Claims:  newClaims(l, f),
		})
	}

	for _, s := range o.Series {
		pg.Columns = append(pg.Columns, newMetricLink(l, o.Params, s.Metric))
		if s.HasData() {
			pg.HasChart = true
		}
	}
	if pg.HasChart {
		if pg.Chart, err = overviewChart(l, o, pg.Milestones); err != nil {
			return nil, err
		}
	}
	if o.Country == tradedash.AllCountries {
		pg.International = internationalRows(l, o)
		pg.InternationalTitle = l.T("derived.international.title", view.InternationalClause)
	}
	msYears := map[int]bool{}
	for _, m := range pg.Milestones {
		msYears[m.Year] = true
	}
	for i, y := range o.Years {
		row := yearRow{Year: y, Milestone: msYears[y]}
		for _, s := range o.Series {
			row.Cells = append(row.Cells, newYearCell(l, s.Points[i]))
		}
		pg.Rows = append(pg.Rows, row)
	}
	return pg, nil
}

func newYearCell(l *pageLang, p view.Point) yearCell {
	if p.Figure == nil {
		return yearCell{NoData: l.T("table.nodata")}
	}
	cell := yearCell{
		Value:   l.Value(*p.Figure),
		Status:  l.StatusName(p.Figure.Status),
		Planned: p.Figure.Status != tradedash.Actual,
		Basis:   basisText(l, *p.Figure),
		Claims:  newClaims(l, *p.Figure),
	}
	if ch := p.Change; ch != nil {
		cell.Change = ch.Text(l.Lang, l.Change)
		if ch.FromYear != p.Year-1 {
			cell.Change += " " + l.T("change.since", strconv.Itoa(ch.FromYear))
		}
		cell.ChangeTitle = ch.Explain(l.Lang)
		cell.Down = ch.Value < 0
	}
	return cell
}

// internationalRow is one year's international-exhibition test.
type internationalRow struct {
	Year                 string
	Verdict              string
	Unknown              bool
	Exhibitors, Visitors internationalHalf
}

// internationalHalf is one condition of the test: the share with its
// inputs, or why it cannot be told.
type internationalHalf struct {
	Text  string // "foreign exhibitors: ≈33.3% of exhibitors (threshold 10%)"
	Title string // the inputs
}

// internationalRows shows the test of every year the view tested.
func internationalRows(l *pageLang, o *view.Overview) []internationalRow {
	var rows []internationalRow
	for _, in := range o.International {
		r := internationalRow{Year: l.Year(in.Year), Verdict: l.T("derived.international." + string(in.Verdict)), Unknown: in.Verdict == view.Unknown}
		if in.Approx {
			r.Verdict = l.T("derived.international.approx", r.Verdict)
		}
		half := func(t view.Test, key string) internationalHalf {
			if t.Share == nil {
				return internationalHalf{Text: l.T("derived.international.missing")}
			}
			return internationalHalf{
				Text:  l.T(key, t.Share.Text(l.Lang, l.Percent), l.Percent(t.Threshold)),
				Title: t.Share.Explain(l.Lang),
			}
		}
		r.Exhibitors = half(in.Exhibitors, "derived.international.exhibitors")
		r.Visitors = half(in.Visitors, "derived.international.visitors")
		rows = append(rows, r)
	}
	return rows
}

// overviewChart draws the overview's metrics on two value axes, with the
// milestones on the time axis.
func overviewChart(l *pageLang, o *view.Overview, ms []milestoneItem) (template.JS, error) {
	line := newLineChart(l, o.Years)
	byYear := map[int][]string{}
	for _, m := range ms {
		byYear[m.Year] = append(byYear[m.Year], strconv.Itoa(m.Number)+". "+m.label())
	}
	for i, s := range o.Series {
		if i == 0 {
			line.SetGlobalOptions(charts.WithYAxisOpts(yAxis(l.MetricName(s.Metric), 0)))
		} else {
			line.ExtendYAxis(yAxis(l.MetricName(s.Metric), i))
		}
		var extra func(int, *chartPoint)
		if i == 0 {
			extra = func(j int, p *chartPoint) { p.Milestones = byYear[o.Years[j]] }
		}
		addSeries(line, l, l.MetricName(s.Metric), palette[i%len(palette)], i, s, extra)
	}
	markMilestones(line, ms)
	return chartJSON(line)
}
