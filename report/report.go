// Package report writes what the dashboard shows as files an official can
// hand on: an Excel workbook (a summary, one sheet per chart with a native
// Excel chart over numeric cells, every figure on a Data sheet that imports
// back unchanged, and the sources as links), the figures as CSV, and the
// data-entry template. The web downloads and `tradedash export` both go
// through Prepare and the writers here, so the same view gives the same file.
//
// A report renders the view results of package view (Overview, Compare,
// Data): the very values the pages and the JSON API show. Only the Data
// sheet reads further, streaming every figure the view's filter selects, so
// that it is complete however many there are.
package report

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/reference"
	"tradedash/view"
)

// Page is the dashboard page a report is made from.
type Page string

// The pages a report can be made from.
const (
	PageOverview Page = "overview" // one country at one exhibition: the trend chart
	PageCompare  Page = "compare"  // one metric for several countries or exhibitions
	PageData     Page = "data"     // the figures as a table, no chart
)

// The query parameters a download reads besides the view's own.
const (
	ParamPage = "page" // overview (default), compare or data
	ParamSep  = "sep"  // CSV delimiter: semicolon (with decimal commas) or comma
)

// Request says which view a report shows and how.
type Request struct {
	Page   Page
	Params view.Params // as the URL or the command line gave them
	Lang   locale.Lang // the report's language; Params.Lang when empty, then Russian
	// Sep is the CSV delimiter: ';' (with decimal commas, for Russian
	// Excel) or ','. 0 chooses by language.
	Sep rune
}

// ParseRequest reads a download URL's query: the view parameters of
// view.ParseParams, plus page and sep. Errors are *view.ParamError, safe to
// show.
func ParseRequest(q url.Values) (Request, error) {
	p, err := view.ParseParams(q)
	if err != nil {
		return Request{}, err
	}
	r := Request{Page: PageOverview, Params: p, Lang: p.Lang}
	if s := strings.TrimSpace(q.Get(ParamPage)); s != "" {
		switch Page(strings.ToLower(s)) {
		case PageOverview, PageCompare, PageData:
			r.Page = Page(strings.ToLower(s))
		default:
			return Request{}, &view.ParamError{Param: ParamPage, Value: clip(s), Problem: view.ProblemUnknown,
				Suggest: []string{string(PageOverview), string(PageCompare), string(PageData)}}
		}
	}
	if s := strings.TrimSpace(q.Get(ParamSep)); s != "" {
		sep, ok := ParseSep(s)
		if !ok {
			return Request{}, &view.ParamError{Param: ParamSep, Value: clip(s), Problem: view.ProblemUnknown,
				Suggest: []string{"semicolon", "comma"}}
		}
		r.Sep = sep
	}
	return r, nil
}

// ParseSep reads a CSV delimiter choice: "semicolon" or ";", "comma" or ",".
func ParseSep(s string) (rune, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "semicolon", ";":
		return ';', true
	case "comma", ",":
		return ',', true
	}
	return 0, false
}

func clip(s string) string {
	if r := []rune(s); len(r) > view.MaxValueLen {
		return string(r[:view.MaxValueLen]) + "…"
	}
	return s
}

// Figures streams the current figures a filter selects, in the order of
// queries.DB.EachFigure. *queries.DB is one.
type Figures interface {
	EachFigure(ctx context.Context, f queries.FigureFilter, fn func(tradedash.Figure) error) error
}

// Reporter makes reports from the dashboard's views and the figures behind
// them.
type Reporter struct {
	views   *view.Views
	figures Figures
}

// New returns a Reporter over views, streaming the Data sheet's figures
// from figures (normally the same database the views read).
func New(views *view.Views, figures Figures) *Reporter {
	return &Reporter{views: views, figures: figures}
}

// Report is one view, built and ready to be written in any format.
type Report struct {
	page     Page
	w        words
	params   view.Params // as used by the view: defaults filled in
	vintage  tradedash.Vintage
	overview *view.Overview // PageOverview
	compare  *view.Compare  // PageCompare
	data     *view.Data     // PageData
	filter   queries.FigureFilter
	figures  Figures
}

// Prepare builds the view req asks for. Its errors are those of the view:
// a *view.ParamError for parameters it cannot use, and errors wrapping
// tradedash.ErrUnavailable when the database does not answer.
func (r *Reporter) Prepare(ctx context.Context, req Request) (*Report, error) {
	lang := req.Lang
	if lang == "" {
		lang = req.Params.Lang
	}
	if lang == "" {
		lang = locale.RU
	}
	rep := &Report{page: req.Page, w: wordsFor(lang), figures: r.figures}
	switch req.Page {
	case PageOverview, "":
		rep.page = PageOverview
		o, err := r.views.Overview(ctx, req.Params)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		rep.overview, rep.params, rep.vintage = o, o.Params, o.Vintage
		// Every figure of the country at the exhibition, not only the
		// charted metrics: the summary's key figures show them all.
		rep.filter = queries.FigureFilter{Exhibitions: []string{o.Exhibition}, Countries: []string{o.Country},
			FromYear: o.Params.From, ToYear: o.Params.To}
	case PageCompare:
		c, err := r.views.Compare(ctx, req.Params)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		rep.compare, rep.params, rep.vintage = c, c.Params, c.Vintage
		rep.filter = queries.FigureFilter{Exhibitions: c.Params.Exhibitions, Countries: c.Params.Countries,
			Metrics: []string{c.Metric}, FromYear: c.Params.From, ToYear: c.Params.To}
		if len(c.Params.Countries) == 0 {
			rep.filter.Countries = []string{"-"} // nothing has data: select nothing, not everything
		}
	case PageData:
		d, err := r.views.Data(ctx, req.Params)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		rep.data, rep.params, rep.vintage = d, d.Params, d.Vintage
		// The same filter as the view's table, without its row limit.
		rep.filter = queries.FigureFilter{Exhibitions: d.Params.Exhibitions, Countries: d.Params.Countries,
			Metrics: d.Params.Metrics, FromYear: d.Params.From, ToYear: d.Params.To}
	default:
		return nil, &view.ParamError{Param: ParamPage, Value: string(req.Page), Problem: view.ProblemUnknown}
	}
	rep.params.Lang = lang
	if req.Params.Sort != "" {
		rep.params.Sort = req.Params.Sort
	}
	return rep, nil
}

