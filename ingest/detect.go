package ingest

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"tradedash/reference"
)

// legacyEncodings are the legacy code pages a file that is not UTF-8 may be in,
// in the order of preference when two read the same.
var legacyEncodings = []*textEncoding{encCP1251, encKOI8R, encMacCyrillic, encCP866, encGBK, encCP1252}

// Detection weights, in nats (natural-log units of likelihood). A text's
// cost is how unlikely its characters are in an office's table; the
// cheapest reading wins when it is cheaper than every other by at least
// clearMargin, which is about e^10 ≈ 20,000 to 1.
const (
	clearMargin    = 10.0
	knownBonus     = 12.0 // a word tradedash knows: a header, status, country or exhibition name
	caseCost       = 4.0  // an upper-case letter right after a lower-case one: "вЫСТАВКА"
	mixedCost      = 4.0  // a Cyrillic letter touching a Latin one, or alone between digits
	symbolCost     = 5.0  // common punctuation and signs: «», —, №, °, ©, no-break space
	oddCost        = 10.0 // any other character: box drawing, Serbian letters, math signs
	commonHan      = 6.0  // one of the 3,755 common characters (GB2312 level 1)
	rareHan        = 11.0
	latinNearCost  = 4.0 // an accented Latin letter inside a Latin word: "Côte"
	latinAloneCost = 9.0
	strayCost      = 10.0 // a byte that is not UTF-8 in a UTF-8 reading
	maxCost        = 6.0  // the most a reading may cost per non-ASCII byte
)

// russianCost is the cost of each Russian letter: -ln of its frequency in
// Russian text (о is 11%, ъ 0.04%).
var russianCost = func() map[rune]float64 {
	freq := map[rune]float64{
		'о': 10.97, 'е': 8.45, 'а': 8.01, 'и': 7.35, 'н': 6.70, 'т': 6.26, 'с': 5.47, 'р': 4.73, 'в': 4.54,
		'л': 4.40, 'к': 3.49, 'м': 3.21, 'д': 2.98, 'п': 2.81, 'у': 2.62, 'я': 2.01, 'ы': 1.90, 'ь': 1.74,
		'г': 1.70, 'з': 1.65, 'б': 1.59, 'ч': 1.44, 'й': 1.21, 'х': 0.97, 'ж': 0.94, 'ш': 0.73, 'ю': 0.64,
		'ц': 0.48, 'щ': 0.36, 'э': 0.32, 'ф': 0.26, 'ъ': 0.04, 'ё': 0.04,
	}
	cost := make(map[rune]float64, len(freq))
	for r, f := range freq {
		cost[r] = -math.Log(f / 100)
	}
	return cost
}()

// detect decides the encoding of window, text that starts at a file's
// first non-ASCII byte and is not valid UTF-8: a legacy code page, or
// UTF-8 with a few stray bytes. Each candidate's reading is
// scored by how plausible its text is: Russian letter frequencies and
// case (KOI8-R read as Windows-1251 gives "лЙФБКУЛЙЕ ЛПНРБОЙЙ"), common
// Chinese characters, accented letters inside Latin words, and, strongest,
// words tradedash knows (header names such as "год" and "выставка", status
// words, country and exhibition names), which decide even a file of one
// header and one row. A reading with bytes its code page does not define
// is out. When no reading is clearly the best, or the best is not text
// either, detect names the close ones in a decodeError, so the user can
// choose with --encoding.
func detect(window []byte, atEOF bool) (*textEncoding, error) {
	type reading struct {
		enc  *textEncoding
		text string
		cost float64
	}
	var rs []reading
	// UTF-8 with a few stray bytes (a row pasted from a file in another
	// code page) is a reading too: then the rows holding them are
	// reported where they are, rather than the whole file garbled.
	if text, invalid := utf8Reading(window); invalid < len(window)/2 {
		if cost, ok := textCost(text); ok {
			rs = append(rs, reading{enc: encUTF8, text: text, cost: cost + strayCost*float64(invalid)})
		}
	}
	for _, e := range legacyEncodings {
		text, ok := decodeWindow(e, window)
		if !ok {
			continue
		}
		cost, ok := textCost(text)
		if !ok {
			continue
		}
		if i := slices.IndexFunc(rs, func(r reading) bool { return r.text == text }); i >= 0 {
			continue // reads the same as a preferred one: no choice to make
		}
		rs = append(rs, reading{enc: e, text: text, cost: cost})
	}
	if len(rs) == 0 {
		names := make([]string, len(legacyEncodings))
		for i, e := range legacyEncodings {
			names[i] = e.name
		}
		return nil, &decodeError{msg: fmt.Sprintf("cannot tell the file's encoding: it is not UTF-8, and not text in %s; if it is text, name its encoding with --encoding (%s)",
			strings.Join(names, ", "), strings.Join(EncodingNames(), ", "))}
	}
	slices.SortStableFunc(rs, func(a, b reading) int {
		switch {
		case a.cost < b.cost:
			return -1
		case a.cost > b.cost:
			return 1
		}
		return 0
	})
	nonASCII := 0
	for _, c := range window {
		if c >= utf8.RuneSelf {
			nonASCII++
		}
	}
	// Garbage is not text in any reading, however much it beats the
	// others: real text costs at most about 4.5 per byte.
	if len(rs) == 1 && rs[0].cost > maxCost*float64(nonASCII) ||
		len(rs) > 1 && (rs[1].cost-rs[0].cost < clearMargin || rs[0].cost > maxCost*float64(nonASCII)) {
		var near []string
		for _, r := range rs {
			if len(near) == 3 || len(near) > 0 && r.cost-rs[0].cost >= clearMargin {
				break
			}
			near = append(near, fmt.Sprintf("as %s %s (--encoding %s)", r.enc.name, quote(sampleLine(r.text)), r.enc.flag))
		}
		return nil, &decodeError{msg: fmt.Sprintf("cannot tell the file's encoding for sure: its text reads %s; name the right one with --encoding NAME (%s)",
			strings.Join(near, ", or "), strings.Join(EncodingNames(), ", "))}
	}
	best := rs[0].enc
	if best == encGBK {
		// Four-byte sequences are GB18030's own.
		if _, ok := decodeWindowWith(simplifiedchinese.GBK.NewDecoder(), window); !ok {
			best = encGB18030
		}
	}
	return best, nil
}

