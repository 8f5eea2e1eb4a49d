package dashboard

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
	"tradedash/view"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages, each one template file beside the shared layout.
var pageNames = []string{"overview", "compare", "data", "imports", "pair", "definitions", "error"}

type templates map[string]*template.Template

// templateFuncs are the few helpers templates need that do not depend on
// the language; everything that does is a method of the page's locale.
var templateFuncs = template.FuncMap{
	"link": sourceLink,
}

func loadTemplates() (templates, error) {
	t := templates{}
	for _, name := range pageNames {
		tpl, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("dashboard templates: %w", err)
		}
		t[name] = tpl
	}
	return t, nil
}

// cachedPage answers with the page name built by build for the request's
// parameters and language. The rendered bytes are kept in the views' cache
// under the data's vintage, so a repeated view costs neither a query nor a
// template run, and a new import shows at once.
func (h *handler) cachedPage(c *fiber.Ctx, name string, build func(context.Context, *pageLang, view.Params) (any, error)) error {
	p, err := view.ParseParams(queryValues(c))
	if err != nil {
		return err
	}
	l := localeFor(c)
	ctx, cancel := h.ctx(c)
	defer cancel()
	// The URL's own lang changes the links; the chosen one the text.
	key := p.Values().Encode() + "|" + string(l.Lang)
	body, err := view.Cached(ctx, h.views, "page:"+name, key, func(tradedash.Vintage) ([]byte, int, error) {
		data, err := build(ctx, l, p)
		if err != nil {
			return nil, 0, err
		}
		var buf bytes.Buffer
		if err := h.tpl[name].ExecuteTemplate(&buf, "layout", data); err != nil {
			return nil, 0, fmt.Errorf("render %s: %w", name, err)
		}
		return buf.Bytes(), buf.Len() / 1024, nil
	})
	if err != nil {
		return err
	}
	return h.send(c, l, fiber.StatusOK, body)
}

// send answers with a page rendered in l.
func (h *handler) send(c *fiber.Ctx, l *pageLang, status int, body []byte) error {
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptLanguage)
	c.Set(fiber.HeaderContentLanguage, l.Tag())
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Type("html", "utf-8")
	return c.Status(status).Send(body)
}

// render executes a page into a buffer first, so a template error becomes
// an error page rather than half a page.
func (h *handler) render(c *fiber.Ctx, l *pageLang, name string, status int, data any) error {
	var buf bytes.Buffer
	if err := h.tpl[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return h.send(c, l, status, buf.Bytes())
}

// page is what the layout shows around every page.
type page struct {
	L      *pageLang
	Title  string
	Home   string
	Nav    []navLink
	Langs  []navLink
	Assets assetURLs
	// EChartsLocale is the script that teaches ECharts the page's
	// language, "" when ECharts knows it already.
	EChartsLocale string
	Vintage       string // "data as of import N, date"; "" on error pages
	API           string // the JSON API URL of the same data
}

type navLink struct {
	URL     string
	Text    string
	Lang    locale.Lang
	Current bool
}

// The pages' paths, shared with the reports that link to them.
const (
	pathOverview = view.PathOverview
	pathCompare  = view.PathCompare
	pathData     = view.PathData
	pathImports  = view.PathImports
)

// newPage fills the layout for the page at path. Navigation keeps the
// exhibition and country (and the language, when the URL chose it), so a
// reader moving between pages stays on the same subject; the language
// links keep the whole view, and name each language in itself.
func (h *handler) newPage(l *pageLang, path, title string, p view.Params, vin *tradedash.Vintage) page {
	pg := page{L: l, Title: title, Assets: h.static.urls, EChartsLocale: h.static.echartsLocale(l.Lang)}
	shared := view.Params{Exhibitions: p.Exhibitions, Lang: p.Lang}
	if len(p.Countries) == 1 {
		shared.Countries = p.Countries
	}
	pg.Home = href(pathOverview, view.Params{Lang: p.Lang})
	for _, n := range []struct{ path, key string }{
		{pathOverview, "nav.overview"}, {pathCompare, "nav.compare"}, {pathData, "nav.data"}, {pathPair, "pair.nav"}, {pathImports, "nav.imports"},
		{pathDefinitions, "definitions.nav"},
	} {
		q := shared
		if n.path == pathImports || n.path == pathPair || n.path == pathDefinitions {
			q = view.Params{Lang: p.Lang}
		}
		pg.Nav = append(pg.Nav, navLink{URL: href(n.path, q), Text: l.T(n.key), Current: n.path == path})
	}
	for _, lang := range locale.Langs() {
		q := p
		q.Lang = lang
		pg.Langs = append(pg.Langs, navLink{URL: href(path, q), Text: lang.Name(), Lang: lang, Current: lang == l.Lang})
	}
	if vin != nil {
		pg.Vintage = l.vintage(*vin)
	}
	api := p
	api.Lang, api.Sort = "", ""
	pg.API = href("/api/v1/figures", api)
	return pg
}

// href is path with the canonical query string of p.
func href(path string, p view.Params) string {
	q := p.Values().Encode()
	if q == "" {
		return path
	}
	return path + "?" + q
}

// sourceLinkData is a source that may be a link.
type sourceLinkData struct {
	URL  string
	Text string // the host, with the path shortened
}

// sourceLink returns a link for a source that is an http or https URL, and
// nil for anything else (a citation, or a javascript: or data: URL, which
// must never become a link).
func sourceLink(s string) *sourceLinkData {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return nil
	}
	text := strings.TrimPrefix(u.Host, "www.")
	if p := strings.Trim(u.Path, "/"); p != "" {
		text += "/…"
	}
	return &sourceLinkData{URL: u.String(), Text: text}
}

