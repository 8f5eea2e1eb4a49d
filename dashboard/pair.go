package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
	"tradedash/view"
)

const pathPair = view.PathPair

// pairPage shows two countries' cooperation on one time axis. Every text
// states a fact; none says what caused what.
type pairPage struct {
	page
	Heading    string
	Lead       string
	Filters    filterForm
	HasTrade   bool
	NoTrade    string
	TradeChart template.JS
	Mirror     []mirrorTable
	MirrorYTD  []mirrorTable // the year-to-date periods, apart from the whole years
	Months     []monthTable
	Parts      []partBlock
	PartChart  template.JS
	IndexTitle string
	IndexChart template.JS
	Structure  []structureTable
	StructYear string
	Milestones []milestoneItem
}

// mirrorTable is one direction of the mirror comparison.
type mirrorTable struct {
	Title     string
	Sub       bool   // a table of the year-to-date part, under its own heading
	ColPeriod string // "Year", or "Period" for year-to-date values
	ColA      string // "Reported by Russia"
	ColB      string
	ColGap    string
	ColGapPc  string
	NoData    string
	Rows      []mirrorCells
}

type mirrorCells struct {
	Year       string // the year, or the period: "Jan–Oct 2023"
	ByA, ByB   string // "" for a gap
	Gap, GapPc string
	Down       bool
}

// monthTable is one reporter's months.
type monthTable struct {
	Title string
	Rows  []monthCells
}

type monthCells struct {
	Month, Export, Import, Turnover string
}

// partBlock is one country at the other's exhibitions.
type partBlock struct {
	Heading string
	Rows    []partRow
}

type partRow struct {
	Exhibition, City, Year, Value, Status, Basis, Source string
	Metric                                               metricLink
	Planned                                              bool
	Claims                                               *claimsLine
}

// structureTable is one exporter's chapters.
type structureTable struct {
	Heading string
	Rows    []structureRow
}

type structureRow struct {
	Commodity, Value, Share, Source string
	// Name is the commodity's name (view.CommodityName); NameLang is its
	// language where it is not the page's (a chapter without a verified
	// Chinese name is named in English), and NameNote says so, as for
	// milestone titles.
	Name     string
	NameLang locale.Lang
	NameNote string
	Rest     bool
}

func (h *handler) pair(c *fiber.Ctx) error {
	p, err := view.ParsePairParams(queryValues(c))
	if err != nil {
		return err
	}
	l := localeFor(c)
	ctx, cancel := h.ctx(c)
	defer cancel()
	key := p.Values().Encode() + "|" + string(l.Lang)
	body, err := view.Cached(ctx, h.views, "page:pair", key, func(tradedash.Vintage) ([]byte, int, error) {
		data, err := h.buildPairPage(ctx, l, p)
		if err != nil {
			return nil, 0, err
		}
		var buf bytes.Buffer
		if err := h.tpl["pair"].ExecuteTemplate(&buf, "layout", data); err != nil {
			return nil, 0, fmt.Errorf("render pair: %w", err)
		}
		return buf.Bytes(), buf.Len() / 1024, nil
	})
	if err != nil {
		return err
	}
	return h.send(c, l, fiber.StatusOK, body)
}

