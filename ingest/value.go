package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"tradedash"
)

// unit is what a value's own text says it measures: "10 000 м²" is an area,
// "400 компаний" a count. It lets a figure in the wrong column be noticed.
type unit int

const (
	unitNone unit = iota
	unitArea
	unitCount
)

// qualifierWords are the words and signs written before a number. Longer
// entries come first where one is a prefix of another ("не менее" before
// "менее", "более чем" before "более", "约为" before "约").
var qualifierWords = []struct {
	word string
	q    tradedash.Qualifier
}{
	{"не менее", tradedash.Over}, {"не меньше", tradedash.Over}, {"не более", tradedash.Under}, {"не больше", tradedash.Under},
	{"более чем", tradedash.Over}, {"больше чем", tradedash.Over}, {"менее чем", tradedash.Under}, {"меньше чем", tradedash.Under},
	{"более", tradedash.Over}, {"свыше", tradedash.Over}, {"больше", tradedash.Over}, {"от", tradedash.Over},
	{"more than", tradedash.Over}, {"over", tradedash.Over}, {"above", tradedash.Over}, {"at least", tradedash.Over},
	{">=", tradedash.Over}, {"≥", tradedash.Over}, {">", tradedash.Over},
	{"приблизительно", tradedash.About}, {"примерно", tradedash.About}, {"порядка", tradedash.About}, {"около", tradedash.About},
	{"ок.", tradedash.About}, {"ок", tradedash.About}, {"approximately", tradedash.About}, {"approx.", tradedash.About},
	{"approx", tradedash.About}, {"about", tradedash.About}, {"around", tradedash.About}, {"circa", tradedash.About},
	{"ca.", tradedash.About}, {"~", tradedash.About}, {"≈", tradedash.About}, {"∼", tradedash.About},
	{"менее", tradedash.Under}, {"меньше", tradedash.Under}, {"до", tradedash.Under}, {"up to", tradedash.Under},
	{"less than", tradedash.Under}, {"fewer than", tradedash.Under}, {"under", tradedash.Under}, {"below", tradedash.Under},
	{"<=", tradedash.Under}, {"≤", tradedash.Under}, {"<", tradedash.Under},
	// Chinese: 超过400, 不少于400 (over); 约300, 大约300 (about); 不超过500,
	// 最多500 (under).
	{"不少于", tradedash.Over}, {"不低于", tradedash.Over}, {"超过", tradedash.Over}, {"多于", tradedash.Over},
	{"大于", tradedash.Over}, {"高于", tradedash.Over}, {"至少", tradedash.Over}, {"逾", tradedash.Over},
	{"约为", tradedash.About}, {"大约", tradedash.About}, {"约", tradedash.About},
	{"不超过", tradedash.Under}, {"不多于", tradedash.Under}, {"不到", tradedash.Under}, {"至多", tradedash.Under},
	{"最多", tradedash.Under}, {"少于", tradedash.Under}, {"低于", tradedash.Under}, {"小于", tradedash.Under},
}

// qualifierSuffixes are the qualifiers written after a number: "400+", and
// the Chinese "400多", "400余" (four hundred and more), "400以上" (over),
// "300左右" (about), "500以下", "500以内" (under). Units may stand between:
// "400多家", "400家以上".
var qualifierSuffixes = []struct {
	word string
	q    tradedash.Qualifier
}{
	{"+", tradedash.Over}, {"多", tradedash.Over}, {"余", tradedash.Over}, {"以上", tradedash.Over},
	{"左右", tradedash.About}, {"上下", tradedash.About}, {"以下", tradedash.Under}, {"以内", tradedash.Under},
}

// qualifierByWord finds a qualifier word written exactly as listed, for the
// fast path of parseValue.
var qualifierByWord = func() map[string]tradedash.Qualifier {
	m := make(map[string]tradedash.Qualifier, len(qualifierWords))
	for _, w := range qualifierWords {
		m[w.word] = w.q
	}
	return m
}()

