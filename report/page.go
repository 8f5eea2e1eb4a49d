package report

import (
	"context"
	"net/url"
	"strings"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/view"
)

// Page is the dashboard page a report is made from, as the page= parameter
// names it: PageOverview, PageCompare, PageData, PagePair.
type Page string

// page is what one dashboard page contributes to the report of its view;
// everything else (the summary's settings, the Data sheet, the sources, the
// CSV) is the same for every page. Each page is a file: overview.go,
// compare.go, data.go, pair.go. Adding one is writing its file and listing
// it in pages.
type page interface {
	// path is the page's path on the dashboard (view.PathOverview, ...),
	// for the permalink.
	path() string
	// query is the page's query string for the permalink, given the
	// report's view parameters (its language set).
	query(p view.Params) url.Values
	// nameParts are the words of the file name between "tradedash" and the
	// years: the page's kind, when it is not the overview, and the codes of
	// what it shows.
	nameParts() []string
	// years are the years the page's chart spans; nil for a page without
	// one.
	years() []int
	// title is the report's title, subtitle what the line under it says
	// before the years ("Екатеринбург", a metric) or "".
	title(l locale.Lang) string
	subtitle(l locale.Lang) string
	// settings are the summary's lines on what the report shows, before
	// its years.
	settings(l locale.Lang, p view.Params) []setting
	// keyFigures are the summary's key figures.
	keyFigures(l locale.Lang) []keyFigure
	// sheets are the page's own sheets, after the summary: its chart, and
	// what else it shows; none for a page without a chart.
	sheets(l locale.Lang) []*chartSheet
	// milestones are the milestones the page shows, whose sources the
	// Sources sheet lists.
	milestones() []tradedash.Milestone
}

// chartSheet is a sheet of the page's own: the one it draws its chart on,
// or another table it shows.
type chartSheet struct {
	name  string // the sheet's name
	about string // what it holds, for the summary's list of sheets
	write func(wb *workbook, sheet string) error
}

// setting is one line of the summary's settings.
type setting struct{ label, value string }

// keyFigure is one line of the summary's key figures.
type keyFigure struct {
	label string
	fig   tradedash.Figure
	// status is the status column's text when it is not fig's status (a
	// trade value's: preliminary, revised).
	status string
}

// prepared is a page's view, built: the page, and what every report of a
// view needs besides.
type prepared struct {
	page    page
	params  view.Params // as the view used them: defaults filled in
	vintage tradedash.Vintage
	filter  queries.FigureFilter // the figures of the Data sheet and the CSV
	// trade, when set, are the trade flows the Data sheet and the CSV hold
	// instead of figures (the pair).
	trade []queries.TradeFilter
}

// pageKind is one page a report can be made from: its name in page= and
// how its view is built.
type pageKind struct {
	name    Page
	prepare func(ctx context.Context, views *view.Views, req Request) (prepared, error)
}

// pages are the pages a report can be made from, the default first.
var pages = []pageKind{
	{PageOverview, prepareOverview},
	{PageCompare, prepareCompare},
	{PageData, prepareData},
	{PagePair, preparePair},
}

// findPage returns the page named name ("" is the default).
func findPage(name Page) (pageKind, bool) {
	if name == "" {
		return pages[0], true
	}
	for _, k := range pages {
		if k.name == name {
			return k, true
		}
	}
	return pageKind{}, false
}

// pageNames lists the pages' names, for an error that suggests them.
func pageNames() []string {
	out := make([]string, len(pages))
	for i, k := range pages {
		out[i] = string(k.name)
	}
	return out
}

// codesPart is a list of codes as one word of a file name: "CN-JP-IN", or
// the first three and "etc"; nothing for no codes.
func codesPart(codes []string) []string {
	switch {
	case len(codes) == 0:
		return nil
	case len(codes) <= 3:
		return []string{strings.Join(codes, "-")}
	}
	return []string{strings.Join(codes[:3], "-") + "-etc"}
}
