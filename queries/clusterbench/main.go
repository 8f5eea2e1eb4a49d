// Command clusterbench measures what a ClickHouse cluster costs tradedash
// against one server, on the same machine and the same data (issue 10,
// "Measured"): it writes one synthetic UN Comtrade Plus file
// (internal/synth, as queries/tradebench does) and imports it with
// `tradedash import`, each as its own process, into a single managed
// server (localdb.Start) and into a local cluster of 2 shards x 2 replicas
// (localdb.StartCluster, --cluster tradedash); it reads the pair page and
// /api/v1/trade uncached from both in alternating rounds, and prints the
// cluster's times beside the single server's, the yardstick, with their
// ratio against the targets (import at most 2x, reads at most 1.5x).
// Last, it kills one replica, imports a smaller file while it is down,
// restarts it and times how long it takes to catch up.
//
//	go run ./queries/clusterbench [-rows 10000000] [-countries CN,RU,KZ,BY] [-runs 11] [-catchup-rows 1000000]
//
// The file holds the trade of every pair of the countries (each reports
// its exports to and imports from each other one): the rows of many pairs
// spread over both shards, where those of RU and CN alone may share one.
//
// It needs clickhouse-server, clickhouse-client, ZooKeeper and java
// (scripts/install-deps.sh cluster installs them) and go on PATH; what it
// starts lives in a temporary directory, deleted when it is done.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"tradedash/dashboard"
	"tradedash/internal/loadtest"
	"tradedash/internal/synth"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/view"
)

func main() {
	rows := flag.Int("rows", 10_000_000, "rows of the synthetic Comtrade file imported into both")
	countries := flag.String("countries", "CN,RU,KZ,BY", "the countries (ISO alpha-2) whose every pair's trade the file holds; RU and CN among them")
	runs := flag.Int("runs", 11, "uncached reads of each page on each (the median is printed)")
	catchupRows := flag.Int("catchup-rows", 1_000_000, "rows of the file imported while a replica is down")
	flag.Parse()
	log.SetFlags(0)
	for _, tool := range []string{"clickhouse-client", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("clusterbench: %s not found (scripts/install-deps.sh installs it)", tool)
		}
	}
	list := strings.Split(*countries, ",")
	if !slices.Contains(list, "RU") || !slices.Contains(list, "CN") {
		log.Fatal("clusterbench: -countries must include RU and CN, whose pair page it reads")
	}
	if err := run(*rows, list, *runs, *catchupRows); err != nil {
		log.Fatal("clusterbench: ", err)
	}
}

// database is the name of the benchmark's database on both.
const database = "comtrade"

// target is one of the two: the single server or the cluster.
type target struct {
	name      string
	writerURL string // the database's, for tradedash import
	args      []string
	reader    *queries.DB
	base      string // the uncached dashboard's URL
	imp       importRun
	migrate   time.Duration // tradedash migrate with nothing to do, as every command runs it
}

