package report

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/queries/queriestest"
	"tradedash/view"
)

// trickyTrade is trade between Russia and China beside the sample's
// yearly values: months, a cumulative January–October, a re-export, a
// preliminary value, a bound, a note and a source that a spreadsheet
// would run as formulas, and quantities (a whole one, and one with three
// decimals that a CSV must not let read as thousands) beside flows
// without one.
func trickyTrade() []tradedash.TradeFlow {
	src := "https://english.customs.gov.cn/statics/report/monthly.html"
	tons, kg := 350.0, 48_250.125
	return []tradedash.TradeFlow{
		{Reporter: "CN", Partner: "RU", Flow: tradedash.FlowExport, Year: 2024, Month: 3, Commodity: tradedash.TotalCommodity,
			ValueUSD: 8_123_456_789, Quantity: &tons, QuantityUnit: "t",
			Qualifier: tradedash.Exact, Status: tradedash.TradePreliminary, Source: src, Note: "=1+1"},
		{Reporter: "CN", Partner: "RU", Flow: tradedash.FlowImport, Year: 2024, Month: 3, Commodity: tradedash.TotalCommodity,
			ValueUSD: 10_500_000_000, Qualifier: tradedash.About, Status: tradedash.TradeEstimate, Source: src},
		{Reporter: "CN", Partner: "RU", Flow: tradedash.FlowTurnover, Year: 2024, Month: 10, YTD: true, Commodity: tradedash.TotalCommodity,
			ValueUSD: 202_210_000_000, Qualifier: tradedash.Exact, Status: tradedash.TradeRevised, Source: "-- a customs bulletin", Note: "@январь–октябрь"},
		{Reporter: "RU", Partner: "CN", Flow: tradedash.FlowReExport, Year: 2021, Commodity: tradedash.TotalCommodity,
			ValueUSD: 1_250_000, Quantity: &kg, QuantityUnit: "кг",
			Qualifier: tradedash.Over, Status: tradedash.TradeActual, Source: "+ФТС России"},
	}
}

// pairDB is the sample data with trickyTrade imported after it.
func pairDB(t testing.TB) queriestest.Pair {
	t.Helper()
	db := sampleDB(t)
	queriestest.ImportTrade(t, db.Writer, "tricky-trade", trickyTrade())
	return db
}

var pairRU = Request{Page: PagePair, Pair: view.PairParams{A: "RU", B: "CN"}, Lang: locale.RU}