// plainInt reads a string of at most 15 ASCII digits.
func plainInt(s string) (float64, bool) {
	n := len(s)
	if n == 0 || n > 15 {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return float64(v), true
}

// unitWords are units and multipliers written after a number.
var unitWords = []struct {
	word  string
	unit  unit
	scale int // power of ten: "тыс." is 3
}{
	{"квадратных метров", unitArea, 0}, {"кв. метров", unitArea, 0}, {"кв.м.", unitArea, 0}, {"кв. м.", unitArea, 0},
	{"кв.м", unitArea, 0}, {"кв. м", unitArea, 0}, {"кв м", unitArea, 0}, {"м²", unitArea, 0}, {"м2", unitArea, 0},
	{"square metres", unitArea, 0}, {"square meters", unitArea, 0}, {"sq. m", unitArea, 0}, {"sq.m", unitArea, 0},
	{"sq m", unitArea, 0}, {"sqm", unitArea, 0}, {"m²", unitArea, 0}, {"m2", unitArea, 0},
	{"компаний", unitCount, 0}, {"компании", unitCount, 0}, {"компания", unitCount, 0}, {"участников", unitCount, 0},
	{"экспонентов", unitCount, 0}, {"посетителей", unitCount, 0}, {"человек", unitCount, 0}, {"чел.", unitCount, 0},
	{"чел", unitCount, 0}, {"стран", unitCount, 0}, {"делегаций", unitCount, 0}, {"соглашений", unitCount, 0},
	{"ед.", unitCount, 0}, {"шт.", unitCount, 0}, {"companies", unitCount, 0}, {"exhibitors", unitCount, 0},
	{"participants", unitCount, 0}, {"visitors", unitCount, 0}, {"people", unitCount, 0}, {"countries", unitCount, 0},
	{"delegations", unitCount, 0}, {"agreements", unitCount, 0},
	{"平方米", unitArea, 0}, {"平米", unitArea, 0}, {"㎡", unitArea, 0},
	// A longer unit comes before its own ending: "个国家" before "家".
	{"家企业", unitCount, 0}, {"个国家", unitCount, 0}, {"个代表团", unitCount, 0}, {"项协议", unitCount, 0},
	{"家", unitCount, 0}, {"个", unitCount, 0}, {"项", unitCount, 0}, {"人次", unitCount, 0}, {"人", unitCount, 0}, {"名", unitCount, 0},
	{"тысячи", unitNone, 3}, {"тысяча", unitNone, 3}, {"тысяч", unitNone, 3}, {"тыс.", unitNone, 3}, {"тыс", unitNone, 3},
	{"thousand", unitNone, 3}, {"k", unitNone, 3},
	{"миллиона", unitNone, 6}, {"миллионов", unitNone, 6}, {"миллион", unitNone, 6}, {"млн.", unitNone, 6}, {"млн", unitNone, 6},
	{"million", unitNone, 6}, {"mln", unitNone, 6}, {"mn", unitNone, 6},
	// Trade values: "240,1 млрд долл.", "USD 240.1 bn".
	{"миллиарда", unitNone, 9}, {"миллиардов", unitNone, 9}, {"миллиард", unitNone, 9}, {"млрд.", unitNone, 9},
	{"млрд", unitNone, 9}, {"billion", unitNone, 9}, {"bn", unitNone, 9}, {"bln", unitNone, 9},
	{"万", unitNone, 4}, {"亿", unitNone, 8},
}

// multiplierWriting is the writing of each multiplier word. English
// ("thousand", "k", "million", "mln") and Chinese (万, ten thousand; 亿, a
// hundred million) writing group thousands with the comma and mark decimals
// with the dot: "1,250 thousand" is 1,250,000, "1.2万" 12,000, "1,200万"
// 12,000,000. After the Russian ones (тыс., млн) a single mark is the
// decimal mark, as Russian offices write: "1,250 тыс." is 1250.
var multiplierWriting = map[string]multiplier{"thousand": multEnglish, "k": multEnglish, "million": multEnglish,
	"mln": multEnglish, "mn": multEnglish, "billion": multEnglish, "bn": multEnglish, "bln": multEnglish,
	"万": multChinese, "亿": multChinese}

// Errors of ParseValue, wrapped with the text that caused them.
var (
	errEmpty     = errors.New("empty")
	errNotNumber = errors.New("not a number")
	errNegative  = errors.New("negative value")
	errRange     = errors.New("a range, not one value")
	// errAmbiguous is a number whose one separator is followed by exactly
	// three digits ("10.000", "2,500"): a thousands separator or a decimal
	// mark, which only the metric or the rest of the file can tell.
	errAmbiguous = errors.New("ambiguous: the separator may mark thousands or decimals")
)

// writing is what a number's text shows about how its file writes numbers.
// A file has one decimal mark: a cell that shows the dot is the decimal mark
// ("12.5", "1,234.5", "1,234,567") says the same as one that shows the comma
// separates thousands, and the other way round ("10,5", "1.234,5",
// "1.234.567").
type writing uint8

const (
	writesNothing      writing = iota // no separator, spaces only, or ambiguous
	writesDotDecimal                  // English: 1,234.5
	writesCommaDecimal                // Russian and German: 1.234,5 or 1 234,5
)

// decimalMark is the decimal mark a writing shows.
func (w writing) decimalMark() byte {
	switch w {
	case writesDotDecimal:
		return '.'
	case writesCommaDecimal:
		return ','
	}
	return 0
}

// noFigure are the cell texts that say "no figure" in Russian, English and
// Chinese statistical tables: dashes, "н/д" (нет данных), "n/a", dots, the
// Rosstat "х" (not applicable), Cyrillic or Latin, and 无, 暂无 (none yet),
// 不详 (unknown). normalizeSpaces has
// made every dash a hyphen and lowerCase the letters before the lookup.
var noFigure = map[string]bool{
	"-": true, "--": true, "---": true, "н/д": true, "нд": true, "нет данных": true, "n/a": true, "na": true,
	"...": true, "…": true, "x": true, "х": true, "无": true, "暂无": true, "无数据": true, "暂无数据": true, "不详": true,
}

// isNoFigure reports whether a cell says "no figure" rather than giving one.
// Such a cell is read as empty: a dash is not zero.
func isNoFigure(s string) bool {
	if len(s) > 24 {
		return false
	}
	return noFigure[strings.ToLower(normalizeSpaces(s))]
}

// ParseValue reads a figure as people write it: "3800", "3 800" (with a
// normal, no-break, narrow no-break or thin space), "10,5", "10.5",
// "1,234.5", "1.234,5", "10 тыс.", "1,1 тыс.", "1.5 млн", "10 000 м²",
// "10000 кв. м", "1.2万" (12,000), "4,000平方米", full-width "４００", and a
// qualifier written into it: "более 400", ">400", "400+", "超过400",
// "400多家", "400余家", "400以上" (Over), "около 300", "~300", "约300",
// "300左右" (About), "до 500", "менее 50", "不超过500", "最多500" (Under).
//
// Separators: spaces always group thousands. Where both a dot and a comma
// appear, the last is the decimal mark ("1.234,5", "1,234.5"); one mark
// repeated groups thousands ("1.234.567", "1,234,567"); with "тыс."/"млн" a
// single mark is the decimal one ("1,250 тыс." is 1250, "12.5 тыс." 12500);
// with "thousand", "k", "million" or "mln" the writing is English, and with
// 万 or 亿 Chinese, the comma grouping thousands and the dot the decimal mark
// ("1,250 thousand" is 1250000, "1.250 thousand" 1250, "1,5 thousand" and
// "1,5万" not a number).
// A single mark is the decimal mark ("10,5", "12.5", "0,125", "1234.567")
// unless it stands between one to three digits and exactly three: "10.000"
// and "2,500" are ten thousand in one writing and ten in another, so
// ParseValue refuses them with errAmbiguous. Read decides them by the metric
// and the file's other cells (see reader.value). Negative numbers, NaN,
// infinities and ranges ("300-500") are errors. Whether the value is
// plausible for a metric is checked by the caller.
func ParseValue(s string) (value float64, q tradedash.Qualifier, err error) {
	p, err := parseValue(s)
	if err == nil && p.mark != 0 {
		return 0, "", fmt.Errorf("%w: %s", errAmbiguous, quote(s))
	}
	return p.value, p.q, err
}

// parsed is a value with what its text said besides the number.
type parsed struct {
	value  float64
	q      tradedash.Qualifier
	unit   unit
	scaled bool // the text had a multiplier of its own: "10 тыс."
	// scaledMark is set when a multiplier decided a mark followed by three
	// digits ("1,250 тыс.", "1,250 thousand"), which the reader says in a
	// notice; mult is the multiplier's writing.
	scaledMark byte
	mult       multiplier
	// mark is the separator of an ambiguous number, '.' or ',' ("10.000",
	// "2,500"), else 0. value is then its thousands reading (10000) and
	// decimal its decimal reading (10).
	mark    byte
	decimal float64
	shows   writing // what the text shows about the file's decimal mark
}

func parseValue(s string) (parsed, error) {
	// Most cells of a large file are plain integers, or an integer after a
	// qualifier word and one space: "over 400", "более 400".
	if v, ok := plainInt(s); ok {
		return parsed{value: v, q: tradedash.Exact}, nil
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if q, ok := qualifierByWord[s[:i]]; ok {
			if v, ok := plainInt(s[i+1:]); ok {
				return parsed{value: v, q: q}, nil
			}
		}
	}
	p, err := parseValueSlow(s)
	if err != nil {
		return parsed{}, fmt.Errorf("%w: %s", err, quote(s))
	}
	return p, nil
}

func parseValueSlow(s string) (parsed, error) {
	t := strings.ToLower(normalizeSpaces(s))
	if t == "" {
		return parsed{}, errEmpty
	}
	q := tradedash.Exact
	for _, w := range qualifierWords {
		if rest, ok := strings.CutPrefix(t, w.word); ok && wordEnds(w.word, rest) {
			q, t = w.q, strings.TrimSpace(rest)
			break
		}
	}
	u, scale := unitNone, 0
	mult := multNone // the multipliers' writing
	// Units, multipliers and a "+" may follow in any order: "400+ компаний",
	// "10 тыс. м²", "1万多平方米". Each is taken off the end at most a few
	// times.
	for range 4 {
		t = strings.TrimSpace(t)
		found := false
		for _, w := range qualifierSuffixes {
			if rest, ok := strings.CutSuffix(t, w.word); ok {
				if q != tradedash.Exact && q != w.q {
					return parsed{}, errors.New("two different qualifiers")
				}
				q, t, found = w.q, rest, true
				break
			}
		}
		if found {
			continue
		}
		for _, w := range unitWords {
			rest, ok := strings.CutSuffix(t, w.word)
			if !ok || rest == "" || !unitStarts(rest, w.word) {
				continue
			}
			if w.unit != unitNone {
				u = w.unit
			}
			scale += w.scale
			if w.scale > 0 {
				m := multiplierWriting[w.word]
				if m == multNone {
					m = multRussian
				}
				if mult != multNone && mult != m {
					return parsed{}, errNotNumber // "1,250 тыс. k": two writings
				}
				mult = m
			}
			t, found = rest, true
			break
		}
		if !found {
			break
		}
	}
	t = strings.TrimSpace(t)
	neg := false
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		neg, t = true, strings.TrimSpace(rest)
	}
	if t == "" {
		return parsed{}, errNotNumber
	}
	if q == tradedash.Over && strings.Contains(t, "до") {
		return parsed{}, errRange // "от 300 до 500"
	}
	if scale > 0 && strings.ContainsAny(t, "eE") {
		return parsed{}, errNotNumber
	}
	n, err := plainNumber(t, mult)
	if err != nil {
		return parsed{}, err
	}
	if scale > 0 {
		n.digits = shiftPoint(n.digits, scale)
	}
	v, err := strconv.ParseFloat(n.digits, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return parsed{}, errNotNumber
	}
	if neg && v != 0 {
		return parsed{}, errNegative
	}
	p := parsed{value: v, q: q, unit: u, scaled: scale > 0, mark: n.mark, shows: n.shows, scaledMark: n.scaledMark, mult: mult}
	if n.mark != 0 {
		// At most six digits: both readings are exact.
		p.decimal, _ = strconv.ParseFloat(n.decimal, 64)
	}
	return p, nil
}

