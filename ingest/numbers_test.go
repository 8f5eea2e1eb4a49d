package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readNumbers reads a file and returns its figures as "metric year country
// value" lines, its notices and its problems.
func readNumbers(t *testing.T, path string) (figs []string, notices, problems []Problem) {
	t.Helper()
	var rec recorder
	sum, err := Read(context.Background(), path, Options{}, &rec)
	var ps Problems
	if err != nil && !errors.As(err, &ps) {
		t.Fatalf("%s: %v", path, err)
	}
	for _, f := range rec.figures {
		figs = append(figs, fmt.Sprintf("%s %d %s %s", f.Metric, f.Year, f.Country, formatValue(f.Value, f.Qualifier)))
	}
	return figs, sum.Skipped, ps
}

// The thousands-dot file: comma-separated, "10.000" visitors and "2.500" m²
// in its first row, and the cell that shows how the file writes numbers
// ("1.250,5") two rows further down.
func TestThousandsDotFile(t *testing.T) {
	figs, notices, problems := readNumbers(t, filepath.Join("testdata", "figures-thousands-dot.csv"))
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := []string{
		"visitors 2019 ALL 10000", "exhibitors 2019 ALL 600", "space_reported_m2 2021 ALL 12000", "exhibitors 2021 ALL 1100",
		"space_reported_m2 2022 CN 1250.5", "space_reported_m2 2023 ALL 1234567", "visitors 2023 ALL 46000", "exhibitors 2023 ALL 1200",
		// Held back until the end of the file, where its evidence is.
		"space_reported_m2 2019 ALL 2500",
	}
	if strings.Join(figs, "\n") != strings.Join(want, "\n") {
		t.Errorf("figures:\n%s\nwant:\n%s", strings.Join(figs, "\n"), strings.Join(want, "\n"))
	}
	file := filepath.Join("testdata", "figures-thousands-dot.csv")
	wantNotices := []string{
		file + `:2:Посетители: "10.000" read as 10000: a count is a whole number, so a dot or comma followed by three digits separates thousands; 4 values read so, the first is here`,
		file + `:2:Площадь, м²: "2.500" read as 2500: this file writes the comma as the decimal mark and the dot as a thousands separator (row 4, Площадь, м²: "1.250,5"); 2 values read so, the first is here`,
		file + `:3:Посетители: 3 cells read as empty: a dash, "н/д", "n/a", "…" or "х" means no figure, not zero; the first is here: "—"`,
	}
	if got := Problems(notices).Error(); got != strings.Join(wantNotices, "\n") {
		t.Errorf("notices:\n%s\nwant:\n%s", got, strings.Join(wantNotices, "\n"))
	}
}

