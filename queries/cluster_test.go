package queries_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"tradedash"
	"tradedash/localdb"
	"tradedash/localdb/clustertest"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestCommitNeedsEveryReplica: on a cluster with one replica of a shard
// killed, an import is not committed: the error names the replica and is
// an outage (exit code 3 at the command line), and nothing of the import
// is visible; the imports before it still read. After the replica
// restarts, the same import commits, and every replica holds its rows.
// It starts a cluster of its own, since it kills a node.
func TestCommitNeedsEveryReplica(t *testing.T) {
	c := clustertest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	open := func(raw string) *queries.DB {
		t.Helper()
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/tradedash"
		db, err := queries.Open(ctx, u.String(), queries.OnCluster(localdb.ClusterName))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	writer, reader := open(c.WriterURL()), open(c.ReaderURL())
	if err := writer.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Countries enough that both shards hold figures.
	var first, second []tradedash.Figure
	for i, country := range []string{"CN", "RU", "KZ", "IN", "BY", "UZ", "TR", "DE"} {
		first = append(first, figure(country, "companies", 2023, float64(100+i)))
		second = append(second, figure(country, "companies", 2023, float64(200+i)))
	}
	queriestest.Import(t, writer, "first.csv", first, nil)

	killed := len(c.Nodes()) - 1 // the second replica of the last shard
	if err := c.Kill(killed); err != nil {
		t.Fatal(err)
	}
	imp, err := writer.BeginImport(ctx, queries.ImportMeta{File: "second.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range second {
		if err := imp.AddFigure(ctx, f, i+2); err != nil {
			t.Fatal(err)
		}
	}
	_, err = imp.Commit(ctx)
	if err == nil {
		t.Fatal("committed with a replica down")
	}
	if !errors.Is(err, tradedash.ErrUnavailable) || !strings.Contains(err.Error(), c.Nodes()[killed].Addr()) {
		t.Errorf("the error is no outage naming %s: %v", c.Nodes()[killed].Addr(), err)
	}
	t.Logf("commit: %v", err)
	if err := imp.Abort(ctx, err.Error()); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, f := range first {
		want[fmt.Sprintf("%s/%s/%d", f.Country, f.Metric, f.Year)] = f.Value
	}
	if got := values(t, reader, queries.FigureFilter{}); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("with the import refused, the reader sees %v, want %v", got, want)
	}

	if err := c.Restart(ctx, killed); err != nil {
		t.Fatal(err)
	}
	id := queriestest.Import(t, writer, "second.csv", second, nil)
	for _, f := range second {
		want[fmt.Sprintf("%s/%s/%d", f.Country, f.Metric, f.Year)] = f.Value
	}
	if got := values(t, reader, queries.FigureFilter{}); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the restart, the reader sees %v, want %v", got, want)
	}
	total := uint64(0)
	byShard := map[int]uint64{}
	for i, n := range c.Nodes() {
		rows := nodeCount(t, ctx, c.NodeWriterURL(i), id)
		if r, ok := byShard[n.Shard]; ok && r != rows {
			t.Errorf("%s holds %d rows of import %d, the other replica of shard %d %d", n.Addr(), rows, id, n.Shard, r)
		}
		if _, ok := byShard[n.Shard]; !ok {
			total += rows
		}
		byShard[n.Shard] = rows
		t.Logf("%s (shard %d): %d rows of import %d", n.Addr(), n.Shard, rows, id)
	}
	if total != uint64(len(second)) {
		t.Errorf("the shards hold %d rows of import %d, want %d", total, id, len(second))
	}
}

// nodeCount counts the rows of an import on one node's own table.
func nodeCount(t *testing.T, ctx context.Context, raw string, id uint64) uint64 {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/tradedash"
	db, err := queries.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.NodeRows(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
