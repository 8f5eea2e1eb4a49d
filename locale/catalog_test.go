package locale

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// problems lists what is wrong with a catalog: a message missing from a
// language, a translation whose arguments differ from the default
// language's, a plural text lacking a form its language needs, a text
// that does not format cleanly.
func problems(c *catalogData) []string {
	var out []string
	all := map[string]bool{}
	for _, d := range c.byLang {
		for k := range d.messages {
			all[k] = true
		}
	}
	def := c.byLang[Default]
	for _, l := range c.langs {
		d := c.byLang[l]
		for k := range all {
			e, ok := d.messages[k]
			if !ok {
				out = append(out, fmt.Sprintf("messages/%s.json lacks %q", l, k))
				continue
			}
			if de, ok := def.messages[k]; ok && !sameVerbs(e, de) {
				out = append(out, fmt.Sprintf("messages/%s.json: %q takes %v, but in %s %v", l, k, e.verbs(), Default, de.verbs()))
			}
			if e.forms != nil {
				for _, form := range neededForms(d.tag) {
					if _, ok := e.forms[form]; !ok {
						out = append(out, fmt.Sprintf("messages/%s.json: %q lacks the plural form %q", l, k, form))
					}
				}
			}
			for _, text := range e.texts() {
				if e.verbs() == nil && strings.Contains(d.printer.Sprintf(text), "%!") {
					out = append(out, fmt.Sprintf("messages/%s.json: %q does not format: write a percent sign as %%%%", l, k))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func (e entry) texts() []string {
	if e.forms == nil {
		return []string{e.text}
	}
	var out []string
	for _, f := range pluralForms {
		if s, ok := e.forms[f]; ok {
			out = append(out, s)
		}
	}
	return out
}

// verbs lists the arguments a text takes, by number and verb letter, in
// order: "%[2]s %[1]d" takes [1d 2s]. Plural forms may leave the count out
// ("одна строка"), so their union counts.
func (e entry) verbs() []string {
	set := map[string]bool{}
	for _, text := range e.texts() {
		next := 1
		for _, m := range verb.FindAllStringSubmatch(text, -1) {
			v := m[0]
			if strings.HasSuffix(v, "%") {
				continue
			}
			n := next
			if m[1] != "" {
				fmt.Sscanf(m[1], "[%d]", &n)
			}
			next = n + 1
			set[fmt.Sprintf("%d%c", n, v[len(v)-1])] = true
		}
	}
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func sameVerbs(a, b entry) bool {
	if a.forms != nil || b.forms != nil {
		// A plural form may omit the count; the other arguments must match.
		strip := func(vs []string) []string {
			return slices.DeleteFunc(vs, func(v string) bool { return v == "1d" })
		}
		return slices.Equal(strip(a.verbs()), strip(b.verbs()))
	}
	return slices.Equal(a.verbs(), b.verbs())
}

// neededForms are the plural forms the CLDR rules of tag choose for some
// count from 0 to 1000, whole or with one or two decimals.
func neededForms(tag language.Tag) []string {
	seen := map[plural.Form]bool{}
	for i := 0; i <= 1000; i++ {
		seen[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)] = true
		for f := 1; f < 100; f += 7 {
			seen[plural.Cardinal.MatchPlural(tag, i, 2, 2, f, f)] = true
		}
	}
	names := map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many"}
	var out []string
	for f := range seen {
		out = append(out, names[f])
	}
	sort.Strings(out)
	return out
}

// TestEveryMessageInEveryLanguage fails when any language lacks a message
// another has, or translates it with other arguments.
func TestEveryMessageInEveryLanguage(t *testing.T) {
	c := load(files)
	if c.err != nil {
		t.Fatal(c.err)
	}
	if len(c.langs) < 3 || c.langs[0] != Default {
		t.Fatalf("languages %v: want ru first, and en and zh", c.langs)
	}
	for _, p := range problems(c) {
		t.Error(p)
	}
}

// TestProblemsFindsAGap proves the check above can fail: a message taken
// out of one language, a changed argument and a missing plural form are
// each reported.
func TestProblemsFindsAGap(t *testing.T) {
	fsys := fstest.MapFS{
		"messages/ru.json": {Data: []byte(`{"a": "А", "b": "Б %s", "rows": {"one": "%d строка", "few": "%d строки", "many": "%d строк", "other": "%d строки"}, "pct": "10 %"}`)},
		"messages/en.json": {Data: []byte(`{"b": "B %d", "rows": {"one": "%d row", "other": "%d rows"}, "pct": "10 %%"}`)},
		"messages/zh.json": {Data: []byte(`{"a": "甲", "b": "乙 %s", "rows": {"other": "%d 行"}, "pct": "10 %%"}`)},
	}
	c := load(fsys)
	if c.err != nil {
		t.Fatal(c.err)
	}
	got := strings.Join(problems(c), "\n")
	for _, want := range []string{
		`messages/en.json lacks "a"`,
		`messages/en.json: "b" takes [1d], but in ru [1s]`,
		`messages/ru.json: "pct" does not format`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems do not say %s; they are:\n%s", want, got)
		}
	}
	fsys["messages/ru.json"] = &fstest.MapFile{Data: []byte(`{"a": "А", "b": "Б %s", "rows": {"one": "%d строка", "other": "%d строки"}, "pct": "10 %%"}`)}
	if got := strings.Join(problems(load(fsys)), "\n"); !strings.Contains(got, `"rows" lacks the plural form "few"`) || !strings.Contains(got, `"many"`) {
		t.Errorf("a Russian plural without few and many is not reported:\n%s", got)
	}
}

// TestPlural checks the CLDR forms reach the text.
func TestPlural(t *testing.T) {
	fsys := fstest.MapFS{
		"messages/ru.json": {Data: []byte(`{"rows": {"one": "%d строка", "few": "%d строки", "many": "%d строк", "other": "%d строки"}}`)},
	}
	c := load(fsys)
	if c.err != nil {
		t.Fatal(c.err)
	}
	p := c.byLang[RU].printer
	for n, want := range map[int]string{1: "1 строка", 3: "3 строки", 5: "5 строк", 21: "21 строка", 12345: "12\u00a0345 строк"} {
		if got := p.Sprintf("rows", n); got != want {
			t.Errorf("rows(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFilesCanonical keeps the message files in one form, keys sorted, so
// that two changes to different messages never touch the same lines.
func TestFilesCanonical(t *testing.T) {
	err := fs.WalkDir(files, "messages", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, _ := files.ReadFile(name)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Errorf("%s: %v", name, err)
			return nil
		}
		if want := canonical(m); !bytes.Equal(raw, want) {
			t.Errorf("%s is not in canonical form (keys sorted, one per line, indented by one space); run: go test ./locale -run TestFilesCanonical -fix", name)
			if *fix {
				os.WriteFile(filepath.Join(".", name), want, 0o644)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func canonical(m map[string]json.RawMessage) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	enc.Encode(m)
	return b.Bytes()
}

// TestKeysUsedExist finds every key the code and templates ask for by a
// literal ("nav.overview") and checks the default language has it: a typo
// would show the key itself to a reader.
func TestKeysUsedExist(t *testing.T) {
	uses := regexp.MustCompile(`\.Tf?\(\s*"([a-z0-9_.]*[a-z0-9_])"\s*[,)]|\.Tf? "([a-z0-9_.]*[a-z0-9_])"`)
	def := load(files).byLang[Default]
	n := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "artifacts" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if ext := filepath.Ext(path); ext != ".go" && ext != ".html" && ext != ".tmpl" {
			return nil
		}
		if strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range uses.FindAllSubmatch(src, -1) {
			key := string(m[1]) + string(m[2])
			n++
			if _, ok := def.messages[key]; !ok {
				t.Errorf("%s asks for %q, which messages/%s.json lacks", path, key, Default)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no key in use: the pattern no longer matches how the code asks for messages")
	}
}

var fix = flag.Bool("fix", false, "rewrite the message files in canonical form")
