package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/view"
)

// synthSource serves synthetic figures as a view source and a figure
// stream, so that the raw export can be measured without a database, as
// the writer alone. With notes set, figures carry notes of every kind:
// repeated, unique, long, and with markup and formula characters.
type synthSource struct {
	n     int
	notes bool
}

func (s synthSource) Vintage(context.Context) (tradedash.Vintage, error) {
	return tradedash.Vintage{ImportID: 1, At: fixedNow, Version: 1}, nil
}

func (s synthSource) Figures(ctx context.Context, f queries.FigureFilter) ([]tradedash.Figure, error) {
	var out []tradedash.Figure
	err := s.EachFigure(ctx, f, func(fig tradedash.Figure) error { out = append(out, fig); return nil })
	return out, err
}

func (s synthSource) EachFigure(_ context.Context, _ queries.FigureFilter, fn func(tradedash.Figure) error) error {
	i := 0
	long := strings.Repeat("a long note ", 120)
	return synth.Figures(s.n, 42, func(f tradedash.Figure) error {
		i++
		f.ImportID = 1
		if s.notes {
			switch {
			case i%1000 == 0:
				f.Note = long + strconv.Itoa(i)
			case i%7 == 0:
				f.Note = "unique <note> & \"" + strconv.Itoa(i) + "\" _x0041_"
			case i%5 == 0:
				f.Note = "=SUM(A1:A2)"
			default:
				f.Note = "note " + strconv.Itoa(i%50)
			}
		}
		return fn(f)
	})
}

func (s synthSource) filter() queries.FigureFilter { return queries.FigureFilter{} }

func (synthSource) Milestones(context.Context, queries.MilestoneFilter) ([]tradedash.Milestone, error) {
	return nil, nil
}
func (synthSource) Imports(context.Context) ([]tradedash.Import, error)  { return nil, nil }
func (synthSource) Coverage(context.Context) ([]queries.Coverage, error) { return nil, nil }

// The report benchmarks read no trade.
func (synthSource) TradeFlows(context.Context, queries.TradeFilter) ([]tradedash.TradeFlow, error) {
	return nil, nil
}

func (synthSource) TradeChapters(context.Context, string, string, tradedash.Flow, int) ([]tradedash.TradeFlow, error) {
	return nil, nil
}

// childEnv makes the test binary a benchmark child: "KIND:ROWS:FILE"
// writes ROWS synthetic figures to FILE as KIND (xlsx: the report's Data
// export; csv: the report's CSV; plain: encoding/csv, the floor) and prints
// the seconds it took.
const childEnv = "TRADEDASH_REPORT_CHILD"

