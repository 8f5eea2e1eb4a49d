package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// maxCell and maxRecord are the longest cell and row read, in bytes. Longer
// is nearly always a quote that was opened and never closed, which would
// otherwise swallow the rest of the file into memory, or a paste gone
// wrong; no source, note or title comes near. A row may hold a cell of
// the longest length and more, so that a long cell is reported as such.
const (
	maxCell   = 1 << 20
	maxRecord = 2 << 20
)

// readCSV reads a text file: decodes it, finds its delimiter and its line
// breaks, and hands its records to the row reader.
func (r *reader) readCSV(raw *bufio.Reader, forced *textEncoding) error {
	r.sum.Format = "CSV"
	dec := newDecoder(raw, forced)
	if head, _ := raw.Peek(4096); forced == nil && comtradeHeader(head) {
		dec.prefer = encCP1252
	} else if forced == nil && gaccHeader(head) {
		dec.prefer = encGBK
	}
	r.dec = dec
	text := bufio.NewReaderSize(dec, bufSize)
	sample, err := text.Peek(bufSize)
	var de *decodeError
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) && !errors.As(err, &de) {
		return fmt.Errorf("read %s: %w", printable(r.file), err)
	}
	// Old Mac programs end lines with a carriage return alone, which
	// encoding/csv keeps inside a field: the whole file would be one row.
	crOnly := bytes.IndexByte(sample, '\n') < 0 && bytes.IndexByte(sample, '\r') >= 0
	if crOnly {
		sample = bytes.ReplaceAll(sample, []byte("\r"), []byte("\n"))
	}
	comma := sniffDelimiter(sample)
	limit := &limiter{r: text, comma: byte(comma), crOnly: crOnly, line: 1, recLine: 1}
	br := bufio.NewReaderSize(limit, bufSize)
	cr := csv.NewReader(br) // br is a *bufio.Reader of at least 4 KB, so csv uses it as is
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &csvTable{r: cr, dec: dec}
	err = r.readTable(t)
	r.sum.Encoding = dec.encoding()
	return err
}

// limiter passes the decoded text to the CSV reader, following its cells
// and records the way encoding/csv parses them, and stops it with a
// limitError when a cell or a record grows past its limit: the error says
// where the cell began and whether it is a quote left open, which a
// reader seeing only the end of a long record could not. It also turns
// carriage returns into line breaks in a file that has no other.
type limiter struct {
	r      io.Reader
	comma  byte
	crOnly bool
	err    error

	off       int // bytes passed so far
	line      int // the line being read, from 1
	state     int
	recStart  int // offset where the current record began
	recLine   int
	cellStart int // offset where the current cell began
	cellLine  int
	col       int // the current cell's column, from 0
}

// The limiter's states, as encoding/csv's parser goes through them.
const (
	inField    = iota // at the start of a cell, or in a cell without quotes
	inQuotes          // inside a quoted cell
	quoteSeen         // a quote inside a quoted cell: closes it, or doubles
	cellBroken        // a quoted cell went on after its closing quote: csv skips to the line's end
)

// limitError is a cell or a record past its limit.
type limitError struct {
	line, col int  // where the cell (or record) began; col from 1, 0 for a record
	lines     int  // how many line breaks the cell runs over
	quoted    bool // the cell is quoted and still open
}

func (e *limitError) Error() string {
	switch {
	case e.col == 0:
		return fmt.Sprintf("a row longer than %d MB, the limit for a row; reading stopped here", maxRecord>>20)
	case e.quoted && e.lines > 0:
		return fmt.Sprintf("a quoted cell that starts here runs on for more than %d MB and %d lines: probably its closing quote (\") is missing; reading stopped here", maxCell>>20, e.lines)
	}
	return fmt.Sprintf("a cell longer than %d MB, the limit for a cell (a source or a note is a few thousand characters at most); reading stopped here", maxCell>>20)
}

func (l *limiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.scan(p[:n])
	switch {
	case l.off-l.cellStart > maxCell:
		l.err = &limitError{line: l.cellLine, col: l.col + 1, lines: l.line - l.cellLine, quoted: l.state == inQuotes}
	case l.off-l.recStart > maxRecord:
		l.err = &limitError{line: l.recLine}
	}
	if l.err != nil {
		return n, l.err
	}
	return n, err
}

