package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestTemplate fills the data-entry template the way an official does
// (choosing from the lists, typing "более 5 000", a plan), saves it, and
// imports it with the real importer, unedited otherwise.
func TestTemplate(t *testing.T) {
	for _, c := range []struct {
		lang                 locale.Lang
		sheet, ex, all, plan string
		over                 string
		header               string // the first header row; the second is English
	}{
		{locale.RU, "Данные", "ИННОПРОМ", "Все страны", "план", "более 5 000", "Год|Выставка|Страна|Компании"},
		// Not "over 5,000": an area written so is 5 or 5000 m², and the
		// importer refuses it unless the file shows which.
		{locale.EN, "Data", "INNOPROM", "All countries", "planned", "over 5000", "Год|Выставка|Страна|Компании"},
		{locale.ZH, "数据", "叶卡捷琳堡国际工业博览会", "所有国家", "计划", "超过5000", "年份|展会|国家|企业"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "template.xlsx")
			out, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteTemplate(out, c.lang, fixedNow); err != nil {
				t.Fatal(err)
			}
			out.Close()
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sheets := f.GetSheetList()
			if sheets[0] != c.sheet || len(sheets) != 3 {
				t.Fatalf("sheets %v", sheets)
			}
			if visible, _ := f.GetSheetVisible(sheets[2]); visible {
				t.Error("the lists sheet is visible")
			}
			// Headers in both languages; drop-downs for exhibition, country
			// and status; a year range.
			rows, _ := f.GetRows(c.sheet)
			if strings.Join(rows[0][:4], "|") != c.header || strings.Join(rows[1][:4], "|") != "Year|Exhibition|Country|Companies" {
				t.Fatalf("headers %q %q", rows[0], rows[1])
			}
			dvs, err := f.GetDataValidations(c.sheet)
			if err != nil || len(dvs) != 4 {
				t.Fatalf("%d data validations: %v", len(dvs), err)
			}
			lists := map[string]string{}
			for _, dv := range dvs {
				lists[dv.Sqref] = dv.Type + " " + dv.Formula1
			}
			statusCol := colName(4 + len(tradedash.Metrics))
			for sqref, want := range map[string]string{
				"A3:A1002":                            "whole",
				"B3:B1002":                            "list '" + sheets[2] + "'!$A$1:$A$",
				"C3:C1002":                            "list '" + sheets[2] + "'!$B$1:$B$",
				statusCol + "3:" + statusCol + "1002": "list '" + sheets[2] + "'!$C$1:$C$3",
			} {
				if !strings.HasPrefix(lists[sqref], want) {
					t.Errorf("validation of %s: %q, want %q…", sqref, lists[sqref], want)
				}
			}
			listed, _ := f.GetRows(sheets[2])
			countries := map[string]bool{}
			for _, r := range listed {
				if len(r) > 1 {
					countries[r[1]] = true
				}
			}
			if len(countries) < 240 || !countries[c.all] {
				t.Errorf("%d countries listed, %q among them: %v", len(countries), c.all, countries[c.all])
			}
			ins, _ := f.GetRows(sheets[1])
			if len(ins) < 12 || !strings.Contains(fmt.Sprint(ins), "https://expo.innoprom.com/") {
				t.Errorf("instructions without an example row: %q", ins)
			}
			if c.lang == locale.ZH {
				if got := fmt.Sprint(sheets); got != "[数据 填写说明 列表]" {
					t.Errorf("sheets %s", got)
				}
				if !strings.Contains(fmt.Sprint(ins), "超过400") || !strings.Contains(fmt.Sprint(ins), "10,000") {
					t.Errorf("the example row is not written the Chinese way: %q", ins)
				}
				noRussian(t, f, nil)
			}

			// Fill it in.
			set := func(cell string, v any) {
				if err := f.SetCellValue(c.sheet, cell, v); err != nil {
					t.Fatal(err)
				}
			}
			set("A3", 2026)
			set("B3", c.ex)
			set("C3", listedName(t, listed, c.lang, "CN"))
			set("D3", 420)
			set("F3", c.over)
			set(statusCol+"3", c.plan)
			set(colName(5+len(tradedash.Metrics))+"3", "https://example.org/plan-2026")
			set(colName(6+len(tradedash.Metrics))+"3", "filled in by a test")
			set("A4", 2026)
			set("B4", c.ex)
			set("C4", c.all)
			set("G4", 50000)
			set(colName(5+len(tradedash.Metrics))+"4", "https://example.org/plan-2026")
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()

			db := queriestest.New(t, server)
			if got := importFiles(t, db.Writer, false, path); got != (queries.Counts{Rows: 3, New: 3}) {
				t.Fatalf("the filled template imports as %+v", got)
			}
			figs, err := db.Reader.Figures(context.Background(), queries.FigureFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range figs {
				got[f.Country+"/"+f.Metric] = fmt.Sprintf("%d %v %s %s", f.Year, f.Value, f.Qualifier, f.Status)
			}
			want := map[string]string{
				"CN/companies": "2026 420 exact planned",
				"CN/area_m2":   "2026 5000 over planned",
				"ALL/visitors": "2026 50000 exact actual",
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("imported %v, want %v", got, want)
			}
		})
	}
}

// listedName finds a country's name in the template's list.
func listedName(t *testing.T, listed [][]string, lang locale.Lang, code string) string {
	t.Helper()
	name := lang.Country(code)
	for _, r := range listed {
		if len(r) > 1 && r[1] == name {
			return name
		}
	}
	t.Fatalf("%s (%s) is not in the country list", code, name)
	return ""
}
