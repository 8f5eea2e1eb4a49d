package reference

import (
	"slices"
	"strings"
)

// Country is an ISO 3166-1 country, or the pseudo-country ALL that stands
// for a whole exhibition.
type Country struct {
	Alpha2 string // "CN"; "ALL" for the whole exhibition
	Alpha3 string // "CHN"
	// M49 is the ISO 3166-1 numeric code, which is also the country's UN
	// M49 code: 156 for China, 344 for Hong Kong. Customs offices number
	// countries their own way (see ComtradeCountry, GACCCountry); 0 for
	// ALL.
	M49    int
	NameRU string
	NameEN string
	NameZH string
}

// Name returns the country's name in lang: "ru", "en" or "zh". Any other
// lang gives the English name.
func (c Country) Name(lang string) string {
	return pickName(lang, c.NameRU, c.NameEN, c.NameZH)
}

func pickName(lang, ru, en, zh string) string {
	switch lang {
	case "ru":
		return ru
	case "zh":
		if zh != "" {
			return zh
		}
	}
	return en
}

// Countries returns every ISO 3166-1 country sorted by alpha-2 code. The
// pseudo-country ALL is not among them; CountryByCode("ALL") returns it.
func Countries() []Country {
	d := loaded()
	return slices.Clone(d.countries[:len(d.countries)-1])
}

// CountryByCode returns the country with the given alpha-2 or alpha-3 code
// (in any case), or ALL.
func CountryByCode(code string) (Country, bool) {
	d := loaded()
	i, ok := d.byCode[code]
	if !ok {
		i, ok = d.byCode[strings.ToUpper(code)]
	}
	if !ok {
		return Country{}, false
	}
	return d.countries[i], true
}

// ResolveCountry finds the country s names: an alpha-2 or alpha-3 code, or a
// name or alias in Russian, English or Chinese, in any case, ignoring extra
// spaces, punctuation, «» and other quotes, ё/е and Latin accents. "КНР",
// "China, People's Republic of" and "中国" are all China; "все" and "all" are
// ALL. The error is an *UnknownError suggesting the closest names.
//
// It is safe for concurrent use, and does not allocate for names and codes
// written the way the reference data writes them.
func ResolveCountry(s string) (Country, error) {
	d := loaded()
	r := d.country.resolve(s)
	if r.err != nil {
		return Country{}, r.err
	}
	return d.countries[r.entry], nil
}
