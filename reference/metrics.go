package reference

import (
	_ "embed"
	"fmt"
	"sync"

	"tradedash"
)

//go:embed metrics.csv
var metricsCSV []byte

// MetricDefinition is one entry of the metric catalogue: what a metric
// counts, in each language, and the standard it follows.
type MetricDefinition struct {
	Code string
	// Follows names the standard and clause the metric follows, as a
	// reader can look it up ("ГОСТ Р ИСО 25639-1-2015, 2.1"); "" for a
	// metric no standard defines (delegations, "as reported" counts).
	Follows    string
	FollowsURL string            // where the standard's text (or its summary) can be read
	definition map[string]string // by language: "ru", "en", "zh"
}

// Standardised tells whether a standard defines the metric.
func (m MetricDefinition) Standardised() bool { return m.Follows != "" }

// Definition is the metric's definition in lang ("ru", "en", "zh"), in
// tradedash's words: a summary of the clause it follows, never presented
// as the standard's own text. It falls back to English, then Russian.
func (m MetricDefinition) Definition(lang string) string {
	for _, l := range []string{lang, "en", "ru"} {
		if d := m.definition[l]; d != "" {
			return d
		}
	}
	return ""
}

var metricsLoaded = sync.OnceValue(func() map[string]MetricDefinition {
	m, err := loadMetrics()
	if err != nil {
		panic(fmt.Sprintf("reference: %v", err))
	}
	return m
})

func loadMetrics() (map[string]MetricDefinition, error) {
	rows, err := readCSV("metrics.csv", metricsCSV, 6)
	if err != nil {
		return nil, err
	}
	out := map[string]MetricDefinition{}
	for _, r := range rows {
		m, ok := tradedash.MetricByCode(r[0])
		if !ok || m.ReplacedBy != "" {
			return nil, fmt.Errorf("metrics.csv: %q is not a current metric of tradedash.Metrics", r[0])
		}
		out[r[0]] = MetricDefinition{Code: r[0], Follows: r[1], FollowsURL: r[2],
			definition: map[string]string{"ru": r[3], "en": r[4], "zh": r[5]}}
	}
	return out, nil
}

// MetricByCode returns the catalogue entry of a metric; a replaced code
// (tradedash.Metric.ReplacedBy) gives the entry of the metric it is read
// as.
func MetricByCode(code string) (MetricDefinition, bool) {
	if m, ok := tradedash.CurrentMetric(code); ok {
		code = m.Code
	}
	m, ok := metricsLoaded()[code]
	return m, ok
}

// MetricNames suggests the metrics closest to a name nobody knows, the way
// ResolveCountry does for countries: an import refuses "Экспоненты2" and
// offers "Экспоненты (exhibitors)".
type MetricNames struct {
	c *catalog
}

// NewMetricNames builds the suggester from the names each metric code is
// written with in files (aliases, by code; the code itself is added) and
// label, which names a metric in a suggestion in a language ("ru", "en",
// "zh"). A name that means two metrics is an error.
func NewMetricNames(aliases map[string][]string, label func(code, lang string) string) (*MetricNames, error) {
	var codes []string
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy == "" {
			codes = append(codes, m.Code)
		}
	}
	c := newCatalog("metric", func(i int, lang string) string { return label(codes[i], lang) })
	for i, code := range codes {
		if err := c.addName(code, i); err != nil {
			return nil, err
		}
		for _, a := range aliases[code] {
			if err := c.addName(a, i); err != nil {
				return nil, err
			}
		}
	}
	return &MetricNames{c: c}, nil
}

// Suggest returns up to three labels of the metrics whose names are
// closest to s, best first, in the language of s's script.
func (n *MetricNames) Suggest(s string) []string {
	return n.c.suggest(normalize(s), scriptLang(s))
}
