// Command bench measures whether reads slow down as the history of figures
// grows: it loads 1,000,000 synthetic figures as one import, times the
// dashboard's unfiltered reads, re-imports the same figures 12 times with a
// tenth of the values changed each time, times the same reads again at 13
// versions of every figure, and prints both side by side with their ratio
// (the target is at most 1.5), and the unfiltered API read at 13 versions
// against its 1 s target.
//
//	go run ./queries/bench [-rows 1000000] [-versions 13] [-runs 5]
//
// The reads are those a user starts: GET /api/v1/figures with no filter
// (answered with the 400 that asks for a narrower filter), GET /data with
// no filter (the first 5,000 figures and the filters' choices), and GET
// /download/data.csv with no filter (the 413 of a download over its
// 200,000-figure limit). Each goes through the dashboard app in process,
// with its result cache off, as the read-only user, and is timed as the
// median of -runs requests. It starts its own managed ClickHouse in a
// temporary directory and stops it when done; it needs clickhouse-server
// on PATH and the embedded ECharts (make assets).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"tradedash"
	"tradedash/dashboard"
	"tradedash/internal/synth"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/view"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "synthetic figures")
	versions := flag.Int("versions", 13, "imports of the figures, the first included")
	runs := flag.Int("runs", 5, "requests per measurement (the median is printed)")
	flag.Parse()
	log.SetFlags(0)
	if err := run(*rows, *versions, *runs); err != nil {
		log.Fatal("bench: ", err)
	}
}

// read is one request the benchmark times, and the status it must answer.
type read struct {
	name, path string
	status     int
}

var reads = []read{
	{"unfiltered API (400: narrow the filter)", "/api/v1/figures", 400},
	{"unfiltered data page", "/data?lang=en", 200},
	{"download-size decision (413)", "/download/data.csv?page=data&lang=en", 413},
}

func run(rows, versions, runs int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "tradedash-bench-versions-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := localdb.Start(ctx, dir)
	if err != nil {
		return err
	}
	defer srv.Close()
	writer, err := queries.Open(ctx, inDatabase(srv.WriterURL(), "bench"))
	if err != nil {
		return err
	}
	defer writer.Close()
	if err := writer.Migrate(ctx); err != nil {
		return err
	}
	reader, err := queries.Open(ctx, inDatabase(srv.ReaderURL(), "bench"))
	if err != nil {
		return err
	}
	defer reader.Close()
	app, err := dashboard.New(dashboard.Config{DB: reader, Views: view.Options{CacheRows: -1},
		QueryTimeout: 2 * time.Minute})
	if err != nil {
		return err
	}

	var base []tradedash.Figure
	if err := synth.Figures(rows, 42, func(f tradedash.Figure) error { base = append(base, f); return nil }); err != nil {
		return err
	}
	start := time.Now()
	if err := load(ctx, writer, base, 0); err != nil {
		return err
	}
	log.Printf("version 1: %d figures imported in %.1f s", rows, time.Since(start).Seconds())
	one, err := measure(app, runs)
	if err != nil {
		return err
	}
	for v := 1; v < versions; v++ {
		start := time.Now()
		if err := load(ctx, writer, base, v); err != nil {
			return err
		}
		log.Printf("version %d: re-imported with a tenth changed in %.1f s", v+1, time.Since(start).Seconds())
	}
	many, err := measure(app, runs)
	if err != nil {
		return err
	}

	fmt.Printf("\nReads over %d figures, at 1 version and at %d versions of each (median of %d, result cache off)\n\n",
		rows, versions, runs)
	fmt.Printf("%-42s %12s %12s %7s  %s\n", "read", "1 version", fmt.Sprintf("%d versions", versions), "ratio", "target")
	for i, r := range reads {
		ratio := float64(many[i]) / float64(one[i])
		verdict := "ok"
		if ratio > 1.5 {
			verdict = "OVER"
		}
		fmt.Printf("%-42s %12s %12s %7.2f  <= 1.50 %s\n", r.name, ms(one[i]), ms(many[i]), ratio, verdict)
	}
	verdict := "ok"
	if many[0] >= time.Second {
		verdict = "OVER"
	}
	fmt.Printf("\nunfiltered read of %d current figures at %d versions: %s (target < 1 s) %s\n", rows, versions, ms(many[0]), verdict)
	return nil
}

// load imports the figures as version v (0 is the first): in version v a
// tenth of them, a different tenth each time, get a new value.
func load(ctx context.Context, db *queries.DB, figs []tradedash.Figure, v int) error {
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: fmt.Sprintf("synthetic-v%d.csv", v+1),
		SHA256: strings.Repeat("0", 64)}, false)
	if err != nil {
		return err
	}
	for i := range figs {
		if v > 0 && (i+v)%10 == 0 {
			figs[i].Value++
		}
		if err := imp.AddFigure(ctx, figs[i], i+2); err != nil {
			_ = imp.Abort(ctx, err.Error())
			return err
		}
	}
	_, err = imp.Commit(ctx)
	return err
}

// measure times every read runs times and returns the medians.
func measure(app interface {
	Test(*http.Request, ...int) (*http.Response, error)
}, runs int) ([]time.Duration, error) {
	out := make([]time.Duration, len(reads))
	for i, r := range reads {
		var times []time.Duration
		for range runs {
			start := time.Now()
			resp, err := app.Test(httptest.NewRequest("GET", r.path, nil), -1)
			if err != nil {
				return nil, fmt.Errorf("GET %s: %w", r.path, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			times = append(times, time.Since(start))
			if resp.StatusCode != r.status {
				return nil, fmt.Errorf("GET %s: %d, want %d: %.300s", r.path, resp.StatusCode, r.status, body)
			}
		}
		slices.Sort(times)
		out[i] = times[len(times)/2]
	}
	return out, nil
}

func inDatabase(raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	u.Path = "/" + db
	return u.String()
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}
