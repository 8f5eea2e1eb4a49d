package dashboard

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

func TestPages(t *testing.T) {
	ta := newTestApp(t, loadSample)
	tests := []struct {
		name   string
		target string
		header []string
		status int
		want   []string
		absent []string
	}{
		{"overview default russian", "/", nil, 200,
			[]string{`<html lang="ru">`, "ИННОПРОМ · Китай", "более\u00a0400", "5\u00a0518", "Вехи сотрудничества", `class="chart chart-trend"`}, nil},
		{"overview accept-language", "/", []string{"Accept-Language", "en-US,en;q=0.9,ru;q=0.5"}, 200,
			[]string{`<html lang="en">`, "INNOPROM · China", "400+", "5,518"}, nil},
		{"overview lang beats accept-language", "/?lang=ru", []string{"Accept-Language", "en"}, 200,
			[]string{`<html lang="ru">`}, nil},
		{"unknown accept-language falls back to russian", "/", []string{"Accept-Language", "de-DE,fr"}, 200,
			[]string{`<html lang="ru">`}, nil},
		{"overview whole exhibition", "/?country=ALL&metric=visitors&lang=en", nil, 200,
			[]string{"INNOPROM · All exhibitors", "Visitors"}, nil},
		{"overview other years", "/?from=2015&to=2016", nil, 200, []string{"2015–2016"}, nil},
		{"compare default", "/compare", nil, 200, []string{"ИННОПРОМ: страны", `id="compare-chart"`}, nil},
		{"compare exhibitions", "/compare?exhibition=innoprom,russia_china_expo&country=CN&metric=space_reported_m2&lang=en", nil, 200,
			[]string{"China: exhibitions", "Russian-Chinese EXPO"}, nil},
		// The sample's 2024: "about 300" Chinese participants as reported
		// against 300 foreign exhibitors is flagged and left undivided.
		{"compare shares", "/compare?country=CN&lang=en", nil, 200, []string{"Foreign participants as reported: share of the exhibition&#39;s total",
			`id="share-table"`, `<td class="num flagged approx" title="Questionable: a standard metric set against an “as reported” one`, "⚠ not comparable",
			"Participants as reported, China, 2024: ~300, press, https://serbia.news-pravda.com/world/2024/07/11/68680.html",
			"Foreign exhibitors, All exhibitors, 2024: 300, press, https://ru24.pro/ekaterinburg/383282192"}, []string{">100%<"}},
		{"data", "/data?exhibition=innoprom&country=CN&sort=-year", nil, 200,
			[]string{`id="figures-table"`, `aria-sort="descending"`, "прогноз", "https://expo.innoprom.com/"}, nil},
		{"imports", "/imports?lang=en", nil, 200, []string{"innoprom-figures.csv", "committed", "Data as of import"}, nil},

		{"unknown country", "/?country=ZZ", nil, 400, []string{"Неизвестный код страны «ZZ»"}, nil},
		{"unknown country english", "/?country=ZZ&lang=en", nil, 400, []string{"Unknown country code “ZZ”"}, nil},
		{"unknown exhibition", "/?exhibition=nope", nil, 400, []string{"Неизвестная выставка"}, nil},
		{"unknown metric", "/data?metric=profit", nil, 400, []string{"Неизвестный показатель"}, nil},
		{"unknown language", "/?lang=de", nil, 400, []string{"Неизвестный язык"}, nil},
		{"year not a number", "/?from=abc", nil, 400, []string{"не год от 1900 до 2100"}, nil},
		{"year out of range", "/?to=2101", nil, 400, []string{"не год"}, nil},
		{"years reversed", "/?from=2020&to=2010", nil, 400, []string{"Начальный год позже конечного"}, nil},
		{"overview takes one country", "/?country=CN,BY", nil, 400, []string{"не более 1"}, nil},
		{"compare many by many", "/compare?country=CN,BY&exhibition=innoprom,canton_fair", nil, 400,
			[]string{"Сравнить можно несколько стран"}, nil},
		{"too many countries", "/compare?country=" + strings.Repeat("CN,BY,KZ,IN,JP,KR,TR,IT,AE,SA,DE,FR,", 1) + "US", nil, 400, []string{"не более 12"}, nil},
		{"unknown sort", "/data?sort=price", nil, 400, []string{"нельзя отсортировать"}, nil},
		{"value too long", "/?country=" + strings.Repeat("x", 100), nil, 400, []string{"слишком длинный"}, nil},
		{"not found", "/nope", nil, 404, []string{"Страница не найдена"}, nil},
		{"query too long", "/?country=" + strings.Repeat("CN,", 1000), nil, 414, []string{"Адрес слишком длинный", "Параметр country слишком длинный"}, nil},
		{"long exhibition is not about countries", "/?lang=en&exhibition=" + strings.Repeat("x", 6000), nil, 414,
			[]string{"Address too long", "Parameter exhibition is too long: 6012 bytes, at most 2048 allowed."}, []string{"countries"}},
		{"not text is not too long", "/?metric=%ff%fe", nil, 400, []string{"Параметр metric — не текст"}, []string{"слишком длинный"}},

		{"overview chinese", "/?lang=zh", nil, 200,
			[]string{`<html lang="zh">`, "叶卡捷琳堡国际工业博览会 · 中国", "超过400", "10,000", "合作大事记", "2023年7月",
				`<p class="card-meta">2025年`, "下载：", "Excel 报告", "数据录入模板", "数据截至第"}, []string{"Download", "Скачать"}},
		{"compare chinese", "/compare?lang=zh", nil, 200, []string{"叶卡捷琳堡国际工业博览会：各国比较", "参展方（按来源口径）（按年份）"}, nil},
		{"compare exhibitions chinese", "/compare?exhibition=innoprom,russia_china_expo&country=CN&metric=space_reported_m2&lang=zh", nil, 200,
			[]string{"中国：各展会比较", "中俄博览会"}, nil},
		{"data chinese", "/data?exhibition=innoprom&country=CN&sort=-year&lang=zh", nil, 200, []string{"行数：10", "预测", "精确"}, nil},
		{"imports chinese", "/imports?lang=zh", nil, 200, []string{"已提交", "innoprom-figures.csv"}, nil},
		{"unknown country chinese", "/?country=ZZ&lang=zh", nil, 400, []string{`<html lang="zh">`, "请求无效", "未知的国家代码“ZZ”"}, nil},
		{"not found chinese", "/nope?lang=zh", nil, 404, []string{"页面不存在"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := ta.get(t, tt.target, tt.header...)
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

// TestLanguageChoice: ?lang= first, then Accept-Language (as locale.Match
// reads it), then Russian; the page, its Content-Language and a JSON error
// all say the language chosen.
func TestLanguageChoice(t *testing.T) {
	ta := newTestApp(t, loadSample)
	for _, tt := range []struct {
		query, accept string
		want          locale.Lang
	}{
		{"lang=zh", "", locale.ZH},
		{"lang=ZH", "ru", locale.ZH},
		{"", "zh", locale.ZH},
		{"", "zh-CN", locale.ZH},
		{"", "zh-Hans", locale.ZH},
		{"", "zh-Hans-CN,zh;q=0.9,en;q=0.8", locale.ZH},
		{"", "fr-FR,fr;q=0.9,zh;q=0.5", locale.ZH},
		// Traditional Chinese: Simplified is closer than Russian, unless the
		// reader names a language we have exactly.
		{"", "zh-TW", locale.ZH},
		{"", "zh-TW,en;q=0.8", locale.EN},
		{"", "en-GB", locale.EN},
		{"", "ja-JP", locale.RU},
		{"", "", locale.RU},
		{"lang=en", "zh-CN", locale.EN},
	} {
		name := tt.query + "|" + tt.accept
		t.Run(name, func(t *testing.T) {
			var header []string
			if tt.accept != "" {
				header = []string{"Accept-Language", tt.accept}
			}
			for _, target := range []string{"/?" + tt.query, "/compare?" + tt.query + "&country=ZZ", "/api/v1/figures?" + tt.query + "&country=ZZ",
				pathTemplate + "?" + tt.query} {
				status, body, h := ta.get(t, target, header...)
				if got := h.Get("Content-Language"); got != tt.want.Tag() {
					t.Errorf("GET %s: Content-Language %q, want %q", target, got, tt.want.Tag())
				}
				if strings.HasPrefix(target, "/download/") {
					if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "_"+tt.want.Tag()+".xlsx") {
						t.Errorf("GET %s = %d %s, want the template in %s", target, status, h.Get("Content-Disposition"), tt.want)
					}
					continue
				}
				if strings.HasPrefix(target, "/api/") {
					var e struct{ Error string }
					if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e.Error, tt.want.T("param.unknown.country", "ZZ")) {
						t.Errorf("GET %s = %d %s, want the error in %s", target, status, body, tt.want)
					}
					continue
				}
				if !strings.Contains(body, `<html lang="`+tt.want.Tag()+`">`) {
					t.Errorf("GET %s = %d: not in %s: %.200s", target, status, tt.want, body)
				}
			}
		})
	}
}

// TestLanguageSwitch: the switch offers every language of the catalog by
// its own name, marked with its language, the current one marked too.
func TestLanguageSwitch(t *testing.T) {
	ta := newTestApp(t, loadSample)
	for _, current := range locale.Langs() {
		_, body, _ := ta.get(t, "/compare?country=CN,JP&lang="+string(current))
		for _, l := range locale.Langs() {
			link := regexp.MustCompile(`<a href="/compare\?[^"]*country=CN%2CJP&amp;[^"]*lang=` + string(l) + `[^"]*" hreflang="` + l.Tag() + `" lang="` + l.Tag() + `"( class="current" aria-current="true")?>` + regexp.QuoteMeta(l.Name()) + `</a>`)
			m := link.FindStringSubmatch(body)
			switch {
			case m == nil:
				t.Errorf("%s page: no link to %s named %q", current, l, l.Name())
			case (m[1] != "") != (l == current):
				t.Errorf("%s page: link to %s marked current: %v", current, l, m[1] != "")
			}
		}
	}
}

// TestMilestoneTitleLanguage: a milestone without a title in the page's
// language shows the one it has, marked with its language and saying so.
func TestMilestoneTitleLanguage(t *testing.T) {
	ta := newTestApp(t, func(t *testing.T, db *queries.DB) {
		mustImport(t, db, "milestones.csv", []tradedash.Figure{{
			Exhibition: "innoprom", Country: "CN", Metric: "participants_reported", Year: 2020,
			Value: 100, Qualifier: tradedash.Exact, Status: tradedash.Actual, Source: "https://example.org/",
		}}, []tradedash.Milestone{
			{Date: time.Date(2019, 7, 8, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay, Exhibition: "innoprom", Country: "CN",
				TitleRU: "Только по-русски"},
			{Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionYear, Exhibition: "innoprom", Country: "CN",
				TitleRU: "По-русски и по-английски", TitleEN: "In Russian and English"},
		})
	})
	for _, tt := range []struct {
		lang         locale.Lang
		want, absent []string
	}{
		{locale.EN, []string{`<span class="ms-title" lang="ru">Только по-русски</span> <span class="ms-lang">(in Russian)</span>`,
			`<span class="ms-title">In Russian and English</span>`}, []string{`English</span> <span class="ms-lang">`}},
		{locale.ZH, []string{`<span class="ms-title" lang="ru">Только по-русски</span> <span class="ms-lang">（俄文）</span>`,
			`<span class="ms-title" lang="en">In Russian and English</span> <span class="ms-lang">（英文）</span>`}, nil},
		{locale.RU, []string{`<span class="ms-title">Только по-русски</span>`, `<span class="ms-title">По-русски и по-английски</span>`},
			[]string{`ms-lang`}},
	} {
		for _, target := range []string{"/?lang=", "/data?exhibition=innoprom&country=CN&lang="} {
			_, body, _ := ta.get(t, target+string(tt.lang))
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s%s lacks %s", target, tt.lang, w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(body, a) {
					t.Errorf("%s%s has %s", target, tt.lang, a)
				}
			}
		}
		// The chart's milestone marks and tooltips say it too.
		_, body, _ := ta.get(t, "/?lang="+string(tt.lang))
		if tt.lang != locale.RU && !strings.Contains(body, "Только по-русски "+tt.lang.T("milestone.in.ru")) {
			t.Errorf("%s chart does not mark the Russian title", tt.lang)
		}
	}
}

// TestMilestoneNotes: every language a milestone's title may be in has its
// note in every language of the pages.
func TestMilestoneNotes(t *testing.T) {
	m := tradedash.Milestone{TitleRU: "ru", TitleEN: "en", TitleZH: "zh"}
	for _, from := range []struct {
		lang  locale.Lang
		title func(*tradedash.Milestone) *string
	}{
		{locale.RU, func(m *tradedash.Milestone) *string { return &m.TitleRU }},
		{locale.EN, func(m *tradedash.Milestone) *string { return &m.TitleEN }},
		{locale.ZH, func(m *tradedash.Milestone) *string { return &m.TitleZH }},
	} {
		only := tradedash.Milestone{}
		*from.title(&only) = *from.title(&m)
		for _, l := range locale.Langs() {
			if !l.Has("milestone.in." + string(from.lang)) {
				t.Errorf("%s: no message milestone.in.%s", l, from.lang)
			}
			title, lang, note := locales[l].milestoneTitle(only)
			if title != string(from.lang) {
				t.Errorf("%s: title %q, want %q", l, title, from.lang)
			}
			if (lang == "") != (l == from.lang) || (note == "") != (l == from.lang) {
				t.Errorf("%s page, title in %s: lang %q, note %q", l, from.lang, lang, note)
			}
		}
		// A title in the page's own language wins over every other.
		for _, l := range locale.Langs() {
			if title, lang, _ := locales[l].milestoneTitle(m); title != string(l) || lang != "" {
				t.Errorf("%s page with every title: %q in %q", l, title, lang)
			}
		}
	}
}

var (
	inlineHandler = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)
	styleAttr     = regexp.MustCompile(`(?i)<[^>]+\sstyle\s*=`)
	scriptTag     = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	untranslated  = regexp.MustCompile(`[>"]\s*(nav|filter|overview|compare|data|imports|error|col|chart|milestones|vintage|footer|app|table|change|country)\.[a-z0-9_.]+\s*[<"]`)
)

