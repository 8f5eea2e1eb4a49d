package ingest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Limits for opening a workbook. excelize's defaults let a small zip unpack
// to gigabytes (a zip bomb); a workbook of a million figure rows unpacks to
// well under these.
const (
	xlsxUnzipLimit    = 200 << 20 // all parts together, unpacked
	xlsxUnzipXMLLimit = 50 << 20  // a sheet larger than this is unpacked to a temporary file, not memory
)

// zipBombMsg refuses a workbook that unpacks to more than xlsxUnzipLimit,
// whether openParts or excelize finds it.
var zipBombMsg = fmt.Sprintf("not a table: the workbook unpacks to more than %d MB (damaged, or a zip bomb)", xlsxUnzipLimit>>20)

// dataSheets are the sheet names read in preference to the first sheet: our
// own exports put their data on a sheet called so, after a title sheet.
var dataSheets = []string{"data", "данные", "数据"}

// readXLSX reads the data sheets of a workbook through excelize's streaming
// row iterator, which never holds a whole sheet in memory.
//
// Nothing the person who sends the file cannot see is read: hidden sheets
// are never read (a hidden sheet named Data, which would otherwise be
// chosen, refuses the file), and a hidden row or column with values, a
// formula without a computed value or a cell showing an error is a located
// problem. Beside excelize's iterator a second one walks the same sheet's
// XML for what excelize does not tell: hidden rows and columns, formulas
// and error values.
func (r *reader) readXLSX() error {
	r.sum.Format = "XLSX"
	parts, msg := openParts(r.file)
	if msg != "" {
		r.problems.add(0, "", "%s", msg)
		return nil
	}
	if parts != nil {
		defer parts.Close()
	}
	f, err := excelize.OpenFile(r.file, excelize.Options{
		UnzipSizeLimit:    xlsxUnzipLimit,
		UnzipXMLSizeLimit: xlsxUnzipXMLLimit,
		RawCellValue:      true, // numbers as stored, not as formatted: "3800", not "3 800 м²"
	})
	if err != nil {
		r.problems.add(0, "", "%s", xlsxOpenError(err))
		return nil
	}
	defer f.Close()
	if parts == nil {
		// excelize read what archive/zip could not: nothing can be checked.
		r.problems.add(0, "", "not a table: the workbook's zip cannot be read; open and save it in a spreadsheet program")
		return nil
	}
	if err := parts.readSheets(); err != nil {
		r.problems.add(0, "", "not a table: cannot read the workbook's list of sheets (%s)", errText(err))
		return nil
	}
	sheets, ok := r.pickSheets(parts.sheets)
	if !ok {
		return nil
	}
	names := make([]string, len(sheets))
	for i, s := range sheets {
		names[i] = s.name
	}
	r.sum.Sheet = strings.Join(names, ", ")
	if n := len(parts.sheets); n > len(sheets) {
		r.notices.add(0, "", "read sheet %s of %d; figures are read from a sheet named \"Data\", \"Данные\" or \"数据\", else from the first sheet", quote(r.sum.Sheet), n)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	r.serialDates = true
	for i, sheet := range sheets {
		if i > 0 {
			// A continuation sheet has its own header and row numbers:
			// its problems are located as FILE[SHEET]:ROW:COLUMN.
			loc := fmt.Sprintf("%s[%s]", r.file, sheet.name)
			r.problems.file, r.notices.file = loc, loc
			r.reported = map[int]bool{}
		}
		if err := r.readSheet(f, parts, sheet); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) readSheet(f *excelize.File, parts *workbookParts, sheet sheetPart) error {
	rows, err := f.Rows(sheet.name)
	if err != nil {
		r.problems.add(0, "", "cannot read sheet %s: %s", quote(sheet.name), errText(err))
		return nil
	}
	defer rows.Close()
	meta, err := openSheetMeta(parts, sheet.part)
	if err != nil {
		r.problems.add(0, "", "cannot read sheet %s: %s", quote(sheet.name), errText(err))
		return nil
	}
	defer meta.Close()
	t := &xlsxTable{rows: rows, meta: meta, parts: parts, part: sheet.part, hiddenReported: map[int]bool{}}
	if err := r.readTable(t); err != nil {
		return err
	}
	if t.eof && meta.rest() {
		r.problems.add(t.row, "", "the sheet is damaged in or after this row, and the rows after it cannot be read: open and save the file in a spreadsheet program")
	}
	return nil
}

// xlsxOpenError explains why a workbook cannot be opened.
func xlsxOpenError(err error) string {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return zipBombMsg
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return "a password-protected or unsupported workbook: save it without a password as .xlsx or .csv"
	}
	return "not a table: a zip file that is not an .xlsx workbook (" + errText(err) + ")"
}

// errText puts a library's error, which may quote bytes of the file, into
// a message: invalid UTF-8 and control characters escaped.
func errText(err error) string {
	q := strconv.Quote(err.Error())
	return q[1 : len(q)-1]
}

// pickSheets chooses the sheets to read among the visible ones: a sheet
// named Data, Данные or 数据 with its continuations "Data (2)", "Data (3)" ...
// (our exports continue there past Excel's rows a sheet), else the first
// visible sheet. Hidden sheets are never read, and each is named in a
// notice; a hidden sheet that would have been chosen by its name refuses
// the file, since the person may have meant it or the visible one.
func (r *reader) pickSheets(all []sheetPart) ([]sheetPart, bool) {
	named := func(s sheetPart, want string) bool { return strings.EqualFold(strings.TrimSpace(s.name), want) }
	var chosen []sheetPart
	for _, want := range dataSheets {
		i := slices.IndexFunc(all, func(s sheetPart) bool { return named(s, want) })
		if i < 0 {
			continue
		}
		chosen = []sheetPart{all[i]}
		for next := 2; ; next++ {
			cont := fmt.Sprintf("%s (%d)", strings.TrimSpace(all[i].name), next)
			j := slices.IndexFunc(all, func(s sheetPart) bool { return named(s, cont) })
			if j < 0 {
				break
			}
			chosen = append(chosen, all[j])
		}
		break
	}
	if chosen == nil {
		if i := slices.IndexFunc(all, sheetPart.visible); i >= 0 {
			chosen = []sheetPart{all[i]}
		}
	}
	refused := false
	for _, s := range chosen {
		if !s.visible() {
			refused = true
			other := "or delete it to read the first visible sheet"
			if i := slices.IndexFunc(all, func(o sheetPart) bool { return o.visible() && !slices.Contains(chosen, o) }); i >= 0 {
				other = fmt.Sprintf("or delete or rename it to read the visible sheet %s", quote(all[i].name))
			}
			r.problems.add(0, "", "sheet %s is %s: figures are read from the sheet of this name, but hidden sheets are never read; show it to import it, %s",
				quote(s.name), sheetState(s), other)
		}
	}
	if refused {
		return nil, false
	}
	for _, s := range all {
		if !s.visible() {
			r.notices.add(0, "", "sheet %s is %s and was not read", quote(s.name), sheetState(s))
		}
	}
	if len(chosen) == 0 {
		r.problems.add(0, "", "not a table: the workbook has no visible sheet")
		return nil, false
	}
	return chosen, true
}

// sheetState names a hidden sheet's state for a message.
func sheetState(s sheetPart) string {
	if s.state == "veryHidden" {
		return "very hidden (only a macro can show it)"
	}
	return "hidden"
}

// xlsxTable is a table read from a worksheet.
type xlsxTable struct {
	rows           *excelize.Rows
	meta           *sheetMeta
	parts          *workbookParts
	part           string       // the sheet's part
	hiddenReported map[int]bool // hidden columns already reported
	row            int
	found          []cellIssue
	numbers        []bool // by column: the current row's cells stored as numbers
	dates          []bool // by column: the current row's date cells (t="d"), given as their date
	eof            bool   // excelize gave its last row
}

func (t *xlsxTable) next() ([]string, int, error) {
	t.found = t.found[:0]
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			return nil, t.row + 1, &rowError{fatal: true, msg: "cannot read the sheet here: " + errText(err)}
		}
		t.eof = true
		return nil, 0, io.EOF
	}
	t.row++ // Next yields every row number, empty rows included
	cells, err := t.rows.Columns()
	if err != nil {
		return nil, t.row, &rowError{msg: "cannot read this row: " + errText(err)}
	}
	t.check(cells, t.meta.at(t.row))
	return cells, t.row, nil
}

