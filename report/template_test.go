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

// TestTradeTemplate fills the trade template as an analyst does (names
// from the lists, a value with its multiplier as the language writes it, a
// month, a chapter code with its leading zero) and imports it with the
// real importer.
func TestTradeTemplate(t *testing.T) {
	for _, c := range []struct {
		lang                       locale.Lang
		sheet, header, flow, value string
	}{
		{locale.RU, "Данные", "Отчитывающаяся страна|Страна-партнёр|Поток", "экспорт", "240,11 млрд"},
		{locale.EN, "Data", "Отчитывающаяся страна|Страна-партнёр|Поток", "export", "240.11 bn"},
		{locale.ZH, "数据", "申报国|伙伴国|流向", "出口", "2401.1亿"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "trade-template.xlsx")
			out, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteTradeTemplate(out, c.lang, fixedNow); err != nil {
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
			rows, _ := f.GetRows(c.sheet)
			if strings.Join(rows[0][:3], "|") != c.header || strings.Join(rows[1][:3], "|") != "Reporter|Partner|Flow" || rows[1][8] != "Value, USD" {
				t.Fatalf("headers %q %q", rows[0], rows[1])
			}
			dvs, err := f.GetDataValidations(c.sheet)
			if err != nil || len(dvs) != 5 {
				t.Fatalf("%d data validations: %v", len(dvs), err)
			}
			lists := map[string]string{}
			for _, dv := range dvs {
				lists[dv.Sqref] = dv.Type + " " + dv.Formula1
			}
			for sqref, want := range map[string]string{
				"C3:C1002": "list '" + sheets[2] + "'!$C$1:$C$5",
				"K3:K1002": "list '" + sheets[2] + "'!$D$1:$D$4",
			} {
				if !strings.HasPrefix(lists[sqref], want) {
					t.Errorf("validation of %s: %q, want %q…", sqref, lists[sqref], want)
				}
			}
			listed, _ := f.GetRows(sheets[2])
			if listed[0][2] != c.flow {
				t.Errorf("flows list starts %q, want %q", listed[0][2], c.flow)
			}
			// The example on the instructions sheet, marked as one.
			ins, _ := f.GetRows(sheets[1])
			example := false
			for i, row := range ins {
				if len(row) == 1 && strings.Contains(row[0], "2023") && i+3 < len(ins) {
					ex := ins[i+3]
					example = len(ex) > 8 && ex[8] == locale.Lang(c.lang).T("template.trade.example.value") && ex[3] == "2023"
				}
			}
			if !example {
				t.Errorf("no example row: %q", ins)
			}

			// Fill two rows: the values as the language writes them, a
			// chapter, a month.
			names := newImportNames(c.lang)
			for i, row := range [][]any{
				{names.country("CN"), names.country("RU"), listed[0][2], 2023, "", "", "", "", c.value, "", listed[0][3], "https://example.org/gac"},
				{names.country("RU"), names.country("CN"), listed[1][2], 2024, 3, "01", "", "", "1 250 000", "", listed[1][3], "https://example.org/fcs"},
			} {
				for j, v := range row {
					if s, ok := v.(string); ok && s == "" {
						continue
					}
					if s, ok := v.(string); ok {
						err = f.SetCellStr(c.sheet, cell(j+1, 3+i), s)
					} else {
						err = f.SetCellValue(c.sheet, cell(j+1, 3+i), v)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			db := queriestest.New(t, server)
			if got := importFiles(t, db.Writer, false, path); got != (queries.Counts{Rows: 2, New: 2}) {
				t.Fatalf("the filled template imports as %+v", got)
			}
			flows, err := db.Reader.TradeFlows(context.Background(), queries.TradeFilter{Reporters: []string{"CN"}})
			if err != nil || len(flows) != 1 || flows[0].ValueUSD != 240_110_000_000 || flows[0].Flow != tradedash.FlowExport {
				t.Errorf("CN's flow: %+v %v", flows, err)
			}
		})
	}
}
