package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Why this file exists. excelize's StreamWriter spends about half a
// microsecond on every cell (a cell name, a style lookup, an escaped inline
// string), and excelize compresses the workbook at the end with the default
// deflate level: a million figures take some 12 s, against 0.5 s for the
// same rows as CSV. So the rows of a Data sheet are written here instead, in
// the XML excelize itself writes, with shared strings and the fastest
// deflate level, compressed on a second goroutine while the figures stream
// in. excelize still makes the sheet: its StreamWriter writes the header,
// the frozen pane, the column widths and the autofilter, and a placeholder
// row with a random token; when the workbook is saved, the zip writer below
// puts the compressed rows where that placeholder row is. The result is an
// ordinary workbook that excelize, Excel and LibreOffice read alike, and a
// test reads every row of it back.

// chunkSize is how much row XML goes to the compressor at a time; chunks in
// flight bound the memory a Data sheet takes, whatever its size.
const (
	chunkSize      = 256 << 10
	chunksInFlight = 6
)

// maxShared bounds the shared strings a Data sheet adds: exhibitions,
// countries, metrics, statuses and a few sources repeat on every row; a
// note per row does not, and past this many distinct texts they are written
// inline, so the table excelize holds in memory stays small.
const maxShared = 50_000

// sharedStrings puts the Data sheet's repeated texts into the workbook's
// shared string table. excelize numbers shared strings in the order they
// are first set, from 0 in a new file; the strings of the Data sheet are set
// (on a scratch sheet) before any other sheet has text, so their numbers are
// known as they are added. Each addition is checked against the table's
// length, and a text excelize did not append as a new entry is written
// inline instead.
type sharedStrings struct {
	f       *excelize.File
	scratch string
	index   map[string]int // -1: write inline
}

func newSharedStrings(f *excelize.File, scratch string) *sharedStrings {
	return &sharedStrings{f: f, scratch: scratch, index: map[string]int{}}
}

func (s *sharedStrings) count() int {
	if s.f.SharedStrings == nil {
		return 0
	}
	return len(s.f.SharedStrings.SI)
}

// lookup returns the shared string number of text, or false when it is
// written inline.
func (s *sharedStrings) lookup(text string) (int, bool, error) {
	if i, ok := s.index[text]; ok {
		return i, i >= 0, nil
	}
	// excelize stores a shared "_xHHHH_" unescaped, and reads it back as
	// the character it names: such texts go inline, escaped here.
	if len(s.index) >= maxShared || len(text) > 1000 || strings.Contains(text, "_x") {
		return -1, false, nil // no need to remember: inline is the default
	}
	before := s.count()
	if err := s.f.SetCellStr(s.scratch, "A1", text); err != nil {
		return 0, false, fmt.Errorf("shared string: %w", err)
	}
	i := -1
	if s.count() == before+1 {
		i = before
	}
	s.index[strings.Clone(text)] = i
	return i, i >= 0, nil
}

// bulkSheet is the rows of one Data sheet, encoded as worksheet XML and
// compressed as they come.
type bulkSheet struct {
	name     string // the sheet
	token    string // the placeholder row's text
	cols     int
	firstRow int    // the first data row (after the header)
	lastRow  int    // the last row written; firstRow-1 when none
	rowNum   []byte // lastRow in decimal, for the cells' references

	colRefs [][]byte // "A", "B", ...
	// The last text of each column and its shared string number (-1:
	// inline): consecutive rows mostly repeat them, and a comparison of
	// the same string costs less than a map lookup.
	lastText []string
	lastIdx  []int
	buf      []byte
	next     int       // the sequence number of the next chunk
	work     chan *job // chunks to compress
	packed   chan *job // compressed chunks, in any order
	free     chan *job
	done     chan error
	tmp      *os.File
	crc      uint32
	size     int64 // uncompressed bytes
	csize    int64 // compressed bytes
	closed   bool
	err      error
}

