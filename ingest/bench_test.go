package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

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
					if m.ReplacedBy != "" {
						continue // read as the metric that replaced it
					}
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

type countSink struct{ figures, milestones, trade int }

func (s *countSink) TradeFlow(context.Context, tradedash.TradeFlow, int) error {
	s.trade++
	return nil
}

func (s *countSink) Figure(context.Context, tradedash.Figure, int) error { s.figures++; return nil }
func (s *countSink) Milestone(context.Context, tradedash.Milestone, int) error {
	s.milestones++
	return nil
}

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

// BenchmarkReadXLSX reads a 100,000-row long-form workbook written with
// excelize's stream writer.
func BenchmarkReadXLSX(b *testing.B) {
	const rows = 100_000
	path := filepath.Join(b.TempDir(), "figures.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"year", "exhibition", "country", "metric", "value", "status", "source"})
	countries := reference.Countries()
	i := 0
	for y := 2100; y >= 1900 && i < rows; y-- {
		for _, c := range countries {
			for _, m := range tradedash.Metrics {
				if m.ReplacedBy != "" {
					continue
				}
				if i == rows {
					break
				}
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				sw.SetRow(cell, []any{y, "ИННОПРОМ", c.NameRU, m.Code, 10 + i%250, "факт", "https://expo.innoprom.com/ru/media/news/1"})
				i++
			}
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var sink countSink
		if _, err := Read(context.Background(), path, Options{}, &sink); err != nil || sink.figures != rows {
			b.Fatalf("read %d figures: %v", sink.figures, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
}
