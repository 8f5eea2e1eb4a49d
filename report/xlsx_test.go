package report

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
	"tradedash/view"
)

// numeric asserts that a cell holds a number, not text and not a formula,
// and returns it.
func numeric(t *testing.T, f *excelize.File, sheet, c string) float64 {
	t.Helper()
	typ, err := f.GetCellType(sheet, c)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Fatalf("%s!%s: cell type %v, want a number", sheet, c, typ)
	}
	if formula, _ := f.GetCellFormula(sheet, c); formula != "" {
		t.Fatalf("%s!%s: a formula %q", sheet, c, formula)
	}
	raw, err := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s: %q is not a number", sheet, c, raw)
	}
	return v
}

// text asserts that a cell holds text (never a formula) and returns it.
func text(t *testing.T, f *excelize.File, sheet, c string) string {
	t.Helper()
	typ, err := f.GetCellType(sheet, c)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Fatalf("%s!%s: cell type %v, want text", sheet, c, typ)
	}
	if formula, _ := f.GetCellFormula(sheet, c); formula != "" {
		t.Fatalf("%s!%s: a formula %q", sheet, c, formula)
	}
	v, _ := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
	return v
}

// numFmt returns a cell's custom number format.
func numFmt(t *testing.T, f *excelize.File, sheet, c string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, c)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return fmt.Sprint(st.NumFmt)
	}
	return *st.CustomNumFmt
}

// fill returns a cell's fill colour, "" for none.
func fill(t *testing.T, f *excelize.File, sheet, c string) string {
	t.Helper()
	id, _ := f.GetCellStyle(sheet, c)
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
}

// findRow returns the row whose column A says label, 0 if none.
func findRow(t *testing.T, f *excelize.File, sheet, label string) int {
	t.Helper()
	for i, row := range rowsOf(t, f, sheet) {
		if len(row) > 0 && row[0] == label {
			return i + 1
		}
	}
	return 0
}

