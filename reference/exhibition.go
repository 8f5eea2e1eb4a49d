package reference

import "slices"

// Exhibition is an exhibition whose figures tradedash keeps.
type Exhibition struct {
	Code   string // stored code, e.g. "innoprom"
	NameRU string
	NameEN string
	NameZH string
	CityRU string
	CityEN string
	CityZH string
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
