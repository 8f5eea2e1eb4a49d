package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"tradedash/internal/synth"
	"tradedash/queries/queriestest"
)

// The yardstick: the plain table that clickhouse-client loads the same CSV
// into (the columns of internal/synth's file, the figures' sorting key, no
// versions), and the load itself. For measuring, never for serving, so
// they live here rather than in package queries.
const (
	yardstickTable = `CREATE TABLE plain (exhibition String, country String, metric String,
		year UInt16, value String, status String, source String)
		ENGINE = MergeTree ORDER BY (exhibition, country, metric, year)`
	yardstickLoad = "INSERT INTO plain FORMAT CSVWithNames"
)

// BenchmarkImport1M imports a generated 1,000,000-row figures CSV with
// full validation, as a separate process so its peak memory can be read,
// and in the same run loads the same file with clickhouse-client into a
// plain table: the yardstick. Run it with make bench (-benchtime=1x).
func BenchmarkImport1M(b *testing.B) {
	const rows = 1_000_000
	file := filepath.Join(b.TempDir(), "figures-1m.csv")
	if err := synth.WriteCSV(file, rows, 42); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(file)
	b.Logf("%d rows, %.0f MB", rows, float64(st.Size())/1e6)
	var importTime, clientTime time.Duration
	var peakRSS int64
	for b.Loop() {
		db := queriestest.New(b, server)
		cmd := process(db.WriterURL, "import", file)
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("import: %v\n%s", err, out)
		}
		importTime += time.Since(start)
		peakRSS = max(peakRSS, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss*1024)

		u, _ := url.Parse(db.WriterURL)
		password, _ := u.User.Password()
		client := func(query string, stdin *os.File) *exec.Cmd {
			c := exec.Command("clickhouse-client", "--host", u.Hostname(), "--port", u.Port(),
				"--user", u.User.Username(), "--password", password, "--database", u.Path[1:], "--query", query)
			c.Stdin = stdin
			return c
		}
		create := client(yardstickTable, nil)
		if out, err := create.CombinedOutput(); err != nil {
			b.Fatalf("clickhouse-client: %v\n%s", err, out)
		}
		in, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		load := client(yardstickLoad, in)
		start = time.Now()
		out, err := load.CombinedOutput()
		clientTime += time.Since(start)
		in.Close()
		if err != nil {
			b.Fatalf("clickhouse-client: %v\n%s", err, out)
		}
	}
	n := float64(b.N)
	b.ReportMetric(importTime.Seconds()/n, "import-s")
	b.ReportMetric(clientTime.Seconds()/n, "clickhouse-client-s")
	b.ReportMetric(importTime.Seconds()/clientTime.Seconds(), "ratio")
	b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(0, "ns/op")
	fmt.Fprintf(os.Stderr, "import %.2fs, clickhouse-client %.2fs, ratio %.2f (target <= 2), peak RSS %.0f MB (target < 200)\n",
		importTime.Seconds()/n, clientTime.Seconds()/n, importTime.Seconds()/clientTime.Seconds(), float64(peakRSS)/(1<<20))
}