// TestPairReport checks the pair's workbook in Russian: its sheets; the
// summary with the pair, the link back and the key figures; the Trade
// sheet's mirror table as numbers with a native chart over them; both
// directions of participation; the milestones; and the Data sheet in the
// trade sheet format, every text a text.
func TestPairReport(t *testing.T) {
	db := pairDB(t)
	r := newReporter(db.Reader)
	pr, err := view.New(db.Reader, view.Options{}).Pair(context.Background(), pairRU.Pair)
	if err != nil {
		t.Fatal(err)
	}
	path, info := writeXLSX(t, r, pairRU, Options{}, t.TempDir())
	if want := "tradedash_pair_RU-CN_"; !strings.HasPrefix(filepath.Base(path), want) {
		t.Errorf("file %s, want %s…", filepath.Base(path), want)
	}
	f := openXLSX(t, path)
	if got, want := strings.Join(f.GetSheetList(), "|"), "Сводка|Торговля|Участие|Вехи|Данные|Источники|Определения"; got != want {
		t.Fatalf("sheets %s, want %s", got, want)
	}

	// The summary.
	summary := map[string]string{}
	rows := rowsOf(t, f, "Сводка")
	for _, row := range rows {
		if len(row) > 1 {
			summary[row[0]] = row[1]
		}
	}
	if rows[0][0] != "Россия и Китай: торговля и участие в выставках" {
		t.Errorf("title %q", rows[0][0])
	}
	if summary["Страны"] != "Россия, Китай" {
		t.Errorf("countries %q", summary["Страны"])
	}
	link := summary["Этот вид на дашборде"]
	if !strings.HasPrefix(link, "http://127.0.0.1:8080"+view.PathPair+"?") || !strings.Contains(link, "a=RU") || !strings.Contains(link, "b=CN") || !strings.Contains(link, "lang=ru") {
		t.Errorf("permalink %q", link)
	}
	if summary["Записей о торговле на листе «Данные»"] != strconv.Itoa(info.Rows) || info.Rows == 0 {
		t.Errorf("rows %q, info %d", summary["Записей о торговле на листе «Данные»"], info.Rows)
	}
	keys := 0
	for i, row := range rows {
		if len(row) < 3 || !strings.HasPrefix(row[0], "Товарооборот по данным") && !strings.HasPrefix(row[0], "Расхождение") {
			continue
		}
		keys++
		if typ, _ := f.GetCellType("Сводка", cell(3, i+1)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("key figure %q: cell type %v, want a number", row[0], typ)
		}
		if _, err := strconv.ParseFloat(row[2], 64); err != nil {
			t.Errorf("key figure %q: %q is not a number", row[0], row[2])
		}
	}
	if keys != 3 {
		t.Errorf("%d key figures, want each side's turnover and the gap", keys)
	}

	// The Trade sheet: years down, each side's three flows and the gap
	// across, in whole dollars, as numbers.
	const sheet = "Торговля"
	header := rowsOf(t, f, sheet)[tableRow-1]
	if header[1] != "Экспорт, данные: Россия" || header[6] != "Товарооборот, данные: Китай" || header[7] != "Расхождение оборота (Россия − Китай)" {
		t.Errorf("trade header %q", header)
	}
	numbers := 0
	for i, y := range pr.Years {
		row := tableRow + 1 + i
		if got := number(t, f, sheet, cell(1, row)); got != float64(y) {
			t.Errorf("row %d: year %v, want %d", row, got, y)
		}
		for j, rep := range pr.Reports {
			ty := rep.Years[i]
			for k, v := range []*float64{flowValue(ty.Export), flowValue(ty.Import), ty.Total} {
				c := cell(2+3*j+k, row)
				if v == nil {
					if s, _ := f.GetCellValue(sheet, c); s != "" {
						t.Errorf("%s: %q where %s gives nothing", c, s, rep.Reporter)
					}
					continue
				}
				numbers++
				if got := number(t, f, sheet, c); got != *v {
					t.Errorf("%s: %v, want %v", c, got, *v)
				}
			}
		}
	}
	if numbers < 10 {
		t.Errorf("only %d values on the Trade sheet", numbers)
	}
	gaps := 0
	for _, m := range pr.Mirror {
		if m.Direction != view.DirTurnover || m.Gap == nil {
			continue
		}
		gaps++
		row := tableRow + 1 + (m.Year - pr.Years[0])
		if got := number(t, f, sheet, cell(8, row)); got != *m.Gap {
			t.Errorf("gap %d: %v, want %v", m.Year, got, *m.Gap)
		}
		if got := number(t, f, sheet, cell(9, row)); fmt.Sprintf("%.6f", got) != fmt.Sprintf("%.6f", *m.GapPercent/100) {
			t.Errorf("gap %% %d: %v, want %v", m.Year, got, *m.GapPercent/100)
		}
	}
	if gaps == 0 {
		t.Error("the sample shows no year both sides report")
	}
	chart := html.UnescapeString(zipPart(t, path, "xl/charts/chart1.xml"))
	last := tableRow + len(pr.Years)
	for _, want := range []string{
		"<lineChart>", `<dispBlanksAs val="gap">`,
		fmt.Sprintf("'Торговля'!$D$%d:$D$%d", tableRow+1, last),
		fmt.Sprintf("'Торговля'!$G$%d:$G$%d", tableRow+1, last),
		fmt.Sprintf("'Торговля'!$A$%d:$A$%d", tableRow+1, last),
		`formatCode="#,##0,,,"`, "млрд долл. США",
	} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart1.xml lacks %s", want)
		}
	}
	if strings.Count(chart, "<ser>") != 2 || strings.Count(chart, "<val><numRef>") != 2 {
		t.Errorf("the chart should draw two series over numbers:\n%s", chart)
	}

	// Participation both ways, milestones of both.
	part := rowsOf(t, f, "Участие")
	var heads []string
	for _, row := range part {
		if len(row) == 1 && strings.Contains(row[0], "на выставках") {
			heads = append(heads, row[0])
		}
	}
	if len(heads) != 2 {
		t.Errorf("participation headings %q, want both directions", heads)
	}
	if !strings.Contains(strings.Join(heads, "|"), "Китай") || !strings.Contains(strings.Join(heads, "|"), "Россия") {
		t.Errorf("participation headings %q", heads)
	}
	ms := rowsOf(t, f, "Вехи")
	if len(ms)-3 != len(pr.Milestones) || len(pr.Milestones) == 0 {
		t.Errorf("%d milestone rows, want %d", len(ms)-3, len(pr.Milestones))
	}

	// The Data sheet: the trade sheet's header, every row, the tricky
	// texts as texts.
	data := rowsOf(t, f, "Данные")
	if got := strings.Join(data[0], "|"); got != "Отчитывающаяся страна|Страна-партнёр|Поток|Год|Месяц|Код товара|Классификация|Наименование товара|Значение, долл. США|Точность|Статус|Источник|Примечание|Количество|Единица измерения|Импорт" {
		t.Errorf("data header %s", got)
	}
	if len(data)-1 != info.Rows {
		t.Errorf("%d data rows, info says %d", len(data)-1, info.Rows)
	}
	found := map[string]bool{}
	quantities := map[float64]string{}
	for i, row := range data[1:] {
		if len(row) > 14 && row[13] != "" {
			quantities[number(t, f, "Данные", cell(14, i+2))] = row[14]
		}
		for _, col := range []int{11, 12} {
			if col < len(row) && row[col] != "" {
				found[text(t, f, "Данные", cell(col+1, i+2))] = true
			}
		}
		if typ, _ := f.GetCellType("Данные", cell(9, i+2)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("data row %d: value cell type %v", i+2, typ)
		}
	}
	for _, s := range []string{"=1+1", "@январь–октябрь", "-- a customs bulletin", "+ФТС России"} {
		if !found[s] {
			t.Errorf("%q is not kept as text on the Data sheet", s)
		}
	}
	if len(quantities) != 2 || quantities[350] != "t" || quantities[48_250.125] != "кг" {
		t.Errorf("quantities on the Data sheet %v, want 350 t and 48 250,125 кг as numbers", quantities)
	}
	src := rowsOf(t, f, "Источники")
	if len(src) < 4 {
		t.Errorf("sources: %q", src)
	}
}

