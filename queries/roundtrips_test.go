package queries_test

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestReadsChooseTheGenerationInside: while a generation is current, a
// trade read and a read of coverage take one statement, and a read of
// figures two (the end of its page, then the page), none of them a
// separate look-up of the generation; while none is current (dropped),
// each read falls back to the history and gives its answer, and once one
// is built again they are back to one statement.
func TestReadsChooseTheGenerationInside(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	var flows []tradedash.TradeFlow
	if err := synth.TradeFlows(2000, 1, func(f tradedash.TradeFlow) error { flows = append(flows, f); return nil }); err != nil {
		t.Fatal(err)
	}
	for v := range 2 {
		rev := make([]tradedash.TradeFlow, len(flows))
		for i, f := range flows {
			rev[i] = synth.TradeRevision(f, i, v)
		}
		queriestest.ImportTrade(t, p.Writer, fmt.Sprintf("v%d.csv", v+1), rev)
		importFigures(t, p.Writer, figure("CN", "exhibitors", 2020+v, float64(100+v)), figure("IN", "exhibitors", 2021, 50))
	}
	statements := p.Reader.CountStatements()
	check := func(when string, trade, figures, coverage int64) {
		t.Helper()
		for _, r := range tradeReads {
			statements.Store(0)
			got, err := r.read(ctx, p.Reader)
			if n := statements.Load(); err != nil || n != trade {
				t.Fatalf("%s: %s: %d statements, want %d (%v)", when, r.name, n, trade, err)
			}
			want, err := r.history(ctx, p.Reader)
			if err != nil || len(want) == 0 {
				t.Fatalf("%s: %s from the history: %d rows, %v", when, r.name, len(want), err)
			}
			if g, w := tradeRecords(got), tradeRecords(want); g != w {
				t.Fatalf("%s: %s differs from the history's answer:\n%s\nwant:\n%s", when, r.name, g, w)
			}
		}
		statements.Store(0)
		got := values(t, p.Reader, queries.FigureFilter{})
		if n := statements.Load(); n != figures {
			t.Fatalf("%s: figures: %d statements, want %d", when, n, figures)
		}
		if want := map[string]float64{"CN/exhibitors/2020": 100, "CN/exhibitors/2021": 101, "IN/exhibitors/2021": 50}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: figures %v, want %v", when, got, want)
		}
		statements.Store(0)
		cov, err := p.Reader.Coverage(ctx)
		if n := statements.Load(); err != nil || n != coverage || len(cov) != 2 || cov[0].Figures != 2 {
			t.Fatalf("%s: coverage %+v in %d statements, want 2 rows in %d (%v)", when, cov, n, coverage, err)
		}
	}
	check("with generations", 1, 2, 1)

	g, err := p.Writer.TradeGeneration(ctx)
	if err != nil || g == 0 {
		t.Fatalf("trade generation %d, %v", g, err)
	}
	fg, err := p.Writer.Generation(ctx)
	if err != nil || fg == 0 {
		t.Fatalf("figures generation %d, %v", fg, err)
	}
	// The generation before the current one is kept for a rollback, and
	// covers other imports: dropping the current one leaves none.
	if err := p.Writer.DropTradeGeneration(ctx, g); err != nil {
		t.Fatal(err)
	}
	if err := p.Writer.DropGeneration(ctx, fg); err != nil {
		t.Fatal(err)
	}
	for _, get := range []func(context.Context) (uint64, error){p.Writer.TradeGeneration, p.Writer.Generation} {
		if g, err := get(ctx); err != nil || g != 0 {
			t.Fatalf("after dropping the current generations: generation %d (%v), want none", g, err)
		}
	}
	// The failed statement, then the history's.
	check("with no generation", 2, 2, 2)

	if err := p.Writer.RefreshCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	check("with generations built again", 1, 2, 1)
}

var tradeBenchRows = flag.Int("trade-rows", 100_000, "BenchmarkTradeFlowsBreakdown: synthetic trade flows")

// BenchmarkTradeFlowsBreakdown says where the time of a read of the pair by
// year goes, over -trade-rows synthetic trade flows at one version: read
// as two round trips (the generation, then the data), split into the
// look-up, the data statement (run, sent, decoded by the driver), Scan and
// building the values; and TradeFlows itself, which chooses the
// generation inside its one statement.
//
//	go test ./queries -run '^$' -bench TradeFlowsBreakdown -trade-rows 1000000
func BenchmarkTradeFlowsBreakdown(b *testing.B) {
	p := queriestest.New(b, server)
	ctx := context.Background()
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "bench.csv"}, false)
	if err != nil {
		b.Fatal(err)
	}
	row := 2
	if err := synth.TradeFlows(*tradeBenchRows, 42, func(f tradedash.TradeFlow) error {
		row++
		return imp.AddTradeFlow(ctx, f, row)
	}); err != nil {
		b.Fatal(err)
	}
	if _, err := queries.CommitAll(ctx, []*queries.Import{imp}); err != nil {
		b.Fatal(err)
	}
	filter := queries.TradeFilter{Reporters: []string{"RU", "CN"}, Partners: []string{"CN", "RU"}}
	var parts []queries.TradeReadTimes
	var whole []time.Duration
	var choices [5][]time.Duration
	b.ResetTimer()
	for range b.N {
		t, err := p.Reader.TimeTradeFlows(ctx, filter)
		if err != nil {
			b.Fatal(err)
		}
		parts = append(parts, t)
		start := time.Now()
		if _, err := p.Reader.TradeFlows(ctx, filter); err != nil {
			b.Fatal(err)
		}
		whole = append(whole, time.Since(start))
		c, err := p.Reader.TimeChoices(ctx, filter)
		if err != nil {
			b.Fatal(err)
		}
		for i := range c {
			choices[i] = append(choices[i], c[i])
		}
	}
	b.StopTimer()
	median := func(f func(queries.TradeReadTimes) time.Duration) float64 {
		var d []time.Duration
		for _, t := range parts {
			d = append(d, f(t))
		}
		slices.Sort(d)
		return float64(d[len(d)/2]) / float64(time.Millisecond)
	}
	slices.Sort(whole)
	b.ReportMetric(median(func(t queries.TradeReadTimes) time.Duration { return t.Lookup }), "lookup-ms")
	b.ReportMetric(median(func(t queries.TradeReadTimes) time.Duration { return t.Query }), "query-ms")
	b.ReportMetric(median(func(t queries.TradeReadTimes) time.Duration { return t.Scan }), "scan-ms")
	b.ReportMetric(median(func(t queries.TradeReadTimes) time.Duration { return t.Post }), "post-ms")
	b.ReportMetric(float64(parts[0].Rows), "rows")
	b.ReportMetric(float64(whole[len(whole)/2])/float64(time.Millisecond), "TradeFlows-ms")
	for i, name := range []string{"choice-ms", "choice-throwIf-ms", "read-literal-ms", "read-chosen-ms", "read-subquery-ms"} {
		slices.Sort(choices[i])
		b.ReportMetric(float64(choices[i][len(choices[i])/2])/float64(time.Millisecond), name)
	}
}
