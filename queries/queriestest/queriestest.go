// Package queriestest gives tests a fresh, migrated database of their own on
// a real ClickHouse server, so tests of every package can share one managed
// server without seeing each other's data.
package queriestest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"testing"

	"tradedash"
	"tradedash/localdb"
	"tradedash/queries"
)

// Pair is a migrated test database opened as the writer and as the
// read-only reader.
type Pair struct {
	Writer, Reader       *queries.DB
	WriterURL, ReaderURL string
}

// New creates a database with a random name on srv, migrates it, and opens
// it as writer and reader. Both are closed when the test ends.
func New(t testing.TB, srv *localdb.Server) Pair {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "test_" + hex.EncodeToString(b[:])
	p := Pair{WriterURL: withDatabase(t, srv.WriterURL(), name), ReaderURL: withDatabase(t, srv.ReaderURL(), name)}
	ctx := context.Background()
	var err error
	if p.Writer, err = queries.Open(ctx, p.WriterURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Writer.Close() })
	if err := p.Writer.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if p.Reader, err = queries.Open(ctx, p.ReaderURL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Reader.Close() })
	return p
}

func withDatabase(t testing.TB, raw, db string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	return u.String()
}

// Import writes figures and milestones as one committed import named file,
// each at its row as if read from a file with a header row, and returns
// the import's id.
func Import(t testing.TB, db *queries.DB, file string, figs []tradedash.Figure, ms []tradedash.Milestone) uint64 {
	t.Helper()
	ctx := context.Background()
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: file}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range figs {
		if err := imp.AddFigure(ctx, f, i+2); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range ms {
		imp.AddMilestone(m, i+2)
	}
	if _, err := imp.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return imp.ID()
}

// ImportTrade writes trade flows as one committed import named file, each
// at its row as if read from a file with a header row, and returns the
// import's id and counts.
func ImportTrade(t testing.TB, db *queries.DB, file string, flows []tradedash.TradeFlow) (uint64, queries.Counts) {
	t.Helper()
	ctx := context.Background()
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: file}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range flows {
		if err := imp.AddTradeFlow(ctx, f, i+2); err != nil {
			t.Fatal(err)
		}
	}
	c, err := imp.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return imp.ID(), c
}
