package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
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
	sv := startServe(t, "--clickhouse", db.WriterURL, "--clickhouse-reader", db.ReaderURL,
		"serve", "--load-sample", "--addr", "127.0.0.1:0")
	stdout, stderr, base := &sv.stdout, &sv.stderr, sv.base
	if !strings.Contains(stdout.String(), "141 rows: 141 new") { // 79 figure claims, 22 milestones, 40 trade flows
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
	sv.stop(t)
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

// serving is a `tradedash serve` running in the test's process.
type serving struct {
	base           string // the address it printed, "http://127.0.0.1:PORT/"
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan error
}

// startServe runs tradedash with args (a serve command) and returns once
// it prints the dashboard's address. The test stops it (as Ctrl+C does)
// when it ends, if it has not with stop.
func startServe(t *testing.T, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sv := &serving{cancel: cancel, done: make(chan error, 1)}
	go func() { sv.done <- run(ctx, args, func(string) string { return "" }, &sv.stdout, &sv.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-sv.done:
		case <-time.After(30 * time.Second):
		}
	})
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	for deadline := time.Now().Add(60 * time.Second); sv.base == ""; {
		select {
		case err := <-sv.done:
			sv.done <- err
			t.Fatalf("serve ended: %v\n%s%s", err, sv.stdout.String(), sv.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve printed no address:\n%s%s", sv.stdout.String(), sv.stderr.String())
		}
		sv.base = addr.FindString(sv.stdout.String())
		time.Sleep(20 * time.Millisecond)
	}
	return sv
}

// stop stops serve as Ctrl+C does and checks that it ends cleanly.
func (sv *serving) stop(t *testing.T) {
	t.Helper()
	sv.cancel()
	select {
	case err := <-sv.done:
		sv.done <- err
		if err != nil {
			t.Fatalf("serve after Ctrl+C: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestServeRestartsKilledClickHouse: when the managed ClickHouse that serve
// started is killed, serve starts it again by itself, the dashboard is
// ready again within seconds, and the log says so.
func TestServeRestartsKilledClickHouse(t *testing.T) {
	dir := t.TempDir()
	sv := startServe(t, "--data-dir", dir, "serve", "--addr", "127.0.0.1:0")
	ready := func() bool {
		resp, err := http.Get(sv.base + "readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	if !ready() {
		t.Fatalf("not ready before the kill:\n%s", sv.stderr.String())
	}
	pid := serverPID(t, dir)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	for time.Since(begin) < 200*time.Millisecond || !ready() {
		if time.Since(begin) > 30*time.Second {
			t.Fatalf("/readyz not 200 within 30 s of killing ClickHouse:\n%s", sv.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("/readyz answered 200 again %v after SIGKILL", time.Since(begin).Round(time.Millisecond))
	if now := serverPID(t, dir); now == pid {
		t.Fatalf("still the killed server's pid %d", pid)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(sv.stderr.String(), `"msg":"managed ClickHouse restarted"`); {
		if time.Now().After(deadline) {
			t.Fatalf("the log does not tell of the restart:\n%s", sv.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(sv.stderr.String(), `"msg":"managed ClickHouse stopped; restarting it"`) {
		t.Errorf("the log does not tell of the stop:\n%s", sv.stderr.String())
	}
	sv.stop(t)
}

// serverPID reads the pid of the managed server from its server.json.
func serverPID(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "clickhouse", "server.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ PID int }
	if err := json.Unmarshal(b, &st); err != nil || st.PID == 0 {
		t.Fatalf("server.json %s: %v", b, err)
	}
	return st.PID
}
