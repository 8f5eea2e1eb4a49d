package dashboard

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/view"
)

// pageLang is the language of one response: the pages' words and the
// data's vocabulary and formats, all from package locale.
type pageLang struct {
	locale.Lang
}

var locales = func() map[locale.Lang]*pageLang {
	out := map[locale.Lang]*pageLang{}
	for _, l := range locale.Langs() {
		out[l] = &pageLang{Lang: l}
	}
	return out
}()

func (l *pageLang) vintage(v tradedash.Vintage) string {
	if v.ImportID == 0 {
		return l.T("vintage.none")
	}
	return l.T("vintage", strconv.FormatUint(v.ImportID, 10), l.Time(v.At))
}

// milestoneTitle is a milestone's title in the reader's language or, when
// it has none, in the language locale.MilestoneTitle falls back to. Then
// lang is that language, for the element's lang attribute (a screen reader
// pronounces the title in it), and note says so in the reader's language:
// "(in English)", "（英文）".
func (l *pageLang) milestoneTitle(m tradedash.Milestone) (title string, lang locale.Lang, note string) {
	title, from := l.MilestoneTitle(m)
	if from == l.Lang || title == "" {
		return title, "", ""
	}
	return title, from, l.T("milestone.in." + string(from))
}

// localeFor chooses the response language: the URL's lang if valid, then
// Accept-Language, then Russian.
func localeFor(c *fiber.Ctx) *pageLang {
	if l, ok := locale.Parse(c.Query(view.ParamLang)); ok {
		return locales[l]
	}
	return locales[locale.Match(c.Get(fiber.HeaderAcceptLanguage))]
}

// echartsLocale is the URL of ECharts' own translation of its interface
// (toolbox, "no data", the descriptions it gives screen readers) into l,
// when the build embeds one. ECharts carries English and Chinese itself;
// any other language is the file of its i18n/ folder, served as
// vendor/i18n/langXX.js, that registers the locale app.js asks for by the
// same upper-case name.
func (st *static) echartsLocale(l locale.Lang) string {
	name := "vendor/i18n/lang" + strings.ToUpper(string(l)) + ".js"
	if _, ok := st.files[name]; !ok {
		return ""
	}
	return st.url(name)
}
