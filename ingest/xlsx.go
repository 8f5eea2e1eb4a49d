package ingest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits for opening a workbook. excelize's defaults let a small zip unpack
// to gigabytes (a zip bomb); a workbook of a million figure rows unpacks to
// well under these.
const (
	xlsxUnzipLimit    = 200 << 20 // all parts together, unpacked
	xlsxUnzipXMLLimit = 50 << 20  // a sheet larger than this is unpacked to a temporary file, not memory
)

// dataSheets are the sheet names read in preference to the first sheet: our
// own exports put their data on a sheet called so, after a title sheet.
var dataSheets = []string{"data", "данные"}

// readXLSX reads the data sheets of a workbook through excelize's streaming
// row iterator, which never holds a whole sheet in memory.
func (r *reader) readXLSX() error {
	r.sum.Format = "XLSX"
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
	sheets, n := pickSheets(f)
	if len(sheets) == 0 {
		r.problems.add(0, "", "not a table: the workbook has no visible sheet")
		return nil
	}
	r.sum.Sheet = strings.Join(sheets, ", ")
	if n > len(sheets) {
		r.notices.add(0, "", "read sheet %s of %d; figures are read from a sheet named \"Data\" or \"Данные\", else from the first sheet", quote(r.sum.Sheet), n)
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	r.serialDates = true
	for i, sheet := range sheets {
		if i > 0 {
			// A continuation sheet has its own header and row numbers:
			// its problems are located as FILE[SHEET]:ROW:COLUMN.
			loc := fmt.Sprintf("%s[%s]", r.file, sheet)
			r.problems.file, r.notices.file = loc, loc
			r.reported = map[int]bool{}
		}
		if err := r.readSheet(f, sheet); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) readSheet(f *excelize.File, sheet string) error {
	rows, err := f.Rows(sheet)
	if err != nil {
		r.problems.add(0, "", "cannot read sheet %s: %s", quote(sheet), err)
		return nil
	}
	defer rows.Close()
	return r.readTable(&xlsxTable{rows: rows})
}

// xlsxOpenError explains why a workbook cannot be opened.
func xlsxOpenError(err error) string {
	switch {
	case strings.Contains(err.Error(), "unzip size exceeds"):
		return fmt.Sprintf("not a table: the workbook unpacks to more than %d MB (damaged, or a zip bomb)", xlsxUnzipLimit>>20)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return "a password-protected or unsupported workbook: save it without a password as .xlsx or .csv"
	}
	return "not a table: a zip file that is not an .xlsx workbook (" + err.Error() + ")"
}

// pickSheets returns the sheets to read and how many sheets there are: a
// sheet named Data or Данные with its continuations "Data (2)", "Data (3)"
// ... (our exports continue there past Excel's rows a sheet), else the
// first visible sheet.
func pickSheets(f *excelize.File) ([]string, int) {
	names := f.GetSheetList()
	for _, want := range dataSheets {
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(n), want) {
				sheets := []string{n}
				for next := 2; ; next++ {
					cont := fmt.Sprintf("%s (%d)", strings.TrimSpace(n), next)
					i := slices.IndexFunc(names, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), cont) })
					if i < 0 {
						return sheets, len(names)
					}
					sheets = append(sheets, names[i])
				}
			}
		}
	}
	for _, n := range names {
		if visible, err := f.GetSheetVisible(n); err == nil && visible {
			return []string{n}, len(names)
		}
	}
	return nil, len(names)
}

// xlsxTable is a table read from a worksheet.
type xlsxTable struct {
	rows *excelize.Rows
	row  int
}

func (t *xlsxTable) next() ([]string, int, error) {
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			return nil, t.row + 1, &rowError{fatal: true, msg: "cannot read the sheet here: " + err.Error()}
		}
		return nil, 0, io.EOF
	}
	t.row++ // Next yields every row number, empty rows included
	cells, err := t.rows.Columns()
	if err != nil {
		return nil, t.row, &rowError{msg: "cannot read this row: " + err.Error()}
	}
	return cells, t.row, nil
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