func (h *handler) buildPairPage(ctx context.Context, l *pageLang, p view.PairParams) (*pairPage, error) {
	pr, err := h.views.Pair(ctx, p)
	if err != nil {
		return nil, err
	}
	a, b := pr.Params.A, pr.Params.B
	na, nb := l.Country(a), l.Country(b)
	title := l.T("pair.title", na, nb)
	pg := &pairPage{
		page:       h.newPage(l, pathPair, title, view.Params{Lang: p.Lang}, &pr.Vintage),
		Heading:    title,
		Milestones: milestoneItems(l, pr.Milestones),
	}
	// The language links keep the whole pair view; the API link gives its
	// trade.
	pg.Langs = nil
	for _, nl := range h.newPage(l, pathPair, title, view.Params{Lang: p.Lang}, nil).Langs {
		q := pr.Params
		q.Lang = nl.Lang
		nl.URL = pairHref(q)
		pg.Langs = append(pg.Langs, nl)
	}
	pg.API = "/api/v1/trade?" + tradeAPIQuery(pr.Params)
	if len(pr.Years) > 0 {
		pg.Lead = l.T("pair.lead", strconv.Itoa(pr.Years[0]), strconv.Itoa(pr.Years[len(pr.Years)-1]))
	}
	pg.Filters = pairFilters(l, pr)

	pg.HasTrade = pr.Reports[0].HasData() || pr.Reports[1].HasData()
	if !pg.HasTrade {
		pg.NoTrade = l.T("pair.nodata", na, nb)
	} else {
		if pg.TradeChart, err = tradeChart(l, pr, pg.Milestones); err != nil {
			return nil, err
		}
		pg.Mirror = mirrorTables(l, pr, pr.Mirror, false, func(r view.MirrorRow) string { return l.Year(r.Year) })
		pg.Months = monthTables(l, pr)
	}
	pg.MirrorYTD = mirrorTables(l, pr, pr.YTD, true, func(r view.MirrorRow) string { return ytdPeriod(l, r.Year, r.Month) })

	for _, pa := range pr.Participation {
		blk := partBlock{Heading: l.T("pair.part.heading", l.Country(pa.Guest), l.Country(pa.Host))}
		for _, s := range pa.Series {
			for _, f := range s.Figures() {
				blk.Rows = append(blk.Rows, partRow{
					Exhibition: l.Exhibition(f.Exhibition), City: l.City(f.Exhibition),
					Metric: newMetricLink(l, view.Params{Lang: p.Lang}, f.Metric),
					Year:   l.Year(f.Year), Value: l.Value(f), Status: l.StatusName(f.Status), Basis: basisText(l, f),
					Planned: f.Status != tradedash.Actual, Source: f.Source, Claims: newClaims(l, f),
				})
			}
		}
		pg.Parts = append(pg.Parts, blk)
	}
	if pr.Participation[0].Series != nil || pr.Participation[1].Series != nil {
		if pg.PartChart, err = participationChart(l, pr); err != nil {
			return nil, err
		}
	}

	if pr.Index.Base != 0 && len(pr.Index.Lines) > 0 {
		pg.IndexTitle = l.T("pair.index.title", l.Year(pr.Index.Base))
		if pg.IndexChart, err = indexChart(l, pr); err != nil {
			return nil, err
		}
	}

	if pr.Params.Year != 0 {
		pg.StructYear = l.Year(pr.Params.Year)
	}
	for _, st := range pr.Structure {
		pg.Structure = append(pg.Structure, structureTableOf(l, st))
	}
	return pg, nil
}

// pairHref is the pair page's URL for p.
func pairHref(p view.PairParams) string {
	q := p.Values().Encode()
	if q == "" {
		return pathPair
	}
	return pathPair + "?" + q
}

// tradeAPIQuery is the /api/v1/trade query of the pair's yearly trade.
func tradeAPIQuery(p view.PairParams) string {
	q := view.TradeParams{Reporters: []string{p.A, p.B}, Partners: []string{p.A, p.B}, From: p.From, To: p.To}
	return q.Values().Encode()
}

