package dashboard

import (
	"slices"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"tradedash/locale"
)

// TestBrowser drives the real pages in headless Chromium with every
// non-loopback request blocked, and keeps a screenshot of each page.
func TestBrowser(t *testing.T) {
	ta := newTestApp(t, loadSample)
	base := serve(t, ta.app)
	b := mustStartBrowser(t)

	t.Run("overview", func(t *testing.T) {
		b.open(t, base+"/?lang=ru")
		st := b.chart(t, "trend-chart")
		if got := strings.Join(st.Years, ","); !strings.Contains(got, "2015,2016,2017,2018,2019,2020,2021,2022,2023,2024") {
			t.Errorf("years on the axis = %s, want every year of the range so gaps show", got)
		}
		// The sample's Chinese counts are participants as their sources
		// report them; its areas say neither net nor gross.
		if v := st.valueAt("Участники (как в источнике)", "2023"); v != 400.0 {
			t.Errorf("participants 2023 in the chart = %v, want 400", v)
		}
		if v := st.valueAt("Площадь (нетто или брутто — не указано), м²", "2018"); v != 5518.0 {
			t.Errorf("area 2018 in the chart = %v, want 5518", v)
		}
		if v := st.valueAt("Участники (как в источнике)", "2017"); v != "-" {
			t.Errorf("participants 2017 (no figure) = %v, want a gap", v)
		}
		if len(st.MarkLines) == 0 || !strings.Contains(strings.Join(st.MarkLines, "|"), "первая страна-партнёр") {
			t.Errorf("milestones on the axis = %q", st.MarkLines)
		}
		text := b.eval(t, `document.body.innerText`)
		for _, want := range []string{"более\u00a0400", "5\u00a0518", "прогноз"} {
			if !strings.Contains(text, want) {
				t.Errorf("page text lacks %q", want)
			}
		}
		b.screenshot(t, "overview-ru")
		b.checkNoProblems(t)
	})

	t.Run("language", func(t *testing.T) {
		b.open(t, base+"/?lang=ru")
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`.langs a[hreflang="en"]`)), chromedp.WaitReady(chromedp.CSS(`html[lang="en"] footer`))); err != nil {
			t.Fatal(err)
		}
		b.waitCharts(t)
		if h := b.eval(t, `document.querySelector('h1').innerText`); h != "INNOPROM · China" {
			t.Errorf("English heading = %q", h)
		}
		st := b.chart(t, "trend-chart")
		if v := st.valueAt("Participants as reported", "2023"); v != 400.0 {
			t.Errorf("Participants as reported 2023 = %v, want 400", v)
		}
		text := b.eval(t, `document.body.innerText`)
		for _, want := range []string{"400+", "5,518", "forecast"} {
			if !strings.Contains(text, want) {
				t.Errorf("English page text lacks %q", want)
			}
		}
		b.screenshot(t, "overview-en")
		b.checkNoProblems(t)
	})

	t.Run("filter", func(t *testing.T) {
		b.open(t, base+"/?lang=en")
		// Choosing a country submits the form by itself.
		choose := chromedp.Evaluate[chromedp.Void](`setTimeout(() => {
			const s = document.querySelector('select[name=country]');
			s.value = 'ALL';
			s.dispatchEvent(new Event('change'));
		})`)
		if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, choose)); err != nil {
			t.Fatal(err)
		}
		if u := b.eval(t, `location.search`); !strings.Contains(u, "country=ALL") {
			t.Errorf("URL after choosing ALL = %s", u)
		}
		b.waitCharts(t)
		if h := b.eval(t, `document.querySelector('h1').innerText`); h != "INNOPROM · All exhibitors" {
			t.Errorf("heading after choosing ALL = %q", h)
		}
		b.checkNoProblems(t)
	})

	hb := serve(t, newTestApp(t, loadHostile).app)
	for _, lang := range []string{"en", "zh"} {
		t.Run("hostile-"+lang, func(t *testing.T) {
			b.open(t, hb+"/?lang="+lang)
			// Show every tooltip: they carry the milestone titles.
			b.eval(t, `(() => {
				const chart = echarts.getInstanceByDom(document.getElementById('trend-chart'));
				const n = chart.getOption().xAxis[0].data.length;
				for (let i = 0; i < n; i++) chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
				return String(n);
			})()`)
			text := b.eval(t, `document.body.innerText`)
			for _, h := range hostile[:3] {
				if !strings.Contains(text, h) {
					t.Errorf("page does not show %q as text", h)
				}
			}
			if n := b.eval(t, `String(document.querySelectorAll('img, script:not([src]):not([type="application/json"])').length)`); n != "0" {
				t.Errorf("%s injected elements", n)
			}
			if links := b.eval(t, `[...document.querySelectorAll('a')].map(a => a.protocol).filter(p => p !== 'http:' && p !== 'https:').join(',')`); links != "" {
				t.Errorf("links with protocols %s", links)
			}
			b.screenshot(t, "hostile-"+lang)
			b.checkNoProblems(t)
		})
	}

	t.Run("overview-zh", func(t *testing.T) {
		b.open(t, base+"/?lang=zh")
		st := b.chart(t, "trend-chart")
		if v := st.valueAt("参展方（按来源口径）", "2023"); v != 400.0 {
			t.Errorf("参展方 2023 in the chart = %v, want 400", v)
		}
		if v := st.valueAt("面积（未注明净/毛面积），平方米", "2018"); v != 5518.0 {
			t.Errorf("面积 2018 in the chart = %v, want 5518", v)
		}
		// A sample milestone with a sourced Chinese title shows it; one
		// without shows the English one, saying so.
		ms := strings.Join(st.MarkLines, "|")
		if !strings.Contains(ms, "中国是本届展会主宾国") || strings.Contains(ms, "中国是本届展会主宾国 （") {
			t.Errorf("milestones on the axis = %q, want 中国是本届展会主宾国 unmarked", st.MarkLines)
		}
		if !strings.Contains(ms, "INNOPROM-2020 cancelled （英文）") {
			t.Errorf("milestones on the axis = %q, want INNOPROM-2020 cancelled （英文）", st.MarkLines)
		}
		if v := b.chartView(t, "trend-chart"); !slices.Contains(v.AxisLabels, "2023年") {
			t.Errorf("time axis labels = %q, want 2023年 among them", v.AxisLabels)
		}
		tip := b.tooltip(t, "trend-chart", "2023")
		if !strings.HasPrefix(tip, "2023年\n") {
			t.Errorf("tooltip at 2023 = %q, want the year as a date first", tip)
		}
		// The tooltip gives the basis and the sources that disagree.
		for _, want := range []string{"参展方（按来源口径）：超过400 · 主办方 · 3个来源：400+ 主办方 expo.innoprom.com/…；400 媒体报道 dk.ru/…；370+ 媒体报道 amp.ura.news/…", "（英文）"} {
			if !strings.Contains(tip, want) {
				t.Errorf("tooltip at 2023 = %q, lacks %q", tip, want)
			}
		}
		if tip := b.tooltip(t, "trend-chart", "2018"); !strings.Contains(tip, "面积（未注明净/毛面积），平方米：5,518 · 媒体报道") {
			t.Errorf("tooltip at 2018 = %q, lacks the area", tip)
		}
		if tip := b.tooltip(t, "trend-chart", "2024"); !strings.Contains(tip, "面积（未注明净/毛面积），平方米：超过3,800（预测） · 主办方") {
			t.Errorf("tooltip at 2024 = %q, lacks the forecast", tip)
		}
		text := b.eval(t, `document.body.innerText`)
		for _, want := range []string{"超过400", "5,518", "预测", "2025年", "合作大事记", "（英文）", "下载："} {
			if !strings.Contains(text, want) {
				t.Errorf("page text lacks %q", want)
			}
		}
		if lang := b.eval(t, `document.querySelector('#milestones .ms-title').lang`); lang != "en" {
			t.Errorf("an English milestone title has lang %q", lang)
		}
		b.checkLanguage(t, locale.ZH)
		b.checkChineseGlyphs(t)
		b.screenshot(t, "overview-zh") // with the 2024 tooltip open
		b.checkNoProblems(t)
	})

	// Issue 11: the sample's 2024 share of China is no plain "100 %":
	// "about 300" participants as one source reports them against 300
	// foreign exhibitors of another are flagged, never divided.
	t.Run("compare-2024-share", func(t *testing.T) {
		b.open(t, base+"/compare?lang=en&country=CN")
		row := b.eval(t, `(() => {
			const tr = [...document.querySelectorAll('#share-table tbody tr')].find(tr => tr.querySelector('th').innerText === '2024');
			if (!tr) return '';
			const td = tr.querySelector('td');
			return td.innerText + '@' + td.className + '@' + td.title;
		})()`)
		parts := strings.SplitN(row, "@", 3)
		if len(parts) != 3 || parts[0] != "⚠ not comparable" || !strings.Contains(parts[1], "flagged") ||
			!strings.Contains(parts[2], "Participants as reported, China, 2024: ~300") || !strings.Contains(parts[2], "Foreign exhibitors, All exhibitors, 2024: 300") {
			t.Errorf("2024 share of China = %q, want flagged, undivided, its inputs named", row)
		}
		if cells := b.eval(t, `[...document.querySelectorAll('#share-table td, #share-all-table td')].map(td => td.innerText).join('|')`); strings.Contains("|"+cells+"|", "|100%|") {
			t.Errorf("a plain 100%%: %q", cells)
		}
		b.screenshot(t, "compare-2024-share-en")
		b.checkNoProblems(t)
	})

	t.Run("language-zh", func(t *testing.T) {
		b.open(t, base+"/?lang=ru")
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`.langs a[hreflang="zh"]`)), chromedp.WaitReady(chromedp.CSS(`html[lang="zh"] footer`))); err != nil {
			t.Fatal(err)
		}
		b.waitCharts(t)
		if h := b.eval(t, `document.querySelector('h1').innerText`); h != "叶卡捷琳堡国际工业博览会 · 中国" {
			t.Errorf("Chinese heading = %q", h)
		}
		if names := b.eval(t, `[...document.querySelectorAll('.langs a')].map(a => a.lang + ':' + a.innerText).join(',')`); names != "ru:Русский,en:English,zh:中文" {
			t.Errorf("language switch = %s", names)
		}
		b.checkNoProblems(t)
	})

	// ECharts speaks the page's language in what it writes itself; its
	// default would be the browser's.
	t.Run("echarts-locale", func(t *testing.T) {
		january := map[locale.Lang]string{locale.RU: "Январь", locale.EN: "January", locale.ZH: "一月"}
		for _, l := range locale.Langs() {
			b.open(t, base+"/?lang="+string(l))
			v := b.chartView(t, "trend-chart")
			if len(v.Months) == 0 || v.Months[0] != january[l] {
				t.Errorf("%s page: ECharts' months %q, want %q first (is vendor/i18n/lang%s.js embedded? see assets/fetch.sh)",
					l, v.Months, january[l], strings.ToUpper(string(l)))
			}
			if !slices.Contains(v.AxisLabels, l.Year(2023)) {
				t.Errorf("%s page: time axis labels %q, want %q among them", l, v.AxisLabels, l.Year(2023))
			}
			b.checkNoProblems(t)
		}
	})

	for _, p := range []struct {
		name, path string
		lang       locale.Lang
		want       string // in the page's text
	}{
		{"compare-ru", "/compare?lang=ru", locale.RU, "ИННОПРОМ: страны"},
		{"compare-en", "/compare?lang=en&exhibition=innoprom&country=CN,BY&metric=space_reported_m2", locale.EN, "INNOPROM: countries"},
		{"data-ru", "/data?lang=ru&exhibition=innoprom&country=CN", locale.RU, "Вехи сотрудничества"},
		{"imports-en", "/imports?lang=en", locale.EN, "committed"},
		{"error-ru", "/?lang=ru&country=ZZ", locale.RU, "Неизвестный код страны «ZZ»"},
		{"compare-zh", "/compare?lang=zh&exhibition=innoprom&country=CN,BY&metric=space_reported_m2", locale.ZH, "叶卡捷琳堡国际工业博览会：各国比较"},
		{"compare-exhibitions-zh", "/compare?lang=zh&exhibition=innoprom,russia_china_expo&country=CN", locale.ZH, "中国：各展会比较"},
		{"data-zh", "/data?lang=zh&exhibition=innoprom&country=CN", locale.ZH, "合作大事记"},
		{"imports-zh", "/imports?lang=zh", locale.ZH, "已提交"},
		{"error-zh", "/?lang=zh&country=ZZ", locale.ZH, "未知的国家代码“ZZ”"},
		{"notfound-zh", "/nope?lang=zh", locale.ZH, "页面不存在"},
	} {
		t.Run(p.name, func(t *testing.T) {
			b.open(t, base+p.path)
			if text := b.eval(t, `document.body.innerText`); !strings.Contains(text, p.want) {
				t.Errorf("page text lacks %q", p.want)
			}
			b.checkLanguage(t, p.lang)
			if b.eval(t, `String(!!document.querySelector('#compare-chart'))`) == "true" {
				if v := b.chartView(t, "compare-chart"); !slices.Contains(v.AxisLabels, p.lang.Year(2023)) {
					t.Errorf("time axis labels %q, want %q among them", v.AxisLabels, p.lang.Year(2023))
				}
			}
			b.screenshot(t, p.name)
			if !strings.HasPrefix(p.name, "error") && !strings.HasPrefix(p.name, "notfound") {
				b.checkNoProblems(t)
			}
			b.takeProblems() // an error page's 400 is logged by the browser
		})
	}
}
