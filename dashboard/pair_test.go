package dashboard

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries/queriestest"
	"tradedash/view"
)

// pairFixture is Russia–China as the sources give it (trade-facts.md):
// China's customs with exports and imports, Russia's with turnover, China
// at INNOPROM, Russia at the EXPO in Harbin, a milestone of each.
func pairFixture() ([]tradedash.Figure, []tradedash.Milestone, []tradedash.TradeFlow) {
	ex, act := tradedash.Exact, tradedash.Actual
	figs := []tradedash.Figure{
		{Exhibition: "innoprom", Country: "CN", Metric: "participants_reported", Year: 2015, Value: 150, Qualifier: ex, Status: act, Source: "http://pervonachalno.ru/louter908.htm"},
		{Exhibition: "innoprom", Country: "CN", Metric: "participants_reported", Year: 2018, Value: 180, Qualifier: ex, Status: act, Source: "http://ural-news.net/economy/2018/07/11/175911.html"},
		{Exhibition: "russia_china_expo", Country: "RU", Metric: "space_reported_m2", Year: 2019, Value: 3260, Qualifier: ex, Status: act, Source: "http://biang.ru/"},
		{Exhibition: "russia_china_expo", Country: "RU", Metric: "participants_reported", Year: 2019, Value: 137, Qualifier: ex, Status: act, Source: "https://vestikavkaza.ru/"},
	}
	ms := []tradedash.Milestone{
		{Date: time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionMonth, Exhibition: "innoprom", Country: "CN",
			TitleRU: "Китай — страна-партнёр ИННОПРОМ", TitleEN: "China is INNOPROM's partner country", Source: "https://dk.ru/"},
		{Date: time.Date(2019, 11, 5, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay, Exhibition: "ciie", Country: "RU",
			TitleEN: "Russia is a guest of honour at CIIE", Source: "https://www.urdupoint.com/"},
	}
	tf := func(rep, par string, flow tradedash.Flow, year int, bn float64, src string) tradedash.TradeFlow {
		return tradedash.TradeFlow{Reporter: rep, Partner: par, Flow: flow, Year: year, Commodity: tradedash.TotalCommodity,
			ValueUSD: bn * 1e9, Qualifier: tradedash.Exact, Status: tradedash.TradeActual, Source: src}
	}
	exp, imp, tot := tradedash.FlowExport, tradedash.FlowImport, tradedash.FlowTurnover
	trade := []tradedash.TradeFlow{
		tf("CN", "RU", exp, 2016, 37.297, "https://www.kommersant.ru/doc/3189443"),
		tf("CN", "RU", imp, 2016, 32.228, "https://www.kommersant.ru/doc/3189443"),
		tf("CN", "RU", tot, 2016, 69.525, "https://www.kommersant.ru/doc/3189443"),
		tf("CN", "RU", exp, 2018, 47.98, "https://www.rt.com/business/448783-russia-china-trade-turnover/"),
		tf("CN", "RU", imp, 2018, 59.08, "https://www.rt.com/business/448783-russia-china-trade-turnover/"),
		tf("CN", "RU", tot, 2023, 240.11, "https://sputnikglobe.com/20240307/"),
		tf("RU", "CN", tot, 2016, 66.1, "https://sputniknews.com/business/201801121060694384-russia-china-trade-up/"),
		tf("RU", "CN", tot, 2018, 109, "https://noticiaslatam.lat/20190508/relaciones-comerciales-china-rusia-1087145050.html"),
	}
	trade[7].Qualifier = tradedash.About
	for i, v := range []float64{40, 10, 5} {
		c := tf("CN", "RU", exp, 2023, v, "https://example.org/chapters")
		c.Commodity, c.Classification = []string{"84", "85", "87"}[i], "H6"
		trade = append(trade, c)
	}
	return figs, ms, trade
}

// mustImportTrade writes figures and milestones as one committed import,
// and the trade flows as another, through the importer's own path.
func mustImportTrade(t *testing.T, p queriestest.Pair, figs []tradedash.Figure, ms []tradedash.Milestone, flows []tradedash.TradeFlow) {
	t.Helper()
	queriestest.Import(t, p.Writer, "pair.xlsx", figs, ms)
	queriestest.ImportTrade(t, p.Writer, "trade.csv", flows)
}

func newPairApp(t *testing.T) *testApp {
	t.Helper()
	p := queriestest.New(t, clickhouse)
	figs, ms, trade := pairFixture()
	mustImportTrade(t, p, figs, ms, trade)
	app, err := New(Config{DB: p.Reader, Log: testLogger(t), Views: view.Options{CacheRows: 10_000}})
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{app: app, writer: p.Writer, reader: p.Reader}
}

func TestPairPage(t *testing.T) {
	ta := newPairApp(t)
	tests := []struct {
		lang locale.Lang
		want []string
	}{
		{locale.RU, []string{"<h1>Россия и Китай</h1>", "Торговля по годам", "Зеркальная статистика",
			"69,5\u00a0млрд долл.", "66,1\u00a0млрд долл.", // both reports of 2016, side by side
			"107,1\u00a0млрд долл., сумма экспорта и импорта", // China 2018: no stated turnover
			"−3,4\u00a0млрд долл.", "−4,9\u00a0%",             // the gap of 2016
			"Китай на выставках, которые проводит Россия", "Россия на выставках, которые проводит Китай",
			"3\u00a0260", "137", "Российско-Китайское ЭКСПО", "Индексы: 2018 = 100", "Товарная структура экспорта, 2023",
			"Группа 84 ТН ВЭД", "Остальные группы", "Китай — страна-партнёр ИННОПРОМ",
			"не означает, что одно вызвано другим", `href="/pair?lang=ru"`}},
		{locale.EN, []string{"<h1>Russia and China</h1>", "$69.5 bn", "$107.1 bn, exports plus imports", "−$3.4 bn", "−4.9%",
			"China at exhibitions hosted by Russia", "Indexed: 2018 = 100", "HS chapter 84", "Reported by Russia"}},
		{locale.ZH, []string{"<h1>俄罗斯与中国</h1>", "695.3亿美元", "661亿美元", "1071亿美元，出口与进口之和", "−34.",
			"中国参加俄罗斯主办的展会", "俄罗斯参加中国主办的展会", "3,260", "指数：2018年 = 100", "出口商品结构，2023年", "HS第84章"}},
	}
	for _, tt := range tests {
		status, body, _ := ta.get(t, "/pair?a=RU&b=CN&lang="+string(tt.lang))
		if status != 200 {
			t.Fatalf("%s: status %d\n%s", tt.lang, status, body)
		}
		for _, w := range tt.want {
			w = strings.ReplaceAll(w, "\u00a0", " ")
			if !strings.Contains(strings.ReplaceAll(body, "\u00a0", " "), w) {
				t.Errorf("%s page lacks %q", tt.lang, w)
			}
		}
		for _, banned := range []string{"привело к", "благодаря", "led to", "because of", "导致"} {
			if strings.Contains(body, banned) {
				t.Errorf("%s page says %q", tt.lang, banned)
			}
		}
	}
	// The default pair is the data's; the page is the same as the explicit one.
	_, def, _ := ta.get(t, "/pair?lang=en")
	if !strings.Contains(def, "<h1>Russia and China</h1>") {
		t.Error("default pair is not Russia and China")
	}
	// Every state is in the URL: base and year change what is shown.
	_, body, _ := ta.get(t, "/pair?a=RU&b=CN&base=2016&lang=en")
	if !strings.Contains(body, "Indexed: 2016 = 100") {
		t.Error("base=2016 not applied")
	}
	// Chinese participation at Russian fairs counts only Russian-hosted
	// editions: the 2019 EXPO in Harbin hosted Russia, so swapping the pair
	// swaps the headings and keeps the facts.
	_, body, _ = ta.get(t, "/pair?a=CN&b=RU&lang=en")
	if !strings.Contains(body, "<h1>China and Russia</h1>") || !strings.Contains(body, "Russia at exhibitions hosted by China") {
		t.Error("swapped pair")
	}
}

func TestPairPageErrors(t *testing.T) {
	ta := newPairApp(t)
	tests := []struct {
		query  string
		status int
		want   string
	}{
		{"a=RU&b=RU&lang=en", 400, "Choose two different countries"},
		{"a=RU&b=RU&lang=zh", 400, "请选择两个不同的国家"},
		{"a=XX&lang=ru", 400, "Неизвестный код страны"},
		{"a=RU&b=CN&from=2015&to=2018&base=2020&lang=en", 400, "Parameter base: the year 2020 is outside the chosen range."},
		{"a=RU&b=CN&year=20233&lang=en", 400, "Parameter year"},
	}
	for _, tt := range tests {
		status, body, _ := ta.get(t, "/pair?"+tt.query)
		if status != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want %d with %q", tt.query, status, tt.status, tt.want)
		}
	}
}