func newBulkSheet(name string, cols, firstRow int) (*bulkSheet, error) {
	var tok [12]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "tradedash-rows-*.deflate")
	if err != nil {
		return nil, fmt.Errorf("data sheet: %w", err)
	}
	s := &bulkSheet{
		name: name, token: "tradedash-rows-" + hex.EncodeToString(tok[:]), cols: cols,
		firstRow: firstRow, lastRow: firstRow - 1,
		work: make(chan *job, chunksInFlight), packed: make(chan *job, chunksInFlight),
		free: make(chan *job, chunksInFlight), done: make(chan error, 1), tmp: tmp,
	}
	for i := 1; i <= cols; i++ {
		name, _ := excelize.ColumnNumberToName(i)
		s.colRefs = append(s.colRefs, []byte(name))
	}
	s.lastText, s.lastIdx = make([]string, cols), make([]int, cols)
	for range chunksInFlight {
		s.free <- &job{raw: make([]byte, 0, chunkSize+8<<10)}
	}
	s.buf = (<-s.free).raw
	var wg sync.WaitGroup
	for range compressors {
		wg.Go(s.compress)
	}
	go func() { wg.Wait(); close(s.packed) }()
	go s.collect()
	return s, nil
}

// compressors is how many goroutines compress chunks: deflate is the
// slowest step, and two keep pace with the rows on a two-core machine.
const compressors = 2

// job is one chunk of row XML on its way to the temporary file.
type job struct {
	seq int
	raw []byte
	out bytes.Buffer
	crc uint32
	err error
}

// compress deflates chunks, each on its own and ending in a sync flush
// rather than a final block, so that the chunks, laid end to end, are one
// deflate stream, into which the sheet's tail can follow.
func (s *bulkSheet) compress() {
	fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	for j := range s.work {
		j.out.Reset()
		fw.Reset(&j.out)
		_, j.err = fw.Write(j.raw)
		if j.err == nil {
			j.err = fw.Flush()
		}
		j.crc = crc32.ChecksumIEEE(j.raw)
		s.packed <- j
	}
}