// check finds what excelize's cells do not show: formulas without a
// computed value (an empty cell to excelize), error values (a text), and
// values in hidden rows and columns. A cell showing an error is emptied,
// so that it is reported once, as an error.
func (t *xlsxTable) check(cells []string, m *rowMeta) {
	filled := !isEmptyRow(cells)
	t.numbers = slices.Grow(t.numbers[:0], len(cells))[:len(cells)]
	clear(t.numbers)
	t.dates = slices.Grow(t.dates[:0], len(cells))[:len(cells)]
	clear(t.dates)
	if m != nil {
		for _, c := range m.cells {
			i := c.col - 1
			if c.number && i < len(cells) {
				t.numbers[i] = true
			}
			switch {
			case c.formula && !c.value:
				msg := "a formula without a computed value"
				if c.text != "" {
					msg += " " + quote("="+c.text)
				}
				t.found = append(t.found, cellIssue{col: i, msg: msg + ": open and save the file in a spreadsheet program, which computes it"})
			case c.formula && t.parts.recalc:
				msg := "a formula whose saved value cannot be trusted"
				if c.text != "" {
					msg += " " + quote("="+c.text)
				}
				t.found = append(t.found, cellIssue{col: i, msg: msg + ": the file asks to be recalculated on opening (a script wrote it, often with 0 for every formula); open and save the file in a spreadsheet program, which computes it"})
			case c.errorValue:
				if i < len(cells) {
					cells[i] = ""
				}
				t.found = append(t.found, cellIssue{col: i, msg: fmt.Sprintf("the cell shows the error %s: correct the formula or type the value", quote(c.text))})
			case c.boolean:
				// excelize gives it as 1 or 0, which would import as a
				// figure the sheet shows as TRUE or FALSE.
				if i < len(cells) {
					cells[i] = ""
				}
				t.found = append(t.found, cellIssue{col: i, msg: "a TRUE/FALSE cell is not a figure: type the value"})
			case c.date && i < len(cells):
				// excelize gives an ISO 8601 date and time; a date at
				// midnight is read as its date, in a date or year column
				// (a value column refuses it: see figureRow).
				if d, ok := isoDate(c.text); ok {
					cells[i] = d
					t.dates[i] = true
					break
				}
				cells[i] = ""
				t.found = append(t.found, cellIssue{col: i, msg: fmt.Sprintf("a date cell with a time of day (%s) is not a date or a figure: type the date or the value", quote(c.text))})
			}
		}
		if m.hidden && (filled || len(t.found) > 0) {
			t.found = append(t.found, cellIssue{col: -1, msg: "this row is hidden (filtered out or hidden by hand) and has values: show all rows and check it, or delete it; hidden rows are never read"})
		}
	}
	for _, span := range t.meta.hiddenCols {
		for col := span.min; col <= span.max && col <= len(cells); col++ {
			i := col - 1
			if t.hiddenReported[i] || strings.TrimSpace(cells[i]) == "" && !slices.ContainsFunc(t.found, func(c cellIssue) bool { return c.col == i }) {
				continue
			}
			t.hiddenReported[i] = true
			t.found = append(t.found, cellIssue{col: i, sticky: true, msg: fmt.Sprintf(
				"column %s is hidden and has values: show it and check them, or delete the column; hidden columns are never read", t.columnName(i))})
		}
	}
}

