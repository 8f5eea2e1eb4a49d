package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tradedash"
)

// The years a figure or milestone may have: before 1900 there were no such
// exhibitions, after 2100 is a typo.
const (
	minYear = 1900
	maxYear = 2100
)

// yearSuffixes are the words written after a year, longest first.
var yearSuffixes = []string{"года", "год", "гг.", "гг", "г.", "г", "year", "y.", "年度", "年"}

// ParseYear reads a year as people and spreadsheets write it: "2023",
// "2023 г.", "2023г", "2023 год", "2023年", "2023.0", "２０２３". It must lie
// in 1900..2100.
func ParseYear(s string) (int, error) {
	if len(s) == 4 && isDigits(s) {
		return checkYear(int(s[0]-'0')*1000+int(s[1]-'0')*100+int(s[2]-'0')*10+int(s[3]-'0'), s)
	}
	t := strings.ToLower(normalizeSpaces(s))
	for _, suffix := range yearSuffixes {
		if rest, ok := strings.CutSuffix(t, suffix); ok && rest != "" {
			t = strings.TrimSpace(rest)
			break
		}
	}
	// "2023.0" and "2023,0": a year from a spreadsheet's number cell.
	if i := strings.IndexAny(t, ".,"); i > 0 && strings.Trim(t[i+1:], "0") == "" {
		t = t[:i]
	}
	if t == "" || !isDigits(t) || len(t) > 6 {
		return 0, fmt.Errorf("not a year: %s", quote(s))
	}
	y, _ := strconv.Atoi(t)
	return checkYear(y, s)
}

func checkYear(y int, s string) (int, error) {
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("year %s is outside %d..%d", quote(s), minYear, maxYear)
	}
	return y, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// excelSerial reads a spreadsheet date stored as a day number (45123 is