// option is one choice of a filter.
type option struct {
	Value    string
	Text     string
	Selected bool
}

// filterField is one select of a filter form.
type filterField struct {
	Name     string
	Label    string
	Multiple bool
	Size     int
	Options  []option
}

// filterForm is the GET form at the top of a page: submitting it loads the
// same page with the chosen parameters in the URL.
type filterForm struct {
	L         *pageLang
	Action    string
	Fields    []filterField
	From, To  string
	FirstYear string // placeholders: the range the view shows when open
	LastYear  string
	Lang      locale.Lang
	Sort      string
}

func (h *handler) newFilters(l *pageLang, action string, p view.Params, years []int) filterForm {
	f := filterForm{L: l, Action: action, Lang: p.Lang, Sort: p.Sort}
	if p.From != 0 {
		f.From = strconv.Itoa(p.From)
	}
	if p.To != 0 {
		f.To = strconv.Itoa(p.To)
	}
	if len(years) > 0 {
		f.FirstYear, f.LastYear = strconv.Itoa(years[0]), strconv.Itoa(years[len(years)-1])
	}
	return f
}

// exhibitionField offers every known exhibition.
func exhibitionField(l *pageLang, selected []string, multiple bool, withAny bool) filterField {
	f := filterField{Name: view.ParamExhibition, Label: l.T("filter.exhibition"), Multiple: multiple, Size: 4}
	if withAny {
		f.Options = append(f.Options, option{Value: "", Text: l.T("filter.any"), Selected: len(selected) == 0})
	}
	for _, e := range reference.Exhibitions() {
		f.Options = append(f.Options, option{Value: e.Code, Text: e.Name(string(l.Lang)), Selected: slices.Contains(selected, e.Code)})
	}
	return f
}

// countryField offers the countries with figures (and any already chosen),
// the whole exhibition first, then by name in the reader's language.
func countryField(l *pageLang, codes, selected []string, multiple bool, withAny bool) filterField {
	f := filterField{Name: view.ParamCountry, Label: l.T("filter.country"), Multiple: multiple, Size: 4}
	if multiple {
		f.Label = l.T("filter.countries")
	}
	codes = slices.Clone(codes)
	for _, s := range selected {
		if !slices.Contains(codes, s) {
			codes = append(codes, s)
		}
	}
	slices.SortFunc(codes, func(a, b string) int {
		switch {
		case a == tradedash.AllCountries:
			return -1
		case b == tradedash.AllCountries:
			return 1
		}
		return strings.Compare(l.Country(a), l.Country(b))
	})
	if withAny {
		f.Options = append(f.Options, option{Value: "", Text: l.T("filter.any"), Selected: len(selected) == 0})
	}
	for _, c := range codes {
		f.Options = append(f.Options, option{Value: c, Text: l.Country(c), Selected: slices.Contains(selected, c)})
	}
	return f
}

// metricField offers every metric; with a none text, a choice of no
// metric first.
func metricField(l *pageLang, label, selected, none string) filterField {
	f := filterField{Name: view.ParamMetric, Label: label}
	if none != "" {
		f.Options = append(f.Options, option{Value: "", Text: none, Selected: selected == ""})
	}
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy != "" {
			continue // an old link's code is read as its successor, never offered
		}
		f.Options = append(f.Options, option{Value: m.Code, Text: l.MetricName(m.Code), Selected: m.Code == selected})
	}
	return f
}

// basisField offers the bases a view may be limited to, several at once
// ("audited and organiser only"); none chosen means every basis.
func basisField(l *pageLang, selected []tradedash.Basis) filterField {
	f := filterField{Name: view.ParamBasis, Label: l.T("claims.filter.basis"), Multiple: true, Size: 4}
	for _, b := range tradedash.Bases {
		f.Options = append(f.Options, option{Value: string(b), Text: l.BasisName(b), Selected: slices.Contains(selected, b)})
	}
	return f
}

// milestoneItem is a milestone as a list and a chart show it.
type milestoneItem struct {
	Number    int // its mark on the chart
	Year      int
	Date      string
	Title     string
	TitleLang locale.Lang // the title's language when it is not the page's
	TitleNote string      // then, which language that is: "(in English)"
	Note      string
	Source    string
	Scope     string // the country or "whole exhibition"
}

func milestoneItems(l *pageLang, ms []tradedash.Milestone) []milestoneItem {
	out := make([]milestoneItem, len(ms))
	for i, m := range ms {
		out[i] = milestoneItem{
			Number: i + 1,
			Year:   m.Date.Year(),
			Date:   l.Date(m.Date, m.Precision),
			Note:   m.Note,
			Source: m.Source,
			Scope:  l.Country(m.Country),
		}
		out[i].Title, out[i].TitleLang, out[i].TitleNote = l.milestoneTitle(m)
	}
	return out
}

// label is the title as a chart's tooltip shows it, drawn on a canvas
// that has no lang attribute: with the note when it is in another
// language.
func (m milestoneItem) label() string {
	if m.TitleNote == "" {
		return m.Title
	}
	return m.Title + " " + m.TitleNote
}
