package reference

import "sync"

// Numeric country codes mean different countries in different files: 344 is
// Hong Kong in ISO 3166-1 and UN M49, and the Russian Federation in China's
// customs statistics. So there is no one numeric lookup: each format has its
// own, and a reader of a format asks that one.

// byM49 maps ISO 3166-1 numeric codes to countries.
var byM49 = sync.OnceValue(func() map[int]int {
	d := loaded()
	m := make(map[int]int, len(d.countries))
	for i, c := range d.countries {
		if c.M49 != 0 {
			m[c.M49] = i
		}
	}
	return m
})

// CountryByM49 returns the country with the ISO 3166-1 numeric (UN M49)
// code n: 156 is China, 344 Hong Kong, 643 Russia.
func CountryByM49(n int) (Country, bool) {
	i, ok := byM49()[n]
	if !ok {
		return Country{}, false
	}
	return loaded().countries[i], true
}

// comtradeOwn are the UN Comtrade area codes that differ from the country's
// M49 code, as far as sourced (research/issue9.md §0.2, §4): the United
// States is 842 ("Comtrade uses 842 for the US, not the ISO 840",
// pipeworx-io comtrade_country_codes), Switzerland 757 (xippios-comtrade),
// India 699 (Comtrade client test fixtures: reporterCode 699, reporterISO
// IND). Comtrade's full table (comtradeapi.un.org/files/v1/app/reference/
// partnerAreas.json) was not available; a Comtrade file also carries the
// alpha-3 code, which readers prefer.
var comtradeOwn = map[int]string{842: "US", 757: "CH", 699: "IN"}

// ComtradeWorld is UN Comtrade's area code of the world: partner 0, ISO
// "W00" (Comtrade Plus) or "WLD" (the legacy site).
const ComtradeWorld = 0

// ComtradeCountry returns the country a UN Comtrade area code stands for:
// Comtrade's own codes (842, 757, 699) first, then the M49 code. Area
// codes of groups ("Other Asia, nes" 490, which holds Taiwan) and the
// world (0) are not countries and give false.
func ComtradeCountry(code int) (Country, bool) {
	if a2, ok := comtradeOwn[code]; ok {
		return CountryByCode(a2)
	}
	if code == 490 || code == ComtradeWorld {
		return Country{}, false
	}
	for _, a2 := range comtradeOwn {
		if c, _ := CountryByCode(a2); c.M49 == code {
			return Country{}, false // 840 is not a Comtrade code: 842 is
		}
	}
	return CountryByM49(code)
}

// gaccPartners are the trading-partner codes (贸易伙伴编码) of China's
// customs statistics portal, from its own list as kept in turbanisch/
// chinautils data-raw/china-customs-codes/partners/zh-TradingPartner.csv
// (research/issue9.md §3.1). Only the codes listed there are known; the
// rest of the list is to be added from the same file.
var gaccPartners = map[int]string{
	142: "CN", 344: "RU", 110: "HK", 121: "MO", 143: "TW", 340: "BY", 145: "KZ", 149: "UZ", 124: "MN",
	111: "IN", 116: "JP", 133: "KR", 137: "TR", 138: "AE", 131: "SA", 304: "DE", 307: "IT", 502: "US",
	331: "CH",
}

// GACCCountry returns the country a China Customs trading-partner code
// stands for: 344 is the Russian Federation there. Codes of no country
// (701 unknown, 702 international organisations, 999 neutral packing,
// x99 "other countries of a continent") give false.
func GACCCountry(code int) (Country, bool) {
	a2, ok := gaccPartners[code]
	if !ok {
		return Country{}, false
	}
	return CountryByCode(a2)
}