func pairFilters(l *pageLang, pr *view.Pair) filterForm {
	f := filterForm{L: l, Action: pathPair, Lang: pr.Params.Lang}
	if pr.Params.From != 0 {
		f.From = strconv.Itoa(pr.Params.From)
	}
	if pr.Params.To != 0 {
		f.To = strconv.Itoa(pr.Params.To)
	}
	if len(pr.Years) > 0 {
		f.FirstYear, f.LastYear = strconv.Itoa(pr.Years[0]), strconv.Itoa(pr.Years[len(pr.Years)-1])
	}
	country := func(name, label, selected string) filterField {
		fd := filterField{Name: name, Label: label}
		for _, c := range reference.Countries() {
			fd.Options = append(fd.Options, option{Value: c.Alpha2, Text: l.Country(c.Alpha2), Selected: c.Alpha2 == selected})
		}
		return fd
	}
	year := func(name, label string, selected int) filterField {
		fd := filterField{Name: name, Label: label}
		for _, y := range pr.Years {
			fd.Options = append(fd.Options, option{Value: strconv.Itoa(y), Text: l.Year(y), Selected: y == selected})
		}
		return fd
	}
	f.Fields = []filterField{
		country(view.ParamA, l.T("pair.filter.a"), pr.Params.A),
		country(view.ParamB, l.T("pair.filter.b"), pr.Params.B),
		year(view.ParamBase, l.T("pair.filter.base"), pr.Params.Base),
		year(view.ParamYear, l.T("pair.filter.year"), pr.Params.Year),
		basisField(l, pr.Params.Bases),
	}
	return f
}

// moneyText is a value in dollars as the reader writes it, "≈" before an
// approximate one.
func moneyText(l *pageLang, v float64, approx bool) string {
	s := l.Money(v)
	if approx {
		return "≈" + s
	}
	return s
}

// flowApprox reports whether a stated flow is a bound, an estimate or not
// final.
func flowApprox(t *tradedash.TradeFlow) bool {
	return t != nil && (t.Qualifier != tradedash.Exact || t.Status != tradedash.TradeActual && t.Status != tradedash.TradeRevised)
}

// ytdPeriod names January to month of year: "январь–октябрь 2023",
// "Jan–Oct 2023", "2023年1-10月"; January alone is the month.
func ytdPeriod(l *pageLang, year, month int) string {
	if month <= 1 {
		return l.Date(monthDate(year, 1), tradedash.PrecisionMonth)
	}
	return l.T("pair.ytd.period", l.T("pair.ytd.month.1"), l.T("pair.ytd.month."+strconv.Itoa(month)), strconv.Itoa(year))
}

// mirrorTables lays the mirror rows out by direction, each row's period
// named by period; ytd says they are year-to-date periods.
func mirrorTables(l *pageLang, pr *view.Pair, rows []view.MirrorRow, ytd bool, period func(view.MirrorRow) string) []mirrorTable {
	a, b := pr.Params.A, pr.Params.B
	na, nb := l.Country(a), l.Country(b)
	out := []mirrorTable{
		{Title: l.T("pair.mirror.a_to_b", na, nb)},
		{Title: l.T("pair.mirror.a_to_b", nb, na)},
		{Title: l.T("pair.mirror.turnover")},
	}
	dirs := map[string]int{view.DirAToB: 0, view.DirBToA: 1, view.DirTurnover: 2}
	for i := range out {
		out[i].Sub, out[i].ColPeriod = ytd, l.T("col.year")
		if ytd {
			out[i].ColPeriod = l.T("pair.col.period")
		}
		out[i].ColGap, out[i].NoData = l.T("pair.col.gap"), l.T("table.nodata")
		out[i].ColA, out[i].ColB = l.T("pair.col.by", na), l.T("pair.col.by", nb)
		out[i].ColGapPc = l.T("pair.col.gappct", nb)
	}
	val := func(v *float64, summed bool) string {
		if v == nil {
			return ""
		}
		s := l.Money(*v)
		if summed {
			s = l.T("pair.trade.summed", s)
		}
		return s
	}
	for _, r := range rows {
		c := mirrorCells{Year: period(r), ByA: val(r.ByA, r.SummedA), ByB: val(r.ByB, r.SummedB)}
		if r.Gap != nil {
			c.Gap = l.Money(*r.Gap)
			c.Down = *r.Gap < 0
			if *r.Gap > 0 {
				c.Gap = "+" + c.Gap
			}
		}
		if r.GapPercent != nil {
			c.GapPc = l.Change(*r.GapPercent)
		}
		t := &out[dirs[r.Direction]]
		t.Rows = append(t.Rows, c)
	}
	var kept []mirrorTable
	for _, t := range out {
		if len(t.Rows) > 0 {
			kept = append(kept, t)
		}
	}
	return kept
}

