package ingest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tradedash"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// recorder is a Sink that writes down what it receives.
type recorder struct {
	lines      []string
	figures    []tradedash.Figure
	milestones []tradedash.Milestone
	trade      []tradedash.TradeFlow
}

func (r *recorder) TradeFlow(_ context.Context, t tradedash.TradeFlow, _ int) error {
	r.trade = append(r.trade, t)
	qty := "-"
	if t.Quantity != nil {
		qty = fmt.Sprintf("%v %s", *t.Quantity, t.QuantityUnit)
	}
	r.lines = append(r.lines, fmt.Sprintf("trade: %s->%s %s %d/%d ytd=%v %s:%s %q %s %s %s qty=%s source=%q note=%q",
		t.Reporter, t.Partner, t.Flow, t.Year, t.Month, t.YTD, t.Classification, t.Commodity, t.Description,
		formatValue(t.ValueUSD, t.Qualifier), t.Qualifier, t.Status, qty, t.Source, t.Note))
	return nil
}

func (r *recorder) Figure(_ context.Context, f tradedash.Figure, _ int) error {
	r.figures = append(r.figures, f)
	claim := ""
	if f.Basis != tradedash.Unstated {
		claim += " basis=" + string(f.Basis)
	}
	if f.Certificate != "" {
		claim += fmt.Sprintf(" certificate=%q", f.Certificate)
	}
	if f.Preferred {
		claim += " preferred"
	}
	r.lines = append(r.lines, fmt.Sprintf("figure: %d %s %s %s %s %s %s%s source=%q note=%q",
		f.Year, f.Exhibition, f.Country, f.Metric, formatValue(f.Value, f.Qualifier), f.Qualifier, f.Status, claim, f.Source, f.Note))
	return nil
}

func (r *recorder) Milestone(_ context.Context, m tradedash.Milestone, _ int) error {
	r.milestones = append(r.milestones, m)
	r.lines = append(r.lines, fmt.Sprintf("milestone: %s %s %s %s ru=%q en=%q zh=%q source=%q note=%q",
		m.Date.Format("2006-01-02"), m.Precision, m.Exhibition, m.Country, m.TitleRU, m.TitleEN, m.TitleZH, m.Source, m.Note))
	return nil
}

// readForGolden reads a file and describes everything that came out of it.
func readForGolden(t *testing.T, path string) string {
	t.Helper()
	var rec recorder
	opts := gaccOptions[filepath.ToSlash(strings.TrimPrefix(path, "testdata"+string(filepath.Separator)))]
	sum, err := Read(context.Background(), path, opts, &rec)
	var b strings.Builder
	fmt.Fprintf(&b, "summary: kind=%s format=%s encoding=%q sheet=%q rows=%d records=%d skipped=%d\n",
		sum.Kind, sum.Format, sum.Encoding, sum.Sheet, sum.Rows, sum.Records, sum.SkippedCount)
	for _, l := range rec.lines {
		b.WriteString(l + "\n")
	}
	for _, n := range sum.Skipped {
		b.WriteString("notice: " + n.Error() + "\n")
	}
	var ps Problems
	switch {
	case errors.As(err, &ps):
		for _, p := range ps {
			b.WriteString("problem: " + p.Error() + "\n")
		}
	case err != nil:
		b.WriteString("error: " + err.Error() + "\n")
	}
	return b.String()
}

// TestGolden reads every input file in testdata and compares what comes out
// (summary, records, notices and problems, word for word) with
// testdata/golden. Run with -update to accept a change.
func TestGolden(t *testing.T) {
	var inputs []string
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "golden" || strings.HasPrefix(d.Name(), "Fuzz") || d.Name() == "fuzz") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			inputs = append(inputs, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range inputs {
		name := strings.ReplaceAll(strings.TrimPrefix(path, "testdata"+string(filepath.Separator)), string(filepath.Separator), "_")
		t.Run(name, func(t *testing.T) {
			got := readForGolden(t, path)
			golden := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s changed; run with -update if this is right:\n%s", path, lineDiff(string(want), got))
			}
		})
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
