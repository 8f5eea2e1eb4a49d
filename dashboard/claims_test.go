package dashboard

import (
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tradedash"
	"tradedash/queries"
)

// Sources of the claims fixture.
const (
	srcOrganiser = "https://expo.innoprom.com/ru/media/news/x"
	srcUra       = "https://ura.news/news/1052665568"
	srcXinhua    = "https://sputniknews.cn/amp/20240711/1060352515.html"
	srcRu24      = "https://ru24.pro/ekaterinburg/383282192"
)

// loadClaims imports figures whose sources disagree, and the 2024 case of
// issue 11: "about 300" Chinese exhibitors of one source against 300
// foreign exhibitors of another.
func loadClaims(t *testing.T, db *queries.DB) {
	t.Helper()
	f := func(country, metric string, year int, v float64, q tradedash.Qualifier, b tradedash.Basis, src string) tradedash.Figure {
		return tradedash.Figure{Exhibition: "innoprom", Country: country, Metric: metric, Year: year, Value: v,
			Qualifier: q, Status: tradedash.Actual, Basis: b, Source: src}
	}
	ex, ov, ab := tradedash.Exact, tradedash.Over, tradedash.About
	org, press := tradedash.Organiser, tradedash.Press
	mustImport(t, db, "claims.csv", []tradedash.Figure{
		f("CN", "exhibitors", 2023, 400, ov, org, srcOrganiser),
		f("CN", "exhibitors", 2023, 370, ov, press, srcUra),
		f("CN", "net_space_m2", 2023, 5000, ex, org, srcOrganiser),
		f("CN", "participants_reported", 2015, 150, ex, press, "http://pervonachalno.ru/louter908.htm"),
		f("CN", "exhibitors", 2024, 300, ab, press, srcXinhua),
		f("ALL", "foreign_exhibitors", 2024, 300, ex, press, srcRu24),
		f("ALL", "exhibitors", 2024, 900, ex, press, srcRu24),
		f("ALL", "visitors", 2024, 47000, ex, press, srcRu24),
	}, nil)
}

func TestClaimsAndDerivedOnPages(t *testing.T) {
	ta := newTestApp(t, loadClaims)
	tests := []struct {
		name   string
		target string
		status int
		want   []string
		absent []string
	}{
		// Both claims beside the figure: the current (organiser) first.
		{"overview claims", "/?lang=en&to=2023", 200, []string{
			`<span class="claims" title="The figure&#39;s other claims, in order of rank">2 sources: `,
			`400&#43; <span class="basis">organiser</span> <a class="source" href="` + srcOrganiser + `"`,
			`370&#43; <span class="basis">press</span> <a class="source" href="` + srcUra + `"`,
			`<a class="metric-def" href="/definitions?lang=en#exhibitors" title="What this metric measures">Exhibitors</a>`,
			`<a class="metric-def" href="/definitions?lang=en#net_space_m2"`,
		}, nil},
		{"overview russian claims", "/?to=2023", 200, []string{"2 источника: ", "организатор", "СМИ"}, nil},
		{"overview chinese claims", "/?lang=zh&to=2023", 200, []string{"2个来源：", "主办方", "媒体报道"}, nil},
		// Limited to press reports, the press claim is the figure.
		// (html/template writes "+" as "&#43;".)
		{"overview press only", "/?lang=en&basis=press", 200, []string{"370&#43;", `<option value="press" selected>`},
			[]string{"2 sources", "400&#43;"}},
		{"overview audited only", "/?lang=en&basis=audited", 200, []string{"There are no figures"}, []string{"370&#43;", "400&#43;"}},
		// The pair page's participation figures likewise.
		{"pair claims", "/pair?lang=en&a=RU&b=CN", 200,
			[]string{`<span class="claim claim-current">400&#43; <span class="basis">organiser</span>`, `<span class="claim">370&#43; <span class="basis">press</span>`}, nil},
		{"pair press only", "/pair?lang=en&a=RU&b=CN&basis=press", 200, []string{"370&#43;", `<option value="press" selected>`},
			[]string{"400&#43;"}},
		{"data basis and claims", "/data?lang=en&country=CN", 200, []string{
			`<td class="basis">organiser</td>`, `<td class="basis">press</td>`, "Other sources", "2 sources: ",
		}, nil},
		// The 2024 share is no plain 100 %: flagged, approximate, its inputs in the title.
		{"compare share flagged", "/compare?lang=en&country=CN&metric=exhibitors", 200, []string{
			`id="share-table"`, `class="num flagged approx"`, "⚠ ≈100%", srcXinhua, srcRu24,
			`id="share-all-table"`, "≈33.3%", "Share of all foreign exhibitors", "Exhibitors: share of the exhibition&#39;s total",
		}, []string{">100%<"}},
		{"international", "/?lang=en&country=ALL", 200, []string{
			`id="international-table"`, "International exhibition? (ГОСТ Р ИСО 25639-1-2023, 3.3)",
			"<td>international</td>", "foreign exhibitors: 33.3% of exhibitors (threshold 10%)", "both figures are not there",
		}, nil},
		// An old link's metric is read as the metric its figures now are.
		{"old metric code", "/?lang=en&metric=companies", 200, []string{"Participants as reported", `<option value="participants_reported" selected>`}, []string{`value="companies"`}},
		{"unknown basis", "/?lang=en&basis=rumour", 400, []string{"Invalid parameter basis: unknown value “rumour”.", "audited, organiser"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := ta.get(t, tt.target)
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(body, a) {
					t.Errorf("body has %q", a)
				}
			}
			checkPageHygiene(t, body)
		})
	}
}

