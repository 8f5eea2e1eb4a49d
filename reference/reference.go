// Package reference holds the reference data compiled into the binary: every
// ISO 3166-1 country and the exhibitions tradedash knows, with their names in
// Russian, English and Chinese and the aliases officials write instead.
//
// Resolving is built for imports: ResolveCountry is called once per row of a
// file that may have a million rows, so the common spellings are answered from
// an immutable map without locking or allocating, and every other input is
// normalized once and remembered.
//
// The data lives in CSV files beside this one: countries.csv is generated
// from CLDR and Debian's iso-codes by internal/gen (run go generate after
// changing the generator or upgrading golang.org/x/text or iso-codes);
// aliases.csv, exhibitions.csv and hs.csv are written by hand.
package reference

//go:generate go run ./internal/gen -o countries.csv

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"tradedash"
)

var (
	//go:embed countries.csv
	countriesCSV []byte
	//go:embed aliases.csv
	aliasesCSV []byte
	//go:embed exhibitions.csv
	exhibitionsCSV []byte
)

// allCountries is the pseudo-country of a figure about a whole exhibition.
// It is not in Countries() because it is not a country, but CountryByCode and
// ResolveCountry know it. "Итого", "Всего" and "Total" are deliberately not
// its aliases: in a table they label a total row, the sum of the rows above,
// which is not the same thing as the exhibition's own figure.
var allCountries = Country{
	Alpha2: tradedash.AllCountries,
	Alpha3: tradedash.AllCountries,
	NameRU: "Все страны",
	NameEN: "All countries",
	NameZH: "所有国家",
}

// data is everything loaded from the embedded files. It is built on first use
// so that commands which never touch reference data do not pay for it.
type data struct {
	countries   []Country // ISO countries sorted by alpha-2, then allCountries
	byCode      map[string]int
	country     *catalog
	exhibitions []Exhibition
	exByCode    map[string]int
	exhibition  *catalog
}

var loaded = sync.OnceValue(func() *data {
	d, err := load()
	if err != nil {
		// The files are embedded and checked by the tests; failing here
		// means the binary was built from a broken tree.
		panic(fmt.Sprintf("reference: %v", err))
	}
	return d
})

func load() (*data, error) {
	d := &data{byCode: map[string]int{}, exByCode: map[string]int{}}
	d.country = newCatalog("country", func(i int, lang string) string {
		c := d.countries[i]
		return c.Name(lang) + " (" + c.Alpha2 + ")"
	})
	d.exhibition = newCatalog("exhibition", func(i int, lang string) string {
		e := d.exhibitions[i]
		return e.Name(lang) + " (" + e.Code + ")"
	})

	rows, err := readCSV("countries.csv", countriesCSV, 7)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		m49, err := strconv.Atoi(r[2])
		if err != nil || len(r[2]) != 3 {
			return nil, fmt.Errorf("countries.csv: %s: numeric code %q is not three digits", r[0], r[2])
		}
		d.countries = append(d.countries, Country{Alpha2: r[0], Alpha3: r[1], M49: m49, NameRU: r[3], NameEN: r[4], NameZH: r[5]})
	}
	d.countries = append(d.countries, allCountries)
	for i, c := range d.countries {
		d.byCode[c.Alpha2] = i
		d.byCode[c.Alpha3] = i
		if err := d.country.addCode(c.Alpha2, i); err != nil {
			return nil, err
		}
		if err := d.country.addCode(c.Alpha3, i); err != nil {
			return nil, err
		}
		for _, name := range []string{c.NameRU, c.NameEN, c.NameZH} {
			if err := d.country.addName(name, i); err != nil {
				return nil, err
			}
		}
	}
	for i, r := range rows {
		for _, a := range splitAliases(r[6]) {
			if err := d.country.addName(a, i); err != nil {
				return nil, err
			}
		}
	}
	aliases, err := readCSV("aliases.csv", aliasesCSV, 2)
	if err != nil {
		return nil, err
	}
	for _, r := range aliases {
		i, ok := d.byCode[r[0]]
		if !ok {
			return nil, fmt.Errorf("aliases.csv: unknown country code %q", r[0])
		}
		if err := d.country.addName(r[1], i); err != nil {
			return nil, err
		}
	}

	rows, err = readCSV("exhibitions.csv", exhibitionsCSV, 9)
	if err != nil {
		return nil, err
	}
	isCountry := func(code string) bool {
		i, ok := d.byCode[code]
		return ok && d.countries[i].Alpha2 == code && code != tradedash.AllCountries
	}
	for i, r := range rows {
		e := Exhibition{Code: r[0], NameRU: r[1], NameEN: r[2], NameZH: r[3], CityRU: r[4], CityEN: r[5], CityZH: r[6], host: r[7]}
		if err := parseHost(e.host, isCountry); err != nil {
			return nil, fmt.Errorf("exhibitions.csv: %s: %w", e.Code, err)
		}
		d.exhibitions = append(d.exhibitions, e)
		d.exByCode[e.Code] = i
		if err := d.exhibition.addCode(e.Code, i); err != nil {
			return nil, err
		}
		for _, name := range append([]string{e.NameRU, e.NameEN, e.NameZH}, splitAliases(r[8])...) {
			if err := d.exhibition.addName(name, i); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

// readCSV reads an embedded table, skipping its header and "#" comments.
func readCSV(name string, b []byte, fields int) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	r.FieldsPerRecord = fields
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rows = append(rows, rec)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return rows[1:], nil
}

func splitAliases(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
