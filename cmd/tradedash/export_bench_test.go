package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"tradedash/internal/synth"
	"tradedash/queries/queriestest"
)

// BenchmarkExport1M is the whole `tradedash export` of 1,000,000 figures
// from ClickHouse, as a separate process so that its peak memory can be
// read: the query, the streamed Data sheet and the workbook, then the same
// as CSV. The writer alone, against plain encoding/csv, is measured by
// report's BenchmarkRawExport1M. Run it with -benchtime 1x.
func BenchmarkExport1M(b *testing.B) {
	const rows = 1_000_000
	dir := b.TempDir()
	file := filepath.Join(dir, "figures-1m.csv")
	if err := synth.WriteCSV(file, rows, 7); err != nil {
		b.Fatal(err)
	}
	db := queriestest.New(b, server)
	if out, err := process(db.WriterURL, "import", file).CombinedOutput(); err != nil {
		b.Fatalf("import: %v\n%s", err, out)
	}
	export := func(out string) (time.Duration, int64) {
		cmd := process(db.WriterURL, "export", "--page", "data", "--out", out)
		start := time.Now()
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("export: %v\n%s", err, o)
		}
		return time.Since(start), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	}
	var xlsxT, csvT time.Duration
	var xlsxRSS, csvRSS int64
	for b.Loop() {
		t, rss := export(filepath.Join(dir, "export.xlsx"))
		xlsxT, xlsxRSS = xlsxT+t, max(xlsxRSS, rss)
		t, rss = export(filepath.Join(dir, "export.csv"))
		csvT, csvRSS = csvT+t, max(csvRSS, rss)
	}
	n := float64(b.N)
	st, _ := os.Stat(filepath.Join(dir, "export.xlsx"))
	b.ReportMetric(xlsxT.Seconds()/n, "xlsx-s")
	b.ReportMetric(csvT.Seconds()/n, "csv-s")
	b.ReportMetric(float64(xlsxRSS)/(1<<20), "xlsx-RSS-MB")
	b.ReportMetric(0, "ns/op")
	fmt.Fprintf(os.Stderr, "tradedash export of %d figures from ClickHouse: xlsx %.2fs (%.0f MB, peak RSS %.0f MB), csv %.2fs (peak RSS %.0f MB)\n",
		rows, xlsxT.Seconds()/n, float64(st.Size())/(1<<20), float64(xlsxRSS)/(1<<20), csvT.Seconds()/n, float64(csvRSS)/(1<<20))
}
