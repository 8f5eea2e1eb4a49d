package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tradedash/dashboard"
	"tradedash/queries/queriestest"
)

// loadSampleCLI imports the sample data with `tradedash import`, plus a
// figure whose note a spreadsheet would run as a formula (written in the
// file after the apostrophe the importer takes off).
func loadSampleCLI(t *testing.T, url string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "sample-data", "*.[cx]*"))
	hostile := filepath.Join(t.TempDir(), "hostile.csv")
	err := os.WriteFile(hostile, []byte("exhibition,country,year,metric,value,status,source,note\n"+
		"innoprom,CN,2019,delegations,3,actual,https://example.org/d,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n"+
		"innoprom,CN,2019,area_m2,2.5,actual,not a link,'+7 495 000\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runTD(t, url, append([]string{"import"}, append(files, hostile)...)...); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
}

// TestExportImportsBackUnchanged: `tradedash export` writes the report and
// the CSVs, and `tradedash import --dry-run` of each finds nothing new and
// nothing changed, the neutralized notes included.
func TestExportImportsBackUnchanged(t *testing.T) {
	db := queriestest.New(t, server)
	loadSampleCLI(t, db.WriterURL)
	dir := t.TempDir()
	for _, c := range []struct {
		file string
		args []string
	}{
		{"overview.xlsx", nil},
		{"data-en.xlsx", []string{"--page", "data", "--lang", "en"}},
		{"data-ru.csv", []string{"--page", "data"}},
		{"data-en.csv", []string{"--page", "data", "--lang", "en", "--sep", "comma"}},
		{"china.csv", []string{"--exhibition", "innoprom", "--country", "CN", "--from", "2015", "--to", "2025", "--lang", "ru"}},
	} {
		path := filepath.Join(dir, c.file)
		out, errOut, code := runTD(t, db.WriterURL, append([]string{"export", "--out", path}, c.args...)...)
		if code != 0 || !strings.HasPrefix(out, path+": ") {
			t.Fatalf("export %s: exit %d\n%s%s", c.file, code, out, errOut)
		}
		out, errOut, code = runTD(t, db.WriterURL, "import", "--dry-run", path)
		if code != 0 || !strings.Contains(lastLine(out), " 0 new, 0 changed, ") || strings.HasPrefix(lastLine(out), "0 rows") {
			t.Errorf("%s imports back as: exit %d %q\n%s%s", c.file, code, lastLine(out), out, errOut)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "data-ru.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\ufeffГод;Выставка;", `;"'=HYPERLINK(""http://evil.example"",""x"")";`, ";'+7 495 000;", ";2,5;"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("data-ru.csv lacks %q", want)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "overview.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Сводка,Динамика,Данные,Источники,Определения" {
		t.Errorf("overview.xlsx sheets %v", got)
	}
}

func TestExportUsage(t *testing.T) {
	db := queriestest.New(t, server)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"export"},
		{"export", "--out", filepath.Join(dir, "x.pdf")},
		{"export", "--out", filepath.Join(dir, "x.xlsx"), "--country", "XX"},
		{"export", "--out", filepath.Join(dir, "x.xlsx"), "--from", "2025", "--to", "2020"},
		{"export", "--out", filepath.Join(dir, "x.xlsx"), "--page", "nope"},
		{"export", "--out", filepath.Join(dir, "x.csv"), "--sep", "tab"},
		{"template"},
		{"template", "--out", filepath.Join(dir, "t.xlsx"), "--lang", "de"},
	} {
		if _, errOut, code := runTD(t, db.WriterURL, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitUsage, errOut)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("a refused export left files: %v", files)
	}
	if _, _, code := runTD(t, "clickhouse://x@127.0.0.1:1/db", "export", "--out", filepath.Join(dir, "x.xlsx")); code != exitUnavailable {
		t.Errorf("no database: exit %d, want %d", code, exitUnavailable)
	}
}

// TestExportNamesTheFile: --out DIR writes a file named after the view.
func TestExportNamesTheFile(t *testing.T) {
	db := queriestest.New(t, server)
	loadSampleCLI(t, db.WriterURL)
	dir := t.TempDir()
	out, errOut, code := runTD(t, db.WriterURL, "export", "--out", dir, "--exhibition", "innoprom", "--country", "CN")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "tradedash_innoprom_CN_2011-2025_*.xlsx"))
	if len(files) != 1 || !strings.HasPrefix(out, files[0]) {
		t.Fatalf("files %v, output %q", files, out)
	}
}

