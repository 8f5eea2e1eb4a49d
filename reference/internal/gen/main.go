// Command gen writes reference/countries.csv: every ISO 3166-1 country with
// its alpha-2, alpha-3 and numeric codes and its names in Russian, English and
// Chinese, taken from the CLDR data in golang.org/x/text so that nobody types
// 249 names from memory. The numeric code (ISO 3166-1 numeric, which is the
// UN M49 code of the country) comes from Debian's iso-codes package,
// /usr/share/iso-codes/json/iso_3166-1.json (install it with
// apt-get install iso-codes). It runs from the reference directory through
// go generate.
//
// CLDR names are display names, and a few of them are dated ("Swaziland") or
// awkward in a chart label ("Congo - Kinshasa"); the overrides below fix those.
// Every CLDR name that an override replaces, and every name that the generic
// rewrites below change, is kept as an alias so that files written with the
// old name still resolve.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// iso3166Count is the number of officially assigned ISO 3166-1 codes; the
// generator refuses to write a list of a different length.
const iso3166Count = 249

// notISO are codes CLDR treats as countries that ISO 3166-1 only reserves
// (exceptional reservations) or never assigned.
var notISO = map[string]bool{
	"AC": true, "CP": true, "CQ": true, "DG": true, "EA": true, "IC": true,
	"TA": true, "EU": true, "EZ": true, "UN": true, "XK": true,
}

// override replaces CLDR names; an empty field keeps the CLDR name.
type override struct{ ru, en, zh string }

var overrides = map[string]override{
	"CD": {ru: "Демократическая Республика Конго", en: "Democratic Republic of the Congo"},
	"CG": {ru: "Республика Конго", en: "Republic of the Congo"},
	"HK": {ru: "Гонконг", en: "Hong Kong", zh: "中国香港"},
	"MO": {ru: "Макао", en: "Macao", zh: "中国澳门"},
	"MK": {ru: "Северная Македония", en: "North Macedonia", zh: "北马其顿"},
	"MM": {ru: "Мьянма", en: "Myanmar"},
	"PS": {ru: "Палестина", en: "Palestine", zh: "巴勒斯坦"},
	"SZ": {ru: "Эсватини", en: "Eswatini"},
	"TR": {en: "Türkiye"},
	"US": {ru: "США"},
}

func main() {
	out := flag.String("o", "countries.csv", "output file")
	isoFile := flag.String("iso", isoCodesJSON, "iso-codes' ISO 3166-1 table")
	flag.Parse()
	numeric, err := readNumeric(*isoFile)
	if err != nil {
		log.Fatal(err)
	}
	rows, err := countries(numeric)
	if err != nil {
		log.Fatal(err)
	}
	if err := write(*out, rows); err != nil {
		log.Fatal(err)
	}
}

// isoCodesJSON is where Debian's iso-codes package installs the ISO 3166-1
// table.
const isoCodesJSON = "/usr/share/iso-codes/json/iso_3166-1.json"

// readNumeric reads the numeric code of every alpha-2 code from iso-codes'
// table: {"3166-1": [{"alpha_2": "AW", "numeric": "533", ...}, ...]}.
func readNumeric(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (install Debian's iso-codes package)", err)
	}
	var table struct {
		Entries []struct {
			Alpha2  string `json:"alpha_2"`
			Numeric string `json:"numeric"`
		} `json:"3166-1"`
	}
	if err := json.Unmarshal(b, &table); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	numeric := map[string]string{}
	for _, e := range table.Entries {
		if len(e.Numeric) != 3 || strings.Trim(e.Numeric, "0123456789") != "" {
			return nil, fmt.Errorf("%s: %s has numeric code %q", path, e.Alpha2, e.Numeric)
		}
		numeric[e.Alpha2] = e.Numeric
	}
	return numeric, nil
}

func countries(numeric map[string]string) ([][]string, error) {
	ru, en, zh := display.Russian.Regions(), display.English.Regions(), display.Chinese.Regions()
	var rows [][]string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			// Deprecated codes (SU, YU, ZR) canonicalize to their successors
			// or to nothing; they are not current ISO 3166-1 entries.
			if err != nil || !r.IsCountry() || r.IsPrivateUse() || notISO[code] || r.Canonicalize().String() != code {
				continue
			}
			alpha3 := r.ISO3()
			names := []string{ru.Name(r), en.Name(r), zh.Name(r)}
			if alpha3 == "" || alpha3 == "ZZZ" || slices.Contains(names, "") {
				continue
			}
			var aliases []string
			o := overrides[code]
			for i, want := range []string{o.ru, o.en, o.zh} {
				if want != "" && want != names[i] {
					aliases = append(aliases, names[i])
					names[i] = want
				}
			}
			// CLDR writes "Bosnia & Herzegovina" and "Аландские о-ва"; a
			// label reads better spelled out, the short form stays an alias.
			if s := strings.ReplaceAll(names[1], " & ", " and "); s != names[1] {
				aliases = append(aliases, names[1])
				names[1] = s
			}
			if s := expandRU(names[0]); s != names[0] {
				aliases = append(aliases, names[0])
				names[0] = s
			}
			m49, ok := numeric[code]
			if !ok {
				return nil, fmt.Errorf("%s: no numeric code in iso-codes' table", code)
			}
			rows = append(rows, []string{code, alpha3, m49, names[0], names[1], names[2], strings.Join(aliases, "|")})
		}
	}
	if len(rows) != iso3166Count {
		return nil, fmt.Errorf("found %d countries, want %d: check notISO and the x/text version", len(rows), iso3166Count)
	}
	return rows, nil
}

// expandRU spells out the abbreviations CLDR uses for islands.
func expandRU(s string) string {
	s = strings.ReplaceAll(s, "о-ва", "острова")
	s = strings.ReplaceAll(s, "о-в", "остров")
	if strings.HasPrefix(s, "остров") {
		s = "О" + strings.TrimPrefix(s, "о")
	}
	return s
}

func write(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"alpha2", "alpha3", "m49", "name_ru", "name_en", "name_zh", "aliases"})
	w.WriteAll(rows) // WriteAll flushes and reports the first error
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
