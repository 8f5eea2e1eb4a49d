// Package queriestest gives tests a fresh, migrated database of their own on
// a real ClickHouse server, so tests of every package can share one managed
// server without seeing each other's data. With TRADEDASH_TEST_CLUSTER=1, a
// package whose TestMain is Main runs every such test against a local
// cluster instead (2 shards of 2 replicas, see localdb.StartCluster), so
// that no path can work on one server and not on a cluster.
package queriestest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"tradedash"
	"tradedash/localdb"
	"tradedash/localdb/clustertest"
	"tradedash/localdb/localdbtest"
	"tradedash/queries"
)

// ClusterEnv is the environment variable that, set to 1, makes Main start
// a local cluster rather than a managed server.
const ClusterEnv = "TRADEDASH_TEST_CLUSTER"

// cluster is the test binary's cluster, when Main started one.
var cluster *localdb.Cluster

// Main is for TestMain: it starts one managed server for the whole test
// binary and stores it in *dst (localdbtest.Main) or, when ClusterEnv is
// 1, one local cluster (clustertest.Main), leaving *dst nil; New then
// makes its databases on the cluster. It exits with the tests' status.
//
//	var server *localdb.Server
//
//	func TestMain(m *testing.M) { queriestest.Main(m, &server) }
func Main(m *testing.M, dst **localdb.Server) {
	if os.Getenv(ClusterEnv) == "1" {
		clustertest.Main(m, &cluster)
		return
	}
	localdbtest.Main(m, dst)
}

// Options are what queries.Open needs besides the URL to open a database of
// New: the cluster's name, on a cluster.
func Options() []queries.Option {
	if cluster == nil {
		return nil
	}
	return []queries.Option{queries.OnCluster(localdb.ClusterName)}
}

// URLs returns the writer's and the reader's URL of srv's default
// database, or of the cluster Main started when srv is nil.
func URLs(srv *localdb.Server) (writer, reader string) {
	if srv == nil && cluster != nil {
		return cluster.WriterURL(), cluster.ReaderURL()
	}
	return srv.WriterURL(), srv.ReaderURL()
}

// Pair is a migrated test database opened as the writer and as the
// read-only reader. Options are what queries.Open needs besides the URLs
// to open it again.
type Pair struct {
	Writer, Reader       *queries.DB
	WriterURL, ReaderURL string
	Options              []queries.Option
}

// New creates a database with a random name on srv, or on the cluster Main
// started when srv is nil (Main leaves the package's server nil then; a
// test that starts a server of its own gets a database there), migrates
// it (on a cluster: copies a migrated one, see template), and opens it as
// writer and reader. Both are closed when the test ends.
func New(t testing.TB, srv *localdb.Server) Pair {
	t.Helper()
	if srv == nil && cluster == nil {
		t.Fatal("queriestest.New: no server, and no cluster (is TestMain queriestest.Main?)")
	}
	name := randomName("test_")
	w, r := URLs(srv)
	p := Pair{WriterURL: withDatabase(t, w, name), ReaderURL: withDatabase(t, r, name)}
	ctx := context.Background()
	if srv == nil {
		p.Options = Options()
		copyTemplate(t, name)
	}
	var err error
	if p.Writer, err = queries.Open(ctx, p.WriterURL, p.Options...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Writer.Close() })
	if err := p.Writer.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if p.Reader, err = queries.Open(ctx, p.ReaderURL, p.Options...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Reader.Close() })
	return p
}

func withDatabase(t testing.TB, raw, db string) string {
	t.Helper()
	u, err := withDatabaseURL(raw, db)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func withDatabaseURL(raw, db string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	u.Path = "/" + db
	return u.String(), nil
}

// randomName is prefix and 12 random hex digits.
func randomName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
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