// parseStored reads a number as a spreadsheet stores it in a number cell:
// digits, a dot as the decimal mark, perhaps an exponent. Nothing about
// it is ambiguous.
func parseStored(s string) (parsed, error) {
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(s, "xX_pPiInN"):
		return parsed{}, fmt.Errorf("%w: %s", errNotNumber, quote(s))
	case v < 0:
		return parsed{}, fmt.Errorf("%w: %s", errNegative, quote(s))
	}
	return parsed{value: v, q: tradedash.Exact}, nil
}

// normalizeSpaces makes every kind of space an ASCII space and every kind of
// minus or dash an ASCII hyphen, makes the full-width digits and marks of
// Chinese and Japanese input ("４００", "１２，０００", "＋", "～") ASCII, and
// trims the result.
func normalizeSpaces(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u202f', '\u2009', '\u2007', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2008', '\u200a', '\t', '\u3000':
			return ' '
		case '\u2212', '\u2013', '\u2014', '\u2010', '\u2011', '－':
			return '-'
		case '，':
			return ','
		case '．':
			return '.'
		case '＋':
			return '+'
		case '～':
			return '~'
		case '＞':
			return '>'
		case '＜':
			return '<'
		}
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s))
}

// wordEnds reports whether a qualifier word matched as a whole word: "до 500"
// but not "доля". Signs need no space: ">400", "~300".
func wordEnds(word, rest string) bool {
	if rest == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(word)
	if !isLetter(last) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(rest)
	return !isLetter(next)
}

