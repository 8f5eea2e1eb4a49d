package locale

import (
	"math"
	"strconv"
	"strings"
)

// Money formats an amount of US dollars the way reports in l write it:
// "240,1 млрд долл.", "$240.1 bn", "2401亿美元". The scales are the
// language's own (billions and millions; 亿 and 万 in Chinese), given in the
// messages as powers of ten. Values below 1,000 of a scale keep one
// decimal, larger ones none, and a four-digit whole part is written without
// a group separator, as Chinese and Russian statistics write "2401亿".
func (l Lang) Money(usd float64) string {
	if math.IsNaN(usd) || math.IsInf(usd, 0) {
		return "–"
	}
	if usd < 0 {
		return "−" + l.Money(-usd) // "−$2.5 bn", the sign before the currency
	}
	for _, scale := range []string{"big", "mid"} {
		exp, err := strconv.Atoi(l.T("trade.money." + scale + ".exp"))
		if err != nil {
			continue
		}
		if unit := math.Pow10(exp); usd >= unit {
			return l.T("trade.money."+scale, l.scaled(usd/unit))
		}
	}
	return l.T("trade.money.small", l.scaled(usd))
}

// scaled formats v with one decimal below 1,000 and none above.
func (l Lang) scaled(v float64) string {
	if v >= 1000 {
		v = math.Round(v)
	} else {
		v = math.Round(v*10) / 10
	}
	s := l.Number(v)
	if v >= 1000 && v < 10000 {
		// No separator in a four-digit number: "2401", not "2,401".
		s = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
	}
	return s
}
