package dashboard

import (
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
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
		if v := st.valueAt("Компании", "2023"); v != 400.0 {
			t.Errorf("companies 2023 in the chart = %v, want 400", v)
		}
		if v := st.valueAt("Площадь, м²", "2023"); v != 10000.0 {
			t.Errorf("area 2023 in the chart = %v, want 10000", v)
		}
		if v := st.valueAt("Компании", "2017"); v != "-" {
			t.Errorf("companies 2017 (no figure) = %v, want a gap", v)
		}
		if len(st.MarkLines) == 0 || !strings.Contains(strings.Join(st.MarkLines, "|"), "первая страна-партнёр") {
			t.Errorf("milestones on the axis = %q", st.MarkLines)
		}
		text := b.eval(t, `document.body.innerText`)
		for _, want := range []string{"более\u00a0400", "10\u00a0000", "прогноз"} {
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
		if v := st.valueAt("Companies", "2023"); v != 400.0 {
			t.Errorf("Companies 2023 = %v, want 400", v)
		}
		text := b.eval(t, `document.body.innerText`)
		for _, want := range []string{"400+", "10,000", "forecast"} {
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

	t.Run("hostile", func(t *testing.T) {
		hb := serve(t, newTestApp(t, loadHostile).app)
		b.open(t, hb+"/?lang=en")
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
		b.screenshot(t, "hostile-en")
		b.checkNoProblems(t)
	})

	for _, p := range []struct{ name, path string }{
		{"compare-ru", "/compare?lang=ru"},
		{"compare-en", "/compare?lang=en&exhibition=innoprom&country=CN,BY&metric=area_m2"},
		{"data-ru", "/data?lang=ru&exhibition=innoprom&country=CN"},
		{"imports-en", "/imports?lang=en"},
		{"error-ru", "/?lang=ru&country=ZZ"},
	} {
		t.Run(p.name, func(t *testing.T) {
			b.open(t, base+p.path)
			b.screenshot(t, p.name)
			if !strings.HasPrefix(p.name, "error") {
				b.checkNoProblems(t)
			}
			b.takeProblems() // an error page's 400 is logged by the browser
		})
	}
}
