package dashboard

import (
	"strings"
	"testing"

	"tradedash/locale"
)

// TestBrowserPair draws the pair page in headless Chromium in Russian and
// Chinese and keeps screenshots of both.
func TestBrowserPair(t *testing.T) {
	ta := newPairApp(t)
	base := serve(t, ta.app)
	b := mustStartBrowser(t)

	t.Run("ru", func(t *testing.T) {
		b.open(t, base+"/pair?a=RU&b=CN&lang=ru")
		st := b.chart(t, "trade-chart")
		if got := strings.Join(st.Years, ","); got != "2015,2016,2017,2018,2019,2020,2021,2022,2023" {
			t.Errorf("years = %s", got)
		}
		if v := st.valueAt("Товарооборот (данные: Китай)", "2023"); v != 240.1 {
			t.Errorf("China's 2023 turnover = %v, want 240.1 (bn)", v)
		}
		if v := st.valueAt("Товарооборот (данные: Россия)", "2017"); v != "-" {
			t.Errorf("Russia's 2017 = %v, want a gap", v)
		}
		if !strings.Contains(strings.Join(st.MarkLines, "|"), "Китай — страна-партнёр ИННОПРОМ") {
			t.Errorf("milestones on the axis = %q", st.MarkLines)
		}
		ix := b.chart(t, "index-chart")
		if v := ix.valueAt("Товарооборот (данные: Россия)", "2018"); v != 100.0 {
			t.Errorf("index at the base = %v", v)
		}
		b.chart(t, "part-chart")
		b.checkLanguage(t, locale.RU)
		b.screenshot(t, "pair-ru")
		b.checkNoProblems(t)
	})

	t.Run("zh", func(t *testing.T) {
		b.open(t, base+"/pair?a=RU&b=CN&lang=zh")
		st := b.chart(t, "trade-chart")
		if v := st.valueAt("贸易总额（中国统计）", "2023"); v != 2401.1 {
			t.Errorf("China's 2023 turnover = %v, want 2401.1 (亿)", v)
		}
		text := b.eval(t, `document.body.innerText`)
		for _, want := range []string{"俄罗斯与中国", "1071亿美元", "2018年", "中国参加俄罗斯主办的展会"} {
			if !strings.Contains(text, want) {
				t.Errorf("page text lacks %q", want)
			}
		}
		b.checkLanguage(t, locale.ZH)
		b.checkChineseGlyphs(t)
		b.screenshot(t, "pair-zh")
		b.checkNoProblems(t)
	})
}