// collect writes the compressed chunks to the temporary file in their
// order, and sums them up: length, compressed length, CRC-32.
func (s *bulkSheet) collect() {
	bw := bufio.NewWriterSize(s.tmp, 256<<10)
	waiting := map[int]*job{}
	next := 0
	var err error
	for j := range s.packed {
		waiting[j.seq] = j
		for j := waiting[next]; j != nil; j = waiting[next] {
			delete(waiting, next)
			next++
			if err == nil {
				err = j.err
			}
			if err == nil {
				_, err = bw.Write(j.out.Bytes())
				s.crc = crc32Combine(s.crc, j.crc, int64(len(j.raw)))
				s.size += int64(len(j.raw))
				s.csize += int64(j.out.Len())
			}
			j.raw = j.raw[:0]
			s.free <- j
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	s.done <- err
}

// startRow begins the next row.
func (s *bulkSheet) startRow() {
	s.lastRow++
	s.rowNum = strconv.AppendInt(s.rowNum[:0], int64(s.lastRow), 10)
	s.buf = append(s.buf, `<row r="`...)
	s.buf = append(s.buf, s.rowNum...)
	s.buf = append(s.buf, `">`...)
}

// endRow ends the row and hands a full chunk to the compressor.
func (s *bulkSheet) endRow() {
	s.buf = append(s.buf, `</row>`...)
	if len(s.buf) >= chunkSize {
		s.send()
	}
}

// send hands the current chunk to the compressors and takes an empty one,
// waiting when all are in flight: memory stays bounded.
func (s *bulkSheet) send() {
	j := <-s.free
	j.seq, j.raw, s.buf = s.next, s.buf, j.raw
	s.next++
	s.work <- j
}

func (s *bulkSheet) cellStart(col, style int) {
	s.buf = append(s.buf, `<c r="`...)
	s.buf = append(s.buf, s.colRefs[col]...)
	s.buf = append(s.buf, s.rowNum...)
	if style != 0 {
		s.buf = append(s.buf, `" s="`...)
		s.buf = strconv.AppendInt(s.buf, int64(style), 10)
	}
	s.buf = append(s.buf, '"')
}

// number writes a numeric cell of column col (0-based).
func (s *bulkSheet) number(col int, v float64, style int) {
	if v != v || v > 1e300 || v < -1e300 { // NaN or infinite: no number to write
		return
	}
	s.cellStart(col, style)
	s.buf = append(s.buf, `><v>`...)
	if v == float64(int64(v)) && v < 1<<53 && v > -1<<53 {
		s.buf = strconv.AppendInt(s.buf, int64(v), 10) // years, ids, counts: faster than a float
	} else {
		s.buf = strconv.AppendFloat(s.buf, v, 'f', -1, 64)
	}
	s.buf = append(s.buf, `</v></c>`...)
}

// text writes a text cell: a shared string where it can, else inline. An
// empty text writes no cell.
func (s *bulkSheet) text(col int, v string, style int, sst *sharedStrings) error {
	if v == "" {
		return nil
	}
	var i int
	var shared bool
	if v == s.lastText[col] {
		i, shared = s.lastIdx[col], s.lastIdx[col] >= 0
	} else {
		var err error
		if i, shared, err = sst.lookup(v); err != nil {
			return err
		}
		if !shared {
			i = -1
		}
		s.lastText[col], s.lastIdx[col] = v, i
	}
	s.cellStart(col, style)
	if shared {
		s.buf = append(s.buf, ` t="s"><v>`...)
		s.buf = strconv.AppendInt(s.buf, int64(i), 10)
		s.buf = append(s.buf, `</v></c>`...)
		return nil
	}
	s.buf = append(s.buf, ` t="inlineStr"><is><t`...)
	if strings.TrimSpace(v) != v {
		s.buf = append(s.buf, ` xml:space="preserve"`...)
	}
	s.buf = append(s.buf, '>')
	s.buf = appendXMLText(s.buf, v)
	s.buf = append(s.buf, `</t></is></c>`...)
	return nil
}

// finish sends the last chunk and waits for the compressor.
func (s *bulkSheet) finish() error {
	if s.closed {
		return s.err
	}
	s.closed = true
	if len(s.buf) > 0 {
		s.send()
	}
	close(s.work)
	s.err = <-s.done
	return s.err
}

// remove deletes the temporary file.
func (s *bulkSheet) remove() {
	if !s.closed {
		_ = s.finish()
	}
	s.tmp.Close()
	os.Remove(s.tmp.Name())
}

// ref is the range the sheet's cells span, header included.
func (s *bulkSheet) ref() string {
	last := max(s.lastRow, s.firstRow-1)
	return "A1:" + string(s.colRefs[len(s.colRefs)-1]) + strconv.Itoa(last)
}

// appendXMLText escapes text for an XML element the way excelize does:
// markup characters as entities, characters XML cannot hold as U+FFFD, and
// a literal "_xHHHH_" with its underscore escaped, since spreadsheet
// programs read that sequence as an escaped character.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '\t' || c == '\n' || c == '\r':
				b = append(b, c)
			case c < ' ':
				b = append(b, "\uFFFD"...)
			case c == '_' && isEscapedChar(s[i:]):
				b = append(b, "_x005F"...)
				b = append(b, c)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// isEscapedChar reports whether s begins with "_xHHHH_".
func isEscapedChar(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// spliceZip is the zip writer excelize saves the workbook through. It
// passes every part on, except that a worksheet holding a bulk sheet's
// placeholder row gets that row replaced by the bulk sheet's rows, and its
// dimension set to the real range.
type spliceZip struct {
	zw      *zip.Writer
	sheets  []*bulkSheet
	name    string        // the worksheet part being buffered, if any
	pending *bytes.Buffer // its content
	spliced int
}

func newSpliceZip(w io.Writer, sheets []*bulkSheet) *spliceZip {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	return &spliceZip{zw: zw, sheets: sheets}
}

// Create starts a part. Worksheets are buffered (they are small: a bulk
// sheet's rows are not among them yet) until the next part starts.
func (z *spliceZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, "xl/worksheets/") && len(z.sheets) > 0 {
		z.name, z.pending = name, &bytes.Buffer{}
		return z.pending, nil
	}
	return z.zw.Create(name)
}

// AddFS adds files; excelize does not use it, but the interface has it.
func (z *spliceZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close writes the last part and the zip directory.
func (z *spliceZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	if z.spliced != len(z.sheets) {
		return fmt.Errorf("report: %d of %d data sheets were not found in the workbook", len(z.sheets)-z.spliced, len(z.sheets))
	}
	return z.zw.Close()
}

func (z *spliceZip) flush() error {
	if z.pending == nil {
		return nil
	}
	name, content := z.name, z.pending.Bytes()
	z.name, z.pending = "", nil
	for _, s := range z.sheets {
		if i := bytes.Index(content, []byte(s.token)); i >= 0 {
			z.spliced++
			return z.splice(name, content, i, s)
		}
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return err
	}
	_, err = w.Write(content)
	return err
}

// splice writes the worksheet part with the placeholder row at token
// replaced by the rows of s. The part is one deflate stream made of three:
// the head compressed now, the rows compressed already (ending in a sync
// flush), and the tail, which ends the stream.
func (z *spliceZip) splice(name string, content []byte, token int, s *bulkSheet) error {
	start := bytes.LastIndex(content[:token], []byte("<row "))
	end := bytes.Index(content[token:], []byte("</row>"))
	if start < 0 || end < 0 {
		return errors.New("report: the data sheet's placeholder row is malformed")
	}
	head := setDimension(content[:start], s.ref())
	tail := content[token+end+len("</row>"):]
	if err := s.finish(); err != nil {
		return fmt.Errorf("report: compress data rows: %w", err)
	}
	var h, t bytes.Buffer
	if err := deflate(&h, head, false); err != nil {
		return err
	}
	if err := deflate(&t, tail, true); err != nil {
		return err
	}
	crc := crc32Combine(crc32.ChecksumIEEE(head), s.crc, s.size)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	w, err := z.zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc,
		CompressedSize64:   uint64(int64(h.Len()) + s.csize + int64(t.Len())),
		UncompressedSize64: uint64(int64(len(head)) + s.size + int64(len(tail))),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(h.Bytes()); err != nil {
		return err
	}
	if _, err := s.tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if n, err := io.Copy(w, s.tmp); err != nil || n != s.csize {
		return fmt.Errorf("report: copy data rows: %d of %d bytes: %w", n, s.csize, err)
	}
	_, err = w.Write(t.Bytes())
	return err
}

// deflate compresses p into w: ending the stream when last, else with a
// sync flush so that another stream's blocks can follow.
func deflate(w io.Writer, p []byte, last bool) error {
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := fw.Write(p); err != nil {
		return err
	}
	if last {
		return fw.Close()
	}
	return fw.Flush()
}

// setDimension rewrites the <dimension ref="..."> of a worksheet head.
func setDimension(head []byte, ref string) []byte {
	const open = `<dimension ref="`
	i := bytes.Index(head, []byte(open))
	if i < 0 {
		return head
	}
	j := bytes.IndexByte(head[i+len(open):], '"')
	if j < 0 {
		return head
	}
	out := make([]byte, 0, len(head)+len(ref))
	out = append(out, head[:i+len(open)]...)
	out = append(out, ref...)
	return append(out, head[i+len(open)+j:]...)
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B, given the
// CRC of A, the CRC of B and B's length: zlib's crc32_combine, which Go's
// hash/crc32 does not offer. It lets rows be checksummed as they stream,
// before the sheet XML around them is known.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	var even, odd [32]uint32
	odd[0] = 0xedb88320 // the reflected IEEE polynomial: one zero bit
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four zero bits
	for {
		gf2Square(&even, &odd)
		if len2&1 != 0 {
			crc1 = gf2Times(&even, crc1)
		}
		if len2 >>= 1; len2 == 0 {
			break
		}
		gf2Square(&odd, &even)
		if len2&1 != 0 {
			crc1 = gf2Times(&odd, crc1)
		}
		if len2 >>= 1; len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
}