func TestTradeAPI(t *testing.T) {
	ta := newPairApp(t)
	status, body, hdr := ta.get(t, "/api/v1/trade?reporter=CN&partner=RU&flow=export,import&from=2016&to=2018")
	if status != 200 || hdr.Get("X-Data-Import") == "" {
		t.Fatalf("status %d %v\n%s", status, hdr, body)
	}
	var got []apiTradeFlow
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range got {
		keys = append(keys, fmt.Sprintf("%s>%s %s %d %.3f", f.Reporter, f.Partner, f.Flow, f.Year, f.ValueUSD/1e9))
	}
	want := "CN>RU export 2016 37.297|CN>RU export 2018 47.980|CN>RU import 2016 32.228|CN>RU import 2018 59.080"
	if strings.Join(keys, "|") != want {
		t.Errorf("trade = %s\nwant    %s", strings.Join(keys, "|"), want)
	}
	if got[0].Source != "https://www.kommersant.ru/doc/3189443" || got[0].Commodity != "TOTAL" || got[0].Status != "actual" {
		t.Errorf("first flow = %+v", got[0])
	}
	_, body, _ = ta.get(t, "/api/v1/trade?reporter=RU&partner=CN")
	if !strings.Contains(body, `"qualifier":"about"`) || !strings.Contains(body, `"flow":"turnover"`) {
		t.Errorf("Russia's report = %s", body)
	}
	_, body, _ = ta.get(t, "/api/v1/trade?monthly=true")
	if body != "[]" {
		t.Errorf("monthly = %s, want none", body)
	}
	many := strings.TrimSuffix(strings.Repeat("CN,", view.MaxCountries+1), ",")
	for _, tt := range []struct {
		query, want string
	}{
		{"flow=exports&lang=en", "Unknown flow “exports”: use export, import, re_export, re_import, turnover."},
		{"flow=exports&lang=ru", "Неизвестный поток «exports»"},
		{"reporter=China&lang=en", "Try: CN."},
		{"reporter=ALL&lang=en", "Unknown country code “ALL”"},
		{"from=2020&to=2010&lang=en", "The first year is after the last year."},
		{"monthly=yes&lang=zh", "参数monthly"},
		{"reporter=RU,CN,KZ,BY,UZ,KG,TJ,AM,AZ,GE,MN,IN,TR&lang=en", "Parameter reporter: at most 12 allowed."},
		{"partner=" + url.QueryEscape(strings.Repeat("x", 100)) + "&lang=en", "too long"},
		{"reporter=" + many + "&lang=en", ""},
	} {
		status, body, _ := ta.get(t, "/api/v1/trade?"+tt.query)
		if tt.want == "" {
			if status != 200 { // a repeated code counts once
				t.Errorf("%s: %d %s", tt.query, status, body)
			}
			continue
		}
		if status != 400 || !strings.Contains(body, tt.want) {
			t.Errorf("%.50s: %d %s, want 400 with %q", tt.query, status, body, tt.want)
		}
	}
	// World is a partner, not a country a page may pair.
	if status, _, _ := ta.get(t, "/api/v1/trade?partner=WLD"); status != 200 {
		t.Errorf("partner=WLD: %d", status)
	}
}

