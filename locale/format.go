package locale

import (
	"math"
	"strconv"
	"time"

	"golang.org/x/text/number"

	"tradedash"
)

// Number formats v the way readers of l write it: "10 000" and "10,5" in
// Russian, "10,000" and "10.5" in English and Chinese (the digit grouping
// and decimal mark are CLDR's, through x/text). Fractions keep at most two
// digits; whole numbers show none. A negative number has a real minus sign
// ("−5"), which CLDR leaves as a hyphen.
func (l Lang) Number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	v = math.Round(v*100) / 100
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	}
	return sign + l.data().printer.Sprint(number.Decimal(v, number.MaxFractionDigits(2)))
}

// Percent formats a percentage with one decimal: "12,5 %" in Russian,
// "12.5%" in English.
func (l Lang) Percent(p float64) string {
	return l.T("format.percent", l.Number(math.Round(p*10)/10))
}

// Change formats a relative change with its sign: "+25 %", "−10,5 %".
func (l Lang) Change(p float64) string {
	s := l.Percent(p)
	if p > 0 {
		return "+" + s
	}
	return s
}

// Value formats a figure's value with its qualifier, the way a reader of
// l says it: "более 400", "400+", "超过400".
func (l Lang) Value(f tradedash.Figure) string {
	n := l.Number(f.Value)
	switch f.Qualifier {
	case tradedash.Over, tradedash.Under, tradedash.About:
		return l.T("value."+string(f.Qualifier), n)
	}
	return n
}

// ShortValue formats a figure's value with its qualifier as compactly as a
// chart label needs, in signs every reader knows: "400+", "~300", "≤500".
func (l Lang) ShortValue(f tradedash.Figure) string {
	n := l.Number(f.Value)
	switch f.Qualifier {
	case tradedash.Over:
		return n + "+"
	case tradedash.Under:
		return "≤" + n
	case tradedash.About:
		return "~" + n
	}
	return n
}

// Year writes a year as a date: "2023" in Russian and English, "2023年"
// in Chinese. Never grouped like a number.
func (l Lang) Year(y int) string { return l.T("date.year", strconv.Itoa(y)) }

// Date formats the known part of a date: "2015", "июль 2023",
// "10 июля 2023"; "July 2023", "10 July 2023"; "2023年7月10日".
func (l Lang) Date(t time.Time, p tradedash.DatePrecision) string {
	year, month, day := strconv.Itoa(t.Year()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Day())
	switch p {
	case tradedash.PrecisionDay:
		// day, month (as written with a day: "июля", "7月"), year
		return l.T("date.day", day, l.T("month."+month+".day"), year)
	case tradedash.PrecisionMonth:
		// month (standing alone: "июль", "7月"), year
		return l.T("date.month", l.T("month."+month), year)
	}
	return l.Year(t.Year())
}

// Time formats a moment to the minute, in UTC: "25.11.2026 01:54 UTC",
// "25 Nov 2026, 01:54 UTC", "2026年11月25日 01:54 UTC". The zero time is a
// dash.
func (l Lang) Time(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format(l.T("time.layout")) + " UTC"
}