// unitStarts reports whether a unit word matched as a whole word: "10 тыс" but
// not "10тыстыс", "400 k" and "400k" but not "400 kk".
func unitStarts(rest, word string) bool {
	first, _ := utf8.DecodeRuneInString(word)
	if !isLetter(first) {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(rest)
	return !isLetter(prev)
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'а' && r <= 'я' || r == 'ё'
}

// number is the text of a number made ready for strconv.ParseFloat.
type number struct {
	digits  string  // "1234.5"; for an ambiguous number its thousands reading
	mark    byte    // '.' or ',' when ambiguous, else 0
	decimal string  // for an ambiguous number its decimal reading: "2.500"
	shows   writing // what the text shows about its file's decimal mark
	// scaledMark is a single mark followed by three digits that the
	// multiplier decided: "1,250 тыс.", "1,250 thousand".
	scaledMark byte
}

// multiplier is the writing of the multiplier after a number, if any.
type multiplier int

const (
	multNone    multiplier = iota
	multRussian            // "тыс.", "млн": a single mark is the decimal mark
	multEnglish            // "thousand", "k", "million", "mln": the comma groups thousands
	multChinese            // 万, 亿: the comma groups thousands, as in English
)

// plainNumber turns the digits and separators of a number into the form
// strconv.ParseFloat reads, or says why it cannot. mult is the multiplier
// that followed: after "1,250 тыс." a single mark is a decimal mark, after
// "1,250 thousand" a comma groups thousands. ParseValue's doc states the
// rules.
func plainNumber(t string, mult multiplier) (number, error) {
	if strings.ContainsAny(t, "eE") {
		// Spreadsheets write very large or small numbers as 1.5E+07.
		if _, err := strconv.ParseFloat(t, 64); err != nil || strings.ContainsAny(t, ", ") {
			return number{}, errNotNumber
		}
		return number{digits: t}, nil
	}
	commas, dots := 0, 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9', c == ' ':
		case c == ',':
			commas++
		case c == '.':
			dots++
		case c == '-' && i > 0:
			return number{}, errRange
		default:
			return number{}, errNotNumber
		}
	}
	var decimal, ambiguous byte // the decimal mark, 0 if there is none or it is ambiguous
	var shows writing
	var scaledMark byte
	switch {
	case commas+dots == 0:
	case commas+dots == 1:
		mark := byte('.')
		if commas == 1 {
			mark = ','
		}
		intPart, frac, _ := strings.Cut(t, string(mark))
		// "10.000", "2,500": one to three digits (no space grouping, no
		// leading zero), the mark, three digits.
		grouping := len(frac) == 3 && isDigits(frac) && len(intPart) >= 1 && len(intPart) <= 3 && isDigits(intPart) && intPart[0] != '0'
		switch {
		case (mult == multEnglish || mult == multChinese) && mark == ',':
			// The comma groups thousands: the groups are checked below.
			if grouping {
				scaledMark = mark
			}
		case mult != multNone:
			decimal = mark
			if grouping {
				scaledMark = mark
			}
		case grouping:
			ambiguous = mark
		default:
			decimal = mark
		}
		if !grouping {
			shows = writes(mark)
		}
	case commas == 0:
		shows = writesCommaDecimal // "1.234.567": the dot groups thousands
	case dots == 0:
		shows = writesDotDecimal // "1,234,567"
	default:
		// "1,234.5" and "1.234,5": the last mark is the decimal one.
		decimal = t[strings.LastIndexAny(t, ",.")]
		if strings.Count(t, string(decimal)) > 1 {
			return number{}, errNotNumber
		}
		shows = writes(decimal)
	}
	intPart, frac := t, ""
	if decimal != 0 {
		i := strings.LastIndexByte(t, decimal)
		intPart, frac = t[:i], t[i+1:]
		if frac == "" || !isDigits(frac) {
			return number{}, errNotNumber
		}
	}
	// The integer part is digits in groups of three after the first: "3 800",
	// "1,234,567"; "400 500" is two numbers, not one.
	groups := strings.FieldsFunc(intPart, func(r rune) bool { return r == ' ' || r == ',' || r == '.' })
	if len(groups) == 0 || strings.Count(intPart, " ")+strings.Count(intPart, ",")+strings.Count(intPart, ".") != len(groups)-1 {
		return number{}, errNotNumber
	}
	if len(groups) > 1 {
		if len(groups[0]) > 3 {
			return number{}, errNotNumber
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return number{}, errNotNumber
			}
		}
	}
	n := number{digits: strings.Join(groups, ""), mark: ambiguous, shows: shows, scaledMark: scaledMark}
	if frac != "" {
		n.digits += "." + frac
	}
	if ambiguous != 0 {
		n.decimal = groups[0] + "." + groups[1]
	}
	return n, nil
}

// writes is the writing a decimal mark shows.
func writes(decimal byte) writing {
	if decimal == ',' {
		return writesCommaDecimal
	}
	return writesDotDecimal
}

// shiftPoint multiplies a decimal number by 10^n in its text, so "1,1 тыс."
// is exactly 1100, not 1100.0000000000002.
func shiftPoint(digits string, n int) string {
	if strings.ContainsAny(digits, "eE") {
		return digits + "0" // never reached: plainNumber refuses exponents with units
	}
	intPart, frac, _ := strings.Cut(digits, ".")
	for len(frac) < n {
		frac += "0"
	}
	return intPart + frac[:n] + "." + frac[n:] + "0"
}