func run(rows int, countries []string, runs, catchupRows int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "tradedash-bench-cluster-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	bin := filepath.Join(dir, "tradedash")
	if out, err := exec.Command("go", "build", "-o", bin, "tradedash/cmd/tradedash").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, fmt.Sprintf("synthetic-comtrade-%d.csv", rows))
	start := time.Now()
	if err := synth.WriteComtradeOf(file, countries, rows, 42); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	log.Printf("%s: %d synthetic rows, %.0f MB, written in %.1f s", filepath.Base(file), rows, float64(st.Size())/1e6,
		time.Since(start).Seconds())

	srv, err := localdb.Start(ctx, filepath.Join(dir, "single"))
	if err != nil {
		return err
	}
	defer srv.Close()
	start = time.Now()
	cl, err := localdb.StartCluster(ctx, filepath.Join(dir, "cluster"), localdb.ClusterOptions{})
	if err != nil {
		return err
	}
	defer cl.Stop()
	log.Printf("cluster: %d nodes and ZooKeeper started in %.1f s", len(cl.Nodes()), time.Since(start).Seconds())

	single := &target{name: "single server", writerURL: inDatabase(srv.WriterURL())}
	cluster := &target{name: "cluster 2x2", writerURL: inDatabase(cl.WriterURL()),
		args: []string{"--cluster", localdb.ClusterName}}
	for _, t := range []*target{single, cluster} {
		var opts []queries.Option
		readerURL := inDatabase(srv.ReaderURL())
		if t == cluster {
			opts = []queries.Option{queries.OnCluster(localdb.ClusterName)}
			readerURL = inDatabase(cl.ReaderURL())
		}
		// The import migrates too; migrating first keeps the DDL out
		// of the time measured.
		w, err := queries.Open(ctx, t.writerURL, opts...)
		if err != nil {
			return err
		}
		err = w.Migrate(ctx)
		w.Close()
		if err != nil {
			return fmt.Errorf("%s: migrate: %w", t.name, err)
		}
		if t.reader, err = queries.Open(ctx, readerURL, opts...); err != nil {
			return err
		}
		defer t.reader.Close()

		mig := exec.Command(bin, append([]string{"migrate", "--clickhouse", t.writerURL}, t.args...)...)
		start := time.Now()
		if out, err := mig.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: tradedash migrate: %v\n%s", t.name, err, out)
		}
		t.migrate = time.Since(start)
		if t.imp, err = importFile(bin, t.writerURL, t.args, file); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		log.Printf("%s: tradedash import: %.1f s: %s", t.name, t.imp.took.Seconds(), t.imp.summary)
		if t.imp.code != 0 {
			return fmt.Errorf("%s: tradedash import exited with %d:\n%s", t.name, t.imp.code, t.imp.stderr)
		}
	}
	if err := os.Remove(file); err != nil {
		return err
	}
	byShard, err := rowsByShard(ctx, cl)
	if err != nil {
		return err
	}

	reads, err := measureReads(single, cluster, runs)
	if err != nil {
		return err
	}
	cu, err := catchUp(ctx, cl, bin, dir, catchupRows)
	if err != nil {
		return err
	}

	fmt.Printf("\nThe cluster (%d nodes: 2 shards x 2 replicas, ZooKeeper; localdb.StartCluster) against one managed server,\n", len(cl.Nodes()))
	fmt.Printf("the yardstick, on the same machine (%d cores, shared) and the same data: a synthetic %d-row UN Comtrade Plus\n",
		runtime.NumCPU(), rows)
	fmt.Printf("file (monthly HS6, every pair of %s; %.0f MB); the cluster holds %s.\n\n",
		strings.Join(countries, ", "), float64(st.Size())/1e6, byShard)
	fmt.Printf("%-44s %12s %12s %7s   %s\n", "", "single", "cluster", "ratio", "target")
	ratio := cluster.imp.took.Seconds() / single.imp.took.Seconds()
	fmt.Printf("%-44s %12s %12s %7.2f   <= 2.00 %s\n", "tradedash import FILE (its own process)", secs(single.imp.took),
		secs(cluster.imp.took), ratio, verdict(ratio <= 2))
	fmt.Printf("%-44s %12s %12s %7.2f\n", "  of which migrations (tradedash migrate alone)", secs(single.migrate),
		secs(cluster.migrate), cluster.migrate.Seconds()/single.migrate.Seconds())
	fmt.Printf("%-44s %12s %12s\n", "  its peak RSS", mb(single.imp.rss), mb(cluster.imp.rss))
	for _, r := range reads {
		ratio := float64(r.cluster) / float64(r.single)
		fmt.Printf("%-44s %12s %12s %7.2f   <= 1.50 %s\n", r.name+", median of "+fmt.Sprint(runs), ms(r.single), ms(r.cluster),
			ratio, verdict(ratio <= 1.5))
	}
	fmt.Printf("\nimport: %s: %s\n", single.name, single.imp.summary)
	fmt.Printf("        %s: %s\n", cluster.name, cluster.imp.summary)
	fmt.Printf("reads: GET on loopback from a dashboard with no result cache (view.Options CacheRows -1), alternating\n")
	fmt.Printf("between the single server and the cluster, one request at a time.\n")
	cu.print()
	return nil
}

