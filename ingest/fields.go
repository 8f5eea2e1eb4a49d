package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"tradedash"
	"tradedash/reference"
)

// cell returns the cleaned cell of field f, or "" when the file has no such
// column or the row is short.
func (r *reader) cell(cells []string, f field) string {
	i := r.lay.col[f]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cleanCell(cells[i])
}

// text returns a free-text cell cleaned for storage, or reports it too long.
// Texts repeat (one source for a whole file), so each distinct cell is
// cleaned and copied once, and every record citing it shares the copy: a
// million figures hold ten source strings, not a million.
func (r *reader) text(cells []string, f field, limit int) string {
	s := r.cell(cells, f)
	if s == "" {
		return ""
	}
	clean, ok := r.texts[s]
	if !ok {
		clean = cleanText(s)
	}
	// A string of no more bytes than the limit has no more characters.
	if len(clean) > limit {
		if n := utf8.RuneCountInString(clean); n > limit {
			r.problem(r.lay.fieldName(f), "%s is %d characters long; the limit is %d: shorten it", fieldNames[f], n, limit)
			return ""
		}
	}
	if !ok {
		if len(r.texts) >= maxTexts {
			clear(r.texts) // adversarial input must not grow it without bound
		}
		// Copies: s and clean are slices of a record that must not stay
		// pinned in memory.
		clean = strings.Clone(clean)
		key := clean
		if s != clean {
			key = strings.Clone(s)
		}
		r.texts[key] = clean
	}
	return clean
}

// maxTexts bounds the texts remembered by reader.text.
const maxTexts = 4096

// source returns the row's source, or Options.Source.
func (r *reader) source(cells []string) string {
	if r.cell(cells, fSource) != "" {
		n := len(r.rowProbs)
		s := r.text(cells, fSource, maxSource) // "" and a problem if too long
		if s == "" && len(r.rowProbs) == n {
			// Only control or invisible characters: no source at all.
			r.problem(r.lay.fieldName(fSource), "the source has no visible text; fill in the source, or use --source")
		}
		return s
	}
	if r.opts.Source == "" {
		r.problem(r.lay.fieldName(fSource), "no source: fill in the source, or use --source")
		return ""
	}
	return r.opts.Source
}

// exhibitionCache remembers the last exhibition cell: files list one
// exhibition for many rows.
type exhibitionCache struct {
	cell string
	code string
	year int
	err  error
}

// exhibition resolves the exhibition cell; year is a year written in it.
func (r *reader) exhibition(cells []string) (code string, year int, ok bool) {
	s := r.cell(cells, fExhibition)
	if s == "" {
		r.emptyCell(fExhibition, "exhibition is empty")
		return "", 0, false
	}
	c := &r.exCache
	if s != c.cell || c.code == "" && c.err == nil {
		e, y, err := reference.ResolveExhibitionYear(s)
		*c = exhibitionCache{cell: s, code: e.Code, year: y, err: err}
	}
	if c.err != nil {
		r.problem(r.lay.fieldName(fExhibition), "%s%s", c.err, r.nameHint(s))
		return "", 0, false
	}
	return c.code, c.year, true
}

type countryCache struct {
	cell string
	code string
	err  error
}

// country resolves the country cell: a file without a country column is
// about whole exhibitions (ALL).
func (r *reader) country(cells []string, emptyIsAll bool) (string, bool) {
	if r.lay.col[fCountry] < 0 {
		return tradedash.AllCountries, true
	}
	s := r.cell(cells, fCountry)
	if s == "" {
		if emptyIsAll {
			return tradedash.AllCountries, true
		}
		r.emptyCell(fCountry, `country is empty; write the country, or "все"/"all" for the whole exhibition`)
		return "", false
	}
	c := &r.coCache
	if s != c.cell || c.code == "" && c.err == nil {
		co, err := reference.ResolveCountry(s)
		*c = countryCache{cell: s, code: co.Alpha2, err: err}
	}
	if c.err != nil {
		r.problem(r.lay.fieldName(fCountry), "%s%s", c.err, r.nameHint(s))
		return "", false
	}
	return c.code, true
}

// nameHint ends the message about a name that is not known with
// encodingHint when the name is not plain ASCII.
func (r *reader) nameHint(name string) string {
	if asciiPrefix([]byte(name)) == len(name) {
		return ""
	}
	return r.encodingHint()
}

// encodingHint says which legacy code page the file was read in: read in
// the wrong one, every name is garbled, and the user needs to know which
// was used to choose another.
func (r *reader) encodingHint() string {
	if r.dec == nil || !r.dec.legacy() {
		return ""
	}
	how := "detected"
	if r.dec.forced != nil {
		how = "as given"
	}
	return fmt.Sprintf(" (the file was read as %s, %s; if its names look garbled, name the right encoding with --encoding)", r.dec.encoding(), how)
}
