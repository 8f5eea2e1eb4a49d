// Command bench measures the dashboard on loopback with wrk: requests per
// second and p99 latency of the JSON API and of the overview page, with the
// result cache on and off, over 1,000,000 synthetic figures; and, in the
// same run, the time ClickHouse itself takes for the same reads
// (clickhouse-client --time), the floor the uncached numbers are held to.
//
//	go run ./dashboard/bench [-rows 1000000] [-duration 10s] [-connections 32] [-rate 2000]
//
// It starts its own managed ClickHouse in a temporary directory, sends
// traffic only to 127.0.0.1, and stops everything when it is done. It needs
// clickhouse-server, clickhouse-client and wrk on PATH, and the embedded
// ECharts (make assets).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"tradedash"
	"tradedash/dashboard"
	"tradedash/internal/loadtest"
	"tradedash/internal/synth"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/view"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "synthetic figures to load")
	duration := flag.Duration("duration", 10*time.Second, "length of each wrk run")
	conns := flag.Int("connections", 32, "wrk connections of the throughput runs")
	rate := flag.Int("rate", 2000, "requests per second of the paced runs")
	flag.Parse()
	log.SetFlags(0)
	for _, tool := range []string{"wrk", "clickhouse-client"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("bench: %s not found (apt-get install %s)", tool, map[string]string{"wrk": "wrk", "clickhouse-client": "clickhouse-client"}[tool])
		}
	}
	if err := run(*rows, *duration, *conns, *rate); err != nil {
		log.Fatal("bench: ", err)
	}
}

func run(rows int, duration time.Duration, conns, rate int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "tradedash-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := localdb.Start(ctx, dir)
	if err != nil {
		return err
	}
	defer srv.Close()

	writerURL, readerURL := inDatabase(srv.WriterURL(), "bench"), inDatabase(srv.ReaderURL(), "bench")
	writer, err := queries.Open(ctx, writerURL)
	if err != nil {
		return err
	}
	defer writer.Close()
	if err := writer.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	if err := load(ctx, writer, rows); err != nil {
		return err
	}
	log.Printf("loaded %d synthetic figures in %.1f s", rows, time.Since(start).Seconds())

	reader, err := queries.Open(ctx, readerURL)
	if err != nil {
		return err
	}
	defer reader.Close()
	cachedURL, stopCached, err := loadtest.Serve(dashboard.Config{DB: reader})
	if err != nil {
		return err
	}
	defer stopCached()
	uncachedURL, stopUncached, err := loadtest.Serve(dashboard.Config{DB: reader, Views: view.Options{CacheRows: -1, VintageTTL: time.Second}})
	if err != nil {
		return err
	}
	defer stopUncached()

	filter := queries.FigureFilter{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}, Metrics: []string{"companies"}}
	targets := []struct {
		name, path string
		floor      []string // the reads behind it, for clickhouse-client
	}{
		{"GET /api/v1/figures", "/api/v1/figures?exhibition=innoprom&country=CN&metric=companies",
			[]string{queries.FiguresSQL(filter)}},
		{"GET / (overview)", "/?exhibition=innoprom&country=CN",
			[]string{queries.FiguresSQL(queries.FigureFilter{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}}), queries.CoverageSQL()}},
	}

	fmt.Printf("\nDashboard benchmark: %d synthetic figures, wrk %s per run, %d connections (paced runs: %d req/s)\n\n",
		rows, duration, conns, rate)
	fmt.Printf("%-22s %-9s %12s %10s %10s   %s\n", "endpoint", "cache", "req/s", "p50", "p99", "run")
	for _, tg := range targets {
		floor, err := clientTime(writerURL, tg.floor)
		if err != nil {
			return err
		}
		for _, c := range []struct {
			name, base string
		}{{"cached", cachedURL}, {"uncached", uncachedURL}} {
			u := c.base + tg.path
			if err := loadtest.Check(u); err != nil {
				return err
			}
			// Throughput last: requests still queued when wrk stops must not
			// land in another run's latencies.
			runs := []wrkRun{{"one connection", 1, 0}}
			if c.name == "cached" {
				runs = append(runs, wrkRun{fmt.Sprintf("paced at %d req/s", rate), conns, rate})
			}
			runs = append(runs, wrkRun{"throughput", conns, 0})
			for _, run := range runs {
				delay := 0.0
				if run.rate > 0 {
					// Paced: every connection waits so that all together
					// send about rate requests per second.
					delay = float64(run.conns) * 1000 / float64(run.rate)
				}
				r, err := loadtest.Wrk(u, duration, run.conns, delay)
				if err != nil {
					return err
				}
				fmt.Printf("%-22s %-9s %12.0f %10s %10s   %s\n", tg.name, c.name, r.RPS, ms(r.P50), ms(r.P99), run.what)
				time.Sleep(2 * time.Second) // let the server drain
			}
		}
		fmt.Printf("%-22s %-9s %12s %10s %10s   clickhouse-client --time, median of 20: %s\n\n", tg.name, "floor", "", ms(floor), "",
			strings.Join(shortSQL(tg.floor), " + "))
	}
	return nil
}

// load imports rows synthetic figures as one committed import.
func load(ctx context.Context, db *queries.DB, rows int) error {
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: "synthetic.csv", SHA256: strings.Repeat("0", 64)}, false)
	if err != nil {
		return err
	}
	row := 1
	err = synth.Figures(rows, 42, func(f tradedash.Figure) error {
		row++
		return imp.AddFigure(ctx, f, row)
	})
	if err != nil {
		_ = imp.Abort(ctx, err.Error())
		return err
	}
	_, err = imp.Commit(ctx)
	return err
}

func inDatabase(raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	u.Path = "/" + db
	return u.String()
}

type wrkRun struct {
	what        string
	conns, rate int
}

// clientTime runs the statements 20 times each with clickhouse-client
// --time and returns the median of their summed server-side times.
func clientTime(dbURL string, stmts []string) (time.Duration, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return 0, err
	}
	password, _ := u.User.Password()
	const runs = 20
	var all []string
	for range runs {
		all = append(all, stmts...)
	}
	cmd := exec.Command("clickhouse-client", "--host", u.Hostname(), "--port", u.Port(),
		"--user", u.User.Username(), "--password", password, "--database", strings.TrimPrefix(u.Path, "/"),
		"--time", "--format", "Null", "--multiquery", "--query", strings.Join(all, ";\n")+";")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil {
		return 0, fmt.Errorf("clickhouse-client: %v\n%s%s", err, out, stderr.String())
	}
	var times []float64
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	for sc.Scan() {
		if v, err := strconv.ParseFloat(strings.TrimSpace(sc.Text()), 64); err == nil {
			times = append(times, v)
		}
	}
	if len(times) != runs*len(stmts) {
		return 0, fmt.Errorf("clickhouse-client --time: %d times for %d queries:\n%s", len(times), runs*len(stmts), stderr.String())
	}
	sums := make([]float64, runs)
	for i, v := range times {
		sums[i/len(stmts)] += v
	}
	slices.Sort(sums)
	return time.Duration(sums[runs/2] * float64(time.Second)), nil
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + " ms"
}

func shortSQL(stmts []string) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		switch {
		case strings.Contains(s, "uniqExact"):
			out[i] = "coverage"
		case strings.Contains(s, "metric IN"):
			out[i] = "figures of one metric"
		default:
			out[i] = "figures of every metric"
		}
	}
	return out
}