// TestOverviewReport checks the INNOPROM/China report an official
// downloads: sheets, summary, the chart sheet's numbers, formats and native
// chart, the milestones, the Data sheet and the sources.
func TestOverviewReport(t *testing.T) {
	db := sampleDB(t)
	r := newReporter(db.Reader)
	ctx := context.Background()
	req := Request{Page: PageOverview, Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}}, Lang: locale.RU}
	path, info := writeXLSX(t, r, req, Options{}, t.TempDir())
	f := openXLSX(t, path)

	if got, want := f.GetSheetList(), []string{"Сводка", "Динамика", "Данные", "Источники", "Определения"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	o, err := view.New(db.Reader, view.Options{}).Overview(ctx, req.Params)
	if err != nil {
		t.Fatal(err)
	}

	// The summary: title, vintage, generation time, permalink, key figures.
	s := "Сводка"
	if got := text(t, f, s, "A1"); got != "ИННОПРОМ · Китай: участие в цифрах" {
		t.Errorf("title %q", got)
	}
	for label, want := range map[string]string{
		"Данные на":            fmt.Sprintf("импорт № %d от ", o.Vintage.ImportID),
		"Отчёт сформирован":    "25.11.2026 09:30 UTC",
		"Этот вид на дашборде": "http://127.0.0.1:8080/?country=CN&exhibition=innoprom&lang=ru&metric=participants_reported%2Cspace_reported_m2",
		"Годы":                 "2011–2025",
		"Страна":               "Китай",
	} {
		row := findRow(t, f, s, label)
		if row == 0 {
			t.Errorf("summary lacks %q", label)
			continue
		}
		if got := text(t, f, s, cell(2, row)); !strings.HasPrefix(got, want) {
			t.Errorf("summary %s: %q, want %q", label, got, want)
		}
	}
	if row := findRow(t, f, s, "Этот вид на дашборде"); row > 0 {
		if ok, link, _ := f.GetCellHyperLink(s, cell(2, row)); !ok || !strings.HasPrefix(link, "http://127.0.0.1:8080/?") {
			t.Errorf("the permalink is not a link: %v %q", ok, link)
		}
	}
	if row := findRow(t, f, s, "Цифр на листе «Данные»"); row == 0 || numeric(t, f, s, cell(2, row)) != float64(info.Rows) {
		t.Errorf("summary's row count: row %d, want %d figures", row, info.Rows)
	}
	key := findRow(t, f, s, "Ключевые показатели")
	if key == 0 || len(o.Latest) == 0 {
		t.Fatalf("no key figures (%d latest)", len(o.Latest))
	}
	for i, fig := range o.Latest {
		row := key + 1 + i
		if got := numeric(t, f, s, cell(3, row)); got != fig.Value {
			t.Errorf("key figure %s: %v, want %v", fig.Metric, got, fig.Value)
		}
		if got := numeric(t, f, s, cell(2, row)); got != float64(fig.Year) {
			t.Errorf("key figure %s year %v", fig.Metric, got)
		}
	}

	// The chart sheet: every year, every figure a number in its place, the
	// qualifier in the number format, plans apart.
	c := "Динамика"
	if got := rowsOf(t, f, c)[tableRow-1]; fmt.Sprint(got[:3]) != "[Год Участники (как в источнике), ед. Площадь (нетто или брутто — не указано), м²]" {
		t.Errorf("chart table header %q", got)
	}
	for i, y := range o.Years {
		row := tableRow + 1 + i
		if got := numeric(t, f, c, cell(1, row)); got != float64(y) {
			t.Fatalf("year row %d: %v, want %d", row, got, y)
		}
		for j, series := range o.Series {
			p := series.Points[i]
			cc := cell(2+j, row)
			if p.Figure == nil {
				if v, _ := f.GetCellValue(c, cc); v != "" {
					t.Errorf("%s %d: a gap must stay empty, got %q", series.Metric, y, v)
				}
				continue
			}
			if got := numeric(t, f, c, cc); got != p.Figure.Value {
				t.Errorf("%s %d: %v, want %v", series.Metric, y, got, p.Figure.Value)
			}
			nf := numFmt(t, f, c, cc)
			if !strings.Contains(nf, "#,##0") {
				t.Errorf("%s %d: number format %q", series.Metric, y, nf)
			}
			if p.Figure.Qualifier == tradedash.Over && !strings.Contains(nf, "более") {
				t.Errorf("%s %d is over %v: format %q does not say so", series.Metric, y, p.Figure.Value, nf)
			}
			if p.Figure.Status != tradedash.Actual && fill(t, f, c, cc) != colorPlanned {
				t.Errorf("%s %d is %s: not styled apart", series.Metric, y, p.Figure.Status)
			}
		}
	}
	chart := html.UnescapeString(zipPart(t, path, "xl/charts/chart1.xml"))
	if chart == "" {
		t.Fatal("no xl/charts/chart1.xml: the sheet has no native chart")
	}
	last := tableRow + len(o.Years)
	for _, want := range []string{
		"<lineChart>", `srgbClr val="1d4e89"`,
		fmt.Sprintf("'Динамика'!$B$%d:$B$%d", tableRow+1, last),
		fmt.Sprintf("'Динамика'!$C$%d:$C$%d", tableRow+1, last),
		fmt.Sprintf("'Динамика'!$A$%d:$A$%d", tableRow+1, last),
		`<dispBlanksAs val="gap">`,
	} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart1.xml lacks %s", want)
		}
	}
	if n := strings.Count(chart, "<valAx>"); n != 2 {
		t.Errorf("chart has %d value axes, want 2 (companies left, area right)", n)
	}
	if len(o.Milestones) == 0 {
		t.Fatal("the sample view has no milestones")
	}
	for i, m := range o.Milestones {
		row := chartRow + 1 + i
		if got := text(t, f, c, cell(milestoneCol+2, row)); got != m.TitleRU {
			t.Errorf("milestone %d: %q, want %q", i+1, got, m.TitleRU)
		}
	}

	// The Data sheet: every claim of every figure of the view, numbers as
	// numbers.
	d := "Данные"
	current, err := db.Reader.Figures(ctx, rep(t, r, req).filter)
	if err != nil {
		t.Fatal(err)
	}
	var figs []tradedash.Figure
	for _, fig := range current {
		figs = append(figs, claimRows(fig)...)
	}
	rows := rowsOf(t, f, d)
	if len(rows) != len(figs)+1 || info.Rows != len(figs) {
		t.Fatalf("Data has %d rows (info %d), want %d figures and a header", len(rows), info.Rows, len(figs))
	}
	if got := fmt.Sprint(rows[0]); got != "[Год Выставка Страна Показатель Значение Точность Статус Основание Сертификат Предпочтительный Источник Примечание Импорт]" {
		t.Errorf("Data header %s", got)
	}
	for i, fig := range figs {
		row := i + 2
		if numeric(t, f, d, cell(1, row)) != float64(fig.Year) || numeric(t, f, d, cell(5, row)) != fig.Value ||
			numeric(t, f, d, cell(dataColImport+1, row)) != float64(fig.ImportID) {
			t.Errorf("Data row %d: %v, want %+v", row, rows[i+1], fig)
		}
		if got := text(t, f, d, cell(7, row)); got != locale.RU.StatusName(fig.Status) {
			t.Errorf("Data row %d status %q", row, got)
		}
		if fig.Qualifier != tradedash.Exact && text(t, f, d, cell(6, row)) != locale.RU.QualifierName(fig.Qualifier) {
			t.Errorf("Data row %d: qualifier %s not shown", row, fig.Qualifier)
		}
		if fig.Status == tradedash.Forecast && fill(t, f, d, cell(5, row)) != colorPlanned {
			t.Errorf("Data row %d: a forecast not styled apart", row)
		}
	}
	panes, err := f.GetPanes(d)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Data header not frozen: %+v %v", panes, err)
	}
	wbXML := zipPart(t, path, "xl/workbook.xml")
	if !strings.Contains(wbXML, "_xlnm._FilterDatabase") || !strings.Contains(wbXML, fmt.Sprintf("$A$1:$M$%d", len(figs)+1)) {
		t.Errorf("no autofilter over the Data sheet in workbook.xml")
	}

	// Sources: every http(s) source a link, listed once.
	src := "Источники"
	seen := map[string]bool{}
	for i, row := range rowsOf(t, f, src)[3:] {
		if len(row) < 2 {
			continue
		}
		seen[row[1]] = true
		ok, link, _ := f.GetCellHyperLink(src, cell(2, i+4))
		if want, isURL := sourceURL(row[1]); ok != isURL || isURL && link != want {
			t.Errorf("source %q: link %v %q", row[1], ok, link)
		}
	}
	for _, fig := range figs {
		if !seen[fig.Source] {
			t.Errorf("source %q of %s %d is not listed", fig.Source, fig.Metric, fig.Year)
		}
	}
	for _, m := range o.Milestones {
		if !seen[m.Source] {
			t.Errorf("milestone source %q is not listed", m.Source)
		}
	}
}

