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

// PageOverview is one country at one exhibition: the trend chart.
const PageOverview Page = "overview"

// overviewPage is the report of the overview: the trend of one or two
// metrics beside the milestones, on the Trend sheet.
type overviewPage struct{ o *view.Overview }

func prepareOverview(ctx context.Context, views *view.Views, req Request) (prepared, error) {
	p := req.Params
	o, err := views.Overview(ctx, p)
	if err != nil {
		return prepared{}, err
	}
	return prepared{
		page: overviewPage{o}, params: o.Params, vintage: o.Vintage,
		// Every figure of the country at the exhibition, not only the
		// charted metrics: the summary's key figures show them all.
		filter: queries.FigureFilter{Exhibitions: []string{o.Exhibition}, Countries: []string{o.Country},
			FromYear: o.Params.From, ToYear: o.Params.To, Bases: o.Params.Bases},
	}, nil
}

func (overviewPage) query(p view.Params) url.Values { return p.Values() }

func (overviewPage) settings(l locale.Lang, p view.Params) []setting { return figureSettings(l, p) }

func (overviewPage) path() string { return view.PathOverview }

func (pg overviewPage) nameParts() []string {
	return append(codesPart(pg.o.Params.Exhibitions), codesPart(pg.o.Params.Countries)...)
}

func (pg overviewPage) years() []int { return pg.o.Years }

func (pg overviewPage) title(l locale.Lang) string {
	return l.T("report.title.overview", l.Exhibition(pg.o.Exhibition), l.Country(pg.o.Country))
}

func (pg overviewPage) subtitle(l locale.Lang) string { return l.City(pg.o.Exhibition) }

// keyFigures are the overview's cards: the latest figure of every metric.
func (pg overviewPage) keyFigures(l locale.Lang) []keyFigure {
	var out []keyFigure
	for _, f := range pg.o.Latest {
		out = append(out, keyFigure{label: metricHeader(l, f.Metric), fig: f})
	}
	return out
}

func (pg overviewPage) milestones() []tradedash.Milestone { return pg.o.Milestones }

func (pg overviewPage) sheets(l locale.Lang) []*chartSheet {
	return []*chartSheet{{name: l.T("report.sheet.trend"), about: l.T("report.sheets.trend"), write: pg.writeChart}}
}

// writeChart draws one or two metrics over the years (the second on its
// own axis, as on the dashboard), and lists the milestones beside them.
func (pg overviewPage) writeChart(wb *workbook, sheet string) error {
	o, l := pg.o, wb.l
	title := l.T("report.chart.trend.title", l.Exhibition(o.Exhibition), l.Country(o.Country))
	if err := wb.top(sheet, title, l.T("report.sentences", l.T("report.chart.note"), l.T("report.legend"))); err != nil {
		return err
	}
	headers := make([]string, len(o.Series))
	hasData := false
	for i, s := range o.Series {
		headers[i] = metricHeader(l, s.Metric)
		hasData = hasData || s.HasData()
	}
	if err := wb.sheetTable(sheet, o.Years, headers, o.Series); err != nil {
		return err
	}
	if hasData {
		main := wb.lineChart(l.T("report.chart.trend"), []excelize.ChartSeries{series(sheet, 2, len(o.Years), palette[0], "circle")}, headers[0])
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
	if err := wb.milestones(sheet, o.Milestones); err != nil {
		return err
	}
	return printLayout(wb.f, sheet, true)
}
