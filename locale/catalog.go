// Package locale is tradedash's one vocabulary: every text a person reads,
// on a page, in a chart, a JSON error, an Excel report, a CSV header or on
// the command line, is a message in messages/LANG.json, asked for by key
// with Lang.T. Adding a language is adding its file (and the tests find
// every message it lacks).
//
// The catalog is golang.org/x/text/message: it formats numbers the way each
// language writes them ("10 000", "10,000"), and chooses plural forms by
// the CLDR rules ("1 строка", "3 строки", "5 строк"), which would otherwise
// be rules written by hand for every language.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed messages/*.json
var files embed.FS

// Lang is a language tradedash speaks, by its BCP 47 tag ("ru", "en",
// "zh"). Only the languages of messages/ are valid; Parse and Match give
// one.
type Lang string

// The languages code refers to by name. Every other language exists only
// as its file.
const (
	RU Lang = "ru" // the default of the pages and reports
	EN Lang = "en" // the default of the command line
	ZH Lang = "zh" // Simplified Chinese
)

// Default is the language of a reader who asked for none.
const Default = RU

// A message file maps keys to texts. A text is a format for fmt-style
// arguments ("Строк: %d"); numbers given to %d and %v are written the
// language's way, so years and identifiers are passed as text (%s). A text
// that depends on a count is an object of CLDR plural forms ("one", "few",
// "many", "other", ...) chosen by the first argument, or by "arg" when
// that is not the first.
type entry struct {
	text  string
	forms map[string]string
	arg   int
}

func (e *entry) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &e.text); err == nil {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("a message is a string or an object of plural forms")
	}
	e.forms, e.arg = map[string]string{}, 1
	for k, v := range m {
		if k == "arg" {
			if err := json.Unmarshal(v, &e.arg); err != nil || e.arg < 1 {
				return fmt.Errorf(`"arg" is the number of the argument that chooses the form, from 1`)
			}
			continue
		}
		if !slices.Contains(pluralForms, k) {
			return fmt.Errorf("%q is not a plural form (%s)", k, strings.Join(pluralForms, ", "))
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("plural form %q: %w", k, err)
		}
		e.forms[k] = s
	}
	if _, ok := e.forms["other"]; !ok {
		return fmt.Errorf(`plural forms need "other"`)
	}
	return nil
}

// pluralForms are CLDR's plural categories, in the order x/text tries
// them: "other" matches any count, so it comes last.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

type langData struct {
	tag      language.Tag
	printer  *message.Printer
	messages map[string]entry
	// plain holds the texts that take no argument, formatted once: an
	// export asks for a status or a qualifier name a million times, and a
	// map read is some fifty times cheaper than the printer.
	plain map[string]string
}

type catalogData struct {
	langs  []Lang // Default first, then by tag
	byLang map[Lang]*langData
	match  language.Matcher
	err    error
}

var loadOnce = sync.OnceValue(func() *catalogData { return load(files) })

func loaded() *catalogData {
	c := loadOnce()
	if c.err != nil {
		panic(c.err) // the embedded files are checked by the tests
	}
	return c
}

