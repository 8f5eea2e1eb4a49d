package main

import (
	"archive/zip"
	"bytes"
	"io"
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

// TestExportPairSameAsDownload: `tradedash export --page pair --a RU --b
// CN` writes the workbook the pair page's download gives, cell for cell
// and chart for chart (the generation time aside), in ru, en and zh; it
// and the pair's CSV import back with nothing new and nothing changed.
func TestExportPairSameAsDownload(t *testing.T) {
	db := queriestest.New(t, server)
	loadSampleCLI(t, db.WriterURL)
	app, err := dashboard.New(dashboard.Config{DB: db.Reader, BaseURL: "http://example.com"})
	if err != nil {
		t.Fatal(err)
	}
	generated := map[string]bool{"Отчёт сформирован": true, "Report generated": true, "报告生成时间": true}
	for _, lang := range []string{"ru", "en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://example.com/download/report.xlsx?page=pair&a=RU&b=CN&lang="+lang, nil)
			resp, err := app.Test(req, 30_000)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("download: %v %v", err, resp.Status)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="tradedash_pair_RU-CN_`) {
				t.Errorf("Content-Disposition %q", cd)
			}
			web, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer web.Close()
			dir := t.TempDir()
			path := filepath.Join(dir, "pair-"+lang+".xlsx")
			if _, errOut, code := runTD(t, db.WriterURL, "export", "--out", path, "--page", "pair", "--a", "RU", "--b", "CN",
				"--lang", lang, "--base-url", "http://example.com"); code != 0 {
				t.Fatalf("export: %s", errOut)
			}
			cli, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer cli.Close()
			if strings.Join(web.GetSheetList(), "|") != strings.Join(cli.GetSheetList(), "|") || len(web.GetSheetList()) != 7 {
				t.Fatalf("sheets %v and %v", web.GetSheetList(), cli.GetSheetList())
			}
			cells := 0
			for _, s := range web.GetSheetList() {
				a, _ := web.GetRows(s)
				b, _ := cli.GetRows(s)
				if len(a) != len(b) {
					t.Errorf("%s: %d and %d rows", s, len(a), len(b))
					continue
				}
				for i := range a {
					if len(a[i]) > 0 && generated[a[i][0]] {
						continue
					}
					if strings.Join(a[i], "|") != strings.Join(b[i], "|") {
						t.Errorf("%s row %d: web %q, export %q", s, i+1, a[i], b[i])
					}
					cells += len(a[i])
				}
			}
			if cells < 300 {
				t.Errorf("only %d cells compared", cells)
			}
			webChart, cliChart := part(t, body, "xl/charts/chart1.xml"), part(t, readFile(t, path), "xl/charts/chart1.xml")
			if webChart == "" || webChart != cliChart {
				t.Errorf("the charts differ or are missing (%d and %d bytes)", len(webChart), len(cliChart))
			}

			csvPath := filepath.Join(dir, "pair-"+lang+".csv")
			if _, errOut, code := runTD(t, db.WriterURL, "export", "--out", csvPath, "--page", "pair", "--a", "RU", "--b", "CN", "--lang", lang); code != 0 {
				t.Fatalf("export csv: %s", errOut)
			}
			for _, file := range []string{path, csvPath} {
				out, errOut, code := runTD(t, db.WriterURL, "import", "--dry-run", file)
				if code != 0 || !strings.Contains(lastLine(out), " 0 new, 0 changed, ") || strings.HasPrefix(lastLine(out), "0 rows") {
					t.Errorf("%s imports back as: exit %d %q\n%s%s", filepath.Base(file), code, lastLine(out), out, errOut)
				}
			}
		})
	}
}

// part returns one part of a zip file.
func part(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			s, _ := io.ReadAll(r)
			return string(s)
		}
	}
	return ""
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