// Lang returns the report's language.
func (rep *Report) Lang() locale.Lang { return rep.w.Lang }

// Vintage returns the import the report's data is as of.
func (rep *Report) Vintage() tradedash.Vintage { return rep.vintage }

// DefaultBaseURL is the dashboard's address when none is configured: that
// of `tradedash serve` with its default --addr.
const DefaultBaseURL = "http://127.0.0.1:8080"

// ParseBaseURL checks a configured dashboard address, the base of every
// link a generated document carries, and returns it without a trailing
// slash. It must be an absolute http or https URL with a host, and may
// have a path (a dashboard behind a proxy under /trade) but no user, query
// or fragment, which a link built on it would carry on or break. The base
// is configuration, never a request's Host or X-Forwarded-Host: a forged
// header would otherwise put its address into a workbook an official
// forwards.
func ParseBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", fmt.Errorf("base URL %q: %w", raw, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("base URL %q: must begin with http:// or https://", raw)
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("base URL %q: has no host", raw)
	case u.User != nil:
		return "", fmt.Errorf("base URL %q: must not carry a user or password", raw)
	case u.RawQuery != "" || u.ForceQuery:
		return "", fmt.Errorf("base URL %q: must not have a query (?...)", raw)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", fmt.Errorf("base URL %q: must not have a fragment (#...)", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// Permalink returns the address of the same view on the dashboard at base
// (e.g. "http://127.0.0.1:8080"), language included.
func (rep *Report) Permalink(base string) string {
	path := view.PathOverview
	switch rep.page {
	case PageCompare:
		path = view.PathCompare
	case PageData:
		path = view.PathData
	}
	u := strings.TrimRight(base, "/") + path
	if q := rep.params.Values().Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// FileName names the report's file after its view: the exhibition, the
// country, the years and the day it was made, e.g.
// "tradedash_innoprom_CN_2011-2025_2026-11-25.xlsx". It is ASCII only, so
// it needs no encoding in a Content-Disposition header or a shell.
func (rep *Report) FileName(ext string, now time.Time) string {
	parts := []string{"tradedash"}
	switch rep.page {
	case PageCompare:
		parts = append(parts, "compare")
	case PageData:
		parts = append(parts, "data")
	}
	list := func(codes []string) {
		switch {
		case len(codes) == 0:
		case len(codes) <= 3:
			parts = append(parts, strings.Join(codes, "-"))
		default:
			parts = append(parts, strings.Join(codes[:3], "-")+"-etc")
		}
	}
	list(rep.params.Exhibitions)
	list(rep.params.Countries)
	if rep.page == PageCompare || rep.page == PageData {
		list(rep.params.Metrics)
	}
	if years := rep.years(); len(years) > 0 {
		parts = append(parts, strconv.Itoa(years[0])+"-"+strconv.Itoa(years[len(years)-1]))
	} else if rep.params.From != 0 || rep.params.To != 0 {
		parts = append(parts, yearOrOpen(rep.params.From)+"-"+yearOrOpen(rep.params.To))
	}
	parts = append(parts, now.UTC().Format("2006-01-02"))
	name := strings.Join(parts, "_")
	// Codes are ASCII letters, digits and "_" already; keep it so.
	name = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, name)
	return name + ext
}

func yearOrOpen(y int) string {
	if y == 0 {
		return "x"
	}
	return strconv.Itoa(y)
}

// years returns the years the view's chart spans, if it has one.
func (rep *Report) years() []int {
	switch {
	case rep.overview != nil:
		return rep.overview.Years
	case rep.compare != nil:
		return rep.compare.Years
	}
	return nil
}

// exhibitionName names an exhibition in the report's language.
func (w words) exhibitionName(code string) string {
	if e, ok := reference.ExhibitionByCode(code); ok {
		return e.Name(string(w.Lang))
	}
	return code
}

// countryName names a country the way the dashboard does: ALL is "all
// exhibitors".
func (w words) countryName(code string) string {
	if code == tradedash.AllCountries {
		return w.t(allExhibitors)
	}
	if c, ok := reference.CountryByCode(code); ok {
		return c.Name(string(w.Lang))
	}
	return code
}
