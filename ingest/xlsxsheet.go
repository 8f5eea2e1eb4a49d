package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"html"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetMeta walks a worksheet's XML beside excelize's row iterator, row
// by row, for what excelize does not tell: which rows and columns are
// hidden, which cells hold a formula without a computed value or an error
// value. It holds one row at a time. It reads tags as bytes, not through
// encoding/xml, which would double the time a sheet takes to read.
type sheetMeta struct {
	rc         io.ReadCloser
	s          tagScanner
	hiddenCols []colSpan
	row        rowMeta // the row read last
	have       bool    // row is read and not yet asked for
	done       bool
	err        error
}

// colSpan is a range of columns, 1-based and inclusive.
type colSpan struct{ min, max int }

// rowMeta is what sheetMeta found in one row.
type rowMeta struct {
	num    int
	hidden bool
	cells  []cellMeta
}

// cellMeta is a cell that holds a formula, an error value, a number, a
// boolean or a date.
type cellMeta struct {
	col        int // 1-based
	formula    bool
	value      bool   // it has a value (a <v> with text, or an inline string)
	errorValue bool   // t="e"
	number     bool   // stored as a number: no t attribute, or t="n"
	boolean    bool   // t="b" with a value: excelize gives it as 1 or 0
	date       bool   // t="d" with a value: an ISO 8601 date and time
	text       string // the formula, or the error value or date
	emptyValue bool   // an empty <v/> or <v></v>
}

func openSheetMeta(parts *workbookParts, part string) (*sheetMeta, error) {
	rc, err := parts.open(part)
	if err != nil {
		return nil, err
	}
	m := &sheetMeta{rc: rc, s: tagScanner{r: bufio.NewReaderSize(rc, 64<<10)}}
	m.readCols()
	return m, nil
}

func (m *sheetMeta) Close() error { return m.rc.Close() }

// readCols reads the hidden columns, which a sheet lists before its rows.
func (m *sheetMeta) readCols() {
	for m.next() {
		switch t := &m.s; {
		case t.start("col"):
			if isTrue(t.attr("hidden")) || isZero(t.attr("width")) {
				lo, err1 := strconv.Atoi(t.attr("min"))
				hi, err2 := strconv.Atoi(t.attr("max"))
				if err1 == nil && err2 == nil && lo >= 1 && hi >= lo {
					m.hiddenCols = append(m.hiddenCols, colSpan{lo, min(hi, excelize.MaxColumns)})
				}
			}
		case t.start("sheetData"):
			m.done = t.selfClosing
			return
		}
	}
}

// next reads the next tag, false at the end or at an error.
func (m *sheetMeta) next() bool {
	if m.done {
		return false
	}
	if err := m.s.next(); err != nil {
		m.done = true
		if err != io.EOF {
			m.err = err
		}
		return false
	}
	return true
}

// at returns what was found in row n, nil when the row has nothing to
// say. Rows are asked for in increasing order.
func (m *sheetMeta) at(n int) *rowMeta {
	for !m.have || m.row.num < n {
		if !m.readRow() {
			return nil
		}
	}
	if m.row.num != n {
		return nil
	}
	m.have = false
	return &m.row
}

// rest reports whether the sheet has rows after the last one excelize
// gave: excelize stops silently at an XML error, which would drop them.
func (m *sheetMeta) rest() bool {
	return m.have || m.readRow() || m.err != nil
}

// readRow reads the next <row> into m.row; false at the end of the rows.
func (m *sheetMeta) readRow() bool {
	for m.next() {
		t := &m.s
		switch {
		case t.start("row"):
			num := m.row.num + 1
			if n, err := strconv.Atoi(t.attr("r")); err == nil && n > 0 {
				num = n
			}
			hidden := isTrue(t.attr("hidden")) || isZero(t.attr("ht"))
			m.row = rowMeta{num: num, hidden: hidden, cells: m.row.cells[:0]}
			if !t.selfClosing {
				m.readCells()
			}
			m.have = true
			return true
		case t.end("sheetData"):
			m.done = true
		}
	}
	return false
}

// readCells reads a row's cells up to </row>, keeping those with a
// formula, an error value, a number, a boolean or a date.
func (m *sheetMeta) readCells() {
	col := 0
	for m.next() {
		t := &m.s
		switch {
		case t.start("c"):
			col++
			if c := refColumn(t.attrBytes("r")); c > 0 {
				col = c
			}
			typ := t.attrBytes("t")
			c := cellMeta{col: col, errorValue: string(typ) == "e", date: string(typ) == "d"}
			number := len(typ) == 0 || string(typ) == "n"
			boolean := string(typ) == "b"
			if !t.selfClosing {
				m.readCell(&c)
			}
			if string(typ) == "str" && c.emptyValue {
				// A formula's empty text ("=IF(A1>0;\"\";...)"), as
				// Excel saves it: computed, and empty.
				c.value = true
			}
			c.number = number && c.value
			c.boolean = boolean && c.value
			c.date = c.date && c.value
			if c.formula || c.errorValue || c.number || c.boolean || c.date {
				m.row.cells = append(m.row.cells, c)
			}
		case t.end("row"):
			return
		}
	}
}