func monthTables(l *pageLang, pr *view.Pair) []monthTable {
	var out []monthTable
	for _, r := range pr.Reports {
		if len(r.Months) == 0 {
			continue
		}
		t := monthTable{Title: l.T("pair.col.by", l.Country(r.Reporter))}
		for _, m := range r.Months {
			c := monthCells{Month: l.Date(monthDate(m.Year, m.Month), tradedash.PrecisionMonth)}
			if m.Export != nil {
				c.Export = moneyText(l, m.Export.ValueUSD, flowApprox(m.Export))
			}
			if m.Import != nil {
				c.Import = moneyText(l, m.Import.ValueUSD, flowApprox(m.Import))
			}
			if m.Total != nil {
				c.Turnover = moneyText(l, *m.Total, m.Approx)
				if m.Summed {
					c.Turnover = l.T("pair.trade.summed", c.Turnover)
				}
			}
			t.Rows = append(t.Rows, c)
		}
		out = append(out, t)
	}
	return out
}

func structureTableOf(l *pageLang, st view.Structure) structureTable {
	t := structureTable{Heading: l.T("pair.structure.heading", l.Country(st.Reporter), l.Country(st.Partner))}
	total := st.Rest
	for _, c := range st.Top {
		total += c.ValueUSD
	}
	share := func(v float64) string {
		if total <= 0 {
			return ""
		}
		return l.Percent(v / total * 100)
	}
	for _, c := range st.Top {
		row := structureRow{Commodity: l.T("pair.structure.chapter", c.Commodity),
			Value: moneyText(l, c.ValueUSD, flowApprox(&c)), Share: share(c.ValueUSD), Source: c.Source}
		var from locale.Lang
		if row.Name, from = view.CommodityName(c, l.Lang); from != "" {
			row.NameLang, row.NameNote = from, l.T("milestone.in."+string(from))
		}
		t.Rows = append(t.Rows, row)
	}
	rest := l.T("pair.structure.rest")
	if st.RestOfTotal {
		rest = l.T("pair.structure.rest.total")
	}
	t.Rows = append(t.Rows, structureRow{Commodity: rest, Value: l.Money(st.Rest), Share: share(st.Rest), Rest: true})
	return t
}

// moneyAxis is how a chart scales dollars: by the language's large unit
// (a billion, or 亿), named on the axis.
func moneyAxis(l *pageLang) (scale float64, name string) {
	exp, err := strconv.Atoi(l.T("trade.money.big.exp"))
	if err != nil {
		exp = 9
	}
	return math.Pow10(exp), l.T("pair.axis.money")
}

// tradeChart draws each side's turnover, one line per reporter; a hollow
// point is exports plus imports where no turnover was stated. The
// milestones of both countries mark the time axis.
func tradeChart(l *pageLang, pr *view.Pair, ms []milestoneItem) (template.JS, error) {
	line := newLineChart(l, pr.Years)
	scale, axis := moneyAxis(l)
	line.SetGlobalOptions(charts.WithYAxisOpts(yAxis(axis, 0)))
	byYear := map[int][]string{}
	for _, m := range ms {
		byYear[m.Year] = append(byYear[m.Year], strconv.Itoa(m.Number)+". "+m.label())
	}
	for i, r := range pr.Reports {
		name := l.T("pair.trade.series", l.T("flow.turnover"), l.Country(r.Reporter))
		data := make([]chartPoint, len(r.Years))
		for j, y := range r.Years {
			data[j] = chartPoint{Value: "-"}
			if i == 0 {
				data[j].Milestones = byYear[y.Year]
			}
			if y.Total == nil {
				continue
			}
			text := moneyText(l, *y.Total, y.Approx)
			if y.Summed {
				text = l.T("pair.trade.summed", text)
				data[j].Symbol = "emptyCircle"
			}
			data[j].Value = math.Round(*y.Total/scale*10) / 10
			data[j].Text = l.T("chart.point", name, text)
		}
		color := palette[i%len(palette)]
		line.AddSeries(name, nil,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false), Symbol: "circle", SymbolSize: 8}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = data }),
		)
	}
	markMilestones(line, ms)
	return chartJSON(line)
}

