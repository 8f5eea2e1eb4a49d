package dashboard

import (
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"tradedash"
	"tradedash/queries"
)

var (
	chartBlock = regexp.MustCompile(`(?s)<script type="application/json" class="chart-option" data-chart="[a-z-]+">(.*?)</script>`)
	hrefAttr   = regexp.MustCompile(`(?i)href="([^"]*)"`)
)

// TestHostileData loads notes, sources and milestone titles that try to
// run script, and checks every page shows them as text.
func TestHostileData(t *testing.T) {
	ta := newTestApp(t, loadHostile)
	for _, target := range []string{"/", "/?lang=en", "/data", "/data?lang=en", "/compare?country=CN", "/imports"} {
		t.Run(target, func(t *testing.T) {
			status, body, _ := ta.get(t, target)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			checkPageHygiene(t, body)
			for _, bad := range []string{"<script>alert", "<img src=x", "</script><script>"} {
				if strings.Contains(body, bad) {
					t.Errorf("raw %q in the page", bad)
				}
			}
			for _, m := range hrefAttr.FindAllStringSubmatch(body, -1) {
				u := strings.ToLower(strings.TrimSpace(html.UnescapeString(m[1])))
				if !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
					t.Errorf("link to %q", m[1])
				}
			}
			if strings.HasPrefix(target, "/compare") {
				return // shows no free text
			}
			if target == "/imports" {
				if !strings.Contains(body, html.EscapeString(hostile[1])) {
					t.Errorf("the hostile file name is not shown as text")
				}
				return
			}
			if !strings.Contains(body, html.EscapeString(hostile[0])) && !strings.Contains(body, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("the hostile note is not shown as text")
			}
			for _, block := range chartBlock.FindAllStringSubmatch(body, -1) {
				js := block[1]
				if strings.Contains(js, "__f__") || strings.ContainsAny(js, "<>") {
					t.Errorf("chart option carries a marker or markup: %.200s", js)
				}
				var opt map[string]any
				if err := json.Unmarshal([]byte(js), &opt); err != nil {
					t.Fatalf("chart option is not JSON: %v", err)
				}
			}
		})
	}
	// The milestone titles reach the chart as data, intact: the browser
	// test shows they stay text there too.
	_, body, _ := ta.get(t, "/")
	blocks := chartBlock.FindAllStringSubmatch(body, -1)
	if len(blocks) != 1 {
		t.Fatalf("%d charts on the overview, want 1", len(blocks))
	}
	var opt any
	if err := json.Unmarshal([]byte(blocks[0][1]), &opt); err != nil {
		t.Fatal(err)
	}
	all := collectStrings(opt)
	for _, h := range hostile[:3] {
		if !strings.Contains(all, h) {
			t.Errorf("chart lost the text %q", h)
		}
	}
}

// collectStrings joins every string in a decoded JSON value.
func collectStrings(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
			b.WriteByte('\n')
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}

// TestImportsPageEscapesFileNames: a file name with a newline, a terminal
// escape or a right-to-left override shows escaped on the imports page,
// as the command line shows it, not just HTML-escaped: U+202E would
// reverse the rest of its row.
func TestImportsPageEscapesFileNames(t *testing.T) {
	names := []string{"line1\nFAKE 99 committed.csv", "red\x1b[31m.csv", "back\rFAKE.csv", "rtl\u202Evsc.csv", "bad\xffutf8.csv"}
	ta := newTestApp(t, func(t *testing.T, db *queries.DB) {
		for i, name := range names {
			mustImport(t, db, name, []tradedash.Figure{{
				Exhibition: "innoprom", Country: "CN", Metric: "exhibitors", Year: 2010 + i, Value: 1,
				Qualifier: tradedash.Exact, Status: tradedash.Actual, Source: "https://example.org/",
			}}, nil)
		}
	})
	for _, target := range []string{"/imports", "/imports?lang=en"} {
		status, body, _ := ta.get(t, target)
		if status != 200 {
			t.Fatalf("GET %s: %d", target, status)
		}
		if !utf8.ValidString(body) {
			t.Errorf("GET %s: invalid UTF-8 in the page", target)
		}
		for _, r := range body {
			if r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
				t.Errorf("GET %s: raw %U in the page", target, r)
			}
		}
		for _, name := range names {
			if !strings.Contains(body, html.EscapeString(strconv.Quote(name))) {
				t.Errorf("GET %s: %q is not shown escaped", target, name)
			}
		}
	}
}
