package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits of free-text fields, in characters: a citation, a
// paragraph of notes, a headline. Longer text is almost always a paste gone
// wrong (a whole page in one cell).
const (
	maxSource = 2000
	maxNote   = 4000
	maxTitle  = 1000
)

// cleanCell trims a cell and takes off the apostrophe our exporter puts
// before text that a spreadsheet would otherwise run as a formula: exactly
// one leading ' when the rest starts with = + - @, tab or carriage return.
// A typed apostrophe in front of anything else is kept: it is the user's.
func cleanCell(s string) string {
	// Most cells need nothing: no space at either end, no apostrophe.
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[0] != '\'' && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s
	}
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		s = s[1:]
	}
	return strings.TrimFunc(s, isTrimmed)
}

// isTrimmed reports the characters taken off the ends of a cell: spaces of
// every kind, and the invisible marks a copy from a web page or a second
// byte-order mark leaves behind.
func isTrimmed(r rune) bool {
	return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' || r == '\u200e' || r == '\u200f'
}

// cleanText prepares a free-text cell (source, note, title) for storage:
// line breaks and tabs become spaces, and control characters and invisible
// direction overrides, which could reorder or hide text on the dashboard or
// in a terminal, are removed.
func cleanText(s string) string {
	s = cleanCell(s)
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	if !strings.ContainsFunc(s, isUnwanted) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte(' ')
		case isUnwanted(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// isUnwanted reports control characters and invisible formatting that has
// no place in a stored text.
func isUnwanted(r rune) bool {
	switch {
	case r < ' ', r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= '\u200b' && r <= '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069',
		r == '\u2028', r == '\u2029', r == '\ufeff', r == utf8.RuneError:
		return true
	}
	return false
}

// hasHan reports whether s has a Chinese character: a header written in
// Chinese, a title that is Chinese.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}