// participationChart draws each country's companies (left axis) and area
// (right axis) at the other's exhibitions as bars over the years.
func participationChart(l *pageLang, pr *view.Pair) (template.JS, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll"}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "12", Top: "56", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(l.T("date.year", "{value}"))}}),
		charts.WithYAxisOpts(yAxis(pairAxisName(l, pr, false), 0)),
		charts.WithAnimation(false),
	)
	bar.ExtendYAxis(yAxis(pairAxisName(l, pr, true), 1))
	xs := make([]string, len(pr.Years))
	for i, y := range pr.Years {
		xs[i] = strconv.Itoa(y)
	}
	bar.SetXAxis(xs)
	n := 0
	for _, pa := range pr.Participation {
		for _, s := range pa.Series {
			name := l.T("pair.part.series", l.T("pair.part.at", l.Country(pa.Guest), l.Exhibition(s.Exhibition)), l.MetricName(s.Metric))
			data := make([]chartPoint, len(s.Points))
			for i, pt := range s.Points {
				data[i] = chartPoint{Value: "-"}
				if f := pt.Figure; f != nil {
					data[i] = chartPoint{Value: f.Value, Text: l.T("chart.point", name, l.pointText(*f))}
				}
			}
			axis := 0
			if isArea(s.Metric) {
				axis = 1
			}
			color := palette[(n+2)%len(palette)]
			n++
			bar.AddSeries(name, nil,
				charts.WithBarChartOpts(opts.BarChart{YAxisIndex: axis}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
				charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = data }),
			)
		}
	}
	return chartJSON(bar)
}

// isArea reports whether a metric is an area, drawn on the right axis.
func isArea(code string) bool {
	m, _ := tradedash.MetricByCode(code)
	return m.Unit == "m2"
}

// pairAxisName names the count axis (area false) or the area axis after
// the metrics the pair's participation charts on it.
func pairAxisName(l *pageLang, pr *view.Pair, area bool) string {
	var names []string
	for _, m := range view.PairMetrics {
		if isArea(m) != area {
			continue
		}
		for _, pa := range pr.Participation {
			if slices.ContainsFunc(pa.Series, func(s view.Series) bool { return s.Metric == m }) && !slices.Contains(names, l.MetricName(m)) {
				names = append(names, l.MetricName(m))
			}
		}
	}
	return strings.Join(names, " / ")
}

// indexChart draws every indexed line on one scale, base year = 100.
func indexChart(l *pageLang, pr *view.Pair) (template.JS, error) {
	line := newLineChart(l, pr.Years)
	line.SetGlobalOptions(charts.WithYAxisOpts(yAxis(l.T("pair.index.title", l.Year(pr.Index.Base)), 0)))
	for i, il := range pr.Index.Lines {
		var name string
		if il.Trade() {
			name = l.T("pair.index.trade", l.Country(il.Reporter))
		} else {
			name = l.T("pair.part.series", l.T("pair.part.at", l.Country(il.Country), l.Exhibition(il.Exhibition)), l.MetricName(il.Metric))
		}
		data := make([]chartPoint, len(il.Values))
		for j, v := range il.Values {
			data[j] = chartPoint{Value: "-"}
			if v != nil {
				x := math.Round(*v*10) / 10
				data[j] = chartPoint{Value: x, Text: l.T("chart.point", name, l.Number(x))}
			}
		}
		color := palette[i%len(palette)]
		style := opts.LineStyle{Color: color, Width: 2}
		if !il.Trade() {
			style.Type = "dashed"
		}
		line.AddSeries(name, nil,
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false), Symbol: "circle", SymbolSize: 7}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithLineStyleOpts(style),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = data }),
		)
	}
	return chartJSON(line)
}

// monthDate is the first day of a month, for formatting it.
func monthDate(year, month int) time.Time {
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
}