func benchChild(spec string) int {
	parts := strings.SplitN(spec, ":", 3)
	n, err := strconv.Atoi(parts[1])
	if len(parts) != 3 || err != nil {
		fmt.Fprintln(os.Stderr, "bad child spec", spec)
		return 2
	}
	out, err := os.Create(parts[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer out.Close()
	start := time.Now()
	if err := writeSynth(parts[0], n, out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := out.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(time.Since(start).Seconds())
	return 0
}

func writeSynth(kind string, n int, w io.Writer) error {
	src := synthSource{n: n}
	ctx := context.Background()
	if kind == "plain" {
		bw := bufio.NewWriterSize(w, 64<<10)
		cw := csv.NewWriter(bw)
		rec := make([]string, len(dataColumns))
		err := src.EachFigure(ctx, src.filter(), func(f tradedash.Figure) error {
			rec[0] = strconv.Itoa(f.Year)
			rec[1], rec[2], rec[3] = f.Exhibition, f.Country, f.Metric
			rec[4] = strconv.FormatFloat(f.Value, 'f', -1, 64)
			rec[5], rec[6], rec[7], rec[8] = string(f.Qualifier), string(f.Status), string(f.Basis), f.Certificate
			rec[dataColSource], rec[dataColNote] = f.Source, f.Note
			rec[dataColImport] = strconv.FormatUint(f.ImportID, 10)
			return cw.Write(rec)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		if err == nil {
			err = bw.Flush()
		}
		return err
	}
	r := New(view.New(src, view.Options{}), src)
	rep, err := r.Prepare(ctx, Request{Page: PageData, Lang: locale.RU})
	if err != nil {
		return err
	}
	if kind == "csv" {
		_, err = rep.WriteCSV(ctx, w, 0, Options{Now: fixedNow})
		return err
	}
	_, err = rep.WriteXLSX(ctx, w, Options{Now: fixedNow, BaseURL: "http://127.0.0.1:8080"})
	return err
}

// runChild writes rows as kind in a child process and returns its time
// and peak RSS.
func runChild(b *testing.B, kind string, rows int, file string) (time.Duration, int64) {
	b.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+kind+":"+strconv.Itoa(rows)+":"+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("%s child: %v\n%s", kind, err, stderr.String())
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		b.Fatalf("%s child printed %q", kind, out)
	}
	return time.Duration(secs * float64(time.Second)), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
}

func BenchmarkRawExport100k(b *testing.B) { benchRaw(b, 100_000) }
func BenchmarkRawExport1M(b *testing.B)   { benchRaw(b, 1_000_000) }

// benchRaw writes rows synthetic figures as the report's XLSX and CSV and,
// in the same run, as plain encoding/csv: the floor. Each runs in a child
// process, so that its peak memory can be read; the three alternate, and
// each keeps its best time over the iterations (-benchtime 5x), since the
// machine is shared and a slow run says more about the neighbours than
// about the writer. Targets (issue 4): the XLSX under 3x the plain CSV
// time, under 300 MB peak RSS.
func benchRaw(b *testing.B, rows int) {
	dir := b.TempDir()
	best := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	var xlsxT, csvT, plainT time.Duration
	var xlsxRSS, csvRSS, plainRSS int64
	var xlsxSize int64
	for b.Loop() {
		t, rss := runChild(b, "plain", rows, filepath.Join(dir, "plain.csv"))
		best(&plainT, t)
		plainRSS = max(plainRSS, rss)
		t, rss = runChild(b, "xlsx", rows, filepath.Join(dir, "export.xlsx"))
		best(&xlsxT, t)
		xlsxRSS = max(xlsxRSS, rss)
		t, rss = runChild(b, "csv", rows, filepath.Join(dir, "export.csv"))
		best(&csvT, t)
		csvRSS = max(csvRSS, rss)
		st, _ := os.Stat(filepath.Join(dir, "export.xlsx"))
		xlsxSize = st.Size()
	}
	mb := func(v int64) float64 { return float64(v) / (1 << 20) }
	ratio := xlsxT.Seconds() / plainT.Seconds()
	b.ReportMetric(xlsxT.Seconds(), "xlsx-s")
	b.ReportMetric(csvT.Seconds(), "csv-s")
	b.ReportMetric(plainT.Seconds(), "plain-csv-s")
	b.ReportMetric(ratio, "xlsx/plain")
	b.ReportMetric(mb(xlsxRSS), "xlsx-RSS-MB")
	b.ReportMetric(0, "ns/op")
	fmt.Fprintf(os.Stderr, "%d rows, best of %d: xlsx %.2fs (%.0f MB file, peak RSS %.0f MB), csv %.2fs (peak RSS %.0f MB), plain encoding/csv %.2fs (peak RSS %.0f MB); xlsx/plain %.2f (target < 3), xlsx RSS target < 300 MB\n",
		rows, b.N, xlsxT.Seconds(), mb(xlsxSize), mb(xlsxRSS), csvT.Seconds(), mb(csvRSS), plainT.Seconds(), mb(plainRSS), ratio)
}

// BenchmarkReportSample makes the INNOPROM/China report from the sample
// data in ClickHouse, views uncached: the queries, the workbook and its
// chart. Target (issue 4): under 300 ms.
func BenchmarkReportSample(b *testing.B) {
	db := sampleDB(b)
	r := New(view.New(db.Reader, view.Options{}), db.Reader)
	req := Request{Page: PageOverview, Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}}}
	var size int
	for b.Loop() {
		rep, err := r.Prepare(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := rep.WriteXLSX(context.Background(), &buf, Options{BaseURL: "http://127.0.0.1:8080"}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KB")
	fmt.Fprintf(os.Stderr, "sample report: %.1f ms per report (target < 300 ms), %d KB\n",
		float64(b.Elapsed().Milliseconds())/float64(b.N), size/1024)
}
