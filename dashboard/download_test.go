package dashboard

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"tradedash/report"
	"tradedash/view"
)

func openWorkbook(t *testing.T, body string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body), excelize.Options{UnzipSizeLimit: 100 << 20, UnzipXMLSizeLimit: 50 << 20})
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestDownloadLinksAndFiles follows the download links of each page and
// checks what they give: the report of the page's view, its CSV, the
// template.
func TestDownloadLinksAndFiles(t *testing.T) {
	ta := newTestApp(t, loadSample)
	today := time.Now().UTC().Format("2006-01-02")
	for _, c := range []struct {
		page, page2 string
		sheets      string
		file        string
	}{
		{"/?lang=ru", "overview", "[Сводка Динамика Данные Источники Определения]", "tradedash_innoprom_CN_2011-2025_" + today + ".xlsx"},
		{"/compare?lang=en&country=CN,JP", "compare", "[Summary Comparison Data Sources Definitions]", "tradedash_compare_innoprom_CN-JP_participants_reported_2015-2025_" + today + ".xlsx"},
		{"/data?lang=en&exhibition=innoprom&sort=-year", "data", "[Summary Data Sources Definitions]", "tradedash_data_innoprom_" + today + ".xlsx"},
		{"/pair?lang=zh&a=RU&b=CN", "pair", "[摘要 贸易 参展 大事记 数据 来源 指标定义]", "tradedash_pair_RU-CN_2010-2025_" + today + ".xlsx"},
	} {
		status, body, _ := ta.get(t, c.page)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", c.page, status)
		}
		links := map[string]string{}
		for _, m := range regexp.MustCompile(`href="(/download/[^"]+)"`).FindAllStringSubmatch(body, -1) {
			u := html.UnescapeString(m[1])
			links[u[:strings.IndexAny(u+"?", "?")]] = u
		}
		rep, csv, tpl, trade := links[pathReport], links[pathCSV], links[pathTemplate], links[pathTradeTemplate]
		if !strings.Contains(rep, "page="+c.page2) || csv == "" || tpl == "" || trade == "" {
			t.Fatalf("%s: download links %v", c.page, links)
		}
		status, body, hdr := ta.get(t, rep)
		if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Fatalf("GET %s: %d %s %.200s", rep, status, hdr.Get("Content-Type"), body)
		}
		if got := hdr.Get("Content-Disposition"); got != `attachment; filename="`+c.file+`"` {
			t.Errorf("%s: Content-Disposition %q, want %s", rep, got, c.file)
		}
		if got := openWorkbook(t, body).GetSheetList(); strings.Join(got, " ") != strings.Trim(c.sheets, "[]") {
			t.Errorf("%s: sheets %v, want %s", rep, got, c.sheets)
		}
		status, body, hdr = ta.get(t, csv)
		if status != http.StatusOK || !strings.HasPrefix(body, "\ufeff") || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
			t.Errorf("GET %s: %d %s %.100q", csv, status, hdr.Get("Content-Type"), body)
		}
		status, body, _ = ta.get(t, tpl)
		// The template's data, instructions, the metrics' definitions
		// and the lists its drop-downs read.
		if status != http.StatusOK || len(openWorkbook(t, body).GetSheetList()) != 4 {
			t.Errorf("GET %s: %d", tpl, status)
		}
		// The trade template: its Data sheet is headed by the trade
		// sheet's columns in the page's language.
		status, body, hdr = ta.get(t, trade)
		if status != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "tradedash_trade_template_") {
			t.Fatalf("GET %s: %d %s", trade, status, hdr.Get("Content-Disposition"))
		}
		wb := openWorkbook(t, body)
		head, _ := wb.GetRows(wb.GetSheetList()[0])
		if len(head) < 2 || !slices.Contains(head[1], "Reporter") {
			t.Errorf("GET %s: header rows %q, want the English trade header under the page's", trade, head)
		}
	}
	// The CSV's delimiter follows the language, or sep=.
	for target, head := range map[string]string{
		pathCSV + "?page=data&lang=ru":               "\ufeffГод;Выставка;",
		pathCSV + "?page=data&lang=en":               "\ufeffYear,Exhibition,",
		pathCSV + "?page=data&lang=en&sep=semicolon": "\ufeffYear;Exhibition;",
		pathCSV + "?page=pair&a=RU&b=CN&lang=en":     "\ufeffReporter,Partner,Flow,Year,",
		pathCSV + "?page=pair&a=CN&b=RU&lang=ru":     "\ufeffОтчитывающаяся страна;Страна-партнёр;",
	} {
		if _, body, _ := ta.get(t, target); !strings.HasPrefix(body, head) {
			t.Errorf("GET %s: %.40q, want %q…", target, body, head)
		}
	}
	// Bad parameters are a 400 with the page's message, as on every page.
	for target, want := range map[string]string{
		pathReport + "?country=XX&lang=en":       "Unknown country code",
		pathReport + "?page=pie&lang=ru":         "Неверный параметр page",
		pathReport + "?page=pair&a=XX&lang=en":   "Unknown country code",
		pathCSV + "?page=pair&a=CN&b=CN&lang=en": "CN",
		pathCSV + "?sep=tab&lang=en":             "Invalid parameter sep",
		pathTemplate + "?lang=zz":                "Неизвестный язык «zz»: доступны ru, en, zh.",
		pathTemplate + "?lang=%ff":               "Параметр lang — не текст",
	} {
		if status, body, _ := ta.get(t, target); status != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want 400 saying %q", target, status, want)
		}
	}
	// No links on an error page.
	if _, body, _ := ta.get(t, "/nope"); strings.Contains(body, "/download/") {
		t.Error("an error page offers downloads")
	}
}

