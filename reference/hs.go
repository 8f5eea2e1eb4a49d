package reference

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed hs.csv
var hsCSV []byte

// HSHeading is an HS section ("I".."XXI") or chapter ("01".."97", "99") with
// its names. The names say where they are from (hs.csv): the English is UN
// Comtrade's HS 2022 wording, the Russian the FCS's TN VED EAEU names of
// the HS 2017-based edition, in capitals as the FCS writes them, and the
// Chinese is verified against a tariff-based list only where ZHVerified
// says so.
type HSHeading struct {
	Code       string // "XVI" or "84"
	Section    string // the chapter's section; a section's own code; "" for chapter 99
	NameRU     string
	NameEN     string
	NameZH     string
	ZHVerified bool // the Chinese name was checked against a tariff-based source
}

// Name returns the heading's name in lang ("ru", "en", "zh"); any other
// lang gives the English name. Reserved chapter 77 has none.
func (h HSHeading) Name(lang string) string { return pickName(lang, h.NameRU, h.NameEN, h.NameZH) }

var hsLoaded = sync.OnceValue(func() map[string]HSHeading {
	rows, err := readCSV("hs.csv", hsCSV, 8)
	if err != nil {
		panic(fmt.Sprintf("reference: %v", err))
	}
	m := make(map[string]HSHeading, len(rows))
	for _, r := range rows {
		m[r[0]] = HSHeading{Code: r[0], Section: r[1], NameEN: r[2], NameRU: r[3], NameZH: r[4],
			ZHVerified: r[7] != "" && !strings.HasPrefix(r[7], "unverified") && r[7] != "not found"}
	}
	return m
})

// HS returns the HS section ("XVI", in any case) or chapter ("84", "8")
// with the code.
func HS(code string) (HSHeading, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) == 1 && code[0] >= '1' && code[0] <= '9' {
		code = "0" + code
	}
	h, ok := hsLoaded()[code]
	return h, ok
}

// IsHSSection reports whether code is an HS section numeral, I to XXI.
func IsHSSection(code string) bool {
	h, ok := hsLoaded()[code]
	return ok && h.Section == code
}
