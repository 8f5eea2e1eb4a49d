package queries_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"tradedash"
	"tradedash/internal/synth"
	"tradedash/queries"
	"tradedash/queries/queriestest"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// TestReadsDoNotReadTheHistory: with five versions of every figure, the
// current figures, their coverage and an import's comparison with them
// read at most three times the current figures' rows, which aggregating
// the history exceeds. Rollback and two concurrent imports
// keep it so, and give the same figures the history does.
func TestReadsDoNotReadTheHistory(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	const n = 3000
	var figs []tradedash.Figure
	if err := synth.Figures(n, 1, func(f tradedash.Figure) error { figs = append(figs, f); return nil }); err != nil {
		t.Fatal(err)
	}
	for v := range 5 {
		for i := range figs {
			if v > 0 && (i+v)%10 == 0 {
				figs[i].Value++
			}
		}
		queriestest.Import(t, p.Writer, fmt.Sprintf("v%d.csv", v+1), figs, nil)
	}
	// Every query reports the rows it read as progress; a read may take
	// three times the current figures (finding where a page of them ends
	// reads their keys; the import log and generations are tiny), less
	// than the five versions of the history.
	var read atomic.Uint64
	limited := clickhouse.Context(ctx, clickhouse.WithProgress(func(p *clickhouse.Progress) { read.Add(p.Rows) }))
	within := func(what string) {
		t.Helper()
		if r := read.Swap(0); r > 3*n {
			t.Fatalf("%s read %d rows, more than three times the %d current figures: it read the history", what, r, n)
		}
	}
	check := func(when string, want []tradedash.Figure) {
		t.Helper()
		read.Store(0)
		got, err := p.Reader.Figures(limited, queries.FigureFilter{})
		within(when + ": figures")
		if err != nil {
			t.Fatalf("%s: figures: %v", when, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d figures, want %d", when, len(got), len(want))
		}
		wantBy := map[string]float64{}
		for _, f := range want {
			wantBy[fmt.Sprintf("%s/%s/%s/%d", f.Exhibition, f.Country, f.Metric, f.Year)] = f.Value
		}
		for _, f := range got {
			if w := wantBy[fmt.Sprintf("%s/%s/%s/%d", f.Exhibition, f.Country, f.Metric, f.Year)]; w != f.Value {
				t.Fatalf("%s: %+v, want value %v", when, f, w)
			}
		}
		if cov, err := p.Reader.Coverage(limited); err != nil || len(cov) == 0 {
			t.Fatalf("%s: coverage %d rows, %v", when, len(cov), err)
		}
		within(when + ": coverage")
	}
	check("at five versions", figs)

	imp, err := p.Writer.BeginImport(limited, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range figs[:100] {
		imp.AddFigure(limited, f, i+2)
	}
	read.Store(0)
	if c, err := imp.Counts(limited); err != nil || c.Unchanged != 100 {
		t.Fatalf("a dry run's comparison: %+v %v", c, err)
	}
	within("a dry run's comparison")
	imp.Abort(ctx, "dry run")

	log, _ := p.Reader.Imports(ctx)
	if err := p.Writer.Rollback(ctx, log[0].ID); err != nil {
		t.Fatal(err)
	}
	previous := slices.Clone(figs)
	for i := range previous {
		if (i+4)%10 == 0 {
			previous[i].Value--
		}
	}
	check("after rolling back the fifth", previous)

	// Two imports at once, of figures nobody has yet: both visible.
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			importFigures(t, p.Writer, figure("XX", "exhibitors", 2000+i, float64(i+1)))
		})
	}
	wg.Wait()
	more := append(slices.Clone(previous), figure("XX", "exhibitors", 2000, 1), figure("XX", "exhibitors", 2001, 2))
	check("after two concurrent imports", more)

	// Two imports committed together that both give a figure: the later
	// import's value is current, as in the history.
	var both []*queries.Import
	for _, v := range []float64{10, 20} {
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "both.csv"}, false)
		if err != nil {
			t.Fatal(err)
		}
		imp.AddFigure(ctx, figure("XX", "exhibitors", 2000, v), 2)
		both = append(both, imp)
	}
	if _, err := queries.CommitAll(ctx, both); err != nil {
		t.Fatal(err)
	}
	more[len(more)-2].Value = 20
	check("after two imports committed together", more)
}

// TestGenerationOnADroppedBase: a commit whose base generation another
// command drops while the commit copies it must not publish a generation
// that lacks the base's figures.
func TestGenerationOnADroppedBase(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 1))
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2024, 2))
	dropped := uint64(0)
	defer queries.SetBeforeFill(func(db *queries.DB, base uint64) {
		if base != 0 && dropped == 0 {
			dropped = base
			if err := db.DropGeneration(ctx, base); err != nil {
				t.Error(err)
			}
		}
	})()
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2025, 3))
	if dropped == 0 {
		t.Fatal("the commit built on no generation")
	}
	if g, err := p.Reader.Generation(ctx); err != nil || g == 0 || g == dropped {
		t.Fatalf("current generation %d (%v), want a new one", g, err)
	}
	want := map[string]float64{"CN/exhibitors/2023": 1, "CN/exhibitors/2024": 2, "CN/exhibitors/2025": 3}
	if got := values(t, p.Reader, queries.FigureFilter{}); !maps.Equal(got, want) {
		t.Fatalf("current figures %v, want %v", got, want)
	}
}

// TestDropKeepsTheGenerationBefore: dropping superseded generations keeps
// the current one and the one without its latest import, chosen by the
// imports they cover: after A, B, rollback of B and C, that is A's, not
// A and B's, which was published later.
func TestDropKeepsTheGenerationBefore(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	defer queries.SetGenerationRetention(0)()
	a, _ := importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 1))
	time.Sleep(1100 * time.Millisecond) // A's generation is the older, in whole seconds
	b, _ := importFigures(t, p.Writer, figure("CN", "exhibitors", 2024, 2))
	if err := p.Writer.Rollback(ctx, b); err != nil {
		t.Fatal(err)
	}
	c, _ := importFigures(t, p.Writer, figure("CN", "exhibitors", 2025, 3))
	time.Sleep(1100 * time.Millisecond) // the data changed over 0 s ago
	if err := p.Writer.RefreshCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := p.Writer.GenerationCovers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, slices.Compare)
	if want := [][]uint64{{a}, {a, c}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("generations left cover %v, want %v", got, want)
	}
}