// 2023-07-14). Only numbers from 10000 (1927) on are taken for dates, so a
// mistyped year like 3023 is reported as a bad year, not read as 1908.
func excelSerial(s string, date1904 bool) (time.Time, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 10000 || f > 80000 || math.IsNaN(f) {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// months are month names in Russian (nominative, genitive, short) and
// English (full, short), folded to lower case.
var months = func() map[string]time.Month {
	m := map[string]time.Month{}
	names := [12][]string{
		{"январь", "января", "янв", "january", "jan"},
		{"февраль", "февраля", "фев", "февр", "february", "feb"},
		{"март", "марта", "мар", "march", "mar"},
		{"апрель", "апреля", "апр", "april", "apr"},
		{"май", "мая", "may"},
		{"июнь", "июня", "июн", "june", "jun"},
		{"июль", "июля", "июл", "july", "jul"},
		{"август", "августа", "авг", "august", "aug"},
		{"сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"},
		{"октябрь", "октября", "окт", "october", "oct"},
		{"ноябрь", "ноября", "ноя", "нояб", "november", "nov"},
		{"декабрь", "декабря", "дек", "december", "dec"},
	}
	for i, ns := range names {
		for _, n := range ns {
			m[n] = time.Month(i + 1)
		}
	}
	return m
}()

var errAmbiguousDate = errors.New("ambiguous date")

// ParseDate reads a milestone's date and how much of it is given: "2015",
// "2015年" (year); "2016-07", "07.2016", "июль 2016", "July 2016",
// "2016年7月" (month); "2016-07-11", "11.07.2016", "11 июля 2016", "July 11,
// 2016", "2016年7月11日" (day). A day range such as "8–11 июля 2024" or
// "2024年7月8日-11日" gives its first day. "07/11/2016" is
// refused as ambiguous unless one of the numbers is over 12.
func ParseDate(s string) (time.Time, tradedash.DatePrecision, error) {
	t, p, err := parseDate(s)
	if err != nil {
		if errors.Is(err, errAmbiguousDate) {
			return time.Time{}, "", fmt.Errorf("ambiguous date %s: write 2016-07-11 or 11.07.2016", quote(s))
		}
		return time.Time{}, "", fmt.Errorf("not a date: %s; write 2016, 2016-07, 2016-07-11, 11.07.2016 or \"июль 2016\"", quote(s))
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, "", fmt.Errorf("date %s is outside %d..%d", quote(s), minYear, maxYear)
	}
	return t, p, nil
}

func parseDate(s string) (time.Time, tradedash.DatePrecision, error) {
	t := strings.ToLower(normalizeSpaces(s))
	// A date and time as spreadsheets export it: "2016-07-11 00:00:00".
	if i := strings.IndexAny(t, "t "); i == 10 && strings.Count(t[i+1:], ":") >= 1 {
		t = t[:i]
	}
	for _, suffix := range yearSuffixes {
		if rest, ok := strings.CutSuffix(t, suffix); ok {
			if rest = strings.TrimSpace(rest); rest != "" && rest[len(rest)-1] >= '0' && rest[len(rest)-1] <= '9' {
				t = rest
				break
			}
		}
	}
	if len(t) == 4 && isDigits(t) {
		y, _ := strconv.Atoi(t)
		return ymd(y, 1, 1, tradedash.PrecisionYear)
	}
	if strings.Contains(t, "年") {
		return parseChineseDate(t)
	}
	if strings.ContainsFunc(t, isLetterRune) {
		return parseWordDate(t)
	}
	sep := "-"
	switch {
	case strings.Contains(t, "."):
		sep = "."
	case strings.Contains(t, "/"):
		sep = "/"
	}
	parts := strings.Split(t, sep)
	nums := make([]int, len(parts))
	for i, p := range parts {
		if !isDigits(p) || len(p) > 4 {
			return time.Time{}, "", errNotNumber
		}
		nums[i], _ = strconv.Atoi(p)
	}
	yearFirst := len(parts[0]) == 4
	switch {
	case yearFirst && len(parts) == 2:
		return ymd(nums[0], nums[1], 1, tradedash.PrecisionMonth)
	case yearFirst && len(parts) == 3:
		return ymd(nums[0], nums[1], nums[2], tradedash.PrecisionDay)
	case len(parts) == 2 && len(parts[1]) == 4 && sep != "-":
		return ymd(nums[1], nums[0], 1, tradedash.PrecisionMonth)
	case len(parts) == 3 && len(parts[2]) == 4 && sep == ".":
		return ymd(nums[2], nums[1], nums[0], tradedash.PrecisionDay)
	case len(parts) == 3 && len(parts[2]) == 4 && sep == "/":
		d, m := nums[0], nums[1]
		switch {
		case d == m || d > 12:
		case m > 12:
			d, m = m, d
		default:
			return time.Time{}, "", errAmbiguousDate
		}
		return ymd(nums[2], m, d, tradedash.PrecisionDay)
	}
	return time.Time{}, "", errNotNumber
}

// parseWordDate reads dates with a month name: "июль 2016", "11 июля 2016",
// "8–11 июля 2024", "July 11, 2016", "11 Jul. 2016".
func parseWordDate(t string) (time.Time, tradedash.DatePrecision, error) {
	fields := strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == ',' || r == '.' })
	month, day, year := time.Month(0), 0, 0
	for _, f := range fields {
		if m, ok := months[f]; ok && month == 0 {
			month = m
			continue
		}
		// A day range "8-11" gives its first day.
		if first, _, ok := strings.Cut(f, "-"); ok && isDigits(first) && len(first) <= 2 && day == 0 {
			f = first
		}
		switch {
		case isDigits(f) && len(f) == 4 && year == 0:
			year, _ = strconv.Atoi(f)
		case isDigits(f) && len(f) <= 2 && day == 0 && year == 0:
			day, _ = strconv.Atoi(f)
		default:
			return time.Time{}, "", errNotNumber
		}
	}
	if month == 0 || year == 0 {
		return time.Time{}, "", errNotNumber
	}
	if day == 0 {
		return ymd(year, int(month), 1, tradedash.PrecisionMonth)
	}
	return ymd(year, int(month), day, tradedash.PrecisionDay)
}

// parseChineseDate reads the Chinese way of writing a date: "2016年7月"
// (month), "2016年7月11日" or "2016年7月11号" (day), "2024年7月8日-11日" and
// "2024年7月8-11日" (a range: its first day). A year alone ("2016年") has
// had its 年 taken off by the year suffixes.
func parseChineseDate(t string) (time.Time, tradedash.DatePrecision, error) {
	t = strings.ReplaceAll(t, " ", "")
	y, rest, _ := strings.Cut(t, "年")
	m, rest, ok := strings.Cut(rest, "月")
	if len(y) != 4 || !isDigits(y) || !ok || len(m) > 2 || !isDigits(m) {
		return time.Time{}, "", errNotNumber
	}
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	if rest == "" {
		return ymd(year, month, 1, tradedash.PrecisionMonth)
	}
	d, _, _ := strings.Cut(rest, "-") // a range gives its first day
	d = strings.TrimRight(d, "日号")
	if len(d) > 2 || !isDigits(d) || !strings.HasSuffix(rest, "日") && !strings.HasSuffix(rest, "号") {
		return time.Time{}, "", errNotNumber
	}
	day, _ := strconv.Atoi(d)
	return ymd(year, month, day, tradedash.PrecisionDay)
}

// ymd builds a UTC date, refusing 31.02 and month 13 rather than rolling
// them over into the next month.
func ymd(y, m, d int, p tradedash.DatePrecision) (time.Time, tradedash.DatePrecision, error) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, "", errNotNumber
	}
	return t, p, nil
}

func isLetterRune(r rune) bool { return isLetter(r) }
