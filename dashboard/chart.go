package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"tradedash"
	"tradedash/view"
)

// palette gives each line its colour; a metric's planned and actual parts
// share one.
var palette = []string{"#1d4e89", "#d9822b", "#2a9d8f", "#c03f5a", "#6c5fb5", "#8c6d31", "#3f8fd2", "#7a8b99", "#b5651d", "#4c9a2a", "#a23b72", "#2f4858"}

// labelledYears is the longest range whose points carry value labels; past
// it they would crowd.
const labelledYears = 25

// chartPoint is one year of a line. The fields beyond value are read by the
// dashboard's own script (text and milestones for the tooltip) or by
// ECharts (symbol, label).
type chartPoint struct {
	Value      any         `json:"value"`          // a number, or "-": no figure that year, a gap
	Text       string      `json:"text,omitempty"` // the tooltip's line: "Companies: 400+", "企业：约300（预测）"
	Symbol     string      `json:"symbol,omitempty"`
	Label      *pointLabel `json:"label,omitempty"`
	Milestones []string    `json:"milestones,omitempty"`
}

type pointLabel struct {
	Show      bool   `json:"show"`
	Formatter string `json:"formatter,omitempty"`
}

// milestoneMark is one milestone line on the time axis.
type milestoneMark struct {
	XAxis string      `json:"xAxis"`
	Name  string      `json:"name"` // the title, shown on hover
	Label *pointLabel `json:"label"`
}

// chartJSON turns a chart into the option JSON a page embeds in a
// <script type="application/json"> block. encoding/json escapes <, > and &
// (so no "</script>" can close the block), and the "__f__" markers that
// go-echarts' own renderer would turn into live functions are written with
// escaped underscores: the browser reads the same text, but nothing
// downstream can mistake it for a marker.
func chartJSON(c interface {
	Validate()
	JSON() map[string]any
}) (template.JS, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return "", fmt.Errorf("chart option: %w", err)
	}
	b = bytes.ReplaceAll(b, []byte("__f__"), []byte(`\u005f\u005ff\u005f\u005f`))
	if bytes.ContainsAny(b, "<>") {
		return "", fmt.Errorf("chart option: unescaped markup") // json.Marshal never leaves any
	}
	return template.JS(b), nil
}

// newLineChart returns a line chart over years with a legend, an axis
// tooltip and room for labels. The tooltip's text is written by the
// dashboard's script, drawn as canvas text, never as HTML. The axis keeps
// the years as data and labels them the reader's way ("2023年"), a
// template the script applies to the tooltip's heading too.
func newLineChart(l *pageLang, years []int) *charts.Line {
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll"}),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "12", Top: "56", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", BoundaryGap: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(l.T("date.year", "{value}"))}}),
		charts.WithAnimation(false),
	)
	xs := make([]string, len(years))
	for i, y := range years {
		xs[i] = strconv.Itoa(y)
	}
	line.SetXAxis(xs)
	return line
}

// addSeries draws s as one line: solid through actual results, dashed with
// hollow points through plans and forecasts (joined to the neighbouring
// results), broken where a year has no figure. extra adds fields to a
// point of the solid line, e.g. milestones for its tooltip.
func addSeries(line *charts.Line, l *pageLang, name, color string, yAxis int, s view.Series, extra func(i int, p *chartPoint)) {
	label := len(s.Points) <= labelledYears
	solid := make([]chartPoint, len(s.Points))
	dashed := make([]chartPoint, len(s.Points))
	planned := func(i int) bool {
		return i >= 0 && i < len(s.Points) && s.Points[i].Figure != nil && s.Points[i].Figure.Status != tradedash.Actual
	}
	hasDashed := false
	for i, p := range s.Points {
		solid[i] = chartPoint{Value: "-"}
		dashed[i] = chartPoint{Value: "-"}
		if extra != nil {
			extra(i, &solid[i])
		}
		f := p.Figure
		if f == nil {
			continue
		}
		pt := chartPoint{Value: f.Value, Text: l.T("chart.point", name, l.pointText(*f))}
		if label {
			pt.Label = &pointLabel{Show: true, Formatter: l.ShortValue(*f)}
		}
		if f.Status == tradedash.Actual {
			pt.Milestones = solid[i].Milestones
			solid[i] = pt
			if planned(i-1) || planned(i+1) {
				pt.Label, pt.Milestones = &pointLabel{Show: false}, nil
				dashed[i] = pt // joins the plan to the result; the solid line labels it
			}
			continue
		}
		pt.Symbol = "emptyCircle"
		dashed[i] = pt
		hasDashed = true
	}
	common := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{YAxisIndex: yAxis, ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false), Symbol: "circle", SymbolSize: 7}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(label), Position: "top", Color: "#3c4653"}),
	}
	line.AddSeries(name, nil, append(common,
		charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
		charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = solid }),
	)...)
	if hasDashed {
		line.AddSeries(name, nil, append(common,
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2, Type: "dashed"}),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Data = dashed }),
		)...)
	}
}

// markMilestones draws numbered vertical lines at the milestones' years on
// the first series; hovering one shows its title.
func markMilestones(line *charts.Line, items []milestoneItem) {
	if len(items) == 0 || len(line.MultiSeries) == 0 {
		return
	}
	// One line per year: milestones of the same year share it, their
	// numbers and titles joined.
	var data []any
	for i := 0; i < len(items); {
		j := i
		nums, titles := []string{}, []string{}
		for ; j < len(items) && items[j].Year == items[i].Year; j++ {
			nums = append(nums, strconv.Itoa(items[j].Number))
			titles = append(titles, items[j].label())
		}
		data = append(data, milestoneMark{
			XAxis: strconv.Itoa(items[i].Year),
			Name:  strings.Join(titles, "; "),
			Label: &pointLabel{Show: true, Formatter: strings.Join(nums, ",")},
		})
		i = j
	}
	s := &line.MultiSeries[0]
	s.MarkLines = &opts.MarkLines{
		Data: data,
		MarkLineStyle: opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#8795a8", Type: "dotted", Width: 1.5},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "end", Color: "#1d4e89", FontWeight: "bold"},
			Emphasis:  &opts.Emphasis{Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}"}},
		},
	}
}

// pointText is a figure as a tooltip shows it: the value with its
// qualifier, the status when it is not an actual result, the basis, and
// how many sources give the figure when they disagree.
func (l *pageLang) pointText(f tradedash.Figure) string {
	s := l.Value(f)
	if f.Status != tradedash.Actual {
		s = l.T("chart.planned", s, l.StatusName(f.Status))
	}
	s += " · " + basisText(l, f)
	if cl := newClaims(l, f); cl != nil {
		s += " · " + cl.Text
	}
	return s
}

// yAxis is a value axis named after its metric. Axes after the first sit on
// the right and draw no grid lines of their own.
func yAxis(name string, index int) opts.YAxis {
	y := opts.YAxis{Type: "value", Name: name, NameGap: 12}
	if index > 0 {
		y.Position = "right"
		y.SplitLine = &opts.SplitLine{Show: opts.Bool(false)}
	}
	return y
}