func flowValue(t *tradedash.TradeFlow) *float64 {
	if t == nil {
		return nil
	}
	return &t.ValueUSD
}

// number reads a numeric cell.
func number(t *testing.T, f *excelize.File, sheet, c string) float64 {
	t.Helper()
	if typ, _ := f.GetCellType(sheet, c); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Fatalf("%s!%s: cell type %v, want a number", sheet, c, typ)
	}
	s, err := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s: %q is not a number", sheet, c, s)
	}
	return v
}

// TestPairRoundTrip exports the pair in every language, as XLSX and as
// both CSVs, and imports each file back with the real importer (a dry
// run): every trade row unchanged, nothing new.
func TestPairRoundTrip(t *testing.T) {
	db := pairDB(t)
	r := newReporter(db.Reader)
	dir := t.TempDir()
	for _, lang := range []locale.Lang{locale.RU, locale.EN, locale.ZH} {
		t.Run(string(lang), func(t *testing.T) {
			req := pairRU
			req.Lang = lang
			path, info := writeXLSX(t, r, req, Options{}, dir)
			files := []string{path}
			for _, sep := range []rune{';', ','} {
				var buf bytes.Buffer
				ci, err := rep(t, r, req).WriteCSV(context.Background(), &buf, sep, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if ci.Rows != info.Rows {
					t.Errorf("CSV %d rows, XLSX %d", ci.Rows, info.Rows)
				}
				if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff"+strings.Join(tradeHeader(lang)[:2], string(sep)))) {
					t.Errorf("CSV header: %.80q", buf.String())
				}
				if !bytes.Contains(buf.Bytes(), []byte("'=1+1")) {
					t.Error("the CSV writes a formula-like note raw")
				}
				p := filepath.Join(dir, string(lang)+map[rune]string{';': "-semicolon", ',': "-comma"}[sep]+".csv")
				if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
			for _, file := range files {
				c := importFiles(t, db.Writer, true, file)
				if c != (queries.Counts{Rows: info.Rows, Unchanged: info.Rows}) || info.Rows < 20 {
					t.Errorf("%s imports back as %+v, want %d unchanged", filepath.Base(file), c, info.Rows)
				}
			}
		})
	}
}
