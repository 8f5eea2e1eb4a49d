package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxXMLRun bounds a run of text, or a tag, in a workbook's XML. A cell of
// maxCellChars characters takes at most seven bytes a character in XML
// ("&quot;", Excel's "_x000D_"), so a longer run (256 KB is eight bytes a
// character) cannot be a cell of a real workbook; excelize would hold it in
// memory several times over.
const maxXMLRun = 256 << 10

// maxMergedRanges is how many merged ranges of a sheet are kept for
// messages; only messages use them.
const maxMergedRanges = 10_000

// workbookParts is what is learnt from a workbook's zip beside excelize:
// its sheets, where they are, and their merged cells.
type workbookParts struct {
	zip    *zip.ReadCloser
	sheets []sheetPart
	merged map[string][]cellRange // by part name, read when first asked for
	// recalc is set when the workbook asks to be recalculated on opening
	// (<calcPr fullCalcOnLoad="1"/>), as XlsxWriter and pandas write it
	// with a 0 saved under every formula: no saved formula result can be
	// trusted. calcMode="manual" is not such a sign: Excel saves the
	// values it shows, which are what the sender saw.
	recalc bool
}

// sheetPart is a sheet as the workbook lists it.
type sheetPart struct {
	name  string
	state string // "" or "visible", "hidden", "veryHidden"
	part  string // the worksheet's part name in the zip, "" if not found
}

func (s sheetPart) visible() bool { return s.state == "" || s.state == "visible" }

// cellRange is a merged range, 1-based and inclusive.
type cellRange struct {
	ref                    string
	col1, row1, col2, row2 int
}

// openParts opens path as a zip and reads every XML part once as a stream,
// before excelize unpacks anything: it refuses a workbook that unpacks to
// more than xlsxUnzipLimit or holds a text longer than a cell can, with
// flat memory (excelize would hold such a text several times over). A
// file that is not a zip, or whose parts cannot be unpacked, gives a nil
// result and no message: excelize then says what is wrong with it.
func openParts(file string) (*workbookParts, string) {
	z, err := zip.OpenReader(file)
	if err != nil {
		return nil, ""
	}
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
	}
	if total > xlsxUnzipLimit {
		z.Close()
		return nil, zipBombMsg
	}
	w := &workbookParts{zip: z, merged: map[string][]cellRange{}}
	for _, f := range z.File {
		name := partName(f.Name)
		lower := strings.ToLower(name)
		if !strings.HasSuffix(lower, ".xml") && !strings.HasSuffix(lower, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			z.Close()
			return nil, ""
		}
		err = scanXML(rc, nil)
		rc.Close()
		if errors.Is(err, errLongRun) {
			z.Close()
			return nil, fmt.Sprintf("not a table: the workbook holds a text longer than %d KB (in %s), and a spreadsheet cell holds at most 32,767 characters: the file is damaged or was not made by a spreadsheet program",
				maxXMLRun>>10, quote(name))
		}
		if err != nil {
			z.Close()
			return nil, ""
		}
	}
	return w, ""
}

func (w *workbookParts) Close() error { return w.zip.Close() }