func TestAPIClaims(t *testing.T) {
	ta := newTestApp(t, loadClaims)
	status, body, _ := ta.get(t, "/api/v1/figures?exhibition=innoprom&country=CN&metric=exhibitors&from=2023&to=2023")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	var figs []struct {
		Metric     string  `json:"metric"`
		Value      float64 `json:"value"`
		Qualifier  string  `json:"qualifier"`
		Basis      string  `json:"basis"`
		Source     string  `json:"source"`
		Definition string  `json:"definition"`
		Others     []struct {
			Value     float64 `json:"value"`
			Qualifier string  `json:"qualifier"`
			Basis     string  `json:"basis"`
			Source    string  `json:"source"`
			Preferred *bool   `json:"preferred"`
		} `json:"others"`
	}
	if err := json.Unmarshal([]byte(body), &figs); err != nil {
		t.Fatal(err)
	}
	if len(figs) != 1 {
		t.Fatalf("%d figures: %s", len(figs), body)
	}
	f := figs[0]
	if f.Value != 400 || f.Qualifier != "over" || f.Basis != "organiser" || f.Source != srcOrganiser || f.Definition != "/definitions#exhibitors" {
		t.Errorf("current claim = %+v", f)
	}
	if len(f.Others) != 1 || f.Others[0].Value != 370 || f.Others[0].Basis != "press" || f.Others[0].Source != srcUra || f.Others[0].Preferred == nil {
		t.Errorf("others = %+v", f.Others)
	}
	// An old code in the API is read as its successor too.
	_, body, _ = ta.get(t, "/api/v1/figures?metric=companies")
	if !strings.Contains(body, `"metric":"participants_reported"`) || !strings.Contains(body, `"value":150`) {
		t.Errorf("metric=companies gives %s", body)
	}
	// Limited to press: the press claim is current, the organiser's gone.
	_, body, _ = ta.get(t, "/api/v1/figures?country=CN&metric=exhibitors&from=2023&to=2023&basis=press")
	if !strings.Contains(body, `"value":370`) || strings.Contains(body, `"value":400`) {
		t.Errorf("basis=press gives %s", body)
	}
}

// TestDefinitions: every current metric has an entry at its code, in every
// language, labelled as tradedash's summary; every metric name on the
// pages links to an entry that exists.
func TestDefinitions(t *testing.T) {
	ta := newTestApp(t, loadClaims)
	anchors := map[string]bool{}
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Definitions of the metrics", "Summary by tradedash; the standard: ГОСТ Р ИСО 25639-1-2015, 2.1",
			"tradedash&#39;s own definition: no exhibition-statistics standard defines this metric.", "Old codes read as this metric: companies"}},
		{"ru", []string{"Определения показателей", "Изложение tradedash; стандарт: ГОСТ Р ИСО 25639-1-2015, 2.1", "Старые коды"}},
		{"zh", []string{"指标定义", "tradedash概述；标准：ГОСТ Р ИСО 25639-1-2015, 2.1"}},
	} {
		status, body, _ := ta.get(t, "/definitions?lang="+tt.lang)
		if status != 200 {
			t.Fatalf("%s: status %d", tt.lang, status)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: definitions lack %q", tt.lang, w)
			}
		}
		checkPageHygiene(t, body)
		for _, m := range tradedash.Metrics {
			has := strings.Contains(body, `id="`+m.Code+`"`)
			if m.ReplacedBy == "" {
				anchors[m.Code] = true
				if !has {
					t.Errorf("%s: no entry for %s", tt.lang, m.Code)
				}
			} else if has {
				t.Errorf("%s: a replaced code %s has an entry of its own", tt.lang, m.Code)
			}
		}
	}
	if status, _, _ := ta.get(t, "/definitions?lang=de"); status != 400 {
		t.Errorf("an unknown language: %d", status)
	}
	link := regexp.MustCompile(`<a class="metric-def" href="([^"]*)"`)
	for _, page := range []string{"/?lang=en", "/?country=ALL", "/compare?lang=zh&country=CN", "/data", "/data?basis=organiser,press"} {
		_, body, _ := ta.get(t, page)
		found := link.FindAllStringSubmatch(body, -1)
		if len(found) == 0 {
			t.Errorf("%s: no metric name links to its definition", page)
		}
		for _, m := range found {
			u := html.UnescapeString(m[1])
			path, code, _ := strings.Cut(u, "#")
			if !strings.HasPrefix(path, pathDefinitions) || !anchors[code] {
				t.Errorf("%s: metric link %q has no entry", page, u)
			}
		}
	}
	// The navigation reaches the page from every page.
	_, body, _ := ta.get(t, "/data?lang=zh")
	if !strings.Contains(body, `<a href="/definitions?lang=zh">定义</a>`) {
		t.Error("no navigation link to the definitions")
	}
	if !slices.ContainsFunc(tradedash.Metrics, func(m tradedash.Metric) bool { return anchors[m.Code] }) {
		t.Error("no anchors")
	}
}
