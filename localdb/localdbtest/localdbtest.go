// Package localdbtest starts managed ClickHouse servers for tests. A test
// that needs ClickHouse fails when clickhouse-server is missing, with the
// install hint, rather than skipping: a skipped test would hide that it
// never ran.
package localdbtest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"tradedash/localdb"
)

// startTimeout bounds a start in tests, generously for a loaded CI machine.
const startTimeout = 60 * time.Second

// Start starts a server of its own for t in a temporary directory and stops
// it when t and its subtests end. Register it before opening connections,
// so that they close before the server stops.
func Start(t testing.TB) *localdb.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	s, err := localdb.Start(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// Main is for TestMain: it starts one server for the whole test binary,
// stores it in *dst, runs the tests and exits with their status, after
// stopping the server and removing its directory. If the server cannot
// start, it reports why and exits with status 1, so the package fails.
//
//	var db *localdb.Server
//
//	func TestMain(m *testing.M) { localdbtest.Main(m, &db) }
func Main(m *testing.M, dst **localdb.Server) {
	os.Exit(run(m, dst))
}

func run(m *testing.M, dst **localdb.Server) int {
	dir, err := os.MkdirTemp("", "tradedash-localdb-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "localdbtest:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	s, err := localdb.Start(ctx, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: localdbtest:", err)
		return 1
	}
	*dst = s
	code := m.Run()
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: localdbtest:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}
