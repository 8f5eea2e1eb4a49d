package dashboard

import (
	"context"
	"strings"
	"testing"
	"time"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/queries"
	"tradedash/queries/queriestest"
	"tradedash/view"
)

// TestQueryOverItsLimitIsNotAnOutage: a read that ClickHouse stops at a
// limit (here max_result_rows, set for the connection), or that runs past the
// request's deadline, is answered 504 with a message that says so and
// offers a narrower filter, in the reader's language;
// not the 503 of an outage, and /readyz stays 200. A narrow read on the
// same app still works.
func TestQueryOverItsLimitIsNotAnOutage(t *testing.T) {
	p := queriestest.New(t, clickhouse)
	var figs []tradedash.Figure
	if err := synth.Figures(20_000, 3, func(f tradedash.Figure) error { figs = append(figs, f); return nil }); err != nil {
		t.Fatal(err)
	}
	mustImport(t, p.Writer, "synthetic.csv", figs, nil)
	// The limit is set through the writer's connection: the reader runs
	// under readonly=1, where ClickHouse 18.16 ignores settings a client
	// sends (its own profile bounds it; see localdb).
	limited, err := queries.Open(context.Background(), p.WriterURL+"?max_result_rows=1000", p.Options...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { limited.Close() })

	for _, tt := range []struct {
		name    string
		db      *queries.DB
		timeout time.Duration
	}{
		{"ClickHouse limit", limited, 10 * time.Second},
		{"deadline", p.Reader, time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app, err := New(Config{DB: tt.db, Log: testLogger(t), Views: view.Options{CacheRows: -1}, QueryTimeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			ta := &testApp{app: app, reader: tt.db}
			for _, r := range []struct{ target, want string }{
				{"/api/v1/figures?lang=en", "The query did not finish in the time one page may take"},
				{"/data?lang=en", "Narrow the filter (exhibition, country, metric, years)"},
				{"/data", "Запрос не уложился во время, отведённое одной странице"},
			} {
				status, body, h := ta.get(t, r.target)
				if status != 504 || !strings.Contains(body, r.want) {
					t.Errorf("GET %s = %d, want 504 with %q; body %.300s", r.target, status, r.want, body)
				}
				if h.Get("Retry-After") != "" {
					t.Errorf("GET %s: Retry-After on a query over its limit: nothing is down", r.target)
				}
			}
			if status, body, _ := ta.get(t, "/readyz"); status != 200 {
				t.Errorf("readyz = %d while the database is up: %s", status, body)
			}
			if tt.timeout > time.Second {
				if status, _, _ := ta.get(t, "/api/v1/figures?exhibition=innoprom&country=CN&metric=participants_reported"); status != 200 {
					t.Errorf("a narrow read = %d, want 200", status)
				}
			}
		})
	}
}
