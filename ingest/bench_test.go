package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"tradedash"
	"tradedash/reference"
)

// writeLongCSV writes a long-form figures file of n distinct figures, the
// shape of a large export: about 75 bytes a row.
func writeLongCSV(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "year,exhibition,country,metric,value,qualifier,status,source,note")
	countries := reference.Countries()
	exhibitions := reference.Exhibitions()
	qualifiers := []string{"", "over", "", "about"}
	i := 0
	for _, e := range exhibitions {
		for y := 2100; y >= 1900; y-- {
			for _, c := range countries {
				for mi, m := range tradedash.Metrics {
					if i == n {
						goto done
					}
					fmt.Fprintf(w, "%d,%s,%s,%s,%d,%s,actual,https://expo.innoprom.com/ru/media/news/%d,\n",
						y, e.Code, c.Alpha2, m.Code, 10+i%250, qualifiers[i%4], mi)
					i++
				}
			}
		}
	}
done:
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

type countSink struct{ figures, milestones int }

func (s *countSink) Figure(tradedash.Figure) error       { s.figures++; return nil }
func (s *countSink) Milestone(tradedash.Milestone) error { s.milestones++; return nil }

// BenchmarkReadCSV reads a million-row long-form CSV, the import the
// clickhouse-client yardstick was measured with.
func BenchmarkReadCSV(b *testing.B) {
	const rows = 1_000_000
	path := filepath.Join(b.TempDir(), "figures.csv")
	size := writeLongCSV(b, path, rows)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var sink countSink
		sum, err := Read(context.Background(), path, Options{}, &sink)
		if err != nil || sink.figures != rows {
			b.Fatalf("read %d figures, summary %+v, error %v", sink.figures, sum, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
}