// scan follows b through the states, turning lone carriage returns into
// line breaks in a file that uses them so.
func (l *limiter) scan(b []byte) {
	for i, c := range b {
		if c == '\r' && l.crOnly {
			b[i], c = '\n', '\n'
		}
		if c != '"' && c != '\n' && c != l.comma {
			if l.state == quoteSeen {
				l.state = cellBroken
			}
			continue
		}
		off := l.off + i + 1 // the offset after c
		switch {
		case c == '"':
			switch l.state {
			case inField:
				if off-1 == l.cellStart {
					l.state = inQuotes
				}
			case inQuotes:
				l.state = quoteSeen
			case quoteSeen:
				l.state = inQuotes
			}
		case c == '\n':
			l.line++
			if l.state != inQuotes {
				l.state = inField
				l.recStart, l.recLine = off, l.line
				l.cellStart, l.cellLine, l.col = off, l.line, 0
			}
		case l.state != inQuotes && l.state != cellBroken: // the delimiter
			l.state = inField
			l.cellStart, l.cellLine = off, l.line
			l.col++
		}
	}
	l.off += len(b)
}

// csvTable is a table read from a CSV file.
type csvTable struct {
	r        *csv.Reader
	dec      *decoder
	lastLine int // the line the last record ended on
}

func (t *csvTable) next() ([]string, int, error) {
	rec, err := t.r.Read()
	if err == nil {
		line, _ := t.r.FieldPos(0)
		t.lastLine, _ = t.r.FieldPos(len(rec) - 1)
		return rec, line, nil
	}
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	var le *limitError
	if errors.As(err, &le) {
		return nil, le.line, &rowError{fatal: true, msg: le.Error(), col: le.col}
	}
	var de *decodeError
	if errors.As(err, &de) {
		return nil, 0, &rowError{fatal: true, msg: de.msg}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		t.lastLine = pe.Line
		msg := fmt.Sprintf("a quote (\") inside a field that does not start with one, at character %d; put the field in quotes and double the quote (\"\")", pe.Column)
		if errors.Is(pe.Err, csv.ErrQuote) {
			msg = fmt.Sprintf("a quoted field does not end properly (line %d, character %d): a quote (\") is missing, or a quote inside the field is not doubled", pe.Line, pe.Column)
		}
		return nil, pe.StartLine, &rowError{msg: msg}
	}
	return nil, 0, fmt.Errorf("read line %d: %w", t.lastLine+1, err)
}

func (t *csvTable) columnName(i int) string { return strconv.Itoa(i + 1) }

func (t *csvTable) suspect() bool { return t.dec.suspect() }

// issues is nil: a CSV cell is only its text.
func (t *csvTable) issues() []cellIssue { return nil }

func (t *csvTable) merged(int) (string, string) { return "", "" }

// number is false: a CSV cell is text.
func (t *csvTable) number(int) bool { return false }

// date is false: a CSV cell is text.
func (t *csvTable) date(int) bool { return false }

// delimiters are the delimiters CSV files here use.
var delimiters = []rune{';', ',', '\t'}

// sniffDelimiter picks the delimiter that makes a header row of the first
// rows: ";" for Russian Excel, "," for most programs, tab for Excel's
// "Unicode text". When no delimiter gives a header, the one most frequent
// in the first line (outside quotes) wins, so the message about the missing
// header shows sensible columns.
func sniffDelimiter(sample []byte) rune {
	// Excel writes and obeys a first line "sep=;".
	if rest, ok := bytes.CutPrefix(sample, []byte("sep=")); ok && len(rest) > 0 && slices.Contains(delimiters, rune(rest[0])) {
		return rune(rest[0])
	}
	best, bestScore := rune(0), 0
	for _, d := range delimiters {
		cr := csv.NewReader(bytes.NewReader(sample))
		cr.Comma = d
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		for range headerSearchRows {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			if s := headerScore(rec); s > bestScore {
				best, bestScore = d, s
			}
		}
	}
	if bestScore >= minHeaderScore {
		return best
	}
	line, _, _ := bytes.Cut(sample, []byte("\n"))
	best, most := ',', 0
	for _, d := range delimiters {
		n, quoted := 0, false
		for _, c := range line {
			switch {
			case c == '"':
				quoted = !quoted
			case !quoted && rune(c) == d:
				n++
			}
		}
		if n > most {
			best, most = d, n
		}
	}
	return best
}
