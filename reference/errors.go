package reference

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// UnknownError says that a country or exhibition name is not known, and
// which known names are closest to it.
type UnknownError struct {
	Kind        string   // "country" or "exhibition"
	Input       string   // what was given
	Suggestions []string // closest known names with their codes, best first: "Китай (CN)"
}

// Error reads, for example:
//
//	unknown country "Китаи"; did you mean Китай (CN)?
func (e *UnknownError) Error() string {
	var b strings.Builder
	b.WriteString("unknown ")
	b.WriteString(e.Kind)
	b.WriteByte(' ')
	b.WriteString(Quote(e.Input))
	for i, s := range e.Suggestions {
		switch {
		case i == 0:
			b.WriteString("; did you mean ")
		case i == len(e.Suggestions)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	if len(e.Suggestions) > 0 {
		b.WriteByte('?')
	}
	return b.String()
}

// quoteLimit is how many characters of a user's text a message repeats.
const quoteLimit = 60

// Quote puts a user's text into a message: in double quotes, cut after 60
// characters, with control and invisible formatting characters escaped so
// that a cell cannot rewrite the terminal or reverse the text around it.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > quoteLimit {
		n := 0
		for i := range s {
			if n == quoteLimit {
				return strconv.Quote(s[:i]) + "…"
			}
			n++
		}
	}
	return strconv.Quote(s)
}

// Printable returns a name a user chose, a file name above all, ready to be
// shown on a terminal or a page: as it is when every character in it is
// printable, otherwise quoted like Quote (but whole), with control
// characters (a newline, a carriage return, the ESC that starts a colour
// sequence), invisible formatting characters (U+202E, which reverses the
// text after it) and invalid UTF-8 escaped. Raw, a name like
// "a\nFAKE 99 committed.csv" could forge a line of output. A quoted result
// always begins with a double quote and a plain one never does, so the two
// cannot be mistaken for each other.
func Printable(s string) string {
	if strings.HasPrefix(s, `"`) || !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
