package report

import (
	"context"
	"net/url"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/view"
)

// PageData is the figures as a table, no chart.
const PageData Page = "data"

// dataPage is the report of the data page: the Data sheet is all it
// shows, so it adds no sheet of its own.
type dataPage struct{ d *view.Data }

func prepareData(ctx context.Context, views *view.Views, req Request) (prepared, error) {
	p := req.Params
	d, err := views.Data(ctx, p)
	if err != nil {
		return prepared{}, err
	}
	return prepared{
		page: dataPage{d}, params: d.Params, vintage: d.Vintage,
		// The same filter as the view's table, without its row limit.
		filter: queries.FigureFilter{Exhibitions: d.Params.Exhibitions, Countries: d.Params.Countries,
			Metrics: d.Params.Metrics, FromYear: d.Params.From, ToYear: d.Params.To, Bases: d.Params.Bases},
	}, nil
}

func (dataPage) query(p view.Params) url.Values { return p.Values() }

func (dataPage) settings(l locale.Lang, p view.Params) []setting { return figureSettings(l, p) }

func (dataPage) path() string { return view.PathData }

func (pg dataPage) nameParts() []string {
	p := pg.d.Params
	parts := []string{"data"}
	for _, codes := range [][]string{p.Exhibitions, p.Countries, p.Metrics} {
		parts = append(parts, codesPart(codes)...)
	}
	return parts
}

func (dataPage) years() []int                         { return nil }
func (dataPage) title(l locale.Lang) string           { return l.T("report.title.data") }
func (dataPage) subtitle(locale.Lang) string          { return "" }
func (dataPage) keyFigures(locale.Lang) []keyFigure   { return nil }
func (dataPage) sheets(locale.Lang) []*chartSheet     { return nil }
func (pg dataPage) milestones() []tradedash.Milestone { return pg.d.Milestones }