// TestTemplateCommand writes the template, fills it as an official would
// and imports it with `tradedash import`, unedited otherwise.
func TestTemplateCommand(t *testing.T) {
	db := queriestest.New(t, server)
	path := filepath.Join(t.TempDir(), "next-year.xlsx")
	if out, errOut, code := runTD(t, db.WriterURL, "template", "--out", path); code != 0 || !strings.Contains(out, "tradedash import") {
		t.Fatalf("template: exit %d %s%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Long form: year, exhibition, country, metric, value, status, basis,
	// certificate, preferred, source, note.
	for cell, v := range map[string]any{
		"A3": 2026, "B3": "ИННОПРОМ", "C3": "Китай", "D3": "Экспоненты", "E3": 410, "F3": "прогноз", "G3": "организатор",
		"J3": "https://example.org/plan", "K3": "=не формула",
		"A4": 2026, "B4": "ИННОПРОМ", "C4": "Китай", "D4": "Площадь (нетто или брутто — не указано), м²", "E4": "около 4 000",
		"F4": "прогноз", "J4": "https://example.org/plan"} {
		if err := f.SetCellValue("Данные", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, errOut, code := runTD(t, db.WriterURL, "import", path)
	if code != 0 || lastLine(out) != "2 rows: 2 new, 0 changed, 0 unchanged" {
		t.Fatalf("import of the filled template: exit %d %q\n%s", code, lastLine(out), errOut)
	}
}

// TestTradeTemplateCommand writes the trade template, fills a row as an
// office would and imports it.
func TestTradeTemplateCommand(t *testing.T) {
	db := queriestest.New(t, server)
	path := filepath.Join(t.TempDir(), "trade.xlsx")
	if out, errOut, code := runTD(t, db.WriterURL, "template", "--trade", "--lang", "en", "--out", path); code != 0 || !strings.Contains(out, "tradedash import") {
		t.Fatalf("template --trade: exit %d %s%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetList()[0]
	head, _ := f.GetRows(sheet)
	col := map[string]int{}
	for i, h := range head[1] {
		col[strings.ToLower(h)] = i + 1
	}
	for name, v := range map[string]any{"reporter": "China", "partner": "Russia", "flow": "export", "year": 2024,
		"status": "actual", "source": "https://example.org/gac"} {
		if col[name] == 0 {
			t.Fatalf("no %s column in %q", name, head[1])
		}
		cell, _ := excelize.CoordinatesToCellName(col[name], 3)
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range head[1] {
		if strings.HasPrefix(strings.ToLower(h), "value") {
			cell, _ := excelize.CoordinatesToCellName(i+1, 3)
			f.SetCellValue(sheet, cell, "115.49 bn")
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, errOut, code := runTD(t, db.WriterURL, "import", path)
	if code != 0 || lastLine(out) != "1 row: 1 new, 0 changed, 0 unchanged" {
		t.Fatalf("import of the filled trade template: exit %d %q\n%s", code, lastLine(out), errOut)
	}
}

// TestExportSameAsDownload: `tradedash export` and the dashboard's
// download give the same workbook for the same view, cell for cell (the
// generation time aside).
func TestExportSameAsDownload(t *testing.T) {
	db := queriestest.New(t, server)
	loadSampleCLI(t, db.WriterURL)
	app, err := dashboard.New(dashboard.Config{DB: db.Reader, BaseURL: "http://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ru", "en"} {
		req := httptest.NewRequest(http.MethodGet, "http://example.com/download/report.xlsx?exhibition=innoprom&country=CN&lang="+lang, nil)
		resp, err := app.Test(req, 30_000)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("download: %v %v", err, resp.Status)
		}
		web, err := excelize.OpenReader(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "cli.xlsx")
		if _, errOut, code := runTD(t, db.WriterURL, "export", "--out", path, "--exhibition", "innoprom", "--country", "CN",
			"--lang", lang, "--base-url", "http://example.com"); code != 0 {
			t.Fatalf("export: %s", errOut)
		}
		cli, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(web.GetSheetList(), "|") != strings.Join(cli.GetSheetList(), "|") {
			t.Fatalf("sheets %v and %v", web.GetSheetList(), cli.GetSheetList())
		}
		cells := 0
		for _, s := range web.GetSheetList() {
			a, _ := web.GetRows(s)
			b, _ := cli.GetRows(s)
			if len(a) != len(b) {
				t.Errorf("%s %s: %d and %d rows", lang, s, len(a), len(b))
				continue
			}
			for i := range a {
				if len(a[i]) > 0 && (a[i][0] == "Отчёт сформирован" || a[i][0] == "Report generated") {
					continue
				}
				if strings.Join(a[i], "|") != strings.Join(b[i], "|") {
					t.Errorf("%s %s row %d: web %q, export %q", lang, s, i+1, a[i], b[i])
				}
				cells += len(a[i])
			}
		}
		if cells < 100 {
			t.Errorf("%s: only %d cells compared", lang, cells)
		}
		web.Close()
		cli.Close()
	}
}
