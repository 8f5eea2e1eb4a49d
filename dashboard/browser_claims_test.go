package dashboard

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaims drives what issue 11 promises a new user, in headless
// Chromium: the overview shows the sources that disagree beside a figure,
// a figure's definition is one click away, the Compare page's 2024 share
// is flagged rather than a plain 100 %, and all of it reads in Chinese.
func TestBrowserClaims(t *testing.T) {
	ta := newTestApp(t, loadClaims)
	base := serve(t, ta.app)
	b := mustStartBrowser(t)

	t.Run("claims on the overview", func(t *testing.T) {
		b.open(t, base+"/?lang=en&to=2023") // the latest figure is the one sources disagree on
		claims := b.eval(t, `[...document.querySelectorAll('.card-claims')].map(e => e.innerText).join('|')`)
		if !strings.Contains(claims, "2 sources: 400+ organiser expo.innoprom.com/…, 370+ press ura.news/…") {
			t.Errorf("claims beside the figure = %q", claims)
		}
		meta := b.eval(t, `document.querySelector('.card .card-meta').innerText`)
		if !strings.Contains(meta, "organiser") {
			t.Errorf("the card's basis: %q", meta)
		}
		// The chart's tooltip says the basis and the disagreement too.
		tip := b.eval(t, `(() => {
			const opt = echarts.getInstanceByDom(document.getElementById('trend-chart')).getOption();
			return opt.series.flatMap(s => s.data).filter(d => d && d.text).map(d => d.text).join('|');
		})()`)
		if !strings.Contains(tip, "Exhibitors: 400+ · organiser · 2 sources: 400+ organiser expo.innoprom.com/…, 370+ press ura.news/…") {
			t.Errorf("tooltip texts = %q", tip)
		}
		b.screenshot(t, "overview-claims-en")
		b.checkNoProblems(t)
	})

	t.Run("a definition one click from a figure", func(t *testing.T) {
		b.open(t, base+"/?lang=en")
		if err := chromedp.Do(b.ctx,
			chromedp.Click(chromedp.CSS(`.card h2 a.metric-def`)),
			chromedp.WaitReady(chromedp.CSS(`.definition:target`)),
		); err != nil {
			t.Fatal(err)
		}
		if got := b.eval(t, `location.pathname + location.search + location.hash`); got != "/definitions?lang=en#exhibitors" {
			t.Errorf("the card's metric leads to %q", got)
		}
		text := b.eval(t, `document.querySelector('.definition:target').innerText`)
		for _, want := range []string{"Exhibitors", "Code: exhibitors", "Summary by tradedash; the standard: ГОСТ Р ИСО 25639-1-2015, 2.1"} {
			if !strings.Contains(text, want) {
				t.Errorf("the definition reached = %q, lacks %q", text, want)
			}
		}
		// It is on screen, not somewhere below.
		if top := b.eval(t, `String(Math.round(document.querySelector('.definition:target').getBoundingClientRect().top))`); top == "" || strings.HasPrefix(top, "-") || len(top) > 3 {
			t.Errorf("the definition is at %s px, not in view", top)
		}
		b.screenshot(t, "definitions-en")
		b.checkNoProblems(t)
	})

	t.Run("the 2024 share is flagged", func(t *testing.T) {
		b.open(t, base+"/compare?lang=en&country=CN&metric=exhibitors")
		cells := b.eval(t, `[...document.querySelectorAll('#share-table tbody td')].map(td => td.innerText + '@' + td.className + '@' + (td.title || '')).join('|')`)
		if !strings.Contains(cells, "⚠ ≈100%@num flagged approx@") || !strings.Contains(cells, srcXinhua) || !strings.Contains(cells, srcRu24) {
			t.Errorf("share cells = %q, want ⚠ ≈100%% flagged with both sources in the title", cells)
		}
		for _, c := range strings.Split(cells, "|") {
			if strings.HasPrefix(c, "100%@") {
				t.Errorf("a plain 100%%: %q", c)
			}
		}
		b.screenshot(t, "compare-share-flagged-en")
		b.checkNoProblems(t)
	})

	t.Run("chinese", func(t *testing.T) {
		b.open(t, base+"/?lang=zh&to=2023")
		if h := b.eval(t, `document.querySelector('h1').innerText`); h != "叶卡捷琳堡国际工业博览会 · 中国" {
			t.Errorf("heading = %q", h)
		}
		claims := b.eval(t, `document.querySelector('.card-claims').innerText`)
		if !strings.Contains(claims, "2个来源：400+ 主办方 expo.innoprom.com/…；370+ 媒体报道 ura.news/…") {
			t.Errorf("claims = %q", claims)
		}
		if err := chromedp.Do(b.ctx,
			chromedp.Click(chromedp.CSS(`.card h2 a.metric-def`)),
			chromedp.WaitReady(chromedp.CSS(`html[lang="zh"] .definition:target`)),
		); err != nil {
			t.Fatal(err)
		}
		if h := b.eval(t, `document.querySelector('h1').innerText`); h != "指标定义" {
			t.Errorf("definitions heading = %q", h)
		}
		b.open(t, base+"/compare?lang=zh&country=CN&metric=exhibitors")
		if cell := b.eval(t, `document.querySelector('#share-table td.flagged').innerText`); cell != "⚠ ≈100%" {
			t.Errorf("flagged share in Chinese = %q", cell)
		}
		b.screenshot(t, "compare-share-flagged-zh")
		b.checkNoProblems(t)
	})
}
