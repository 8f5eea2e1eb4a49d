package view

import (
	"math"
	"strconv"
	"strings"
	"time"

	"tradedash"
)

// Lang is a language the views are shown in.
type Lang string

// The languages tradedash speaks. Russian is the default.
const (
	RU Lang = "ru"
	EN Lang = "en"
)

// Langs lists the languages in the order a language switch shows them.
var Langs = []Lang{RU, EN}

// ParseLang returns the language named by s ("ru", "en", any case).
func ParseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ru":
		return RU, true
	case "en":
		return EN, true
	}
	return "", false
}

// nbsp groups the digits of Russian numbers ("10 000"): a no-break space,
// so a number never wraps across lines.
const nbsp = "\u00a0"

// Number formats v the way readers of l write it: "10 000" and "10,5" in
// Russian, "10,000" and "10.5" in English. Fractions keep at most two
// digits; whole numbers show none.
func (l Lang) Number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:] // a real minus sign
	}
	whole, frac, _ := strings.Cut(s, ".")
	group, point := ",", "."
	if l == RU {
		group, point = nbsp, ","
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Percent formats a percentage with one decimal: "12,5 %" in Russian,
// "12.5%" in English.
func (l Lang) Percent(p float64) string {
	s := l.Number(math.Round(p*10) / 10)
	if l == RU {
		return s + nbsp + "%"
	}
	return s + "%"
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
// l says it: "более 400" or "400+", "около 300" or "~300".
func (l Lang) Value(f tradedash.Figure) string {
	n := l.Number(f.Value)
	switch f.Qualifier {
	case tradedash.Over:
		if l == RU {
			return "более" + nbsp + n
		}
		return n + "+"
	case tradedash.Under:
		if l == RU {
			return "до" + nbsp + n
		}
		return "up" + nbsp + "to" + nbsp + n
	case tradedash.About:
		if l == RU {
			return "около" + nbsp + n
		}
		return "~" + n
	}
	return n
}

// ShortValue formats a figure's value with its qualifier as compactly as a
// chart label needs: "400+", "~300", "≤500".
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

var metricNames = map[string][2]string{
	"companies":         {"Компании", "Companies"},
	"foreign_companies": {"Иностранные компании", "Foreign companies"},
	"area_m2":           {"Площадь, м²", "Area, m²"},
	"visitors":          {"Посетители", "Visitors"},
	"countries":         {"Страны", "Countries"},
	"delegations":       {"Делегации", "Delegations"},
	"agreements":        {"Соглашения", "Agreements"},
}

// pick returns the entry of a {ru, en} pair for l.
func (l Lang) pick(pair [2]string) string {
	if l == EN {
		return pair[1]
	}
	return pair[0]
}

// MetricName names a metric, with its unit: "Площадь, м²".
// A metric tradedash does not know is shown by its code.
func (l Lang) MetricName(code string) string {
	if n, ok := metricNames[code]; ok {
		return l.pick(n)
	}
	return code
}

var statusNames = map[tradedash.Status][2]string{
	tradedash.Actual:   {"факт", "actual"},
	tradedash.Planned:  {"план", "planned"},
	tradedash.Forecast: {"прогноз", "forecast"},
}

// StatusName names a figure's status: "прогноз", "forecast".
func (l Lang) StatusName(s tradedash.Status) string {
	if n, ok := statusNames[s]; ok {
		return l.pick(n)
	}
	return string(s)
}

var qualifierNames = map[tradedash.Qualifier][2]string{
	tradedash.Exact: {"точно", "exact"},
	tradedash.Over:  {"более", "over"},
	tradedash.Under: {"не более", "at most"},
	tradedash.About: {"около", "about"},
}

// QualifierName names a qualifier for a table column: "более", "over".
func (l Lang) QualifierName(q tradedash.Qualifier) string {
	if n, ok := qualifierNames[q]; ok {
		return l.pick(n)
	}
	return string(q)
}

var months = [12][2]string{
	{"января", "January"}, {"февраля", "February"}, {"марта", "March"},
	{"апреля", "April"}, {"мая", "May"}, {"июня", "June"},
	{"июля", "July"}, {"августа", "August"}, {"сентября", "September"},
	{"октября", "October"}, {"ноября", "November"}, {"декабря", "December"},
}

var monthsNominative = [12]string{
	"январь", "февраль", "март", "апрель", "май", "июнь",
	"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
}

// Date formats the known part of a date: "2015", "июль 2023",
// "10 июля 2023"; "July 2023", "10 July 2023".
func (l Lang) Date(t time.Time, p tradedash.DatePrecision) string {
	m := t.Month() - 1
	switch p {
	case tradedash.PrecisionDay:
		return strconv.Itoa(t.Day()) + nbsp + l.pick(months[m]) + " " + strconv.Itoa(t.Year())
	case tradedash.PrecisionMonth:
		if l == RU {
			return monthsNominative[m] + " " + strconv.Itoa(t.Year())
		}
		return months[m][1] + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Year())
}

// Time formats a moment to the minute, in UTC: "25.11.2026 01:54 UTC",
// "25 Nov 2026, 01:54 UTC". The zero time is a dash.
func (l Lang) Time(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	t = t.UTC()
	if l == RU {
		return t.Format("02.01.2006 15:04") + " UTC"
	}
	return t.Format("2 Jan 2006, 15:04") + " UTC"
}
