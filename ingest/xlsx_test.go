package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestXLSXSheets checks which sheet is read: a sheet named Data wins, else
// the first visible one.
func TestXLSXSheets(t *testing.T) {
	tests := []struct {
		sheets []string
		hidden string
		want   string
	}{
		{sheets: []string{"Обложка", "Data"}, want: "Data"},
		{sheets: []string{"Скрытый", "Лист2"}, hidden: "Скрытый", want: "Лист2"},
		{sheets: []string{"Первый", "Второй"}, want: "Первый"},
		{sheets: []string{"概览", "数据"}, want: "数据"}, // the Chinese report
	}
	for _, tt := range tests {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", tt.sheets[0])
		for _, s := range tt.sheets[1:] {
			f.NewSheet(s)
		}
		for _, s := range tt.sheets {
			f.SetSheetRow(s, "A1", &[]any{"year", "exhibition", "exhibitors", "source"})
			f.SetSheetRow(s, "A2", &[]any{2023, "innoprom", 1000, "https://a.example/" + s})
		}
		if tt.hidden != "" {
			f.SetActiveSheet(1)
			if err := f.SetSheetVisible(tt.hidden, false); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "book.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		var rec recorder
		sum, err := Read(context.Background(), path, Options{}, &rec)
		if err != nil || sum.Sheet != tt.want || rec.figures[0].Source != "https://a.example/"+tt.want {
			t.Errorf("sheets %v: read %q, %v", tt.sheets, sum.Sheet, err)
		}
	}
}

// TestXLSXDates checks dates stored as spreadsheet day numbers.
func TestXLSXDates(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Дата", "Выставка", "Название", "Источник"})
	f.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2016, 7, 11, 0, 0, 0, 0, time.UTC), "ИННОПРОМ", "Открытие", "https://a.example"})
	f.SetSheetRow("Sheet1", "A3", &[]any{2015, "ИННОПРОМ", "Китай — страна-партнёр", "https://a.example"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"июль 2018", "ИННОПРОМ", "Корея — страна-партнёр", "https://a.example"})
	path := filepath.Join(t.TempDir(), "milestones.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	var rec recorder
	if _, err := Read(context.Background(), path, Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	want := []string{"2016-07-11 day", "2015-01-01 year", "2018-07-01 month"}
	if len(rec.milestones) != len(want) {
		t.Fatalf("%d milestones, want %d", len(rec.milestones), len(want))
	}
	for i, m := range rec.milestones {
		if got := m.Date.Format("2006-01-02") + " " + string(m.Precision); got != want[i] {
			t.Errorf("milestone %d: %s, want %s", i, got, want[i])
		}
	}
}

// TestXLSXUnseen reads workbooks that hold figures their sender cannot
// see, or that a spreadsheet shows differently from what is stored: none
// may import silently. Each file is in testdata (see makeTrustXLSX); want
// are the problems, word for word, with FILE for the file's path.
func TestXLSXUnseen(t *testing.T) {
	tests := []struct {
		file    string
		want    []string
		notices []string // when the file imports: its notices, and figures its figures
		figures []string
	}{
		{file: "xlsx-hidden-data-sheet.xlsx", want: []string{
			`FILE: sheet "Data" is hidden: figures are read from the sheet of this name, but hidden sheets are never read; show it to import it, or delete or rename it to read the visible sheet "Sheet1"`,
		}},
		{file: "xlsx-veryhidden-sheet.xlsx", notices: []string{
			`FILE: sheet "Расчёт" is very hidden (only a macro can show it) and was not read`,
			`FILE: read sheet "Sheet1" of 2; figures are read from a sheet named "Data", "Данные" or "数据", else from the first sheet`,
			`FILE:1:Компании: ` + participantsNotice("Компании"),
		}, figures: []string{"2023 participants_reported 400", "2023 space_reported_m2 10000"}},
		{file: "xlsx-hidden-rows-cols.xlsx", want: []string{
			"FILE:1:E: column E is hidden and has values: show it and check them, or delete the column; hidden columns are never read",
			"FILE:3: this row is hidden (filtered out or hidden by hand) and has values: show all rows and check it, or delete it; hidden rows are never read",
		}},
		{file: "xlsx-zero-size.xlsx", want: []string{
			"FILE:1:E: column E is hidden and has values: show it and check them, or delete the column; hidden columns are never read",
			"FILE:3: this row is hidden (filtered out or hidden by hand) and has values: show all rows and check it, or delete it; hidden rows are never read",
		}},
		{file: "xlsx-formulas.xlsx", want: []string{
			`FILE:2:Компании: a formula without a computed value "=300+100": open and save the file in a spreadsheet program, which computes it`,
			`FILE:3:Компании: a formula without a computed value "=[1]Лист1!D3": open and save the file in a spreadsheet program, which computes it`,
			`FILE:3:Площадь, м²: a formula without a computed value "=E2*2": open and save the file in a spreadsheet program, which computes it`,
		}},
		{file: "xlsx-formulas-empty-value.xlsx", want: []string{
			`FILE:2:Компании: a formula without a computed value "=300+100": open and save the file in a spreadsheet program, which computes it`,
			`FILE:2:Площадь, м²: a formula without a computed value "=3000+4000": open and save the file in a spreadsheet program, which computes it`,
		}},
		{file: "xlsx-formulas-recalc.xlsx", want: []string{
			`FILE:2:Компании: a formula whose saved value cannot be trusted "=300+100": the file asks to be recalculated on opening (a script wrote it, often with 0 for every formula); open and save the file in a spreadsheet program, which computes it`,
		}},
		// The total row's formula must not hide the problem of a value
		// held back until the end of the table (it vanished, and the file
		// was refused as having no data).
		{file: "xlsx-total-row-issue.xlsx", want: []string{
			`FILE:2:Площадь, м²: "2.500" may be 2500 (the dot separating thousands) or 2.5 (the dot as the decimal mark), and no other value in this sheet shows which; write it as 2500 (thousands) or 2.5 (decimal)`,
		}},
		// excelize gives a TRUE as 1 and a date as ISO text: each would
		// have imported as a figure or been refused as "not a year".
		{file: "xlsx-bool-date-cells.xlsx", want: []string{
			`FILE:2:Компании: a TRUE/FALSE cell is not a figure: type the value`,
			`FILE:3:Компании: a date cell is not a figure: type the value`,
			`FILE:4:Год: a date cell with a time of day ("2024-07-11T10:30:00Z") is not a date or a figure: type the date or the value`,
		}},
		{file: "xlsx-date-year.xlsx", notices: []string{`FILE:1:Компании: ` + participantsNotice("Компании")},
			figures: []string{"2022 participants_reported 400"}},
		{file: "xlsx-error-values.xlsx", want: []string{
			`FILE:2:Компании: the cell shows the error "#DIV/0!": correct the formula or type the value`,
			`FILE:3:Источник: the cell shows the error "#REF!": correct the formula or type the value`,
		}},
		{file: "xlsx-merged-cells.xlsx", want: []string{
			"FILE:3:Выставка: exhibition is empty: A2:A4 are merged cells, and only A2 holds the value; unmerge them and fill every row",
			"FILE:4:Выставка: exhibition is empty: A2:A4 are merged cells, and only A2 holds the value; unmerge them and fill every row",
		}},
		// excelize stops at the broken XML without an error: rows 3 and 4
		// would be dropped.
		{file: "xlsx-damaged.xlsx", want: []string{
			"FILE:3: the sheet is damaged in or after this row, and the rows after it cannot be read: open and save the file in a spreadsheet program",
		}},
		{file: "xlsx-huge-string.xlsx", want: []string{
			`FILE: not a table: the workbook holds a text longer than 256 KB (in "xl/sharedStrings.xml"), and a spreadsheet cell holds at most 32,767 characters: the file is damaged or was not made by a spreadsheet program`,
		}},
		// A cell of 32,767 characters, each written "&amp;", is within
		// what a spreadsheet writes: the note's own limit applies.
		{file: "xlsx-long-text.xlsx", want: []string{
			"FILE:2:Примечание: note is 32767 characters long; the limit is 4000: shorten it",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			var rec recorder
			sum, err := Read(context.Background(), path, Options{}, &rec)
			var got []string
			if ps, ok := err.(Problems); ok {
				for _, p := range ps {
					got = append(got, strings.ReplaceAll(p.Error(), path, "FILE"))
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want != nil {
				return
			}
			var notices, figures []string
			for _, n := range sum.Skipped {
				notices = append(notices, strings.ReplaceAll(n.Error(), path, "FILE"))
			}
			for _, f := range rec.figures {
				figures = append(figures, fmt.Sprintf("%d %s %s", f.Year, f.Metric, formatValue(f.Value, f.Qualifier)))
			}
			if !slices.Equal(notices, tt.notices) || !slices.Equal(figures, tt.figures) {
				t.Errorf("notices %q, figures %q\nwant %q, %q", notices, figures, tt.notices, tt.figures)
			}
		})
	}
}

// TestXLSXCachedFormula reads a formula that has its computed value, as
// every spreadsheet program saves one: the value is the figure.
func TestXLSXCachedFormula(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"year", "exhibition", "exhibitors", "source"})
	f.SetSheetRow("Sheet1", "A2", &[]any{2023, "innoprom", nil, "https://a.example"})
	f.SetCellFormula("Sheet1", "C2", "200*2")
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := rewriteParts(path, []string{`<c r="C2" t="str"><f>200*2</f></c>`, `<c r="C2"><f>200*2</f><v>400</v></c>`}); err != nil {
		t.Fatal(err)
	}
	var rec recorder
	if _, err := Read(context.Background(), path, Options{}, &rec); err != nil || len(rec.figures) != 1 || rec.figures[0].Value != 400 {
		t.Errorf("figures %+v, error %v; want exhibitors 400", rec.figures, err)
	}
}
