package queries_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"tradedash"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

var server *localdb.Server

func TestMain(m *testing.M) { queriestest.Main(m, &server) }

func figure(country, metric string, year int, value float64) tradedash.Figure {
	return tradedash.Figure{Exhibition: "innoprom", Country: country, Metric: metric, Year: year,
		Value: value, Qualifier: tradedash.Exact, Status: tradedash.Actual, Source: "https://example.org/s"}
}

// importFigures runs one whole import and returns its id and counts.
func importFigures(t *testing.T, db *queries.DB, figs ...tradedash.Figure) (uint64, queries.Counts) {
	t.Helper()
	id := queriestest.Import(t, db, "t.csv", figs, nil)
	log, err := db.Imports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range log {
		if imp.ID == id {
			return id, queries.Counts{Rows: imp.Rows, New: imp.New, Changed: imp.Changed, Unchanged: imp.Unchanged}
		}
	}
	t.Fatalf("import %d is not in the log", id)
	return 0, queries.Counts{}
}

func values(t *testing.T, db *queries.DB, f queries.FigureFilter) map[string]float64 {
	t.Helper()
	figs, err := db.Figures(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, fig := range figs {
		out[fmt.Sprintf("%s/%s/%d", fig.Country, fig.Metric, fig.Year)] = fig.Value
	}
	return out
}

func TestReaderCannotWrite(t *testing.T) {
	p := queriestest.New(t, server)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := p.Reader.BeginImport(ctx, queries.ImportMeta{File: "x"}, false); err == nil {
		t.Fatal("the reader started an import")
	}
	// Migrate runs no DDL on a current schema, so the reader is asked
	// for DDL directly.
	if err := p.Reader.Exec(ctx, "CREATE TABLE reader_ddl (a UInt8) ENGINE = Memory"); err == nil {
		t.Fatal("the reader ran DDL")
	}
	if _, err := p.Reader.Figures(ctx, queries.FigureFilter{Exhibitions: []string{"innoprom"}}); err != nil {
		t.Fatalf("the reader cannot read: %v", err)
	}
}

// TestUnreachableServerIsUnavailable checks that a server out of reach is
// an outage (503), not a query over its limit (504): a dial that times out
// also matches context.DeadlineExceeded.
func TestUnreachableServerIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	for _, tc := range []struct{ name, addr string }{
		{"closed port", closed},
		// 100::/64 is the IPv6 discard prefix: a dial there is never
		// answered and runs out of the dial timeout.
		{"blackhole", "[100::1]:9000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := queries.Open(context.Background(), "clickhouse://u:p@"+tc.addr+"/tradedash")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = db.Ping(ctx)
			if !errors.Is(err, tradedash.ErrUnavailable) || errors.Is(err, tradedash.ErrQueryLimit) {
				t.Fatalf("ping %s: %v; want ErrUnavailable, not ErrQueryLimit", tc.addr, err)
			}
		})
	}
}
