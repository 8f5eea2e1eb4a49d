package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"tradedash/reference"
)

// Problem is one located problem in an input file. Its Error reads
// "FILE:ROW:COLUMN: message", where ROW is the row number the user sees
// (the line in a text editor for CSV, the row in a spreadsheet for XLSX) and
// COLUMN is the header text the user wrote, or the column's letter (XLSX) or
// 1-based number (CSV) where there is no header text. Parts that do not
// apply are left out: "FILE: not a table: binary content". FILE and
// COLUMN are shown through reference.Printable, so a name with a newline or
// a terminal escape in it cannot forge a line.
type Problem struct {
	File   string
	Row    int    // 0 when the problem is about the whole file
	Column string // "" when the problem is about a whole row or file
	Msg    string
}

func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(printable(p.File))
		b.WriteByte(':')
	}
	if p.Row > 0 {
		b.WriteString(strconv.Itoa(p.Row))
		b.WriteByte(':')
	}
	if p.Column != "" {
		b.WriteString(printable(p.Column))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is the error Read returns when a file has problems: every
// problem found, one per line. A file with very many problems keeps the
// first maxProblems of them and ends with a line "... and N more problems"
// (a Problem with only Msg set).
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// maxProblems is how many problems (and, separately, notices) are kept: a
// person reads the first screenful and fixes the pattern; a million lines
// would only hide it.
const maxProblems = 200

// problemList collects problems or notices of one file, keeping the first
// maxProblems and counting all.
type problemList struct {
	file  string
	list  []Problem
	total int
}

func (l *problemList) add(row int, column, format string, args ...any) {
	l.total++
	if len(l.list) < maxProblems {
		l.list = append(l.list, Problem{File: l.file, Row: row, Column: column, Msg: fmt.Sprintf(format, args...)})
	}
}

// full reports whether further entries are only counted.
func (l *problemList) full() bool { return len(l.list) >= maxProblems }

// problems returns the list with the "... and N more" line when cut.
func (l *problemList) problems() Problems {
	out := Problems(l.list)
	if more := l.total - len(l.list); more > 0 {
		out = append(out[:len(out):len(out)], Problem{Msg: fmt.Sprintf("... and %d more %s", more, plural(more, "problem", "problems"))})
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// quote puts a user's text into a message: quoted, cut after 60 characters,
// control characters escaped.
func quote(s string) string { return reference.Quote(s) }

// printable shows a file name in a message, escaped when it holds control
// or invisible characters.
func printable(name string) string { return reference.Printable(name) }
