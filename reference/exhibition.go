package reference

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Exhibition is an exhibition whose figures tradedash keeps.
type Exhibition struct {
	Code   string // stored code, e.g. "innoprom"
	NameRU string
	NameEN string
	NameZH string
	CityRU string
	CityEN string
	CityZH string
	// host is the host country as exhibitions.csv gives it: one ISO
	// alpha-2 code, or "YEAR:CODE|..." for an exhibition whose host
	// changes by edition. Host and HostCountries read it.
	host string
}

// Host returns the ISO alpha-2 code of the country that hosted the
// exhibition's edition of year, or "" when that edition's host is not
// known: the Russian-Chinese EXPO alternates between Russia and China, and
// a year it was not held has no host.
func (e Exhibition) Host(year int) string {
	if !strings.Contains(e.host, ":") {
		return e.host
	}
	for ed := range strings.SplitSeq(e.host, "|") {
		y, code, _ := strings.Cut(ed, ":")
		if y == strconv.Itoa(year) {
			return code
		}
	}
	return ""
}

// HostCountries returns every country that has hosted the exhibition, in
// the order of its first edition there.
func (e Exhibition) HostCountries() []string {
	var out []string
	for ed := range strings.SplitSeq(e.host, "|") {
		_, code, found := strings.Cut(ed, ":")
		if !found {
			code = ed
		}
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

// parseHost checks a host column: a known country code, or editions
// "YEAR:CODE" in increasing years.
func parseHost(s string, known func(string) bool) error {
	if !strings.Contains(s, ":") {
		if !known(s) {
			return fmt.Errorf("unknown host country %q", s)
		}
		return nil
	}
	last := 0
	for ed := range strings.SplitSeq(s, "|") {
		ys, code, _ := strings.Cut(ed, ":")
		y, err := strconv.Atoi(ys)
		if err != nil || y <= last {
			return fmt.Errorf("host edition %q: want YEAR:CODE in increasing years", ed)
		}
		if !known(code) {
			return fmt.Errorf("host edition %q: unknown country", ed)
		}
		last = y
	}
	return nil
}

// Name returns the exhibition's name in lang: "ru", "en" or "zh". Any other
// lang gives the English name.
func (e Exhibition) Name(lang string) string {
	return pickName(lang, e.NameRU, e.NameEN, e.NameZH)
}

// City returns the city (or cities) the exhibition is held in, in lang
// like Name.
func (e Exhibition) City(lang string) string {
	return pickName(lang, e.CityRU, e.CityEN, e.CityZH)
}

// Exhibitions returns every known exhibition in the order of
// exhibitions.csv.
func Exhibitions() []Exhibition {
	return slices.Clone(loaded().exhibitions)
}

// ExhibitionByCode returns the exhibition with the given stored code.
func ExhibitionByCode(code string) (Exhibition, bool) {
	d := loaded()
	i, ok := d.exByCode[code]
	if !ok {
		return Exhibition{}, false
	}
	return d.exhibitions[i], true
}

// ResolveExhibition finds the exhibition s names: its code, or a name or
// alias in Russian, English or Chinese, matched like ResolveCountry matches
// countries. A trailing year ("ИННОПРОМ-2023", "Innoprom 2024") and a leading
// ordinal ("9-е Российско-Китайское ЭКСПО") are ignored; use
// ResolveExhibitionYear to get the year. The error is an *UnknownError
// suggesting the closest names.
func ResolveExhibition(s string) (Exhibition, error) {
	e, _, err := ResolveExhibitionYear(s)
	return e, err
}

// ResolveExhibitionYear is ResolveExhibition that also returns the year
// written after the name, or 0 if there was none: "ИННОПРОМ-2023" gives
// INNOPROM and 2023.
func ResolveExhibitionYear(s string) (Exhibition, int, error) {
	d := loaded()
	r := d.exhibition.resolve(s)
	if r.err != nil {
		return Exhibition{}, 0, r.err
	}
	return d.exhibitions[r.entry], r.year, nil
}
