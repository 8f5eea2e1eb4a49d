package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tradedash/queries/queriestest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine to write while
// the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeLoadsSampleAndStops runs `tradedash serve --load-sample` as the
// README's run command does, reads the dashboard through it, and stops it
// the way Ctrl+C does.
func TestServeLoadsSampleAndStops(t *testing.T) {
	db := queriestest.New(t, server)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--clickhouse", db.WriterURL, "--clickhouse-reader", db.ReaderURL,
			"serve", "--load-sample", "--addr", "127.0.0.1:0"}, func(string) string { return "" }, &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s%s", err, stdout.String(), stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve printed no address:\n%s%s", stdout.String(), stderr.String())
		}
		base = addr.FindString(stdout.String())
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(stdout.String(), "79 rows: 79 new") {
		t.Errorf("the sample data was not loaded:\n%s", stdout.String())
	}
	for path, want := range map[string]string{
		"readyz": "",
		"api/v1/figures?exhibition=innoprom&country=CN&metric=companies": `"year":2023,"value":400,"qualifier":"over"`,
		"?lang=en": "INNOPROM",
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET /%s: %d, lacks %q", path, resp.StatusCode, want)
		}
	}
	// With no --base-url, the report links back to the address serve
	// listens on, whatever Host the request names.
	req, _ := http.NewRequest(http.MethodGet, base+"download/report.xlsx?lang=en", nil)
	req.Host = "forged.example"
	req.Header.Set("X-Forwarded-Host", "forged.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if link := permalink(t, wb); !strings.HasPrefix(link, base+"?") {
		t.Errorf("the report links back to %q, want %s?…", link, base)
	}
	wb.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after Ctrl+C: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stderr.String(), `"msg":"request"`) {
		t.Errorf("no structured access log:\n%s", stderr.String())
	}
}

// permalink returns the report's link back to its view, from the summary.
func permalink(t *testing.T, wb *excelize.File) string {
	t.Helper()
	rows, err := wb.GetRows(wb.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 1 && (r[0] == "This view on the dashboard" || r[0] == "Этот вид на дашборде") {
			return r[1]
		}
	}
	t.Fatal("no link back to the view on the summary sheet")
	return ""
}

// TestBaseURLFlag: --base-url must be an http or https address without a
// query or fragment, for serve and export alike.
func TestBaseURLFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.xlsx")
	for _, bad := range []string{"ftp://example.org", "example.org", "http://example.org/?a=b", "http://example.org/#x", "http://u:p@example.org"} {
		if _, errOut, code := runTD(t, "clickhouse://x@127.0.0.1:1/db", "serve", "--base-url", bad); code != exitUsage || !strings.Contains(errOut, "--base-url") {
			t.Errorf("serve --base-url %s: exit %d, want %d: %s", bad, code, exitUsage, errOut)
		}
		if _, errOut, code := runTD(t, "clickhouse://x@127.0.0.1:1/db", "export", "--out", out, "--base-url", bad); code != exitUsage || !strings.Contains(errOut, "--base-url") {
			t.Errorf("export --base-url %s: exit %d, want %d: %s", bad, code, exitUsage, errOut)
		}
	}
}