// checkPageHygiene checks what the Content-Security-Policy relies on (no
// inline script, handler or style) and that no message key leaked.
func checkPageHygiene(t *testing.T, body string) {
	t.Helper()
	if m := inlineHandler.FindString(body); m != "" {
		t.Errorf("inline event handler: %s", m)
	}
	if m := styleAttr.FindString(body); m != "" {
		t.Errorf("inline style: %s", m)
	}
	for _, tag := range scriptTag.FindAllString(body, -1) {
		if !strings.Contains(tag, ` src="/static/`) && !strings.Contains(tag, `type="application/json"`) {
			t.Errorf("inline script: %s", tag)
		}
	}
	for _, m := range untranslated.FindAllString(body, -1) {
		t.Errorf("message key shown instead of text: %s", m)
	}
}

func TestHeaders(t *testing.T) {
	ta := newTestApp(t, loadSample)
	_, _, h := ta.get(t, "/")
	for name, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "SAMEORIGIN",
		"Referrer-Policy":         "no-referrer",
		"Content-Type":            "text/html; charset=utf-8",
		"Vary":                    "Accept-Language",
	} {
		if got := h.Get(name); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q in it", name, got, want)
		}
	}

	st, err := loadStatic()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		target, cache string
		status        int
	}{
		{st.urls.ECharts, "immutable", 200},
		{st.urls.JS, "immutable", 200},
		{"/static/app.js?v=old", "no-cache", 200},
		{"/static/nothing.js", "", 404},
	} {
		status, body, h := ta.get(t, tt.target)
		if status != tt.status || !strings.Contains(h.Get("Cache-Control"), tt.cache) {
			t.Errorf("GET %s = %d, Cache-Control %q; want %d, %q", tt.target, status, h.Get("Cache-Control"), tt.status, tt.cache)
		}
		if tt.target == st.urls.ECharts && !strings.Contains(body[:min(len(body), 2000)], "echarts") {
			t.Errorf("%s is not ECharts", tt.target)
		}
	}

	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x=1"))
	resp, err := ta.app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d, want 405", resp.StatusCode)
	}
}