// load reads every messages/LANG.json of fsys into one catalog.
func load(fsys fs.FS) *catalogData {
	c := &catalogData{byLang: map[Lang]*langData{}}
	b := catalog.NewBuilder(catalog.Fallback(language.Make(string(Default))))
	names, err := fs.ReadDir(fsys, "messages")
	if err != nil {
		c.err = err
		return c
	}
	for _, f := range names {
		name := f.Name()
		if path.Ext(name) != ".json" {
			continue
		}
		l := Lang(strings.TrimSuffix(name, ".json"))
		tag, err := language.Parse(string(l))
		if err != nil || tag.String() != string(l) {
			c.err = fmt.Errorf("locale: messages/%s: the name is not a canonical language tag", name)
			return c
		}
		raw, err := fs.ReadFile(fsys, "messages/"+name)
		if err != nil {
			c.err = err
			return c
		}
		var msgs map[string]entry
		if err := json.Unmarshal(raw, &msgs); err != nil {
			c.err = fmt.Errorf("locale: messages/%s: %w", name, err)
			return c
		}
		for key, e := range msgs {
			if e.forms == nil {
				err = b.SetString(tag, key, e.text)
			} else {
				cases := make([]any, 0, 2*len(e.forms))
				for _, form := range pluralForms {
					if s, ok := e.forms[form]; ok {
						cases = append(cases, form, s)
					}
				}
				err = b.Set(tag, key, plural.Selectf(e.arg, "%d", cases...))
			}
			if err != nil {
				c.err = fmt.Errorf("locale: messages/%s: %s: %w", name, key, err)
				return c
			}
		}
		c.byLang[l] = &langData{tag: tag, messages: msgs}
		c.langs = append(c.langs, l)
	}
	if c.byLang[Default] == nil {
		c.err = fmt.Errorf("locale: no messages/%s.json for the default language", Default)
		return c
	}
	slices.SortFunc(c.langs, func(a, b Lang) int {
		switch {
		case a == b:
			return 0
		case a == Default:
			return -1
		case b == Default:
			return 1
		}
		return strings.Compare(string(a), string(b))
	})
	tags := make([]language.Tag, len(c.langs))
	for i, l := range c.langs {
		d := c.byLang[l]
		d.printer = message.NewPrinter(d.tag, message.Catalog(b))
		tags[i] = d.tag
	}
	for _, l := range c.langs {
		d := c.byLang[l]
		d.plain = map[string]string{}
		for _, from := range []*langData{d, c.byLang[Default]} {
			for key, e := range from.messages {
				if _, done := d.plain[key]; !done && e.forms == nil && !strings.Contains(e.text, "%") {
					d.plain[key] = d.printer.Sprintf(key)
				}
			}
		}
	}
	c.match = language.NewMatcher(tags)
	return c
}

// Langs lists the languages in the order a language switch shows them: the
// default first.
func Langs() []Lang { return slices.Clone(loaded().langs) }

// Parse returns the language named by s ("ru", "EN", " zh "), if tradedash
// speaks it.
func Parse(s string) (Lang, bool) {
	l := Lang(strings.ToLower(strings.TrimSpace(s)))
	_, ok := loaded().byLang[l]
	return l, ok
}

// Match chooses the language for an Accept-Language header ("zh-CN,zh;q=0.9",
// "en-GB"), or Default when it names none tradedash speaks.
func Match(accept string) Lang {
	c := loaded()
	if accept == "" {
		return Default
	}
	_, i, conf := c.match.Match(parseAccept(accept)...)
	if conf == language.No {
		return Default
	}
	return c.langs[i]
}

func parseAccept(accept string) []language.Tag {
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil {
		return nil
	}
	return tags
}

// FromEnv chooses the command line's language from the environment as
// POSIX programs do: the first of LC_ALL, LC_MESSAGES and LANG that is set
// ("ru_RU.UTF-8" is Russian), else English. getenv is os.Getenv in
// production.
func FromEnv(getenv func(string) string) Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		s := getenv(v)
		if s == "" {
			continue
		}
		s, _, _ = strings.Cut(s, ".")
		s, _, _ = strings.Cut(s, "@")
		if s == "C" || s == "POSIX" {
			return EN
		}
		tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
		if err != nil {
			return EN
		}
		_, i, conf := loaded().match.Match(tag)
		if conf == language.No {
			return EN
		}
		return loaded().langs[i]
	}
	return EN
}

func (l Lang) data() *langData {
	c := loaded()
	if d, ok := c.byLang[l]; ok {
		return d
	}
	return c.byLang[Default]
}

// T returns the text of key in l, formatted with args. A key that l's file
// lacks comes in the default language; a key no file has comes back as
// itself, which the tests catch.
func (l Lang) T(key string, args ...any) string {
	d := l.data()
	if len(args) == 0 {
		if s, ok := d.plain[key]; ok {
			return s
		}
	}
	return d.printer.Sprintf(key, args...)
}

// Has reports whether l's own file has key.
func (l Lang) Has(key string) bool {
	_, ok := l.data().messages[key]
	return ok
}

// Name is the language's name in itself, for a language switch: "Русский",
// "English", "中文".
func (l Lang) Name() string { return l.T("language.name") }

// Tag is the language's BCP 47 tag, for HTML lang and HTTP
// Content-Language.
func (l Lang) Tag() string { return string(l) }