// rep prepares req.
func rep(t *testing.T, r *Reporter, req Request) *Report {
	t.Helper()
	x, err := r.Prepare(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestCompareReport checks a comparison in English: one line per country,
// shares as percentages, a native chart.
func TestCompareReport(t *testing.T) {
	db := sampleDB(t)
	r := newReporter(db.Reader)
	req := Request{Page: PageCompare, Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN", "JP"}}, Lang: locale.EN}
	path, _ := writeXLSX(t, r, req, Options{}, t.TempDir())
	f := openXLSX(t, path)
	if got := fmt.Sprint(f.GetSheetList()); got != "[Summary Comparison Data Sources Definitions]" {
		t.Fatalf("sheets %s", got)
	}
	c, err := view.New(db.Reader, view.Options{}).Compare(context.Background(), req.Params)
	if err != nil {
		t.Fatal(err)
	}
	head := rowsOf(t, f, "Comparison")[tableRow-1]
	if fmt.Sprint(head[:3]) != "[Year China Japan]" {
		t.Errorf("header %q", head)
	}
	for i, y := range c.Years {
		for j, s := range c.Lines {
			if p := s.Points[i].Figure; p != nil && numeric(t, f, "Comparison", cell(2+j, tableRow+1+i)) != p.Value {
				t.Errorf("%s %d", s.Country, y)
			}
		}
	}
	if !c.HasShares {
		t.Fatal("the sample has China's share of foreign exhibitors")
	}
	// The sample's 2024: "about 300" Chinese participants as reported
	// against 300 foreign exhibitors is flagged and never divided, as on
	// the dashboard (view.Derived.Text), not a plain 100 %.
	if y, share := numeric(t, f, "Comparison", cell(milestoneCol, chartRow+1)), text(t, f, "Comparison", cell(milestoneCol+1, chartRow+1)); y != 2024 || share != "⚠ not comparable" {
		t.Errorf("share %v: %q, want 2024: ⚠ not comparable", y, share)
	}
	// Under the table, what it was computed from: both inputs, with their
	// sources.
	if note := text(t, f, "Comparison", cell(milestoneCol, chartRow+3)); !strings.HasPrefix(note, "2024, ") ||
		!strings.Contains(note, "ru24.pro") || !strings.Contains(note, "news-pravda.com") {
		t.Errorf("the share's inputs: %q", note)
	}
	if zipPart(t, path, "xl/charts/chart1.xml") == "" {
		t.Error("no native chart")
	}
	if row := findRow(t, f, "Summary", "This view on the dashboard"); row == 0 ||
		text(t, f, "Summary", cell(2, row)) != "http://127.0.0.1:8080/compare?country=CN%2CJP&exhibition=innoprom&lang=en&metric=participants_reported" {
		t.Errorf("permalink row %d", row)
	}
}

// TestDataReportAndEmptyView: a data page has no chart sheet; a view
// without figures still makes a workbook that says so.
func TestDataReportAndEmptyView(t *testing.T) {
	db := sampleDB(t)
	r := newReporter(db.Reader)
	path, info := writeXLSX(t, r, Request{Page: PageData, Params: view.Params{Exhibitions: []string{"innoprom"}}}, Options{}, t.TempDir())
	f := openXLSX(t, path)
	if got := fmt.Sprint(f.GetSheetList()); got != "[Сводка Данные Источники Определения]" || info.Rows < 40 {
		t.Fatalf("sheets %s, %d rows", got, info.Rows)
	}
	path, info = writeXLSX(t, r, Request{Page: PageOverview, Params: view.Params{Countries: []string{"BR"}}}, Options{}, t.TempDir())
	f = openXLSX(t, path)
	if info.Rows != 0 || len(rowsOf(t, f, "Данные")) != 1 {
		t.Fatalf("an empty view: %d rows", info.Rows)
	}
	if zipPart(t, path, "xl/charts/chart1.xml") != "" {
		t.Error("a chart without data")
	}
}

// TestContinuationSheets: past a sheet's rows the figures continue on the
// next sheet, in order, and the summary says so.
func TestContinuationSheets(t *testing.T) {
	db := sampleDB(t)
	r := newReporter(db.Reader)
	req := Request{Page: PageData}
	path, info := writeXLSX(t, r, req, Options{SheetRows: 20}, t.TempDir())
	f := openXLSX(t, path)
	current, err := db.Reader.Figures(context.Background(), rep(t, r, req).filter)
	if err != nil {
		t.Fatal(err)
	}
	var figs []tradedash.Figure // a row per claim
	for _, fig := range current {
		figs = append(figs, claimRows(fig)...)
	}
	sheets := (len(figs) + 19) / 20
	if len(info.DataSheets) != sheets || sheets < 3 {
		t.Fatalf("%d figures on %v, want %d sheets", len(figs), info.DataSheets, sheets)
	}
	var all [][]string
	for i, s := range info.DataSheets {
		want := "Данные"
		if i > 0 {
			want = fmt.Sprintf("Данные (%d)", i+1)
		}
		if s != want {
			t.Errorf("sheet %d is %q", i, s)
		}
		rows := rowsOf(t, f, s)
		if rows[0][0] != "Год" {
			t.Errorf("%s has no header", s)
		}
		all = append(all, rows[1:]...)
	}
	if len(all) != len(figs) {
		t.Fatalf("%d rows on the data sheets, want %d", len(all), len(figs))
	}
	for i, fig := range figs {
		if all[i][0] != strconv.Itoa(fig.Year) || all[i][4] != strconv.FormatFloat(fig.Value, 'f', -1, 64) {
			t.Fatalf("row %d: %v, want %+v", i, all[i], fig)
		}
	}
	row := findRow(t, f, "Сводка", "Продолжение данных")
	if row == 0 || !strings.Contains(text(t, f, "Сводка", cell(2, row)), "«Данные (2)»") {
		t.Errorf("the summary does not say where the data continues")
	}
	// The importer reads the continuation sheets too: the whole export
	// comes back unchanged.
	if c := importFiles(t, db.Writer, true, path); c.Rows != len(figs) || c.New+c.Changed != 0 {
		t.Errorf("importing the split export back: %+v, want %d rows, 0 new, 0 changed", c, len(figs))
	}
}

// TestLargeDataSheetReadsBack writes 30,000 synthetic figures (many
// chunks of compressed rows, shared and inline strings) and reads every
// row back with excelize.
func TestLargeDataSheetReadsBack(t *testing.T) {
	const n = 30_000
	src := synthSource{n: n, notes: true}
	r := New(view.New(src, view.Options{}), src)
	path, info := writeXLSX(t, r, Request{Page: PageData, Lang: locale.EN}, Options{}, t.TempDir())
	if info.Rows != n {
		t.Fatalf("%d rows", info.Rows)
	}
	f := openXLSX(t, path)
	rows, err := f.Rows("Data")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := -1
	err = src.EachFigure(context.Background(), src.filter(), func(fig tradedash.Figure) error {
		i++
		if !rows.Next() {
			return fmt.Errorf("row %d missing", i)
		}
		if i == 0 { // the header
			rows.Next()
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		if len(cells) <= dataColNote || cells[0] != strconv.Itoa(fig.Year) || cells[4] != strconv.FormatFloat(fig.Value, 'f', -1, 64) ||
			cells[dataColSource] != fig.Source || cells[dataColNote] != fig.Note {
			return fmt.Errorf("row %d: %q, want %+v", i+2, cells, fig)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Fatal("rows after the last figure")
	}
}

// TestChineseReport: with lang zh the whole workbook is Chinese: sheet
// names, titles, labels, headers, the chart, the qualifiers in the number
// formats, dates and years as Chinese write them. Only what the data
// itself says (sources, notes, a milestone that has no Chinese title)
// stays in its own language, and nothing Russian leaks into the rest.
func TestChineseReport(t *testing.T) {
	db := sampleDB(t)
	r := newReporter(db.Reader)
	ctx := context.Background()
	zh := locale.ZH

	// The overview of China at INNOPROM.
	req := Request{Page: PageOverview, Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}}, Lang: zh}
	path, info := writeXLSX(t, r, req, Options{}, t.TempDir())
	f := openXLSX(t, path)
	if got, want := fmt.Sprint(f.GetSheetList()), "[摘要 趋势 数据 来源 指标定义]"; got != want {
		t.Fatalf("sheets %s, want %s", got, want)
	}
	o, err := view.New(db.Reader, view.Options{}).Overview(ctx, req.Params)
	if err != nil {
		t.Fatal(err)
	}
	s := "摘要"
	if got := text(t, f, s, "A1"); got != "叶卡捷琳堡国际工业博览会 · 中国：参展数据" {
		t.Errorf("title %q", got)
	}
	if got := text(t, f, s, "A2"); got != "叶卡捷琳堡 · 2011–2025年" {
		t.Errorf("subtitle %q", got)
	}
	for label, want := range map[string]string{
		"数据截至":     fmt.Sprintf("第%d次导入，", o.Vintage.ImportID),
		"报告生成时间":   "2026年11月25日 09:30 UTC",
		"仪表板上的此视图": "http://127.0.0.1:8080/?country=CN&exhibition=innoprom&lang=zh&metric=participants_reported%2Cspace_reported_m2",
		"年份":       "2011–2025年",
		"国家":       "中国",
		"展会":       "叶卡捷琳堡国际工业博览会",
		"指标":       "参展方（按来源口径）（家）、面积（未注明净/毛面积），平方米",
	} {
		row := findRow(t, f, s, label)
		if row == 0 {
			t.Errorf("summary lacks %q", label)
			continue
		}
		if got := text(t, f, s, cell(2, row)); !strings.HasPrefix(got, want) {
			t.Errorf("summary %s: %q, want %q", label, got, want)
		}
	}
	if row := findRow(t, f, s, "“数据”工作表中的数据条数"); row == 0 || numeric(t, f, s, cell(2, row)) != float64(info.Rows) {
		t.Errorf("summary's row count: row %d, want %d figures", row, info.Rows)
	}
	if key := findRow(t, f, s, "主要数据"); key == 0 || fmt.Sprint(rowsOf(t, f, s)[key-1]) != "[主要数据 年份 数值 状态 数据依据 来源]" {
		t.Errorf("key figures header at row %d", key)
	}

	c := "趋势"
	if got := rowsOf(t, f, c)[tableRow-1]; fmt.Sprint(got[:3]) != "[年份 参展方（按来源口径）（家） 面积（未注明净/毛面积），平方米]" {
		t.Errorf("chart table header %q", got)
	}
	over := false
	for i := range o.Years {
		for j, series := range o.Series {
			if p := series.Points[i].Figure; p != nil && p.Qualifier == tradedash.Over {
				over = true
				if nf := numFmt(t, f, c, cell(2+j, tableRow+1+i)); nf != `"超过"#,##0` {
					t.Errorf("%s %d is over %v: number format %q", series.Metric, o.Years[i], p.Value, nf)
				}
			}
		}
	}
	if !over {
		t.Error("the sample has no figure over a bound to check")
	}
	if chart := html.UnescapeString(zipPart(t, path, "xl/charts/chart1.xml")); !strings.Contains(chart, "参展情况变化") {
		t.Error("the chart's title is not Chinese")
	}
	if got := text(t, f, c, cell(milestoneCol, chartRow-1)); got != "大事记" {
		t.Errorf("milestones heading %q", got)
	}
	for i, m := range o.Milestones {
		want, from := zh.MilestoneTitle(m)
		if from != zh {
			want += "（" + from.Name() + "）"
		}
		if got := text(t, f, c, cell(milestoneCol+2, i+chartRow+1)); got != want {
			t.Errorf("milestone %d: %q, want %q", i+1, got, want)
		}
		if got := text(t, f, c, cell(milestoneCol+1, i+chartRow+1)); !strings.Contains(got, "年") {
			t.Errorf("milestone %d date %q", i+1, got)
		}
	}

	d := "数据"
	rows := rowsOf(t, f, d)
	if got := fmt.Sprint(rows[0]); got != "[年份 展会 国家 指标 数值 精确度 状态 数据依据 审计证书 首选 来源 备注 导入]" {
		t.Errorf("Data header %s", got)
	}
	statuses := map[string]bool{"实际": true, "计划": true, "预测": true}
	for i, row := range rows[1:] {
		if row[1] != "叶卡捷琳堡国际工业博览会" || row[2] != "中国" || !statuses[row[6]] {
			t.Errorf("Data row %d: %q", i+2, row)
		}
		if row[5] != "" && row[5] != "超过" && row[5] != "约" && row[5] != "至多" {
			t.Errorf("Data row %d qualifier %q", i+2, row[5])
		}
	}
	if got := fmt.Sprint(rowsOf(t, f, "来源")[2]); got != "[编号 来源 数据 大事记]" {
		t.Errorf("Sources header %s", got)
	}
	noRussian(t, f, o.Milestones)

	// A comparison.
	req = Request{Page: PageCompare, Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN", "JP"}}, Lang: zh}
	path, _ = writeXLSX(t, r, req, Options{}, t.TempDir())
	f = openXLSX(t, path)
	if got := fmt.Sprint(f.GetSheetList()); got != "[摘要 比较 数据 来源 指标定义]" {
		t.Fatalf("sheets %s", got)
	}
	if got := text(t, f, "摘要", "A1"); got != "叶卡捷琳堡国际工业博览会：各国比较" {
		t.Errorf("title %q", got)
	}
	if got := fmt.Sprint(rowsOf(t, f, "比较")[tableRow-1][:3]); got != "[年份 中国 日本]" {
		t.Errorf("header %s", got)
	}
	if got := text(t, f, "比较", cell(milestoneCol, chartRow-1)); got != "在全部外国参展商中的占比（%）" {
		t.Errorf("shares heading %q", got)
	}
	noRussian(t, f, nil)
}

// noRussian fails on any Cyrillic text in a workbook but the data's own:
// the sources and notes of the figures (on the Data sheet) and of the
// milestones, and the names of the standards the metrics follow ("ГОСТ Р
// ИСО 25639-1-2015, 2.1" is a designation, cited as it is), which the
// Chinese definitions cite too.
func noRussian(t *testing.T, f *excelize.File, ms []tradedash.Milestone) {
	t.Helper()
	own := map[string]bool{}
	for _, m := range tradedash.Metrics {
		if d, ok := reference.MetricByCode(m.Code); ok {
			own[d.Follows] = true
			// Reference data's own text, which cites a Russian standard
			// or word in any language ("按ГОСТ Р 53103-2008的定义").
			own[d.Definition("zh")] = true
		}
	}
	for _, m := range ms {
		own[m.Source], own[m.Note] = true, true
	}
	for _, s := range f.GetSheetList() {
		if strings.HasPrefix(s, "数据") {
			for _, row := range rowsOf(t, f, s)[1:] {
				for _, i := range []int{dataColSource, dataColNote} {
					if i < len(row) {
						own[row[i]] = true
					}
				}
			}
		}
	}
	for _, s := range f.GetSheetList() {
		for i, row := range rowsOf(t, f, s) {
			for j, v := range row {
				if !own[v] && strings.ContainsFunc(v, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
					t.Errorf("%s!%s is Russian: %q", s, cell(j+1, i+1), v)
				}
			}
		}
	}
}
