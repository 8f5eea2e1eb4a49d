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

// maxRecord is the longest record read. A longer one is nearly always a
// quote that was opened and never closed, which would otherwise swallow the
// rest of the file into memory.
const maxRecord = 1 << 20

var errRecordTooLong = errors.New("record too long")

// readCSV reads a text file: decodes it, finds its delimiter, and hands
// its records to the row reader.
func (r *reader) readCSV(raw *bufio.Reader) error {
	r.sum.Format = "CSV"
	dec := newDecoder(raw)
	limit := &recordLimiter{r: dec, max: maxRecord}
	br := bufio.NewReaderSize(limit, bufSize)
	sample, err := br.Peek(bufSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) && !errors.Is(err, errRecordTooLong) {
		return fmt.Errorf("read %s: %w", r.file, err)
	}
	cr := csv.NewReader(br) // br is a *bufio.Reader of at least 4 KB, so csv uses it as is
	cr.Comma = sniffDelimiter(sample)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	limit.reset()
	t := &csvTable{r: cr, limit: limit, dec: dec}
	err = r.readTable(t)
	r.sum.Encoding = dec.encoding()
	return err
}

// recordLimiter stops the CSV reader when one record grows past max bytes.
// It counts the bytes read since the last record ended; the buffer in
// between reads ahead at most bufSize, so the limit holds within that.
type recordLimiter struct {
	r      io.Reader
	n, max int
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.n > l.max+bufSize {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

func (l *recordLimiter) reset() { l.n = 0 }

// csvTable is a table read from a CSV file.
type csvTable struct {
	r        *csv.Reader
	limit    *recordLimiter
	dec      *decoder
	lastLine int // the line the last record ended on
}

func (t *csvTable) next() ([]string, int, error) {
	rec, err := t.r.Read()
	t.limit.reset()
	if err == nil {
		line, _ := t.r.FieldPos(0)
		t.lastLine, _ = t.r.FieldPos(len(rec) - 1)
		return rec, line, nil
	}
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if errors.Is(err, errRecordTooLong) {
		return nil, t.lastLine + 1, &rowError{fatal: true, msg: fmt.Sprintf(
			"a record longer than %d MB: probably a quote (\") opened and never closed; reading stopped here", maxRecord>>20)}
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
