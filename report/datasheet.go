package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
)

// dataColumns are the columns of the Data sheet and of the CSV: long form,
// one row per claim, with headers the importer reads (year, exhibition,
// country, metric, value, qualifier, status, basis, certificate, preferred,
// source, note; "import" it knows to ignore), so that an export imports
// back unchanged. The headers are the dashboard's column names (col.*) and
// the claim's (report.claims.col.*), which the importer knows in every
// language.
var dataColumns = []struct {
	key   string
	width float64
}{
	{"col.year", 7}, {"col.exhibition", 24}, {"col.country", 22}, {"col.metric", 24}, {"col.value", 12},
	{"col.qualifier", 11}, {"col.status", 10}, {"report.claims.col.basis", 13}, {"report.claims.col.certificate", 16},
	{"report.claims.col.preferred", 9}, {"col.source", 60}, {"col.note", 50}, {"col.import", 9},
}

// The columns of dataColumns a writer or a test names by position.
const (
	dataColValue  = 4
	dataColSource = 10
	dataColNote   = 11
	dataColImport = 12
)

// claimRows are the rows a figure gives the Data sheet and the CSV: the
// current claim, then the others in the order they rank, so that a file
// imported back in one import chooses the same claim (the earlier row wins
// a tie).
func claimRows(f tradedash.Figure) []tradedash.Figure {
	if len(f.Others) == 0 {
		return []tradedash.Figure{f}
	}
	out := make([]tradedash.Figure, 0, 1+len(f.Others))
	others := f.Others
	f.Others = nil
	return append(append(out, f), others...)
}

// dataHeader is the header row of the Data sheet and the CSV in l.
func dataHeader(l locale.Lang) []string {
	out := make([]string, len(dataColumns))
	for i, c := range dataColumns {
		out[i] = l.T(c.key)
	}
	return out
}

// dataSheetName names the n-th data sheet (from 1): "Данные", "Данные
// (2)". The importer reads a sheet of the first name, and those of the
// second form after it, before any other, so the form is fixed here.
func dataSheetName(l locale.Lang, n int) string {
	if n == 1 {
		return l.T("report.sheet.data")
	}
	return fmt.Sprintf("%s (%d)", l.T("report.sheet.data"), n)
}

// excelRows is how many rows an Excel sheet holds.
const excelRows = 1_048_576

// dataWriter writes figures to the Data sheet, and to continuation sheets
// when one is full, and notes the sources they cite.
type dataWriter struct {
	wb       *workbook
	names    *importNames
	perSheet int // data rows a sheet holds, after its header row
	maxRows  int // 0: no limit
	sheets   []*bulkSheet
	rows     int
	sources  *sourceList
	claims   *claimList // the claims the Sources sheet lists; nil: none
	minYear  int
	maxYear  int
}

func newDataWriter(wb *workbook, sources *sourceList, o Options) *dataWriter {
	per := excelRows - 1
	if o.SheetRows > 0 && o.SheetRows < per {
		per = o.SheetRows
	}
	return &dataWriter{wb: wb, names: newImportNames(wb.l), perSheet: per, maxRows: o.MaxRows, sources: sources}
}

// current returns the sheet the next row goes to, starting a new one when
// the last is full.
func (d *dataWriter) current() (*bulkSheet, error) {
	if n := len(d.sheets); n > 0 && d.sheets[n-1].lastRow-1 < d.perSheet {
		return d.sheets[n-1], nil
	}
	name := dataSheetName(d.wb.l, len(d.sheets)+1)
	if len(d.sheets) > 0 { // the first exists already, in its place
		if _, err := d.wb.f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	s, err := newBulkSheet(name, len(dataColumns), 2)
	if err != nil {
		return nil, err
	}
	d.sheets = append(d.sheets, s)
	return s, nil
}

// add writes one figure: a row for each of its claims.
func (d *dataWriter) add(f tradedash.Figure) error {
	if d.claims != nil {
		d.claims.add(f)
	}
	for _, c := range claimRows(f) {
		if err := d.addClaim(c); err != nil {
			return err
		}
	}
	return nil
}

// addClaim writes one claim's row.
func (d *dataWriter) addClaim(f tradedash.Figure) error {
	if d.maxRows > 0 && d.rows >= d.maxRows {
		return &LimitError{Kind: LimitRows, Limit: d.maxRows}
	}
	s, err := d.current()
	if err != nil {
		return err
	}
	d.rows++
	if d.minYear == 0 || f.Year < d.minYear {
		d.minYear = f.Year
	}
	d.maxYear = max(d.maxYear, f.Year)
	d.sources.add(f.Source)
	st, sst := d.wb.st, d.wb.sst
	p := planned(f)
	s.startRow()
	s.number(0, float64(f.Year), st.dataYear[p])
	for _, c := range []struct {
		col  int
		text string
	}{
		{1, d.names.exhibition(f.Exhibition)},
		{2, d.names.country(f.Country)},
		{3, d.names.metric(f.Metric)},
	} {
		if err := s.text(c.col, c.text, st.dataText[p], sst); err != nil {
			return err
		}
	}
	s.number(dataColValue, f.Value, st.dataValue(f))
	for _, c := range []struct {
		col  int
		text string
	}{
		{5, d.names.qualifier(f.Qualifier)},
		{6, d.names.status(f.Status)},
		{7, d.names.basis(f.Basis)},
		{8, f.Certificate},
		{9, d.names.preferred(f.Preferred)},
		{dataColSource, f.Source},
		{dataColNote, f.Note},
	} {
		if err := s.text(c.col, c.text, st.dataText[p], sst); err != nil {
			return err
		}
	}
	s.number(dataColImport, float64(f.ImportID), st.dataImport[p])
	s.endRow()
	return nil
}

// finish makes each data sheet in the workbook: excelize's StreamWriter
// writes the header, the frozen pane, the widths, the autofilter over every
// row and the print setup, and a placeholder row the rows replace when the
// workbook is saved (see bulk.go).
func (d *dataWriter) finish() error {
	if len(d.sheets) == 0 { // no figures: the sheet has its header only
		s, err := newBulkSheet(dataSheetName(d.wb.l, 1), len(dataColumns), 2)
		if err != nil {
			return err
		}
		d.sheets = append(d.sheets, s)
	}
	f, st := d.wb.f, d.wb.st
	header := make([]any, len(dataColumns))
	for i, h := range dataHeader(d.wb.l) {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	for _, s := range d.sheets {
		if err := s.finish(); err != nil {
			return fmt.Errorf("report: compress data rows: %w", err)
		}
		// Sheet properties go out with the sheet's start: set them first.
		if err := printLayout(f, s.name, false); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		for i, c := range dataColumns {
			if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
				return fmt.Errorf("report: %w", err)
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := sw.SetRow("A2", []any{s.token}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := f.AutoFilter(s.name, s.ref(), nil); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: "'" + s.name + "'!$1:$1"}); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// remove deletes the sheets' temporary files.
func (d *dataWriter) remove() {
	for _, s := range d.sheets {
		s.remove()
	}
}

// sheetNames lists the data sheets.
func (d *dataWriter) sheetNames() []string {
	out := make([]string, len(d.sheets))
	for i, s := range d.sheets {
		out[i] = s.name
	}
	return out
}

// isFormulaStart reports the characters a spreadsheet may take as the start
// of a formula: = + - @, and tab and carriage return, which some strip first.
func isFormulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}
