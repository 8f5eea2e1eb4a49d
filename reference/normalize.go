package reference

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form reference compares names in; see normalize.
// Other packages use it to match their own vocabularies (column headers,
// status words) the same forgiving way.
func Fold(s string) string { return normalize(s) }

// normalize folds a name to the form names are compared in: lower case, ё as
// е, Latin letters without accents ("Türkiye" = "turkiye"), quotes dropped
// ("«ИННОПРОМ»", "People's"), every other punctuation mark and run of spaces
// (including no-break spaces) a single space, no space at either end. So
// "Korea,  Republic of" and "korea republic of" are the same key.
//
// Cyrillic й is not folded to и: they are different letters, and "Китаи" is
// a typo to be pointed out, not silently accepted.
func normalize(s string) string {
	if isNormal(s) {
		return s
	}
	// Decomposed input (и + combining breve) is composed first, so that
	// the letters below are whole.
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending: written before the next letter
	for _, r := range s {
		switch {
		case isQuote(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '²' || r == '³':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(foldRune(r))
		case unicode.Is(unicode.Mn, r):
			// A combining mark that composes with nothing.
			continue
		default:
			space = true
		}
	}
	return b.String()
}

// isNormal reports whether s is already normalized. Codes and lower-case
// ASCII names take this path and are not copied.
func isNormal(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			prevSpace = false
		case c == ' ' && !prevSpace:
			prevSpace = true
		default:
			return false
		}
	}
	return true
}

func isQuote(r rune) bool {
	switch r {
	case '"', '\'', '`', '«', '»', '“', '”', '„', '‟', '‘', '’', '‚', '‹', '›', '´', 'ʼ':
		return true
	}
	return false
}

// latinFold maps accented Latin letters to their lower-case ASCII base.
var latinFold = func() map[rune]rune {
	m := map[rune]rune{'ß': 's', 'æ': 'a', 'ø': 'o', 'đ': 'd', 'ł': 'l', 'ı': 'i', 'œ': 'o'}
	for r := rune(0xC0); r <= 0x24F; r++ {
		d := norm.NFD.String(string(unicode.ToLower(r)))
		if base, _ := utf8.DecodeRuneInString(d); base < utf8.RuneSelf && unicode.IsLetter(base) {
			m[r] = base
		}
	}
	return m
}()

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return unicode.ToLower(r)
	}
	switch r {
	case 'ё', 'Ё':
		return 'е'
	case '²': // "м²" is "м2"
		return '2'
	case '³':
		return '3'
	}
	if b, ok := latinFold[r]; ok {
		return b
	}
	return unicode.ToLower(r)
}

// scriptLang tells which language's names to suggest for an input: Russian
// names for Cyrillic, Chinese for Han characters, English otherwise.
func scriptLang(s string) string {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			return "ru"
		case unicode.Is(unicode.Han, r):
			return "zh"
		case unicode.IsLetter(r):
			return "en"
		}
	}
	return "en"
}
