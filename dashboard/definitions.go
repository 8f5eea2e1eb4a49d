package dashboard

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/reference"
	"tradedash/view"
)

const pathDefinitions = view.PathDefinitions

// definitionsPage says what every current metric measures, one entry per
// metric anchored at its code, so every metric name on every page can link
// to its entry.
type definitionsPage struct {
	page
	Metrics []definitionItem
}

// definitionItem is one metric's entry.
type definitionItem struct {
	Code       string // the anchor
	Name       string
	CodeText   string // "Code: exhibitors"
	Definition string // tradedash's summary in the reader's language; "" when none is written yet
	Standard   bool
	Follows    string // "Summary by tradedash; the standard: ГОСТ Р ИСО 25639-1-2015, 2.1"
	FollowsURL string // where the standard can be read, when known
	Replaced   string // the old codes read as this metric
}

func (h *handler) definitions(c *fiber.Ctx) error {
	lang, err := view.LangParam(queryValues(c))
	if err != nil {
		return err
	}
	l := localeFor(c)
	pg := definitionsPage{page: h.newPage(l, pathDefinitions, l.T("definitions.title"), view.Params{Lang: lang}, nil)}
	pg.API = "" // the page shows no figures
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy != "" {
			continue
		}
		it := definitionItem{
			Code:       m.Code,
			Name:       l.MetricName(m.Code),
			CodeText:   l.T("definitions.code", m.Code),
			Definition: l.MetricDefinition(m.Code),
			Follows:    l.T("definitions.notstandard"),
		}
		if def, ok := reference.MetricByCode(m.Code); ok && def.Standardised() {
			it.Standard = true
			it.Follows = l.T("definitions.summary", def.Follows)
			if link := sourceLink(def.FollowsURL); link != nil {
				it.FollowsURL = link.URL
			}
		}
		var old []string
		for _, r := range tradedash.Metrics {
			if r.ReplacedBy == m.Code {
				old = append(old, r.Code)
			}
		}
		if len(old) > 0 {
			it.Replaced = l.T("definitions.replaced", strings.Join(old, ", "))
		}
		pg.Metrics = append(pg.Metrics, it)
	}
	return h.render(c, l, "definitions", fiber.StatusOK, pg)
}

// metricLink is a metric's name linked to its definition.
type metricLink struct {
	Name  string
	URL   string
	Title string // "What this metric measures"
}

// newMetricLink links a metric's name to its entry on the definitions page,
// in the language the URL chose (lang may be "").
func newMetricLink(l *pageLang, p view.Params, code string) metricLink {
	if m, ok := tradedash.CurrentMetric(code); ok {
		code = m.Code
	}
	return metricLink{Name: l.MetricName(code), URL: href(pathDefinitions, view.Params{Lang: p.Lang}) + "#" + code, Title: l.T("definitions.link")}
}
