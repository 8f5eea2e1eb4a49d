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
// (choosing from the lists, typing "более 5 000", a plan, a basis, two
// sources that disagree with one preferred, an audited figure with its
// certificate), saves it, and imports it with the real importer, unedited
// otherwise.
func TestTemplate(t *testing.T) {
	for _, c := range []struct {
		lang                 locale.Lang
		sheet, ex, all, plan string
		over                 string
		header               string // the first header row; the second is English
	}{
		{locale.RU, "Данные", "ИННОПРОМ", "Все страны", "план", "более 5 000",
			"Год|Выставка|Страна|Показатель|Значение|Статус|Основание|Сертификат|Предпочтительный|Источник|Примечание"},
		// Not "over 5,000": an area written so is 5 or 5000 m², and the
		// importer refuses it unless the file shows which.
		{locale.EN, "Data", "INNOPROM", "All countries", "planned", "over 5000",
			"Год|Выставка|Страна|Показатель|Значение|Статус|Основание|Сертификат|Предпочтительный|Источник|Примечание"},
		{locale.ZH, "数据", "叶卡捷琳堡国际工业博览会", "所有国家", "计划", "超过5000",
			"年份|展会|国家|指标|数值|状态|数据依据|审计证书|首选|来源|备注"},
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
			definitions, lists := c.lang.T("report.def.sheet"), c.lang.T("template.sheet.lists")
			if len(sheets) != 4 || sheets[0] != c.sheet || sheets[2] != definitions || sheets[3] != lists {
				t.Fatalf("sheets %v", sheets)
			}
			if visible, _ := f.GetSheetVisible(lists); visible {
				t.Error("the lists sheet is visible")
			}
			// Headers in both languages; drop-downs for exhibition, country,
			// metric, status, basis and preferred; a year range.
			rows, _ := f.GetRows(c.sheet)
			if strings.Join(rows[0], "|") != c.header ||
				strings.Join(rows[1], "|") != "Year|Exhibition|Country|Metric|Value|Status|Basis|Certificate|Preferred|Source|Note" {
				t.Fatalf("headers %q %q", rows[0], rows[1])
			}
			dvs, err := f.GetDataValidations(c.sheet)
			if err != nil || len(dvs) != 7 {
				t.Fatalf("%d data validations: %v", len(dvs), err)
			}
			validations := map[string]string{}
			for _, dv := range dvs {
				validations[dv.Sqref] = dv.Type + " " + dv.Formula1
			}
			for sqref, want := range map[string]string{
				"A3:A1002": "whole",
				"B3:B1002": "list '" + lists + "'!$A$1:$A$",
				"C3:C1002": "list '" + lists + "'!$B$1:$B$",
				"D3:D1002": "list '" + lists + "'!$D$1:$D$22",
				"F3:F1002": "list '" + lists + "'!$C$1:$C$3",
				"G3:G1002": "list '" + lists + "'!$E$1:$E$5",
				"I3:I1002": "list '" + lists + "'!$F$1:$F$2",
			} {
				if !strings.HasPrefix(validations[sqref], want) {
					t.Errorf("validation of %s: %q, want %q…", sqref, validations[sqref], want)
				}
			}
			listed, _ := f.GetRows(lists)
			countries, metrics, bases := map[string]bool{}, map[string]bool{}, map[string]bool{}
			for _, r := range listed {
				if len(r) > 1 {
					countries[r[1]] = true
				}
				if len(r) > 3 && r[3] != "" {
					metrics[r[3]] = true
				}
				if len(r) > 4 && r[4] != "" {
					bases[r[4]] = true
				}
			}
			if len(countries) < 240 || !countries[c.all] {
				t.Errorf("%d countries listed, %q among them: %v", len(countries), c.all, countries[c.all])
			}
			// The metric list is the current metrics, no replaced code.
			for _, m := range tradedash.Metrics {
				if listed := metrics[c.lang.MetricName(m.Code)]; listed != (m.ReplacedBy == "") {
					t.Errorf("metric %s listed: %v", m.Code, listed)
				}
			}
			for _, b := range tradedash.Bases {
				if listed := bases[c.lang.BasisName(b)]; listed != (b != tradedash.Unstated) {
					t.Errorf("basis %s listed: %v", b, listed)
				}
			}
			// The instructions say what each new column means, with
			// example rows.
			ins, _ := f.GetRows(sheets[1])
			all := fmt.Sprint(ins)
			if len(ins) < 14 || !strings.Contains(all, "https://expo.innoprom.com/") {
				t.Errorf("instructions without an example row: %q", ins)
			}
			for _, want := range []string{c.lang.T("report.template.howto.7"), c.lang.T("report.template.howto.8"),
				c.lang.MetricName("participants_reported"), c.lang.BasisName(tradedash.Organiser)} {
				if !strings.Contains(all, want) {
					t.Errorf("the instructions lack %q", want)
				}
			}
			// The definitions of every current metric.
			defs, _ := f.GetRows(definitions)
			if n := len(defs) - 3; n != len(metrics) {
				t.Errorf("%d metrics defined, %d listed", n, len(metrics))
			}
			if c.lang == locale.ZH {
				if got := fmt.Sprint(sheets); got != "[数据 填写说明 指标定义 列表]" {
					t.Errorf("sheets %s", got)
				}
				if !strings.Contains(all, "超过400") || !strings.Contains(all, "10,000") {
					t.Errorf("the example rows are not written the Chinese way: %q", ins)
				}
				noRussian(t, f, nil)
			}

			// Fill it in.
			row := 2
			fill := func(cells ...any) {
				row++
				for i, v := range cells {
					if v == "" {
						continue
					}
					if err := f.SetCellValue(c.sheet, cell(i+1, row), v); err != nil {
						t.Fatal(err)
					}
				}
			}
			cn, exhibitors := listedName(t, listed, c.lang, "CN"), c.lang.MetricName("exhibitors")
			yes, organiser := c.lang.T("report.claims.yes"), c.lang.BasisName(tradedash.Organiser)
			// year, exhibition, country, metric, value, status, basis, certificate, preferred, source, note
			fill(2026, c.ex, cn, exhibitors, 420, c.plan, organiser, "", "", "https://example.org/plan-2026", "filled in by a test")
			fill(2026, c.ex, cn, exhibitors, 380, c.plan, c.lang.BasisName(tradedash.Press), "", yes, "https://news.example/plan")
			fill(2026, c.ex, cn, c.lang.MetricName("space_reported_m2"), c.over, c.plan, "", "", "", "https://example.org/plan-2026")
			fill(2025, c.ex, c.all, c.lang.MetricName("visitors"), 50000, "", c.lang.BasisName(tradedash.Audited), "RUEF 2025-17", "", "https://example.org/audit-2025")
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()

			db := queriestest.New(t, server)
			if got := importFiles(t, db.Writer, false, path); got != (queries.Counts{Rows: 4, New: 4}) {
				t.Fatalf("the filled template imports as %+v", got)
			}
			figs, err := db.Reader.Figures(context.Background(), queries.FigureFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range figs {
				for _, cl := range claimRows(f) {
					got[cl.Country+"/"+cl.Metric+"/"+cl.Source] = fmt.Sprintf("%d %v %s %s %s %q %v current=%v",
						cl.Year, cl.Value, cl.Qualifier, cl.Status, cl.Basis, cl.Certificate, cl.Preferred, cl.Source == f.Source)
				}
			}
			want := map[string]string{
				"CN/exhibitors/https://example.org/plan-2026":        `2026 420 exact planned organiser "" false current=false`,
				"CN/exhibitors/https://news.example/plan":            `2026 380 exact planned press "" true current=true`,
				"CN/space_reported_m2/https://example.org/plan-2026": `2026 5000 over planned unstated "" false current=true`,
				"ALL/visitors/https://example.org/audit-2025":        `2025 50000 exact actual audited "RUEF 2025-17" false current=true`,
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
