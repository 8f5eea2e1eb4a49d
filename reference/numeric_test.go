package reference

import "testing"

// TestNumericCodesPerFormat checks that each format's numeric codes resolve
// through its own table: 344 is Hong Kong in M49 and Russia at China's
// customs, and Comtrade numbers the United States, Switzerland and India
// its own way.
func TestNumericCodesPerFormat(t *testing.T) {
	for _, tc := range []struct {
		name string
		look func(int) (Country, bool)
		code int
		want string // "" for no country
	}{
		{"M49", CountryByM49, 344, "HK"},
		{"M49", CountryByM49, 643, "RU"},
		{"M49", CountryByM49, 156, "CN"},
		{"M49", CountryByM49, 840, "US"},
		{"M49", CountryByM49, 51, "AM"},
		{"M49", CountryByM49, 0, ""},
		{"Comtrade", ComtradeCountry, 842, "US"},
		{"Comtrade", ComtradeCountry, 840, ""},
		{"Comtrade", ComtradeCountry, 757, "CH"},
		{"Comtrade", ComtradeCountry, 699, "IN"},
		{"Comtrade", ComtradeCountry, 356, ""},
		{"Comtrade", ComtradeCountry, 344, "HK"},
		{"Comtrade", ComtradeCountry, 643, "RU"},
		{"Comtrade", ComtradeCountry, 0, ""},
		{"Comtrade", ComtradeCountry, 490, ""},
		{"GACC", GACCCountry, 344, "RU"},
		{"GACC", GACCCountry, 142, "CN"},
		{"GACC", GACCCountry, 110, "HK"},
		{"GACC", GACCCountry, 502, "US"},
		{"GACC", GACCCountry, 701, ""},
	} {
		c, ok := tc.look(tc.code)
		if ok != (tc.want != "") || c.Alpha2 != tc.want {
			t.Errorf("%s %d = %q, %v; want %q", tc.name, tc.code, c.Alpha2, ok, tc.want)
		}
	}
}

// TestEveryCountryHasM49 checks the generated numeric column: every
// country has a distinct code.
func TestEveryCountryHasM49(t *testing.T) {
	seen := map[int]string{}
	for _, c := range Countries() {
		if c.M49 <= 0 || c.M49 > 999 {
			t.Errorf("%s: numeric code %d", c.Alpha2, c.M49)
		}
		if other, dup := seen[c.M49]; dup {
			t.Errorf("%s and %s share numeric code %d", c.Alpha2, other, c.M49)
		}
		seen[c.M49] = c.Alpha2
	}
}
