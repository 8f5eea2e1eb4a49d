package dashboard

import (
	"context"
	"strings"
	"testing"
	"time"

	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/view"
)

// TestDatabaseDownThenUp stops ClickHouse under a running dashboard: pages
// answer 503 with a localized message, and once ClickHouse is back the same
// app serves again, with no restart.
func TestDatabaseDownThenUp(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	srv, err := localdb.Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	writer, reader := mustOpenDatabase(t, srv)
	loadSample(t, writer)
	writer.Close()

	app, err := New(Config{DB: reader, Log: testLogger(t), Views: view.Options{CacheRows: 1000, VintageTTL: 50 * time.Millisecond}, QueryTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ta := &testApp{app: app, reader: reader}
	if status, _, _ := ta.get(t, "/?lang=en"); status != 200 {
		t.Fatalf("before the outage: %d", status)
	}

	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // past the vintage TTL: the cache must not hide the outage
	for _, tt := range []struct{ target, want string }{
		{"/?lang=en", "The data server is not answering right now."},
		{"/", "Сервер данных сейчас не отвечает."},
		{"/data", "Сервер данных сейчас не отвечает."},
		{"/api/v1/figures?exhibition=innoprom&country=CN", `"error":`},
		{"/readyz", `"unavailable"`},
	} {
		status, body, h := ta.get(t, tt.target)
		if status != 503 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s while down = %d, want 503 with %q; body %.300s", tt.target, status, tt.want, body)
		}
		if tt.target != "/readyz" && h.Get("Retry-After") == "" {
			t.Errorf("GET %s while down: no Retry-After", tt.target)
		}
	}
	if status, _, _ := ta.get(t, "/healthz"); status != 200 {
		t.Errorf("healthz while the database is down = %d, want 200: the process is up", status)
	}

	srv, err = localdb.Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, body, _ := ta.get(t, "/?lang=en")
		if status == 200 && strings.Contains(body, "INNOPROM · China") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after ClickHouse came back the dashboard still answers %d", status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, target := range []string{"/readyz", "/data", "/api/v1/figures?exhibition=innoprom&country=CN"} {
		if status, _, _ := ta.get(t, target); status != 200 {
			t.Errorf("GET %s after recovery = %d", target, status)
		}
	}
}

// TestUnreachableDatabaseIsAnOutage: a database whose address never
// answers makes pages 503, not 504. The dial times out, and a timed-out
// dial also matches context.DeadlineExceeded, which alone means a query
// over its limit.
func TestUnreachableDatabaseIsAnOutage(t *testing.T) {
	// 100::/64 is the IPv6 discard prefix: nothing there answers.
	reader, err := queries.Open(context.Background(), "clickhouse://u:p@[100::1]:9000/tradedash")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	app, err := New(Config{DB: reader, Log: testLogger(t), QueryTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ta := &testApp{app: app, reader: reader}
	if status, body, _ := ta.get(t, "/?lang=en"); status != 503 || !strings.Contains(body, "The data server is not answering right now.") {
		t.Fatalf("GET / with the database out of reach = %d, want 503; body %.300s", status, body)
	}
}
