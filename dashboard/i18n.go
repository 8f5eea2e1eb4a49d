package dashboard

import (
	"strconv"

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

// Tf formats the text of key with args.
func (l *pageLang) Tf(key string, args ...any) string { return l.T(key, args...) }

func (l *pageLang) vintage(v tradedash.Vintage) string {
	if v.ImportID == 0 {
		return l.T("vintage.none")
	}
	return l.T("vintage", strconv.FormatUint(v.ImportID, 10), l.Time(v.At))
}

// milestoneTitle is a milestone's title in the reader's language, or in
// another one when that is all there is.
func (l *pageLang) milestoneTitle(m tradedash.Milestone) string {
	title, _ := l.MilestoneTitle(m)
	return title
}

// localeFor chooses the response language: the URL's lang if valid, then
// Accept-Language, then Russian.
func localeFor(c *fiber.Ctx) *pageLang {
	if l, ok := locale.Parse(c.Query(view.ParamLang)); ok {
		return locales[l]
	}
	return locales[locale.Match(c.Get(fiber.HeaderAcceptLanguage))]
}
