package ingest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// makeTrustXLSX writes the workbooks that hide figures from the person who
// sends them: a hidden sheet named Data, a very hidden sheet, hidden rows
// and columns, formulas without a computed value, error values, merged
// cells down a column and texts longer than a cell can hold. Excelize
// writes what a script would; error values and cached formula results,
// which excelize does not write, are patched into the sheet's XML as Excel
// writes them. Run TestGenerateTestdata with -gen to rewrite them.
func makeTrustXLSX(t *testing.T) {
	header := []any{"Год", "Выставка", "Страна", "Компании", "Площадь, м²", "Источник"}
	src := "https://expo.innoprom.com/ru/media/news/1"

	// A visible sheet the user fills in, and a hidden sheet named Data with
	// other numbers: which one did the user mean?
	book(t, "xlsx-hidden-data-sheet.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header, []any{2023, "ИННОПРОМ", "Китай", 400, 10000, src})
		newSheet(t, f, "Data", header, []any{2023, "ИННОПРОМ", "Китай", 999, 99999, src})
		mustDo(t, f.SetSheetVisible("Data", false))
	})
	// A very hidden sheet (visible only from the VBA editor) beside the
	// sheet read: it is not read, and the notice says so.
	book(t, "xlsx-veryhidden-sheet.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header, []any{2023, "ИННОПРОМ", "Китай", 400, 10000, src})
		newSheet(t, f, "Расчёт", header, []any{2023, "ИННОПРОМ", "Китай", 999, 99999, src})
		mustDo(t, f.SetSheetVisible("Расчёт", false, true))
	})
	// A hidden row of figures (filtered out) and a hidden column with
	// values; an empty hidden row is harmless.
	book(t, "xlsx-hidden-rows-cols.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2021, "ИННОПРОМ", "Китай", 300, 6000, src},
			[]any{2022, "ИННОПРОМ", "Китай", 350, 7000, src},
			[]any{2023, "ИННОПРОМ", "Китай", 400, 10000, src},
			[]any{2024, "ИННОПРОМ", "Китай", 450, nil, src})
		mustDo(t, f.SetRowVisible("Sheet1", 3, false))
		mustDo(t, f.SetRowVisible("Sheet1", 7, false))
		mustDo(t, f.SetColVisible("Sheet1", "E", false))
	})
	// Rows and columns hidden without the hidden attribute: a row of
	// height 0 and a column of width 0 (as openpyxl and some exports write
	// them) are as invisible to the sender as hidden ones.
	book(t, "xlsx-zero-size.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2021, "ИННОПРОМ", "Китай", 300, 6000, src},
			[]any{2022, "ИННОПРОМ", "Китай", 350, 7000, src},
			[]any{2023, "ИННОПРОМ", "Китай", 400, 10000, src})
		mustDo(t, f.SetRowHeight("Sheet1", 3, 20))
		mustDo(t, f.SetColWidth("Sheet1", "E", "E", 20))
	}, `<row r="3" ht="20" customHeight="true"`, `<row r="3" ht="0" customHeight="true"`,
		`max="5" min="5" width="20"`, `max="5" min="5" width="0"`)
	// Formulas a script wrote and nobody recalculated: row 2 has one, row
	// 3 has nothing else, row 4's formula has its cached value (as Excel
	// saves it) and imports; the total row's formula is skipped with it.
	book(t, "xlsx-formulas.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2022, "ИННОПРОМ", "Китай", nil, 7000, src},
			[]any{2023, "ИННОПРОМ", "Китай", nil, nil, src},
			[]any{2024, "ИННОПРОМ", "Китай", nil, 3800, src},
			[]any{"Итого"})
		mustDo(t, f.SetCellFormula("Sheet1", "D2", "300+100"))
		mustDo(t, f.SetCellFormula("Sheet1", "D3", "[1]Лист1!D3"))
		mustDo(t, f.SetCellFormula("Sheet1", "E3", "E2*2"))
		mustDo(t, f.SetCellFormula("Sheet1", "D4", "200*2"))
		mustDo(t, f.SetCellFormula("Sheet1", "D5", "SUM(D2:D4)"))
	}, `<c r="D4" t="str"><f>200*2</f></c>`, `<c r="D4"><f>200*2</f><v>400</v></c>`)
	// Formulas as openpyxl writes them, with an empty value tag: no
	// computed value, however the tag is written. Row 3's area is a
	// formula whose text result is empty (t="str"), as Excel saves one:
	// an empty cell, and the row imports.
	book(t, "xlsx-formulas-empty-value.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2022, "ИННОПРОМ", "Китай", nil, nil, src},
			[]any{2023, "ИННОПРОМ", "Китай", 400, nil, src})
		mustDo(t, f.SetCellFormula("Sheet1", "D2", "300+100"))
		mustDo(t, f.SetCellFormula("Sheet1", "E2", "3000+4000"))
		mustDo(t, f.SetCellFormula("Sheet1", "E3", `IF(D3>0,"","x")`))
	}, `<c r="D2" t="str"><f>300+100</f></c>`, `<c r="D2"><f>300+100</f><v/></c>`,
		`<c r="E2" t="str"><f>3000+4000</f></c>`, `<c r="E2"><f>3000+4000</f><v></v></c>`,
		`<c r="E3" t="str"><f>IF(D3&gt;0,&#34;&#34;,&#34;x&#34;)</f></c>`, `<c r="E3" t="str"><f>IF(D3&gt;0,&#34;&#34;,&#34;x&#34;)</f><v></v></c>`)
	// Formulas as XlsxWriter and pandas write them: 0 saved as the value,
	// and the workbook asks to be recalculated on opening.
	book(t, "xlsx-formulas-recalc.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2022, "ИННОПРОМ", "Китай", nil, 7000, src})
		mustDo(t, f.SetCellFormula("Sheet1", "D2", "300+100"))
	}, `<c r="D2" t="str"><f>300+100</f></c>`, `<c r="D2"><f>300+100</f><v>0</v></c>`,
		`<calcPr calcId="122211"`, `<calcPr calcId="122211" fullCalcOnLoad="1"`)
	// An ambiguous area held for the file's evidence, then a total row
	// whose area is a formula without a value: the total's issue must not
	// hide the held value's problem at the end.
	book(t, "xlsx-total-row-issue.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2023, "ИННОПРОМ", "Китай", nil, "2.500", src},
			[]any{"Итого", "ИННОПРОМ"})
		mustDo(t, f.SetCellFormula("Sheet1", "E3", "SUM(E2:E2)"))
	}, `<c r="E3" t="str"><f>SUM(E2:E2)</f></c>`, `<c r="E3"><f>SUM(E2:E2)</f></c>`)
	// A data sheet and its continuation that write numbers differently:
	// the dot as the decimal mark on Data, the comma on Data (2). Each
	// sheet's "2.500" is read by its own sheet's writing.
	book(t, "xlsx-sheets-writing.xlsx", func(f *excelize.File) {
		mustDo(t, f.SetSheetName("Sheet1", "Data"))
		sheet(t, f, "Data", header,
			[]any{2021, "ИННОПРОМ", "Китай", nil, "12.5", src},
			[]any{2022, "ИННОПРОМ", "Китай", nil, "2.500", src})
		newSheet(t, f, "Data (2)", header,
			[]any{2023, "ИННОПРОМ", "Китай", nil, "10,5", src},
			[]any{2024, "ИННОПРОМ", "Китай", nil, "2.500", src})
	})
	// Boolean and date cells (t="b", t="d"), which excelize gives as 1 or
	// 0 and as ISO 8601 text: a date at midnight in the year column is its
	// year; a TRUE/FALSE or a date in a value column, and a date with a
	// time of day, are problems.
	book(t, "xlsx-bool-date-cells.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{9991, "ИННОПРОМ", "Китай", true, 6000, src},
			[]any{2023, "ИННОПРОМ", "Китай", 9992, 7000, src},
			[]any{9993, "ИННОПРОМ", "Китай", 400, 8000, src})
	}, `<c r="A2"><v>9991</v></c>`, `<c r="A2" t="d"><v>2022-01-01T00:00:00Z</v></c>`,
		`<c r="D3"><v>9992</v></c>`, `<c r="D3" t="d"><v>2023-07-11T00:00:00</v></c>`,
		`<c r="A4"><v>9993</v></c>`, `<c r="A4" t="d"><v>2024-07-11T10:30:00Z</v></c>`)
	// A year typed as a date cell at midnight: read as its year.
	book(t, "xlsx-date-year.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header, []any{9991, "ИННОПРОМ", "Китай", 400, nil, src})
	}, `<c r="A2"><v>9991</v></c>`, `<c r="A2" t="d"><v>2022-01-01T00:00:00Z</v></c>`)
	// Error values: a count and a source that show #DIV/0! and #REF!.
	book(t, "xlsx-error-values.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2022, "ИННОПРОМ", "Китай", "ERR1", 7000, src},
			[]any{2023, "ИННОПРОМ", "Китай", 400, 10000, "ERR2"})
	}, `<c r="D2" t="s"><v>8</v></c>`, `<c r="D2" t="e"><f>D1/0</f><v>#DIV/0!</v></c>`,
		`<c r="F3" t="s"><v>10</v></c>`, `<c r="F3" t="e"><f>#REF!</f><v>#REF!</v></c>`)
	// The exhibition merged down a column, as people lay out a table for
	// reading: only A2 holds it.
	book(t, "xlsx-merged-cells.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", []any{"Выставка", "Год", "Страна", "Компании", "Источник"},
			[]any{"ИННОПРОМ", 2021, "Китай", 300, src},
			[]any{nil, 2022, "Китай", 350, src},
			[]any{nil, 2023, "Китай", 400, src})
		mustDo(t, f.MergeCell("Sheet1", "A2", "A4"))
	})
	// A sheet whose XML breaks in row 3: excelize stops there silently.
	book(t, "xlsx-damaged.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", header,
			[]any{2021, "ИННОПРОМ", "Китай", 300, 6000, src},
			[]any{2022, "ИННОПРОМ", "Китай", 350, 7000, src},
			[]any{2023, "ИННОПРОМ", "Китай", 400, 10000, src})
	}, `<row r="3">`, `<row r="3"><b></i>`)
	// A note of 32,767 characters, the most a cell holds, written as
	// entities that take five bytes each: the workbook is not refused for
	// it, the note's own limit applies.
	book(t, "xlsx-long-text.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", []any{"Год", "Выставка", "Страна", "Компании", "Источник", "Примечание"},
			[]any{2023, "ИННОПРОМ", "Китай", 400, src, strings.Repeat("&", 40_000)})
	})
	// A string of 2,000,000 characters (a few KB packed): refused before
	// the workbook is unpacked.
	book(t, "xlsx-huge-string.xlsx", func(f *excelize.File) {
		sheet(t, f, "Sheet1", []any{"Год", "Выставка", "Страна", "Компании", "Источник", "Примечание"},
			[]any{2023, "ИННОПРОМ", "Китай", 400, src, "HUGE"})
	}, `<t>HUGE</t>`, "<t>"+strings.Repeat("x", 2_000_000)+"</t>")
}