// readCell reads a cell's content up to </c>.
func (m *sheetMeta) readCell(c *cellMeta) {
	for m.next() {
		t := &m.s
		switch {
		case t.start("f"):
			c.formula = true
			t.keep = !t.selfClosing && !c.errorValue
		case t.start("v"):
			// An empty <v/> or <v></v>, as openpyxl writes under a
			// formula, is no computed value, unless the cell says its
			// value is a text (t="str"), which may be empty.
			t.keep = !t.selfClosing
			c.emptyValue = t.selfClosing
		case t.start("is"):
			c.value = true
		case t.end("f"):
			if t.keep {
				c.text = html.UnescapeString(string(bytes.TrimSpace(t.text)))
			}
			t.keep = false
		case t.end("v"):
			if v := bytes.TrimSpace(t.text); t.keep && len(v) == 0 {
				c.emptyValue = true
			} else if t.keep {
				c.value = true
				if c.errorValue || c.date {
					c.text = html.UnescapeString(string(v))
				}
			}
			t.keep = false
		case t.end("c"):
			t.keep = false
			return
		}
	}
}

func isTrue(s string) bool { return s == "1" || s == "true" }

// isZero reports whether a row height or column width is zero: such a row
// or column is as invisible as a hidden one (openpyxl and some exports
// hide them so), and is treated as hidden.
func isZero(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f == 0
}

// tagScanner reads XML one tag at a time: the tag between "<" and ">",
// and, when keep is set, up to maxKeptText bytes of the text before it.
// Comments, processing instructions and CDATA sections are skipped whole.
// Runs of text and tags are bounded by the check of openParts, so a tag
// is never longer than maxXMLRun.
type tagScanner struct {
	r           *bufio.Reader
	tag         []byte // without "<", ">" and a closing "/"; in r's buffer or buf
	buf         []byte // a tag longer than r's buffer, or a comment
	name        []byte // the local name, without a prefix
	endTag      bool   // </name>
	selfClosing bool   // <name/>
	keep        bool
	text        []byte
}

// maxKeptText is how much of a formula or error value is kept: messages
// cut it at 60 characters anyway.
const maxKeptText = 256

var errTagTooLong = errors.New("a tag longer than a cell can hold")

func (s *tagScanner) next() error {
	s.text = s.text[:0]
	for {
		chunk, err := s.r.ReadSlice('<')
		if s.keep && len(s.text) < maxKeptText {
			t := bytes.TrimSuffix(chunk, []byte("<"))
			s.text = append(s.text, t[:min(len(t), maxKeptText-len(s.text))]...)
		}
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return err
		}
	}
	s.tag = s.tag[:0]
	for {
		chunk, err := s.r.ReadSlice('>')
		if err == nil && len(s.tag) == 0 && chunk[0] != '!' && chunk[0] != '?' {
			// The whole tag is in the buffer (most are): use it there,
			// until the next read.
			s.tag = chunk
			break
		}
		if len(s.tag)+len(chunk) > maxXMLRun {
			return errTagTooLong
		}
		s.tag = append(s.buf[:len(s.tag)], chunk...)
		s.buf = s.tag
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return err
		}
		// A comment, a CDATA section or an instruction may hold ">".
		t := s.tag
		if bytes.HasPrefix(t, []byte("!--")) && !bytes.HasSuffix(t, []byte("-->")) ||
			bytes.HasPrefix(t, []byte("![CDATA[")) && !bytes.HasSuffix(t, []byte("]]>")) ||
			bytes.HasPrefix(t, []byte("?")) && !bytes.HasSuffix(t, []byte("?>")) {
			continue
		}
		break
	}
	t := s.tag[:len(s.tag)-1] // without ">"
	s.endTag = len(t) > 0 && t[0] == '/'
	if s.endTag {
		t = t[1:]
	}
	s.selfClosing = len(t) > 0 && t[len(t)-1] == '/'
	if s.selfClosing {
		t = t[:len(t)-1]
	}
	s.tag = t
	end := bytes.IndexAny(t, " \t\r\n")
	if end < 0 {
		end = len(t)
	}
	s.name = t[:end]
	if i := bytes.IndexByte(s.name, ':'); i >= 0 {
		s.name = s.name[i+1:]
	}
	return nil
}

func (s *tagScanner) start(name string) bool { return !s.endTag && string(s.name) == name }
func (s *tagScanner) end(name string) bool   { return s.endTag && string(s.name) == name }

// refColumn is the column of a cell reference ("B7" is 2), 0 if it is
// not one; like excelize, it reads the letters and ignores the rest.
func refColumn(ref []byte) int {
	col := 0
	for _, b := range ref {
		switch {
		case b >= 'A' && b <= 'Z':
			col = col*26 + int(b-'A') + 1
		case b >= 'a' && b <= 'z':
			col = col*26 + int(b-'a') + 1
		default:
			if col > excelize.MaxColumns {
				return 0
			}
			return col
		}
		if col > excelize.MaxColumns {
			return 0
		}
	}
	return 0
}

// attr returns the value of the tag's attribute with this local name,
// with entities left as they are (the attributes read here hold none).
func (s *tagScanner) attr(local string) string { return string(s.attrBytes(local)) }

// attrBytes is attr without a copy, valid until the next tag.
func (s *tagScanner) attrBytes(local string) []byte {
	i := bytes.IndexAny(s.tag, " \t\r\n")
	if i < 0 {
		return nil
	}
	t := s.tag[i:]
	for {
		t = bytes.TrimLeft(t, " \t\r\n")
		eq := bytes.IndexByte(t, '=')
		if eq < 0 {
			return nil
		}
		name := bytes.TrimSpace(t[:eq])
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		t = bytes.TrimLeft(t[eq+1:], " \t\r\n")
		if len(t) == 0 || t[0] != '"' && t[0] != '\'' {
			return nil
		}
		val, rest, ok := bytes.Cut(t[1:], t[:1])
		if !ok {
			return nil
		}
		if string(name) == local {
			return val
		}
		t = rest
	}
}
