package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tradedash"
	"tradedash/queries/queriestest"
)

// TestSpreadsheetWindows1251Export saves the sample workbook the way a
// Russian office does, with LibreOffice Calc as "CSV, Windows-1251, ;",
// and checks that the import reads the same figures from it as from the
// workbook. The committed ingest/testdata/libreoffice-cp1251.csv is the
// same export, kept so it can be read without LibreOffice.
func TestSpreadsheetWindows1251Export(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: install libreoffice-calc-nogui (scripts/install-deps.sh)")
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "innoprom-china.xlsx")
	data, err := os.ReadFile(filepath.Join("..", "..", "sample-data", "innoprom-china.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(book, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// Field separator 59 (;), text delimiter 34 ("), character set 34
	// (Windows-1251).
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):59,34,34,1", "--outdir", dir, book)
	// A Russian office's LibreOffice writes numbers as its locale shows
	// them: "15 000" m². In the en-US default of a bare server it writes
	// "15,000", which the import rightly refuses as ambiguous (15 or
	// 15000?): ingest/testdata/libreoffice-en-cp1251.csv.
	cmd.Env = append(os.Environ(), "LC_ALL=ru_RU.UTF-8", "LANG=ru_RU.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	csvFile := strings.TrimSuffix(book, ".xlsx") + ".csv"
	raw, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "\xc3\xee\xe4\";") { // "Год" in Windows-1251
		t.Fatalf("LibreOffice did not write Windows-1251: %q", raw[:min(len(raw), 80)])
	}

	fromCSV, fromBook := queriestest.New(t, server), queriestest.New(t, server)
	for _, c := range []struct {
		url, file string
	}{{fromCSV.WriterURL, csvFile}, {fromBook.WriterURL, book}, {fromCSV.WriterURL, testdata("libreoffice-cp1251.csv")}} {
		if out, errOut, code := runTD(t, c.url, "import", c.file); code != 0 {
			t.Fatalf("import %s: exit %d\n%s%s", c.file, code, out, errOut)
		}
	}
	a, err := fromCSV.Reader.Figures(context.Background(), figuresFilterAll)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fromBook.Reader.Figures(context.Background(), figuresFilterAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) || len(a) < 10 {
		t.Fatalf("%d figures from the CSV export, %d from the workbook", len(a), len(b))
	}
	for i := range a {
		// Notes may differ: Windows-1251 has no "²", and LibreOffice writes "?".
		// Import ids and rows are the import's, not the figure's.
		x, y := comparable(a[i]), comparable(b[i])
		if !reflect.DeepEqual(x, y) {
			t.Errorf("figure %d: %+v from the CSV, %+v from the workbook", i, x, y)
		}
	}
	if a[0].Country != "CN" || a[0].Exhibition != "innoprom" || a[0].Qualifier != tradedash.Exact {
		t.Errorf("first figure %+v", a[0])
	}
}

// comparable is f, and its other claims, without what two imports of one
// figure may write differently: the note, the import id and the file row.
func comparable(f tradedash.Figure) tradedash.Figure {
	f.Note, f.ImportID, f.FileRow = "", 0, 0
	if f.Others != nil {
		others := make([]tradedash.Figure, len(f.Others))
		for i, o := range f.Others {
			others[i] = comparable(o)
		}
		f.Others = others
	}
	return f
}