// utf8Reading is window read as UTF-8 with its invalid bytes taken out,
// and how many there were.
func utf8Reading(window []byte) (string, int) {
	var b strings.Builder
	invalid := 0
	for len(window) > 0 {
		r, size := utf8.DecodeRune(window)
		if r == utf8.RuneError && size <= 1 {
			invalid++
			b.WriteByte(' ')
		} else {
			b.Write(window[:size])
		}
		window = window[size:]
	}
	return b.String(), invalid
}

// decodeWindow reads window in e, reporting false when it holds a byte
// sequence e does not define. A character cut at the window's end is left
// out.
func decodeWindow(e *textEncoding, window []byte) (string, bool) {
	return decodeWindowWith(e.codec.NewDecoder(), window)
}

func decodeWindowWith(t transform.Transformer, window []byte) (string, bool) {
	dst := make([]byte, 3*len(window)+utf8.UTFMax)
	n, _, err := t.Transform(dst, window, false)
	if err != nil && err != transform.ErrShortSrc {
		return "", false
	}
	text := string(dst[:n])
	return text, !strings.ContainsRune(text, utf8.RuneError)
}

// sampleLine is the start of a reading, for a message: up to the end of its
// first line, at most 40 characters.
func sampleLine(text string) string {
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		text = text[:i]
	}
	n := 0
	for i := range text {
		if n == 40 {
			return text[:i] + "…"
		}
		n++
	}
	return text
}

// textCost scores a reading: the sum of the costs of its non-ASCII
// characters in context, less a bonus per known word. It reports false for
// text no file holds: C1 control characters or replacement characters.
func textCost(text string) (float64, bool) {
	rs := []rune(text)
	cost := 0.0
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return ' '
		}
		return rs[i]
	}
	for i, c := range rs {
		if c < utf8.RuneSelf {
			continue // the same in every reading (a DOS file may end in Ctrl-Z)
		}
		p, n := at(i-1), at(i+1)
		switch {
		case c == utf8.RuneError, c <= 0x9f, unicode.IsControl(c):
			return 0, false
		case c >= 'А' && c <= 'я' || c == 'Ё' || c == 'ё':
			cost += russianCost[unicode.ToLower(c)]
			cost += cyrillicContext(c, p, n)
		case c >= 0x400 && c <= 0x4ff:
			switch c {
			case 'І', 'і', 'Ї', 'ї', 'Є', 'є', 'Ґ', 'ґ': // Ukrainian names
				cost += 7
			default:
				cost += 9
			}
			cost += cyrillicContext(c, p, n)
		case c >= 'À' && c <= 'ÿ' && c != '×' && c != '÷', c == 'Œ', c == 'œ', c == 'Š', c == 'š', c == 'Ž', c == 'ž', c == 'Ÿ':
			if isASCIILetter(p) || isASCIILetter(n) {
				cost += latinNearCost
			} else {
				cost += latinAloneCost
			}
		case unicode.Is(unicode.Han, c):
			if isCommonHan(c) {
				cost += commonHan
			} else {
				cost += rareHan
			}
		case c >= 0x3000 && c <= 0x303f, c >= 0xff00 && c <= 0xffef:
			cost += commonHan // Chinese punctuation and full-width forms
		case c == '\u00a0':
			if isDigit(p) && isDigit(n) {
				cost += 3 // a thousands separator: "3 800"
			} else {
				cost += symbolCost
			}
		case strings.ContainsRune("«»—–№“”„‘’…°²³×·€₽•©®§±", c):
			cost += symbolCost
			if unicode.IsLetter(p) && unicode.IsLetter(n) && c != '’' && c != '‘' ||
				c == '«' && (isWordChar(p) || !isWordChar(n)) || c == '»' && (!isWordChar(p) || isWordChar(n)) {
				cost += symbolCost // between letters, or a quote turned the wrong way: "»того"
			}
			if (c == '€' || c == '₽' || c == '№') && (unicode.IsLetter(p) || unicode.IsLetter(n)) {
				cost += symbolCost // signs go with numbers: "€того"
			}
		default:
			cost += oddCost
		}
	}
	return cost - knownBonus*float64(knownWords(text)), true
}

