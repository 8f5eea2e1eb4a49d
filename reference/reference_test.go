package reference

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestCountriesData(t *testing.T) {
	cs := Countries()
	if len(cs) != 249 {
		t.Errorf("Countries() has %d entries, want the 249 of ISO 3166-1", len(cs))
	}
	seen := map[string]bool{}
	for i, c := range cs {
		if len(c.Alpha2) != 2 || strings.ToUpper(c.Alpha2) != c.Alpha2 || len(c.Alpha3) != 3 {
			t.Errorf("bad codes %+v", c)
		}
		if c.NameRU == "" || c.NameEN == "" || c.NameZH == "" {
			t.Errorf("missing a name: %+v", c)
		}
		if seen[c.Alpha2] || seen[c.Alpha3] {
			t.Errorf("duplicate code in %+v", c)
		}
		seen[c.Alpha2], seen[c.Alpha3] = true, true
		if i > 0 && cs[i-1].Alpha2 >= c.Alpha2 {
			t.Errorf("not sorted at %s", c.Alpha2)
		}
		if c.Alpha2 == "ALL" {
			t.Error("Countries() includes ALL")
		}
	}
	// Every name and code must lead back to its own country: a name that
	// meant two countries would fail to load, one shadowed by an alias of
	// another would fail here.
	for _, c := range append(cs, allCountries) {
		for _, s := range []string{c.Alpha2, c.Alpha3, strings.ToLower(c.Alpha3), c.NameRU, c.NameEN, c.NameZH, strings.ToUpper(c.NameRU)} {
			got, err := ResolveCountry(s)
			if err != nil || got != c {
				t.Errorf("ResolveCountry(%q) = %v, %v; want %s", s, got.Alpha2, err, c.Alpha2)
			}
		}
	}
}

func TestResolveCountry(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"CN", "CN"}, {"cn", "CN"}, {"CHN", "CN"}, {"chn", "CN"},
		{"Китай", "CN"}, {"китай", "CN"}, {"КИТАЙ", "CN"}, {"  Китай ", "CN"}, {"«Китай»", "CN"},
		{"КНР", "CN"}, {"Китайская Народная Республика", "CN"}, {"Китайская  народная республика", "CN"},
		{"PRC", "CN"}, {"People's Republic of China", "CN"}, {"People’s Republic of China", "CN"},
		{"China, People's Republic of", "CN"}, {"中国", "CN"}, {"中华人民共和国", "CN"}, {"China", "CN"},
		{"Korea, Republic of", "KR"}, {"South Korea", "KR"}, {"Южная Корея", "KR"}, {"Республика Корея", "KR"},
		{"ОАЭ", "AE"}, {"UAE", "AE"}, {"Объединенные Арабские Эмираты", "AE"},
		{"США", "US"}, {"USA", "US"}, {"U.S.A.", "US"}, {"United States", "US"}, {"Соединенные Штаты Америки", "US"},
		{"Великобритания", "GB"}, {"UK", "GB"}, {"United Kingdom", "GB"},
		{"Беларусь", "BY"}, {"Белоруссия", "BY"}, {"Республика Беларусь", "BY"},
		{"Казахстан", "KZ"}, {"Турция", "TR"}, {"Турецкая Республика", "TR"}, {"Türkiye", "TR"}, {"Turkiye", "TR"}, {"Turkey", "TR"},
		{"Саудовская Аравия", "SA"}, {"Индия", "IN"}, {"Япония", "JP"}, {"Италия", "IT"}, {"Иран", "IR"},
		{"Iran, Islamic Republic of", "IR"}, {"Узбекистан", "UZ"},
		{"Россия", "RU"}, {"РФ", "RU"}, {"Российская Федерация", "RU"}, {"Russian Federation", "RU"},
		{"Кыргызстан", "KG"}, {"Киргизия", "KG"}, {"Cote d'Ivoire", "CI"}, {"Côte d’Ivoire", "CI"},
		{"Bosnia & Herzegovina", "BA"}, {"Bosnia and Herzegovina", "BA"}, {"Аландские о-ва", "AX"},
		{"Hong Kong", "HK"}, {"Hong Kong SAR China", "HK"}, {"the Netherlands", "NL"},
		{"все", "ALL"}, {"Все страны", "ALL"}, {"ALL", "ALL"}, {"all", "ALL"},
		{"Казахстaн", ""}, // a Latin "a" among Cyrillic letters is not Kazakhstan
		{"Итого", ""}, {"Total", ""}, {"", ""}, {"Корея", ""},
	}
	for _, tt := range tests {
		got, err := ResolveCountry(tt.in)
		if tt.want == "" {
			var ue *UnknownError
			if !errors.As(err, &ue) {
				t.Errorf("ResolveCountry(%q) = %v, %v; want an *UnknownError", tt.in, got, err)
			}
			continue
		}
		if err != nil || got.Alpha2 != tt.want {
			t.Errorf("ResolveCountry(%q) = %q, %v; want %s", tt.in, got.Alpha2, err, tt.want)
		}
	}
}

func TestResolveCountryMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Китаи", `unknown country "Китаи"; did you mean Китай (CN)?`},
		{"Germny", `unknown country "Germny"; did you mean Germany (DE)?`},
		{"Кзахстан", `unknown country "Кзахстан"; did you mean Казахстан (KZ)?`},
		{"Корея", `unknown country "Корея"; did you mean КНДР (KP) or Республика Корея (KR)?`},
		{"Итого", `unknown country "Итого"; did you mean Того (TG)?`},
		{"qwertyuiop", `unknown country "qwertyuiop"`},
		{"a\x1b[2Jb", `unknown country "a\x1b[2Jb"`},
		{strings.Repeat("я", 100), `unknown country "` + strings.Repeat("я", 60) + `"…`},
	}
	for _, tt := range tests {
		_, err := ResolveCountry(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ResolveCountry(%q) error = %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestResolveExhibition(t *testing.T) {
	tests := []struct {
		in   string
		code string
		year int
	}{
		{"innoprom", "innoprom", 0}, {"ИННОПРОМ", "innoprom", 0}, {"Иннопром", "innoprom", 0}, {"INNOPROM", "innoprom", 0},
		{"«ИННОПРОМ»", "innoprom", 0}, {"ИННОПРОМ-2023", "innoprom", 2023}, {"Иннопром 2024", "innoprom", 2024},
		{"ИННОПРОМ–2023", "innoprom", 2023}, {"INNOPROM2025", "innoprom", 2025}, {"叶卡捷琳堡国际工业博览会", "innoprom", 0},
		{"因诺普罗姆", "innoprom", 0}, {"Международная промышленная выставка «Иннопром»", "innoprom", 0},
		{"russia_china_expo", "russia_china_expo", 0}, {"Российско-Китайское ЭКСПО", "russia_china_expo", 0},
		{"Российско-китайское Экспо", "russia_china_expo", 0}, {"9-е Российско-Китайское ЭКСПО", "russia_china_expo", 0},
		{"VII Российско-Китайское ЭКСПО", "russia_china_expo", 0}, {"Russian-Chinese EXPO", "russia_china_expo", 0},
		{"中俄博览会", "russia_china_expo", 0}, {"Российско-Китайское ЭКСПО 2018", "russia_china_expo", 2018},
		{"Canton Fair", "canton_fair", 0}, {"Кантонская ярмарка", "canton_fair", 0}, {"广交会", "canton_fair", 0},
		{"中国进出口商品交易会", "canton_fair", 0},
		{"ИННОПРОМ. Центральная Азия", "innoprom_central_asia", 0}, {"Иннопром Центральная Азия 2022", "innoprom_central_asia", 2022},
		{"INNOPROM. Central Asia", "innoprom_central_asia", 0},
		{"ciie", "ciie", 0}, {"CIIE", "ciie", 0}, {"中国国际进口博览会", "ciie", 0}, {"进博会", "ciie", 0},
		{"China International Import Expo", "ciie", 0}, {"Китайское международное импортное ЭКСПО", "ciie", 0},
		{"China-Russia Expo", "russia_china_expo", 0}, {"中国—俄罗斯博览会", "russia_china_expo", 0},
		{"ИННОПРОМ-1850", "", 0}, {"Инопром", "", 0}, {"", "", 0}, {"2023", "", 0},
	}
	for _, tt := range tests {
		got, year, err := ResolveExhibitionYear(tt.in)
		if tt.code == "" {
			if err == nil {
				t.Errorf("ResolveExhibitionYear(%q) = %s, want an error", tt.in, got.Code)
			}
			continue
		}
		if err != nil || got.Code != tt.code || year != tt.year {
			t.Errorf("ResolveExhibitionYear(%q) = %q, %d, %v; want %s, %d", tt.in, got.Code, year, err, tt.code, tt.year)
		}
	}
	_, err := ResolveExhibition("Инопром-2023")
	if want := `unknown exhibition "Инопром-2023"; did you mean ИННОПРОМ (innoprom)?`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestExhibitions(t *testing.T) {
	want := []string{"innoprom", "russia_china_expo", "canton_fair", "innoprom_central_asia", "ciie"}
	es := Exhibitions()
	if len(es) != len(want) {
		t.Fatalf("Exhibitions() = %d entries, want %d", len(es), len(want))
	}
	for i, e := range es {
		if e.Code != want[i] || e.NameRU == "" || e.NameEN == "" || e.NameZH == "" || e.CityRU == "" || e.CityEN == "" {
			t.Errorf("exhibition %d = %+v", i, e)
		}
		if got, ok := ExhibitionByCode(e.Code); !ok || got != e {
			t.Errorf("ExhibitionByCode(%q) = %+v, %v", e.Code, got, ok)
		}
	}
	e, _ := ExhibitionByCode("russia_china_expo")
	if e.City("en") != "Yekaterinburg / Harbin" || e.City("ru") != "Екатеринбург / Харбин" {
		t.Errorf("russia_china_expo cities = %q, %q", e.City("en"), e.City("ru"))
	}
}

func TestExhibitionHost(t *testing.T) {
	tests := []struct {
		code string
		year int
		want string
	}{
		{"innoprom", 2015, "RU"}, {"innoprom", 2030, "RU"},
		{"canton_fair", 2023, "CN"}, {"ciie", 2018, "CN"}, {"innoprom_central_asia", 2022, "UZ"},
		// The EXPO alternates: sourced editions only.
		{"russia_china_expo", 2014, "CN"}, {"russia_china_expo", 2015, "CN"}, {"russia_china_expo", 2016, "RU"},
		{"russia_china_expo", 2017, "CN"}, {"russia_china_expo", 2018, "RU"}, {"russia_china_expo", 2019, "CN"},
		{"russia_china_expo", 2020, ""}, {"russia_china_expo", 2022, ""}, {"russia_china_expo", 2023, "RU"},
		{"russia_china_expo", 2024, "CN"}, {"russia_china_expo", 2025, "RU"}, {"russia_china_expo", 2013, ""},
	}
	for _, tt := range tests {
		e, ok := ExhibitionByCode(tt.code)
		if !ok {
			t.Fatalf("no exhibition %q", tt.code)
		}
		if got := e.Host(tt.year); got != tt.want {
			t.Errorf("%s.Host(%d) = %q, want %q", tt.code, tt.year, got, tt.want)
		}
	}
	e, _ := ExhibitionByCode("russia_china_expo")
	if got := e.HostCountries(); !slices.Equal(got, []string{"CN", "RU"}) {
		t.Errorf("russia_china_expo hosts = %v", got)
	}
	e, _ = ExhibitionByCode("innoprom")
	if got := e.HostCountries(); !slices.Equal(got, []string{"RU"}) {
		t.Errorf("innoprom hosts = %v", got)
	}
}

func TestParseHost(t *testing.T) {
	known := func(s string) bool { return s == "RU" || s == "CN" }
	for _, ok := range []string{"RU", "2014:CN|2016:RU"} {
		if err := parseHost(ok, known); err != nil {
			t.Errorf("parseHost(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "XX", "ru", "2016:RU|2014:CN", "2014:XX", "x:RU", "2014:CN|"} {
		if err := parseHost(bad, known); err == nil {
			t.Errorf("parseHost(%q) accepted", bad)
		}
	}
}

func TestNames(t *testing.T) {
	cn, _ := CountryByCode("cn")
	for lang, want := range map[string]string{"ru": "Китай", "en": "China", "zh": "中国", "": "China", "de": "China"} {
		if got := cn.Name(lang); got != want {
			t.Errorf("Name(%q) = %q, want %q", lang, got, want)
		}
	}
	in, _ := ExhibitionByCode("innoprom")
	if in.Name("ru") != "ИННОПРОМ" || in.Name("en") != "INNOPROM" || in.Name("fr") != "INNOPROM" {
		t.Errorf("innoprom names: %+v", in)
	}
	if all, ok := CountryByCode("ALL"); !ok || all.Name("ru") != "Все страны" {
		t.Errorf(`CountryByCode("ALL") = %+v, %v`, all, ok)
	}
	if _, ok := CountryByCode("XX"); ok {
		t.Error(`CountryByCode("XX") found something`)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"china", "china"},
		{"  Korea,\u00a0Republic  of ", "korea republic of"},
		{"«Ёлка»", "елка"},
		{"Türkiye", "turkiye"},
		{"Côte d’Ivoire", "cote divoire"},
		{"Й", "й"},
		{"и\u0306", "й"}, // decomposed й is still й
		{"刚果（金）", "刚果 金"},
		{"---", ""},
		{"Площадь, м²", "площадь м2"},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// An import resolves a country per row, from several goroutines in a
// server: the common spellings must not allocate, and the cache must be
// safe for concurrent use.
func TestResolveCountryAllocs(t *testing.T) {
	for _, s := range []string{"CN", "Китай", "китай", "  Китай ", "KOREA, REPUBLIC OF"} {
		ResolveCountry(s) // fill the cache
		if n := testing.AllocsPerRun(100, func() { ResolveCountry(s) }); n != 0 {
			t.Errorf("ResolveCountry(%q) allocates %.0f times per call", s, n)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20_000 {
				ResolveCountry(strings.Repeat("x", g) + string(rune('a'+i%26)) + "Китай")
			}
		})
	}
	wg.Wait()
}

func BenchmarkResolveCountry(b *testing.B) {
	for _, s := range []string{"CN", "Китай", " «Китай» ", "Китаи"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ResolveCountry(s)
			}
		})
	}
}

func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"figures-2025.csv", "figures-2025.csv"},
		{"../data/Данные 2025 (КНР).xlsx", "../data/Данные 2025 (КНР).xlsx"},
		{`C:\data\a.csv`, `C:\data\a.csv`},
		{"line1\nFAKE 99 committed.csv", `"line1\nFAKE 99 committed.csv"`},
		{"red\x1b[31m.csv", `"red\x1b[31m.csv"`},
		{"back\rover.csv", `"back\rover.csv"`},
		{"tab\there.csv", `"tab\there.csv"`},
		{"evil\u202Evsc.exe", `"evil\u202evsc.exe"`},
		{"zero\u200bwidth.csv", `"zero\u200bwidth.csv"`},
		{"bad\xffutf8.csv", `"bad\xffutf8.csv"`},
		{`"quoted".csv`, `"\"quoted\".csv"`},
		{"", ""},
	} {
		if got := Printable(c.in); got != c.want {
			t.Errorf("Printable(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