// TestDownloadSameAsReport: the web download is the report package's
// workbook for the same request, cell for cell.
func TestDownloadSameAsReport(t *testing.T) {
	ta := newTestApp(t, loadSample)
	_, web, _ := ta.get(t, pathReport+"?exhibition=innoprom&country=CN&lang=en")
	req, err := report.ParseRequest(map[string][]string{"exhibition": {"innoprom"}, "country": {"CN"}, "lang": {"en"}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.New(view.New(ta.reader, view.Options{}), ta.reader).Prepare(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := rep.WriteXLSX(t.Context(), &buf, report.Options{BaseURL: report.DefaultBaseURL}); err != nil {
		t.Fatal(err)
	}
	sameCells(t, openWorkbook(t, web), openWorkbook(t, buf.String()), "Report generated")
}

// sameCells compares every cell of every sheet of two workbooks, except
// the rows labelled skip (the generation time).
func sameCells(t *testing.T, a, b *excelize.File, skip string) {
	t.Helper()
	if strings.Join(a.GetSheetList(), "|") != strings.Join(b.GetSheetList(), "|") {
		t.Fatalf("sheets %v and %v", a.GetSheetList(), b.GetSheetList())
	}
	for _, s := range a.GetSheetList() {
		ra, _ := a.GetRows(s)
		rb, _ := b.GetRows(s)
		if len(ra) != len(rb) {
			t.Errorf("%s: %d and %d rows", s, len(ra), len(rb))
			continue
		}
		for i := range ra {
			if len(ra[i]) > 0 && ra[i][0] == skip {
				continue
			}
			if strings.Join(ra[i], "|") != strings.Join(rb[i], "|") {
				t.Errorf("%s row %d: %q and %q", s, i+1, ra[i], rb[i])
			}
		}
	}
}

// TestDownloadLimits: a view larger than a download may be is a 413, a
// download while the server makes as many as it allows a 429 with
// Retry-After, each with a message in the reader's language.
func TestDownloadLimits(t *testing.T) {
	ta := newTestApp(t, loadSample)
	h := &handler{db: ta.reader, views: view.New(ta.reader, view.Options{}), log: testLogger(t), timeout: 10 * time.Second}
	var err error
	if h.static, err = loadStatic(); err != nil {
		t.Fatal(err)
	}
	if h.tpl, err = loadTemplates(); err != nil {
		t.Fatal(err)
	}
	d := &downloads{h: h, reports: report.New(h.views, h.db), limit: report.NewLimiter(1, 5)}
	app := fiber.New(fiber.Config{ErrorHandler: h.handleError, Immutable: true})
	app.Get(pathReport, d.report)
	app.Get(pathCSV, d.csv)
	get := func(target string) (int, string, http.Header) {
		resp, err := app.Test(httptestRequest(target), 30_000)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String(), resp.Header
	}
	status, body, _ := get(pathCSV + "?page=data&lang=ru")
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "больше 5 цифр") {
		t.Errorf("a download past the limit: %d %.300s", status, body)
	}
	if status, _, _ := get(pathReport + "?page=data&lang=en&exhibition=innoprom&country=JP"); status != http.StatusOK {
		t.Errorf("a download within the limit: %d", status)
	}
	release, err := d.limit.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	status, body, hdr := get(pathReport + "?lang=en")
	release()
	if status != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" || !strings.Contains(body, "Try again in a minute") {
		t.Errorf("a download while the server is busy: %d %q %.300s", status, hdr.Get("Retry-After"), body)
	}
}

func httptestRequest(target string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, "http://example.com"+target, nil)
	return req
}