// partName is a zip entry's name as excelize knows it.
func partName(s string) string { return strings.TrimPrefix(strings.ReplaceAll(s, `\`, "/"), "/") }

var errLongRun = errors.New("a text or tag longer than a cell can hold")

// scanXML reads XML as bytes, never holding more than a buffer of it: it
// fails with errLongRun on a text or tag longer than maxXMLRun, and hands
// onTag (if not nil) the first bytes of each tag, between "<" and ">".
func scanXML(r io.Reader, onTag func(tag []byte)) error {
	buf := make([]byte, 64<<10)
	tag := make([]byte, 0, 256)
	inTag, run := false, 0
	for {
		n, err := r.Read(buf)
		for b := buf[:n]; len(b) > 0; {
			stop := byte('<')
			if inTag {
				stop = '>'
			}
			i := bytes.IndexByte(b, stop)
			seg := b
			if i >= 0 {
				seg = b[:i]
			}
			if run += len(seg); run > maxXMLRun {
				return errLongRun
			}
			if inTag && len(tag) < cap(tag) {
				tag = append(tag, seg[:min(len(seg), cap(tag)-len(tag))]...)
			}
			if i < 0 {
				break
			}
			if inTag && onTag != nil {
				onTag(tag)
			}
			inTag, run, tag, b = !inTag, 0, tag[:0], b[i+1:]
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// mergedRanges returns the merged cells of a worksheet part. They follow
// its rows, so they are read in a pass of their own, and only when a
// message needs them: for an empty cell in a file refused anyway.
func (w *workbookParts) mergedRanges(part string) []cellRange {
	if r, ok := w.merged[part]; ok {
		return r
	}
	var ranges []cellRange
	if rc, err := w.open(part); err == nil {
		scanXML(rc, func(tag []byte) {
			if r, ok := mergeCellTag(tag); ok && len(ranges) < maxMergedRanges {
				ranges = append(ranges, r)
			}
		})
		rc.Close()
	}
	w.merged[part] = ranges
	return ranges
}

// mergeCellTag reads a <mergeCell ref="A2:A4"> tag.
func mergeCellTag(tag []byte) (cellRange, bool) {
	name, attrs, _ := bytes.Cut(tag, []byte(" "))
	if _, local, ok := bytes.Cut(name, []byte(":")); ok {
		name = local
	}
	if string(name) != "mergeCell" {
		return cellRange{}, false
	}
	i := bytes.Index(attrs, []byte("ref="))
	if i < 0 || i+5 > len(attrs) {
		return cellRange{}, false
	}
	q := attrs[i+4]
	ref, _, ok := bytes.Cut(attrs[i+5:], []byte{q})
	if !ok || q != '"' && q != '\'' {
		return cellRange{}, false
	}
	first, last, ok := strings.Cut(string(ref), ":")
	if !ok {
		return cellRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(first)
	c2, r2, err2 := excelize.CellNameToCoordinates(last)
	if err1 != nil || err2 != nil {
		return cellRange{}, false
	}
	return cellRange{ref: string(ref), col1: min(c1, c2), row1: min(r1, r2), col2: max(c1, c2), row2: max(r1, r2)}, true
}

// readSheets lists the workbook's sheets, with their state and part, as
// excelize finds them: the office document named by _rels/.rels, its
// sheets, and their targets in the workbook's relationships.
func (w *workbookParts) readSheets() error {
	var wbPath string
	err := w.decode("_rels/.rels", func(e xml.StartElement) {
		if e.Name.Local == "Relationship" && strings.HasSuffix(attr(e, "Type"), "/officeDocument") && wbPath == "" {
			wbPath = strings.TrimPrefix(attr(e, "Target"), "/")
		}
	})
	if err != nil {
		return err
	}
	dir := path.Dir(wbPath)
	targets := map[string]string{}
	err = w.decode(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), func(e xml.StartElement) {
		if e.Name.Local == "Relationship" {
			t := attr(e, "Target")
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(path.Clean(t), "/")
			} else {
				t = strings.TrimPrefix(path.Clean(dir+"/"+t), "/")
			}
			targets[attr(e, "Id")] = t
		}
	})
	if err != nil {
		return err
	}
	return w.decode(wbPath, func(e xml.StartElement) {
		if e.Name.Local == "calcPr" && isTrue(attr(e, "fullCalcOnLoad")) {
			w.recalc = true
		}
		if e.Name.Local != "sheet" {
			return
		}
		s := sheetPart{name: attr(e, "name"), state: attr(e, "state")}
		for _, a := range e.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" {
				s.part = targets[a.Value]
			}
		}
		w.sheets = append(w.sheets, s)
	})
}

// decode hands each start element of a part to fn.
func (w *workbookParts) decode(name string, fn func(xml.StartElement)) error {
	rc, err := w.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if e, ok := tok.(xml.StartElement); ok {
			fn(e)
		}
	}
}

// open opens a part by name, as excelize matches names.
func (w *workbookParts) open(name string) (io.ReadCloser, error) {
	for _, f := range w.zip.File {
		if strings.EqualFold(partName(f.Name), name) {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("no part %s", name)
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// mergedAt returns the merged range that covers (col, row), 1-based, when
// the cell is not its first: a cell that looks filled but is empty.
func mergedAt(ranges []cellRange, col, row int) (cellRange, bool) {
	for _, r := range ranges {
		if col >= r.col1 && col <= r.col2 && row >= r.row1 && row <= r.row2 && (col != r.col1 || row != r.row1) {
			return r, true
		}
	}
	return cellRange{}, false
}