// TestPairPageSample reads Russia and China from the sample data: Russia at
// the exhibitions China hosts (CIIE in Shanghai, the EXPO's Harbin
// editions), and the year-to-date values as periods of their own beside
// the whole years.
func TestPairPageSample(t *testing.T) {
	ta := newTestApp(t, loadSample)
	tests := []struct {
		lang           locale.Lang
		guest          string   // the heading of Russia at China's exhibitions
		part           []string // in that table
		ytd, ytdSingle string   // the January–October 2023 period, China's January–November 2021
	}{
		{locale.RU, "Россия на выставках, которые проводит Китай",
			[]string{"Китайское международное импортное ЭКСПО", "Российско-Китайское ЭКСПО", "3 030", "3 260", "137", "31", "Значение"},
			"январь–октябрь 2023", "январь–ноябрь 2021"},
		{locale.EN, "Russia at exhibitions hosted by China",
			[]string{"China International Import Expo", "Russian-Chinese EXPO", "3,030", "3,260", "137", "31"},
			"Jan–Oct 2023", "Jan–Nov 2021"},
		{locale.ZH, "俄罗斯参加中国主办的展会",
			[]string{"中国国际进口博览会", "中俄博览会", "3,030", "3,260", "137", "31", "数值"},
			"2023年1-10月", "2021年1-11月"},
	}
	for _, tt := range tests {
		status, body, _ := ta.get(t, "/pair?a=RU&b=CN&lang="+string(tt.lang))
		if status != 200 {
			t.Fatalf("%s: status %d\n%s", tt.lang, status, body)
		}
		body = strings.ReplaceAll(body, "\u00a0", " ")
		part := between(body, "<h3>"+tt.guest+"</h3>", "</table>")
		for _, w := range tt.part {
			if !strings.Contains(part, w) {
				t.Errorf("%s: Russia at China's exhibitions lacks %q:\n%s", tt.lang, w, part)
			}
		}
		// Year to date: in a part of the mirror section of its own, both
		// sides' January–October 2023 side by side; not among the years.
		ytd := between(body, `<h3 id="ytd">`, "</section>")
		row := between(ytd, `<th scope="row">`+tt.ytd+"</th>", "</tr>")
		if !strings.Contains(row, "186") || !strings.Contains(row, "196") || !strings.Contains(ytd, tt.ytdSingle) {
			t.Errorf("%s: year to date lacks %s (186 and 196.48) or %s:\n%s", tt.lang, tt.ytd, tt.ytdSingle, ytd)
		}
		years := between(body, `id="mirror"`, `<h3 id="ytd">`)
		if years == "" || strings.Contains(years, tt.ytd) || strings.Contains(years, "186") {
			t.Errorf("%s: a year-to-date value among the whole years:\n%s", tt.lang, years)
		}
	}
}

