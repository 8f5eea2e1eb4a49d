package reference

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"tradedash"
)

// standardsNamed are the standards and clauses that
// /work/shared/data/exhibition-standards.md names, each with the page it
// gives for it. A metric may follow only one of these: a clause it does not
// name is a clause nobody here has read.
var standardsNamed = map[string]string{
	"ГОСТ Р ИСО 25639-1-2015, 2.1":           "https://docs.cntd.ru/document/1200127463",
	"ГОСТ Р ИСО 25639-1-2015, 2.2":           "https://docs.cntd.ru/document/1200127463",
	"ГОСТ Р ИСО 25639-1-2015, 2.3":           "https://docs.cntd.ru/document/1200127463",
	"ГОСТ Р ИСО 25639-1-2015, 2.4":           "https://docs.cntd.ru/document/1200127463",
	"ГОСТ Р ИСО 25639-1-2015, 2.5":           "https://docs.cntd.ru/document/1200127463",
	"ГОСТ Р ИСО 25639-1-2023, 3.2":           "https://docs.cntd.ru/document/1304633977",
	"ГОСТ Р ИСО 25639-1-2023, 3.3":           "https://docs.cntd.ru/document/1304633977",
	"UFI calculation standards: net space":   "https://ifbso.com/shows/methodology",
	"UFI calculation standards: gross space": "https://ifbso.com/shows/methodology",
	"UFI calculation standards: exhibitors":  "https://ifbso.com/shows/methodology",
	"UFI calculation standards: visitor":     "https://ifbso.com/shows/methodology",
	"FKM":                                    "https://fkm.de",
	"ГОСТ Р 53103-2008":                      "", // two pages: rented space and foreign visitor
	"Аудит выставочной статистики РСВЯ":      "https://auditexpo.ru/en/auditv/rulesforcontrol/",
}

func TestMetricCatalogue(t *testing.T) {
	for _, m := range tradedash.Metrics {
		def, ok := MetricByCode(m.Code)
		if m.ReplacedBy != "" {
			if _, own := metricsLoaded()[m.Code]; own {
				t.Errorf("%s is replaced by %s but has an entry of its own", m.Code, m.ReplacedBy)
			}
			if !ok || def.Code != m.ReplacedBy {
				t.Errorf("MetricByCode(%s) = %q, %v; want the entry of %s", m.Code, def.Code, ok, m.ReplacedBy)
			}
			continue
		}
		if !ok {
			t.Errorf("%s has no entry in metrics.csv", m.Code)
			continue
		}
		for _, lang := range []string{"ru", "en", "zh"} {
			d := def.definition[lang]
			switch {
			case d == "":
				t.Errorf("%s has no definition in %s", m.Code, lang)
			case lang == "ru" && !hasScript(d, unicode.Cyrillic), lang == "zh" && !hasScript(d, unicode.Han):
				t.Errorf("%s: the %s definition is not in its language: %q", m.Code, lang, d)
			case lang == "en" && (hasScript(d, unicode.Han) || strings.Count(d, " ") < 5):
				t.Errorf("%s: the en definition is not English prose: %q", m.Code, d)
			}
			if got := def.Definition(lang); got != d {
				t.Errorf("%s.Definition(%s) = %q, want %q", m.Code, lang, got, d)
			}
		}
		if def.Standardised() != m.Standard {
			t.Errorf("%s: follows %q, but tradedash.Metrics says Standard=%v", m.Code, def.Follows, m.Standard)
		}
		if !def.Standardised() {
			if def.FollowsURL != "" {
				t.Errorf("%s follows no standard but has a URL %q", m.Code, def.FollowsURL)
			}
			// What tradedash means by it, and that no standard does.
			if en := def.Definition("en"); !strings.Contains(en, "No standard defines it") && !strings.Contains(en, "None of the standards") {
				t.Errorf("%s: the en definition does not say that no standard defines it: %q", m.Code, en)
			}
			continue
		}
		url, named := standardsNamed[def.Follows]
		switch {
		case !named:
			t.Errorf("%s follows %q, which exhibition-standards.md does not name", m.Code, def.Follows)
		case def.FollowsURL == "":
			t.Errorf("%s follows %q but gives no page", m.Code, def.Follows)
		case url != "" && def.FollowsURL != url:
			t.Errorf("%s: the page of %q is %s, not %s", m.Code, def.Follows, url, def.FollowsURL)
		case !strings.HasPrefix(def.FollowsURL, "https://"):
			t.Errorf("%s: %q is not a link", m.Code, def.FollowsURL)
		}
	}
	if _, ok := MetricByCode("no_such_metric"); ok {
		t.Error("MetricByCode knows no_such_metric")
	}
}

func hasScript(s string, script *unicode.RangeTable) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(script, r) }) >= 0
}

func TestMetricNamesSuggest(t *testing.T) {
	names, err := NewMetricNames(map[string][]string{
		"exhibitors":            {"экспоненты", "exhibitors", "参展商"},
		"foreign_exhibitors":    {"иностранные экспоненты"},
		"participants_reported": {"участники"},
	}, func(code, lang string) string { return lang + ":" + code })
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"экспонеты", []string{"ru:exhibitors"}},
		{"иностранные экспонеты", []string{"ru:foreign_exhibitors"}},
		{"exhibitrs", []string{"en:exhibitors", "en:co_exhibitors"}}, // codes are names too
		{"участникии", []string{"ru:participants_reported"}},
		{"погода", nil},
	} {
		if got := names.Suggest(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := NewMetricNames(map[string][]string{"exhibitors": {"x1"}, "visitors": {"x1"}}, func(c, _ string) string { return c }); err == nil {
		t.Error("a name of two metrics was accepted")
	}
}