func (t *xlsxTable) issues() []cellIssue { return t.found }

// number reports whether cell i of the current row is stored as a number,
// which is exact and needs none of the rules for written numbers (see
// numbers.go): "10.000" typed as text is read by the rules, 10000 stored
// as a number is 10000 whatever its format shows.
func (t *xlsxTable) number(i int) bool { return i >= 0 && i < len(t.numbers) && t.numbers[i] }

// date reports whether cell i of the current row is a date cell (t="d"),
// given by next as its date, "2016-07-11".
func (t *xlsxTable) date(i int) bool { return i >= 0 && i < len(t.dates) && t.dates[i] }

// isoDate returns the date of an ISO 8601 date cell's value when it has no
// time of day: "2016-07-11", "2016-07-11T00:00:00", "2016-07-11T00:00:00.000Z".
func isoDate(s string) (string, bool) {
	if len(s) < 10 {
		return "", false
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return "", false
	}
	switch strings.TrimSuffix(s[10:], "Z") {
	case "", "T00:00:00", "T00:00:00.000", "T00:00":
		return s[:10], true
	}
	return "", false
}

// merged names the merged range that covers column i of the current row
// when the cell is not the range's first, which alone holds the value.
func (t *xlsxTable) merged(i int) (rng, first string) {
	if i < 0 {
		return "", ""
	}
	r, ok := mergedAt(t.parts.mergedRanges(t.part), i+1, t.row)
	if !ok {
		return "", ""
	}
	first, _, _ = strings.Cut(r.ref, ":")
	return r.ref, first
}

// suspect is false: the XML parser refuses invalid UTF-8 itself.
func (t *xlsxTable) suspect() bool { return false }

func (t *xlsxTable) columnName(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return name
}