// TestAmbiguousNumbers reads small files through the number rules: counts,
// the file's evidence before and after the ambiguous cell, no evidence,
// evidence both ways, a decision the rest of the file contradicts.
func TestAmbiguousNumbers(t *testing.T) {
	const head = "year,exhibition,country,visitors,net_space_m2,source\n"
	row := func(year int, visitors, area string) string {
		return fmt.Sprintf("%d,innoprom,ALL,%q,%q,https://a.example\n", year, visitors, area)
	}
	tests := []struct {
		name     string
		csv      string
		figs     []string // all figures, in the order sent; nil when there are problems
		problems []string // messages, each after FILE:ROW:COLUMN:
		notices  []string // parts of the notices, in order
	}{
		{
			name:    "count in a dot file",
			csv:     head + row(2023, "10.000", "") + row(2024, "1.000.000", ""),
			figs:    []string{"visitors 2023 ALL 10000", "visitors 2024 ALL 1000000"},
			notices: []string{`2:visitors: "10.000" read as 10000: a count is a whole number`},
		},
		{
			name:    "count in a comma file",
			csv:     head + row(2023, "over 10,125", ""),
			figs:    []string{"visitors 2023 ALL over 10125"},
			notices: []string{`2:visitors: "over 10,125" read as 10125: a count`},
		},
		{
			name:     "area without evidence",
			csv:      head + row(2023, "", "2.500") + row(2024, "", "123.456"),
			problems: []string{`2:net_space_m2: "2.500" may be 2500 (the dot separating thousands) or 2.5 (the dot as the decimal mark), and no other value in this file shows which; write it as 2500 (thousands) or 2.5 (decimal)`, `3:net_space_m2: "123.456" may be 123456 (the dot separating thousands) or 123.456 (the dot as the decimal mark), and no other value in this file shows which; write it as 123456 (thousands) or 123.4560 (decimal)`},
		},
		{
			name:     "comma area without evidence",
			csv:      head + row(2023, "", "2,500"),
			problems: []string{`2:net_space_m2: "2,500" may be 2500 (the comma separating thousands) or 2.5 (the comma as the decimal mark), and no other value in this file shows which; write it as 2500 (thousands) or 2,5 (decimal)`},
		},
		{
			name:    "English decimal after the ambiguous cell",
			csv:     head + row(2023, "", "2.500") + row(2024, "", "3.75"),
			figs:    []string{"net_space_m2 2024 ALL 3.75", "net_space_m2 2023 ALL 2.5"},
			notices: []string{`2:net_space_m2: "2.500" read as 2.5: this file writes the dot as the decimal mark and the comma as a thousands separator (row 3, net_space_m2: "3.75")`},
		},
		{
			name:    "Russian decimal before the ambiguous cell",
			csv:     head + row(2023, "", "10,5") + row(2024, "", "2,500"),
			figs:    []string{"net_space_m2 2023 ALL 10.5", "net_space_m2 2024 ALL 2.5"},
			notices: []string{`3:net_space_m2: "2,500" read as 2.5: this file writes the comma as the decimal mark`},
		},
		{
			name: "dot groups thousands elsewhere",
			csv:  head + row(2023, "", "2.500") + row(2024, "", "1.234.567"),
			figs: []string{"net_space_m2 2024 ALL 1234567", "net_space_m2 2023 ALL 2500"},
		},
		{
			name: "English comma groups thousands",
			csv:  head + row(2023, "", "2,500") + row(2024, "", "1,234.5"),
			figs: []string{"net_space_m2 2024 ALL 1234.5", "net_space_m2 2023 ALL 2500"},
		},
		{
			name:    "counts show the writing when no cell does",
			csv:     head + row(2023, "", "3,000") + row(2024, "43,000", ""),
			figs:    []string{"visitors 2024 ALL 43000", "net_space_m2 2023 ALL 3000"},
			notices: []string{"43000: a count", `"3,000" read as 3000: this file writes the dot as the decimal mark and the comma as a thousands separator (row 3, visitors: "43,000", a count)`},
		},
		{
			name:     "both writings",
			csv:      head + row(2023, "", "2.500") + row(2024, "", "12.5") + row(2025, "", "10,5"),
			problems: []string{`2:net_space_m2: "2.500" may be 2500 (the dot separating thousands) or 2.5 (the dot as the decimal mark), and this file writes numbers both ways, the dot as the decimal mark (row 3, net_space_m2: "12.5") and the comma (row 4, net_space_m2: "10,5"); write it as 2500 (thousands) or 2.5 (decimal)`},
		},
		{
			name:     "an early decision the file contradicts",
			csv:      head + row(2022, "12.500", "") + row(2023, "", "2.500") + row(2024, "", "12.5"),
			problems: []string{`3:net_space_m2: "2.500" was read as 2500 by the values before it (row 2, visitors: "12.500", a count), but the file as a whole writes dot as the decimal mark: row 4, net_space_m2: "12.5"; write every number of the file one way (1 value affected, the first here)`},
		},
		{
			name: "a count in thousands is not a whole number by itself",
			csv:  "year,exhibition,country,\"visitors, тыс. чел.\",source\n2023,innoprom,ALL,\"10.125\",https://a.example\n2024,innoprom,ALL,1.5,https://a.example\n",
			figs: []string{"visitors 2024 ALL 1500", "visitors 2023 ALL 10125"},
		},
		{
			name:    "no-figure marks in the long form",
			csv:     "year,exhibition,country,metric,value,source\n2023,innoprom,ALL,visitors,-,https://a.example\n2023,innoprom,ALL,net_space_m2,н/д,https://a.example\n2023,innoprom,CN,exhibitors,400,https://a.example\n",
			figs:    []string{"exhibitors 2023 CN 400"},
			notices: []string{`2:value: 2 cells read as empty`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "numbers.csv", []byte(tt.csv))
			figs, notices, problems := readNumbers(t, path)
			var got []string
			for _, p := range problems {
				got = append(got, strings.TrimPrefix(p.Error(), path+":"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
			}
			if tt.problems == nil && strings.Join(figs, "\n") != strings.Join(tt.figs, "\n") {
				t.Errorf("figures:\n%s\nwant:\n%s", strings.Join(figs, "\n"), strings.Join(tt.figs, "\n"))
			}
			if len(notices) != len(tt.notices) && tt.notices != nil {
				t.Errorf("notices: %v", notices)
			}
			for i, want := range tt.notices {
				if i >= len(notices) || !strings.Contains(notices[i].Error(), want) {
					t.Errorf("notice %d: %v, want %q in it", i, notices, want)
				}
			}
		})
	}
}

// Held figures are bounded: past maxHeld undecided values, each further one
// is a problem at once rather than memory.
func TestHeldBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("year,exhibition,country,net_space_m2,source\n")
	for i := range maxHeld + 2 {
		fmt.Fprintf(&b, "%d,innoprom,CN,\"2.500\",https://a.example/%d\n", 1900+i%200, i)
	}
	path := writeTemp(t, "many.csv", []byte(b.String()))
	sum, err := Read(context.Background(), path, Options{}, &recorder{})
	var ps Problems
	if !errors.As(err, &ps) || sum.ProblemCount != maxHeld+2 {
		t.Fatalf("%d problems, want %d: %.300v", sum.ProblemCount, maxHeld+2, err)
	}
	if !strings.Contains(ps[0].Msg, "more than 10000 such values wait") || ps[0].Row != maxHeld+2 {
		t.Errorf("first problem %v, want the bound at row %d", ps[0], maxHeld+2)
	}
}

