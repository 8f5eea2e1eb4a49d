// Package report writes what the dashboard shows as files an official can
// hand on: an Excel workbook (a summary, one sheet per chart with a native
// Excel chart over numeric cells, every figure on a Data sheet that imports
// back unchanged, and the sources as links), the figures as CSV, and the
// data-entry template. The web downloads and `tradedash export` both go
// through Prepare and the writers here, so the same view gives the same file.
//
// A report renders the view results of package view (Overview, Compare,
// Data, Pair): the very values the pages and the JSON API show. Only the
// Data sheet reads further, streaming every figure the view's filter
// selects, so that it is complete however many there are; the pair's Data
// sheet holds its trade flows instead, in tradedash's own trade sheet
// format.
//
// Each page a report can be made from is a type in its own file
// (overview.go, compare.go, data.go, pair.go) behind the small page interface of
// page.go: its title, key figures, chart sheet, dashboard path and file
// name. Every text a reader sees is a message of package locale, in any
// language it has.
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
	"tradedash/view"
)

// The query parameters a download reads besides the view's own.
const (
	ParamPage = "page" // a Page: overview (default), compare, data or pair
	ParamSep  = "sep"  // CSV delimiter: semicolon (with decimal commas) or comma
)

// Request says which view a report shows and how.
type Request struct {
	Page   Page
	Params view.Params // as the URL or the command line gave them
	// Pair is the pair page's view (PagePair), read from a, b, from, to,
	// base, year and lang; Params then holds only the years and language.
	Pair view.PairParams
	Lang locale.Lang // the report's language; Params.Lang when empty, then Russian
	// Sep is the CSV delimiter: ';' (with decimal commas, for Russian
	// Excel) or ','. 0 chooses by language.
	Sep rune
}

// ParseRequest reads a download URL's query: the view parameters of
// view.ParseParams (of view.ParsePairParams for the pair), plus page and
// sep. Errors are *view.ParamError, safe to show.
func ParseRequest(q url.Values) (Request, error) {
	r := Request{Page: pages[0].name}
	if s := strings.TrimSpace(q.Get(ParamPage)); s != "" {
		k, ok := findPage(Page(strings.ToLower(s)))
		if !ok {
			return Request{}, &view.ParamError{Param: ParamPage, Value: clip(s), Problem: view.ProblemUnknown,
				Suggest: pageNames()}
		}
		r.Page = k.name
	}
	if r.Page == PagePair {
		pp, err := view.ParsePairParams(q)
		if err != nil {
			return Request{}, err
		}
		r.Pair, r.Params, r.Lang = pp, view.Params{From: pp.From, To: pp.To, Lang: pp.Lang}, pp.Lang
	} else {
		p, err := view.ParseParams(q)
		if err != nil {
			return Request{}, err
		}
		r.Params, r.Lang = p, p.Lang
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

// Source is what the Data sheet and the CSV read beyond the view: the
// current figures a filter selects, streamed in the order of
// queries.DB.EachFigure, and the current trade flows. *queries.DB is one.
type Source interface {
	EachFigure(ctx context.Context, f queries.FigureFilter, fn func(tradedash.Figure) error) error
	TradeFlows(ctx context.Context, f queries.TradeFilter) ([]tradedash.TradeFlow, error)
}

// Reporter makes reports from the dashboard's views and the figures behind
// them.
type Reporter struct {
	views   *view.Views
	figures Source
}

// New returns a Reporter over views, streaming the Data sheet's figures
// from figures (normally the same database the views read).
func New(views *view.Views, figures Source) *Reporter {
	return &Reporter{views: views, figures: figures}
}

// Report is one view, built and ready to be written in any format.
type Report struct {
	lang    locale.Lang
	page    page
	params  view.Params // as used by the view: defaults filled in
	vintage tradedash.Vintage
	filter  queries.FigureFilter
	trade   []queries.TradeFilter // the pair: trade flows instead of figures
	figures Source
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
		lang = locale.Default
	}
	k, ok := findPage(req.Page)
	if !ok {
		return nil, &view.ParamError{Param: ParamPage, Value: string(req.Page), Problem: view.ProblemUnknown, Suggest: pageNames()}
	}
	pr, err := k.prepare(ctx, r.views, req)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	rep := &Report{lang: lang, page: pr.page, params: pr.params, vintage: pr.vintage, filter: pr.filter, trade: pr.trade, figures: r.figures}
	rep.params.Lang = lang
	if req.Params.Sort != "" {
		rep.params.Sort = req.Params.Sort
	}
	return rep, nil
}

// Lang returns the report's language.
func (rep *Report) Lang() locale.Lang { return rep.lang }

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
	u := strings.TrimRight(base, "/") + rep.page.path()
	if q := rep.page.query(rep.params).Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// FileName names the report's file after its view: the exhibition, the
// country, the years and the day it was made, e.g.
// "tradedash_innoprom_CN_2011-2025_2026-11-25.xlsx". It is ASCII only, so
// it needs no encoding in a Content-Disposition header or a shell.
func (rep *Report) FileName(ext string, now time.Time) string {
	parts := append([]string{"tradedash"}, rep.page.nameParts()...)
	if years := rep.page.years(); len(years) > 0 {
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