func TestHealth(t *testing.T) {
	ta := newTestApp(t, nil)
	for _, target := range []string{"/healthz", "/readyz"} {
		if status, body, _ := ta.get(t, target); status != 200 {
			t.Errorf("GET %s = %d %s", target, status, body)
		}
	}
	// With nothing imported, the pages say so rather than fail.
	status, body, _ := ta.get(t, "/?lang=en")
	if status != 200 || !strings.Contains(body, "No data has been imported yet.") {
		t.Errorf("empty overview = %d", status)
	}
}

func TestAPI(t *testing.T) {
	ta := newTestApp(t, loadSample)

	status, body, h := ta.get(t, "/api/v1/figures?exhibition=innoprom&country=CN&metric=participants_reported")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Fatalf("figures = %d %s", status, h.Get("Content-Type"))
	}
	var figs []struct {
		Year      int     `json:"year"`
		Value     float64 `json:"value"`
		Qualifier string  `json:"qualifier"`
		Status    string  `json:"status"`
		Source    string  `json:"source"`
		Note      *string `json:"note"`
		Metric    string  `json:"metric"`
	}
	if err := json.Unmarshal([]byte(body), &figs); err != nil {
		t.Fatal(err)
	}
	found := false
	for i, f := range figs {
		if i > 0 && f.Year < figs[i-1].Year {
			t.Errorf("figures not sorted by year: %d after %d", f.Year, figs[i-1].Year)
		}
		if f.Metric != "participants_reported" || f.Note == nil {
			t.Errorf("figure %+v: wrong metric or no note field", f)
		}
		if f.Year == 2023 {
			found = true
			if f.Value != 400 || f.Qualifier != "over" || f.Status != "actual" || !strings.HasPrefix(f.Source, "http") {
				t.Errorf("2023 = %+v, want 400 over actual with a source", f)
			}
		}
	}
	if !found {
		t.Errorf("no 2023 figure in %s", body)
	}

	status, body, _ = ta.get(t, "/api/v1/milestones?exhibition=innoprom&country=CN&lang=en")
	var ms []struct {
		Date    string `json:"date"`
		TitleEN string `json:"title_en"`
		Country string `json:"country"`
	}
	if err := json.Unmarshal([]byte(body), &ms); err != nil || status != 200 {
		t.Fatalf("milestones = %d, %v", status, err)
	}
	for _, field := range []string{`"title_ru":`, `"title_en":`, `"title_zh":`} {
		if !strings.Contains(body, field) {
			t.Errorf("milestones lack %s", field)
		}
	}
	partner := false
	for i, m := range ms {
		if i > 0 && m.Date < ms[i-1].Date {
			t.Errorf("milestones not sorted by date: %s after %s", m.Date, ms[i-1].Date)
		}
		if m.Country != "CN" && m.Country != "ALL" {
			t.Errorf("milestone of %s in a CN query", m.Country)
		}
		partner = partner || strings.HasPrefix(m.Date, "2015") && strings.Contains(m.TitleEN, "partner")
	}
	if !partner {
		t.Errorf("no 2015 partner-country milestone in %s", body)
	}

	for _, target := range []string{"/api/v1/figures?country=ZZ", "/api/v1/figures?from=x", "/api/v1/nothing"} {
		status, body, h := ta.get(t, target)
		var e struct {
			Error string `json:"error"`
		}
		if status/100 != 4 || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s = %d %q, want a JSON error", target, status, body)
		}
	}
}