// TestDocumentsIgnoreRequestHeaders: a forged Host or X-Forwarded-Host must
// not put its address into the workbook an official forwards. Links in
// documents are built on the configured base URL only, and no other
// request header (Referer, User-Agent, Accept-Language beyond the choice
// of language, X-Forwarded-*) reaches a page or a file.
func TestDocumentsIgnoreRequestHeaders(t *testing.T) {
	writer, reader := mustOpenDatabase(t, clickhouse)
	loadSample(t, writer)
	const base = "https://dashboard.example.org/trade"
	app, err := New(Config{DB: reader, Log: testLogger(t), BaseURL: base + "/"})
	if err != nil {
		t.Fatal(err)
	}
	forged := map[string]string{
		"X-Forwarded-Host":   "forged-fwd.example",
		"X-Forwarded-Proto":  "forgedproto",
		"X-Forwarded-For":    "203.0.113.66",
		"X-Forwarded-Port":   "6666",
		"X-Forwarded-Prefix": "/forged-prefix",
		"Forwarded":          "host=forged-fwd2.example;proto=https",
		"X-Real-Ip":          "203.0.113.67",
		"Referer":            "http://forged-referer.example/page",
		"Origin":             "http://forged-origin.example",
		"User-Agent":         "forged-agent/1.0",
		"Accept-Language":    "en-forgedlang, en;q=0.9",
	}
	marks := []string{"forged", "203.0.113.6"}
	for _, target := range []string{
		pathReport + "?exhibition=innoprom&country=CN",
		pathReport + "?page=compare&country=CN,JP",
		pathReport + "?page=data&exhibition=innoprom",
		pathCSV + "?page=data&exhibition=innoprom",
		pathTemplate,
		"/", "/compare?country=CN,JP", "/data", "/imports", "/nope", "/?from=abc",
		"/api/v1/figures?exhibition=innoprom&country=CN&metric=participants_reported",
		"/api/v1/milestones?exhibition=innoprom&country=CN",
		"/readyz",
	} {
		req := httptest.NewRequest(http.MethodGet, "http://forged-host.example"+target, nil)
		req.Host = "forged-host.example"
		for k, v := range forged {
			req.Header.Set(k, v)
		}
		resp, err := app.Test(req, 30_000)
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{"body": string(body)}
		for k, v := range resp.Header {
			texts["header "+k] = strings.Join(v, "\n")
		}
		if strings.HasSuffix(strings.Split(target, "?")[0], ".xlsx") {
			// Every part of the workbook: cells, shared strings, links,
			// document properties.
			zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
			if err != nil {
				t.Fatalf("GET %s: %d, not a workbook: %v", target, resp.StatusCode, err)
			}
			for _, zf := range zr.File {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					t.Fatal(err)
				}
				texts[zf.Name] = string(b)
			}
		}
		for part, text := range texts {
			for _, m := range marks {
				if i := strings.Index(text, m); i >= 0 {
					t.Errorf("GET %s: %s carries %q: …%s…", target, part, m, text[max(0, i-80):min(len(text), i+80)])
				}
			}
		}
		if resp.StatusCode != http.StatusOK && target != "/nope" && target != "/?from=abc" {
			t.Errorf("GET %s: %d", target, resp.StatusCode)
		}
		if target == pathReport+"?exhibition=innoprom&country=CN" {
			if !strings.Contains(texts["xl/sharedStrings.xml"], base+"/?country=CN&amp;exhibition=innoprom") {
				t.Errorf("the report's link back does not use the configured base %s", base)
			}
			if !strings.Contains(texts["docProps/core.xml"], base+"/?") {
				t.Errorf("the report's subject does not use the configured base:\n%s", texts["docProps/core.xml"])
			}
		}
	}
}

// TestBaseURLIsValidated: a base URL that would make broken or misleading
// links is refused when the dashboard is made.
func TestBaseURLIsValidated(t *testing.T) {
	_, reader := mustOpenDatabase(t, clickhouse)
	for _, bad := range []string{"ftp://example.org", "javascript:alert(1)", "example.org", "http://", "http://u:p@example.org",
		"http://example.org/?a=b", "http://example.org/#top", "http://example.org/?"} {
		if _, err := New(Config{DB: reader, BaseURL: bad}); err == nil {
			t.Errorf("base URL %q accepted", bad)
		}
	}
	for _, good := range []string{"http://127.0.0.1:8080", "https://dashboard.example.org/trade/"} {
		if _, err := New(Config{DB: reader, BaseURL: good}); err != nil {
			t.Errorf("base URL %q: %v", good, err)
		}
	}
}