// A multiplier written into a value decides a mark followed by three
// digits: English words write the comma as a thousands separator, Russian
// ones a single mark as the decimal mark; each rule is said in a notice.
func TestMultiplierWriting(t *testing.T) {
	file := filepath.Join("testdata", "figures-multipliers.csv")
	figs, notices, problems := readNumbers(t, file)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := "visitors 2022 ALL 1250000\nspace_reported_m2 2022 ALL 12500\nvisitors 2023 ALL 1250\nspace_reported_m2 2023 ALL 50500\nvisitors 2024 ALL 2100000\nspace_reported_m2 2024 ALL 1300"
	if got := strings.Join(figs, "\n"); got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}
	wantNotices := []string{
		file + `:2:Посетители: "1,250 thousand" read as 1250000: with an English multiplier (thousand, k, million, mln) the comma groups thousands and the dot is the decimal mark; 2 values read so, the first is here`,
		file + `:3:Посетители: "1,250 тыс." read as 1250: with a Russian multiplier (тыс., млн) a single dot or comma is the decimal mark; 2 values read so, the first is here`,
	}
	if got := Problems(notices).Error(); got != strings.Join(wantNotices, "\n") {
		t.Errorf("notices:\n%s\nwant:\n%s", got, strings.Join(wantNotices, "\n"))
	}
}

// The number rules are per sheet: a continuation sheet that writes numbers
// the other way is read by its own writing, not refused for the first
// sheet's, and each sheet's decision is said in its own notice.
func TestNumbersPerSheet(t *testing.T) {
	file := filepath.Join("testdata", "xlsx-sheets-writing.xlsx")
	figs, notices, problems := readNumbers(t, file)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := "space_reported_m2 2021 CN 12.5\nspace_reported_m2 2022 CN 2.5\nspace_reported_m2 2023 CN 10.5\nspace_reported_m2 2024 CN 2500"
	if got := strings.Join(figs, "\n"); got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}
	wantNotices := []string{
		file + `:1:Компании: ` + participantsNotice("Компании"),
		file + `:3:Площадь, м²: "2.500" read as 2.5: this sheet writes the dot as the decimal mark and the comma as a thousands separator (row 2, Площадь, м²: "12.5"); 1 value read so, the first is here`,
		file + `[Data (2)]:3:Площадь, м²: "2.500" read as 2500: this sheet writes the comma as the decimal mark and the dot as a thousands separator (row 2, Площадь, м²: "10,5"); 1 value read so, the first is here`,
	}
	if got := Problems(notices).Error(); got != strings.Join(wantNotices, "\n") {
		t.Errorf("notices:\n%s\nwant:\n%s", got, strings.Join(wantNotices, "\n"))
	}
}