// TestEveryLanguageHasALocale: the messages themselves are checked by
// package locale (every key in every language, and every key the
// templates and code use).
func TestEveryLanguageHasALocale(t *testing.T) {
	for _, l := range locale.Langs() {
		if locales[l] == nil {
			t.Errorf("no locale %s", l)
		}
	}
}

// TestAPICacheFollowsImports checks that the cached API answer changes as
// soon as an import commits, and again when it is rolled back.
func TestAPICacheFollowsImports(t *testing.T) {
	ta := newTestApp(t, loadSample)
	const u = "/api/v1/figures?exhibition=innoprom&country=CN&metric=participants_reported&from=2023&to=2023"
	value := func() (string, string) {
		status, body, h := ta.get(t, u)
		if status != 200 {
			t.Fatalf("GET %s = %d", u, status)
		}
		return body, h.Get("X-Data-Import")
	}
	before, importBefore := value()
	if again, _ := value(); again != before || !strings.Contains(before, `"value":400`) {
		t.Fatalf("cached answer differs or lacks 400: %s / %s", before, again)
	}
	// A correction of the current claim: the same source (and so the same
	// claim) with another value.
	f := tradedash.Figure{Exhibition: "innoprom", Country: "CN", Metric: "participants_reported", Year: 2023, Value: 410,
		Qualifier: tradedash.Exact, Status: tradedash.Actual, Basis: tradedash.Organiser,
		Source: "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss"}
	id := queriestest.Import(t, ta.writer, "correction.csv", []tradedash.Figure{f}, nil)
	after, importAfter := value()
	if !strings.Contains(after, `"value":410`) || importAfter == importBefore {
		t.Fatalf("after import %d: %s (X-Data-Import %s, before %s)", id, after, importAfter, importBefore)
	}
	if err := ta.writer.Rollback(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if back, _ := value(); back != before {
		t.Fatalf("after rollback: %s, want %s", back, before)
	}
}