// book writes testdata/name with build, then replaces old with new text in
// the first worksheet's, the shared strings' or the workbook's XML,
// pairwise.
func book(t *testing.T, name string, build func(*excelize.File), replace ...string) {
	t.Helper()
	f := excelize.NewFile()
	build(f)
	path := filepath.Join("testdata", name)
	mustDo(t, f.SaveAs(path))
	mustDo(t, f.Close())
	if len(replace) > 0 {
		mustDo(t, rewriteParts(path, replace))
	}
}

func sheet(t *testing.T, f *excelize.File, name string, header []any, rows ...[]any) {
	t.Helper()
	mustDo(t, f.SetSheetRow(name, "A1", &header))
	for i, row := range rows {
		for j, v := range row {
			if v != nil {
				mustDo(t, f.SetCellValue(name, cellName(j+1, i+2), v))
			}
		}
	}
}

func newSheet(t *testing.T, f *excelize.File, name string, header []any, rows ...[]any) {
	t.Helper()
	if _, err := f.NewSheet(name); err != nil {
		t.Fatal(err)
	}
	sheet(t, f, name, header, rows...)
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// rewriteParts replaces text in the sheet and shared-string parts of a
// workbook; every old text must be found.
func rewriteParts(path string, replace []string) error {
	src, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := map[string]bool{}
	for _, f := range src.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if f.Name == "xl/worksheets/sheet1.xml" || f.Name == "xl/sharedStrings.xml" || f.Name == "xl/workbook.xml" {
			for i := 0; i+1 < len(replace); i += 2 {
				if bytes.Contains(content, []byte(replace[i])) {
					found[replace[i]] = true
					content = bytes.ReplaceAll(content, []byte(replace[i]), []byte(replace[i+1]))
				}
			}
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			return err
		}
		if _, err := w.Write(content); err != nil {
			return err
		}
	}
	src.Close()
	if err := zw.Close(); err != nil {
		return err
	}
	for i := 0; i < len(replace); i += 2 {
		if !found[replace[i]] {
			return &os.PathError{Op: "rewrite", Path: path, Err: errNotFound(replace[i])}
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

type errNotFound string

func (e errNotFound) Error() string { return "text not found: " + string(e) }