// rowsByShard says how many trade flows each shard of the cluster holds,
// counted on its first replica.
func rowsByShard(ctx context.Context, cl *localdb.Cluster) (string, error) {
	var parts []string
	seen := map[int]bool{}
	for i, n := range cl.Nodes() {
		if seen[n.Shard] {
			continue
		}
		seen[n.Shard] = true
		conn, err := openNode(cl.NodeWriterURL(i))
		if err != nil {
			return "", err
		}
		var c uint64
		err = conn.QueryRow(ctx, "SELECT count() FROM trade_flows_local").Scan(&c)
		conn.Close()
		if err != nil {
			return "", fmt.Errorf("rows on shard %d: %w", n.Shard, err)
		}
		parts = append(parts, fmt.Sprintf("%d rows on shard %d", c, n.Shard))
	}
	return strings.Join(parts, ", "), nil
}

// importRun is one `tradedash import` as its own process.
type importRun struct {
	took    time.Duration
	rss     int64
	code    int
	summary string // its last line on stdout, or on stderr when it failed
	stderr  string
}

// importFile runs bin import on file against dbURL with the extra global
// flags args. An exit code other than 0 is not an error here: the caller
// decides whether it was expected.
func importFile(bin, dbURL string, args []string, file string) (importRun, error) {
	cmd := exec.Command(bin, append(append([]string{"import", "--clickhouse", dbURL}, args...), file)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := importRun{took: time.Since(start), stderr: stderr.String()}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return r, fmt.Errorf("tradedash import: %w", err)
	}
	r.code = cmd.ProcessState.ExitCode()
	r.rss = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	last := stdout.String()
	if r.code != 0 {
		last = stderr.String()
	}
	lines := strings.Split(strings.TrimSpace(last), "\n")
	r.summary = strings.TrimSpace(lines[len(lines)-1])
	return r, nil
}

// read is one page's median time on both.
type read struct {
	name            string
	single, cluster time.Duration
}

// pages are what the task measures: the pair page of RU and CN and its
// yearly trade from the API, as queries/tradebench drives them.
var pages = []struct{ name, path string }{
	{"GET /pair?a=RU&b=CN", "/pair?a=RU&b=CN"},
	{"GET /api/v1/trade", "/api/v1/trade?reporter=RU,CN&partner=CN,RU"},
}

// measureReads serves an uncached dashboard over each target's reader and
// times runs GETs of every page on each, in alternating rounds so that the
// load of the shared machine falls on both alike.
func measureReads(single, cluster *target, runs int) ([]read, error) {
	for _, t := range []*target{single, cluster} {
		base, stop, err := loadtest.Serve(dashboard.Config{DB: t.reader,
			Views: view.Options{CacheRows: -1, VintageTTL: time.Second}})
		if err != nil {
			return nil, err
		}
		defer stop()
		t.base = base
		for _, p := range pages {
			if err := loadtest.Check(base + p.path); err != nil {
				return nil, fmt.Errorf("%s: %w", t.name, err)
			}
		}
	}
	var out []read
	for _, p := range pages {
		var times [2][]time.Duration
		for range runs {
			for i, t := range []*target{single, cluster} {
				d, err := get(t.base + p.path)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", t.name, err)
				}
				times[i] = append(times[i], d)
			}
		}
		for i := range times {
			slices.Sort(times[i])
		}
		out = append(out, read{p.name, times[0][runs/2], times[1][runs/2]})
		log.Printf("%s: single %s, cluster %s", p.name, ms(times[0][runs/2]), ms(times[1][runs/2]))
	}
	return out, nil
}

// get times one GET of u to the end of its body.
func get(u string) (time.Duration, error) {
	start := time.Now()
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return time.Since(start), nil
}

// inDatabase is raw with the benchmark's database as its path.
func inDatabase(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	u.Path = "/" + database
	return u.String()
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "OVER"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