// A number cell of a workbook is exact; only text cells need the rules.
// The sheet's cell types say which cells are numbers (the sheet's XML is
// read beside excelize's rows), never the look of the text: "123.456"
// typed as text is read by the rules.
func TestXLSXNumbersAndText(t *testing.T) {
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetRow("Sheet1", "A1", &[]any{"year", "exhibition", "country", "visitors", "net_space_m2", "source"}))
	must(f.SetSheetRow("Sheet1", "A2", &[]any{2023, "innoprom", "CN", 46000, 123.456, "https://a.example"}))
	must(f.SetSheetRow("Sheet1", "A3", &[]any{2024, "innoprom", "CN", "10.000", "2.500", "https://a.example"}))
	must(f.SetSheetRow("Sheet1", "A4", &[]any{2025, "innoprom", "CN", 47000, "1.234,5", "https://a.example"}))
	// Text written exactly as Excel stores a number is still text: the
	// sheet's cell types, not the look of the text, say what is stored.
	must(f.SetSheetRow("Sheet1", "A5", &[]any{2026, "innoprom", "CN", 48000, "123.456", "https://a.example"}))
	path := filepath.Join(t.TempDir(), "book.xlsx")
	must(f.SaveAs(path))
	figs, _, problems := readNumbers(t, path)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	want := "visitors 2023 CN 46000\nnet_space_m2 2023 CN 123.456\nvisitors 2024 CN 10000\nnet_space_m2 2024 CN 2500\nvisitors 2025 CN 47000\nnet_space_m2 2025 CN 1234.5\nvisitors 2026 CN 48000\nnet_space_m2 2026 CN 123456"
	if got := strings.Join(figs, "\n"); got != want {
		t.Errorf("figures:\n%s\nwant:\n%s", got, want)
	}

	// A fractional count in a number cell is refused, not read as thousands.
	f = excelize.NewFile()
	must(f.SetSheetRow("Sheet1", "A1", &[]any{"year", "exhibition", "country", "visitors", "source"}))
	must(f.SetSheetRow("Sheet1", "A2", &[]any{2023, "innoprom", "CN", 10.125, "https://a.example"}))
	must(f.SaveAs(path))
	if _, _, problems := readNumbers(t, path); len(problems) != 1 || problems[0].Msg != "visitors must be a whole number, not 10.125" {
		t.Errorf("problems %v", problems)
	}
}

// typedRows is a table that knows its cells' types, as an XLSX table may.
type typedRows struct {
	rows    [][]string
	numbers [][]bool
	i       int
}

func (t *typedRows) next() ([]string, int, error) {
	if t.i >= len(t.rows) {
		return nil, 0, io.EOF
	}
	t.i++
	return t.rows[t.i-1], t.i, nil
}
func (t *typedRows) columnName(i int) string     { return fmt.Sprint(i + 1) }
func (t *typedRows) suspect() bool               { return false }
func (t *typedRows) issues() []cellIssue         { return nil }
func (t *typedRows) merged(int) (string, string) { return "", "" }
func (t *typedRows) date(int) bool               { return false }
func (t *typedRows) number(i int) bool           { return i < len(t.numbers[t.i-1]) && t.numbers[t.i-1][i] }

// A table that knows its number cells has them read as stored, even where
// the text would be ambiguous, and text cells by the rules.
func TestTypedTable(t *testing.T) {
	var rec recorder
	r := newReader(context.Background(), "typed", Options{Source: "https://a.example"}, &rec)
	tab := &typedRows{
		rows: [][]string{
			{"year", "exhibition", "country", "net_space_m2"},
			{"2023", "innoprom", "CN", "123.456"},
			{"2024", "innoprom", "CN", "123.456"},
			{"2025", "innoprom", "CN", "1.234.567"},
		},
		numbers: [][]bool{nil, {true, false, false, true}, {true, false, false, false}, {true, false, false, false}},
	}
	if err := r.readTable(tab); err != nil {
		t.Fatal(err)
	}
	if _, err := r.finish(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rec.figures {
		got = append(got, fmt.Sprintf("%d %v", f.Year, f.Value))
	}
	if want := "2023 123.456\n2025 1.234567e+06\n2024 123456"; strings.Join(got, "\n") != want {
		t.Errorf("figures:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

func TestNoFigure(t *testing.T) {
	for _, s := range []string{"-", "—", "–", "н/д", "Н/Д", "нет данных", "Нет данных", "n/a", "N/A", "...", "…", "x", "X", "х", "Х", " — "} {
		if !isNoFigure(s) {
			t.Errorf("isNoFigure(%q) = false", s)
		}
	}
	for _, s := range []string{"0", "-5", "нет", "xx", "10", "н/д 5", "x5"} {
		if isNoFigure(s) {
			t.Errorf("isNoFigure(%q) = true", s)
		}
	}
}
