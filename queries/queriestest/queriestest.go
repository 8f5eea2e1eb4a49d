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
