package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash/localdb"
	"tradedash/localdb/clustertest"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestToCluster moves a single server's database, with a re-import that
// changed a figure and a rolled-back trade import, to a local cluster, and
// reads it back through the cluster's reader: the same figures, trade
// flows, milestones, history and import log. The dry run and the move
// leave the source as it was; a second move is refused; a copy that
// differs from its source fails the verification.
func TestToCluster(t *testing.T) {
	c := clustertest.Start(t)
	ctx := context.Background()
	src := queriestest.New(t, server)

	files, _ := filepath.Glob(filepath.Join("..", "..", "sample-data", "*.[cx]*"))
	if len(files) < 3 {
		t.Fatalf("sample data missing: %v", files)
	}
	mustRun := func(url string, args ...string) string {
		t.Helper()
		out, errOut, code := runTD(t, url, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		return out
	}
	mustRun(src.WriterURL, append([]string{"import"}, files...)...)
	mustRun(src.WriterURL, "import", testdata("figures-cp1251.csv"))
	if out := mustRun(src.WriterURL, "import", testdata("figures-long-bom.csv")); strings.Contains(lastLine(out), " 0 changed") {
		t.Fatalf("the re-import changed no figure: %s", out)
	}
	revised := filepath.Join(t.TempDir(), "trade-revised.csv")
	err := os.WriteFile(revised, []byte("reporter,partner,flow,year,value,qualifier,source\n"+
		"CN,RU,export,2024,999 USD bn,about,https://example.org/gac\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	mustRun(src.WriterURL, "import", revised)
	list, err := src.Reader.Imports(ctx)
	if err != nil || len(list) == 0 {
		t.Fatalf("imports: %v", err)
	}
	mustRun(src.WriterURL, "rollback", strconv.FormatUint(list[0].ID, 10))

	before, err := queries.SourceChecks(ctx, src.Writer)
	if err != nil {
		t.Fatal(err)
	}
	dstWriter, dstReader := databaseURL(t, c.WriterURL(), "moved"), databaseURL(t, c.ReaderURL(), "moved")
	move := []string{"to-cluster", "--from", src.WriterURL, "--cluster", localdb.ClusterName}

	out := mustRun(dstWriter, append(move, "--dry-run")...)
	if !strings.Contains(out, "dry run: nothing written;") || !strings.Contains(out, "trade_flows") {
		t.Errorf("dry run:\n%s", out)
	}
	var databases uint64
	conn := nodeConn(t, c, 0)
	if err := conn.QueryRow(ctx, "SELECT count() FROM system.databases WHERE name = 'moved'").Scan(&databases); err != nil || databases != 0 {
		t.Errorf("the dry run created the database on the cluster (%d, %v)", databases, err)
	}

	out = mustRun(dstWriter, move...)
	if !strings.Contains(lastLine(out), "imports copied to cluster tradedash and verified") ||
		strings.Contains(out, "DIFFERS") || !strings.Contains(out, "import_events") {
		t.Errorf("to-cluster:\n%s", out)
	}
	t.Logf("to-cluster:\n%s", out)

	dst, err := queries.Open(ctx, dstReader, queries.OnCluster(localdb.ClusterName))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, read := range []struct {
		what string
		read func(*queries.DB) (any, error)
	}{
		{"figures", func(db *queries.DB) (any, error) { return db.Figures(ctx, queries.FigureFilter{}) }},
		{"trade flows", func(db *queries.DB) (any, error) { return db.TradeFlows(ctx, queries.TradeFilter{}) }},
		{"monthly trade flows", func(db *queries.DB) (any, error) {
			return db.TradeFlows(ctx, queries.TradeFilter{Monthly: true})
		}},
		{"milestones", func(db *queries.DB) (any, error) { return db.Milestones(ctx, queries.MilestoneFilter{}) }},
		{"imports", func(db *queries.DB) (any, error) { return db.Imports(ctx) }},
		{"history", func(db *queries.DB) (any, error) {
			return db.FigureHistory(ctx, "innoprom", "CN", "space_reported_m2", 2024)
		}},
	} {
		want, err := read.read(src.Reader)
		if err != nil {
			t.Fatalf("source %s: %v", read.what, err)
		}
		got, err := read.read(dst)
		if err != nil {
			t.Fatalf("cluster %s: %v", read.what, err)
		}
		if reflect.ValueOf(want).Len() == 0 {
			t.Errorf("the source has no %s: the test compares nothing", read.what)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s on the cluster differ from the source's:\n got %v\nwant %v", read.what, got, want)
		}
	}
	if h, _ := src.Reader.FigureHistory(ctx, "innoprom", "CN", "space_reported_m2", 2024); len(h) < 2 {
		t.Errorf("the history compared has %d versions, want the re-import's too", len(h))
	}

	after, err := queries.SourceChecks(ctx, src.Writer)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("to-cluster changed the source:\nbefore %v\nafter  %v", before, after)
	}

	_, errOut, code := runTD(t, dstWriter, move...)
	if code != exitRejected || !strings.Contains(errOut, "already holds data") {
		t.Errorf("second move: exit %d, want %d and a refusal:\n%s", code, exitRejected, errOut)
	}

	// One row more on shard 1 (both its replicas): the sums differ.
	err = conn.Exec(ctx, "INSERT INTO moved.figures_local (exhibition, country, metric, year, value, import_id) "+
		"SELECT 'innoprom', 'XX', 'visitors', 2024, 1, toUInt64("+strconv.FormatUint(list[len(list)-1].ID, 10)+")")
	if err != nil {
		t.Fatal(err)
	}
	dstW, err := queries.Open(ctx, dstWriter, queries.OnCluster(localdb.ClusterName))
	if err != nil {
		t.Fatal(err)
	}
	defer dstW.Close()
	checks, err := queries.VerifyCopy(ctx, src.Writer, dstW)
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	cfg := &config{lang: locale.EN, stdout: &stdout, cluster: localdb.ClusterName}
	var stderr bytes.Buffer
	if code := exitCode(reportChecks(cfg, checks), &stderr); code != exitRejected ||
		!strings.Contains(stdout.String(), "DIFFERS") ||
		!strings.Contains(stderr.String(), "1 line of the verification differs") {
		t.Errorf("a copy with a row more: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

// databaseURL is raw with the database name.
func databaseURL(t *testing.T, raw, name string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// nodeConn connects to node i of c alone, as the writer; a node that is
// down fails its dial in 2 s.
func nodeConn(t *testing.T, c *localdb.Cluster, i int) clickhouse.Conn {
	t.Helper()
	opts, err := clickhouse.ParseDSN(c.NodeWriterURL(i))
	if err != nil {
		t.Fatal(err)
	}
	opts.DialTimeout = 2 * time.Second
	conn, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