// TestPairStructureNames: chapters are named from the reference, in the
// page's language; a chapter whose Chinese name is unverified is named in
// English on the Chinese page, and marked so.
func TestPairStructureNames(t *testing.T) {
	p := queriestest.New(t, clickhouse)
	figs, ms, trade := pairFixture()
	c := trade[len(trade)-1]
	c.Commodity, c.ValueUSD = "28", 2e9 // Chinese name from secondary lists only
	mustImportTrade(t, p, figs, ms, append(trade, c))
	app, err := New(Config{DB: p.Reader, Log: testLogger(t), Views: view.Options{CacheRows: 10_000}})
	if err != nil {
		t.Fatal(err)
	}
	ta := &testApp{app: app, writer: p.Writer, reader: p.Reader}
	for lang, want := range map[locale.Lang][]string{
		locale.RU: {"Группа 84 ТН ВЭД · <span class=\"commodity-name\">РЕАКТОРЫ ЯДЕРНЫЕ, КОТЛЫ",
			"Группа 28 ТН ВЭД · <span class=\"commodity-name\">ПРОДУКТЫ НЕОРГАНИЧЕСКОЙ ХИМИИ"},
		locale.EN: {"HS chapter 84 · <span class=\"commodity-name\">Machinery and mechanical appliances",
			"HS chapter 28 · <span class=\"commodity-name\">Inorganic chemicals"},
		locale.ZH: {"HS第84章 · <span class=\"commodity-name\">核反应堆、锅炉、机器、机械器具及其零件</span>",
			"HS第28章 · <span class=\"commodity-name\" lang=\"en\">Inorganic chemicals; organic and inorganic compounds of precious metals; of rare earth metals, of radio-active elements and of isotopes</span> <span class=\"ms-lang\">（英文）</span>"},
	} {
		_, body, _ := ta.get(t, "/pair?a=RU&b=CN&lang="+string(lang))
		structure := between(body, `id="structure"`, "</section>")
		for _, w := range want {
			if !strings.Contains(structure, w) {
				t.Errorf("%s: structure lacks %q:\n%s", lang, w, structure)
			}
		}
	}
}

// between is the part of s after the first from and before the next to;
// "" when from is not there.
func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	before, _, _ := strings.Cut(after, to)
	return before
}