// cyrillicContext is the extra cost of a Cyrillic letter where Russian
// text does not put one.
func cyrillicContext(c, p, n rune) float64 {
	cost := 0.0
	if unicode.IsUpper(c) && unicode.IsLower(p) && p >= 0x400 && p <= 0x4ff {
		cost += caseCost
	}
	if isASCIILetter(p) || isASCIILetter(n) {
		cost += mixedCost
	}
	if isDigit(p) && isDigit(n) {
		cost += 2 * mixedCost // "1К674"
	}
	return cost
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isDigit(r rune) bool       { return r >= '0' && r <= '9' }
func isWordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '.' || r == '!' || r == '?'
}

// knownWords counts the words of text that tradedash knows and that have a
// non-ASCII letter: only those differ between readings.
func knownWords(text string) int {
	known := knownWordSet()
	n := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if k, ok := wordKey(w); ok && known[k] {
			n++
		}
	}
	return n
}

// wordKey folds a word for knownWords: lower case, ё as е. Words without a
// non-ASCII letter, and short ones that mojibake could form by chance,
// have no key.
func wordKey(w string) (string, bool) {
	if asciiPrefix([]byte(w)) == len(w) {
		return "", false
	}
	n, han := 0, false
	for _, r := range w {
		n++
		han = han || unicode.Is(unicode.Han, r)
	}
	if n < 3 && !(han && n == 2) {
		return "", false
	}
	return strings.ReplaceAll(strings.ToLower(w), "ё", "е"), true
}

// knownWordSet holds the words of header names, metric names, status and
// qualifier words, and country and exhibition names in every language.
var knownWordSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if k, ok := wordKey(w); ok {
				set[k] = true
			}
		}
	}
	for _, names := range headerAliases {
		for _, n := range names {
			add(n)
		}
	}
	for _, names := range metricAliases {
		for _, n := range names {
			add(n)
		}
	}
	for _, names := range participantWords {
		for _, n := range names {
			add(n)
		}
	}
	for _, n := range attendanceWords {
		add(n)
	}
	for w := range statusWords {
		add(w)
	}
	for _, q := range qualifierWords {
		add(q.word)
	}
	for _, w := range totalWords {
		add(w)
	}
	for _, c := range reference.Countries() {
		add(c.NameRU + " " + c.NameEN + " " + c.NameZH)
	}
	for _, e := range reference.Exhibitions() {
		add(e.NameRU + " " + e.NameEN + " " + e.NameZH + " " + e.CityRU)
	}
	add("все страны всего итого участие по данным организаторов млн тыс чел кв")
	return set
})

// commonHanSet holds the 3,755 common Chinese characters of GB2312 level 1
// (bytes B0A1 to D7F9), as bits from U+4E00.
var commonHanSet = sync.OnceValue(func() []uint64 {
	bits := make([]uint64, (0x9fff-0x4e00)/64+1)
	dec := simplifiedchinese.GBK.NewDecoder()
	for lead := 0xb0; lead <= 0xd7; lead++ {
		for trail := 0xa1; trail <= 0xfe; trail++ {
			s, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			if err != nil {
				continue
			}
			if r, _ := utf8.DecodeRune(s); r >= 0x4e00 && r <= 0x9fff {
				bits[(r-0x4e00)/64] |= 1 << ((r - 0x4e00) % 64)
			}
		}
	}
	return bits
})

func isCommonHan(r rune) bool {
	if r < 0x4e00 || r > 0x9fff {
		return false
	}
	return commonHanSet()[(r-0x4e00)/64]&(1<<((r-0x4e00)%64)) != 0
}
