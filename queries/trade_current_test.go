package queries_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// tradeRecords writes every field of trade flows, in order, for comparing
// two reads.
func tradeRecords(flows []tradedash.TradeFlow) string {
	var b strings.Builder
	for _, t := range flows {
		q := "-"
		if t.Quantity != nil {
			q = fmt.Sprint(*t.Quantity)
		}
		fmt.Fprintf(&b, "%s %s/%s %q %v %s %s %s %s %q %q %d\n", tradeKey(t), t.Classification, t.Commodity,
			t.Description, t.ValueUSD, q, t.QuantityUnit, t.Qualifier, t.Status, t.Source, t.Note, t.ImportID)
	}
	return b.String()
}

// tradeReads are the reads the pair page makes, each beside the same read
// aggregating the history.
var tradeReads = []struct {
	name          string
	read, history func(context.Context, *queries.DB) ([]tradedash.TradeFlow, error)
}{
	{"pair by year", func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeFlows(ctx, pairByYear)
	}, func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeFlowsFromHistory(ctx, pairByYear)
	}},
	{"pair by month", func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeFlows(ctx, pairByMonth)
	}, func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeFlowsFromHistory(ctx, pairByMonth)
	}},
	{"chapters of a year", func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeChapters(ctx, "RU", "CN", tradedash.FlowExport, 2019)
	}, func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeChaptersFromHistory(ctx, "RU", "CN", tradedash.FlowExport, 2019)
	}},
	{"every total", func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeFlows(ctx, queries.TradeFilter{})
	}, func(ctx context.Context, db *queries.DB) ([]tradedash.TradeFlow, error) {
		return db.TradeFlowsFromHistory(ctx, queries.TradeFilter{})
	}},
}

var (
	pairByYear  = queries.TradeFilter{Reporters: []string{"RU", "CN"}, Partners: []string{"CN", "RU"}}
	pairByMonth = queries.TradeFilter{Reporters: []string{"RU"}, Partners: []string{"CN"}, Monthly: true}
)

// TestTradeReadsUseTheGeneration: at every step (imports, revisions, a
// dry run, imports of figures or milestones alone, rollbacks of the latest
// and of an older import, two commits racing, two committed together, a
// commit killed before its event) the trade reads equal the history's
// answer, a trade generation is current, and at five versions the reads
// take fewer rows than the history holds.
func TestTradeReadsUseTheGeneration(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	const n = 3000
	var base []tradedash.TradeFlow
	if err := synth.TradeFlows(n, 1, func(f tradedash.TradeFlow) error { base = append(base, f); return nil }); err != nil {
		t.Fatal(err)
	}
	version := func(v int) []tradedash.TradeFlow {
		out := make([]tradedash.TradeFlow, len(base))
		for i, f := range base {
			out[i] = synth.TradeRevision(f, i, v)
		}
		return out
	}
	var read atomic.Uint64
	counted := clickhouse.Context(ctx, clickhouse.WithProgress(func(p *clickhouse.Progress) { read.Add(p.Rows) }))
	// check compares every read with the history's answer. With bounded,
	// each read must take under three times the current rows (one
	// granule holds them all; the import log and generations are tiny),
	// less than the five versions the history holds.
	check := func(when string, bounded bool) uint64 {
		t.Helper()
		g, err := p.Reader.TradeGeneration(ctx)
		if err != nil || g == 0 {
			t.Fatalf("%s: no current trade generation (%v): reads aggregate the history", when, err)
		}
		for _, r := range tradeReads {
			read.Store(0)
			got, err := r.read(counted, p.Reader)
			if err != nil {
				t.Fatalf("%s: %s: %v", when, r.name, err)
			}
			if rows := read.Load(); bounded && rows > 3*n {
				t.Fatalf("%s: %s read %d rows, over three times the %d current ones: it read the history", when, r.name, rows, n)
			}
			want, err := r.history(ctx, p.Reader)
			if err != nil {
				t.Fatalf("%s: %s from the history: %v", when, r.name, err)
			}
			if len(want) == 0 {
				t.Fatalf("%s: %s: nothing in the history to compare with", when, r.name)
			}
			if g, w := tradeRecords(got), tradeRecords(want); g != w {
				t.Fatalf("%s: %s differs from the history's answer:\n%s\nwant:\n%s", when, r.name, g, w)
			}
		}
		return g
	}

	var ids, gens []uint64
	for v := range 5 {
		id, _ := queriestest.ImportTrade(t, p.Writer, fmt.Sprintf("v%d.csv", v+1), version(v))
		ids = append(ids, id)
		gens = append(gens, check(fmt.Sprintf("version %d", v+1), v == 4))
	}
	if got, _ := p.Reader.TradeFlows(ctx, queries.TradeFilter{Reporters: []string{"CN"}, Partners: []string{"RU"},
		Flows: []tradedash.Flow{tradedash.FlowExport}, From: 2019, To: 2019}); len(got) != 1 || got[0].ValueUSD != version(4)[0].ValueUSD {
		t.Fatalf("CN-RU export 2019 at version 5: %+v, want %v", got, version(4)[0].ValueUSD)
	}

	// A dry run's comparison reads the generation too.
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatal(err)
	}
	current := version(4)
	for i, f := range current[:100] {
		if i%10 == 0 {
			f.ValueUSD++
		}
		if err := imp.AddTradeFlow(ctx, f, i+2); err != nil {
			t.Fatal(err)
		}
	}
	read.Store(0)
	if c, err := imp.Counts(counted); err != nil || c != (queries.Counts{Rows: 100, Changed: 10, Unchanged: 90}) {
		t.Fatalf("a dry run's comparison: %+v %v", c, err)
	}
	if rows := read.Load(); rows > 3*n {
		t.Fatalf("a dry run's comparison read %d rows: it read the history", rows)
	}
	imp.Abort(ctx, "dry run")

	// Imports of figures alone and of milestones alone leave the trade
	// generation current.
	g5 := check("before imports of other facts", true)
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 300))
	queriestest.Import(t, p.Writer, "milestones.csv", nil, []tradedash.Milestone{{
		Date: time.Date(2015, 7, 8, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay, Exhibition: "innoprom",
		Country: "CN", TitleEN: "China, the first partner country", Source: "https://example.org/m"}})
	if g := check("after imports of figures and of milestones", true); g != g5 {
		t.Fatalf("the trade generation changed from %d to %d on imports without trade flows", g5, g)
	}

	// Rolling back the latest import returns to the generation before it,
	// kept for that; rolling back an older one builds a new one.
	if err := p.Writer.Rollback(ctx, ids[4]); err != nil {
		t.Fatal(err)
	}
	if g := check("after rolling back version 5", true); g != gens[3] {
		t.Fatalf("after rolling back version 5 the trade generation is %d, want version 4's %d", g, gens[3])
	}
	if err := p.Writer.Rollback(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	check("after rolling back version 2", true)

	// Two commits racing, of trade flows nobody has yet: both visible.
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			queriestest.ImportTrade(t, p.Writer, fmt.Sprintf("race%d.csv", i),
				[]tradedash.TradeFlow{flow("KZ", "CN", tradedash.FlowExport, 2020+i, float64(i+1))})
		})
	}
	wg.Wait()
	check("after two commits racing", true)
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{Reporters: []string{"KZ"}}); got != "KZ-CN export 2020 = 1\nKZ-CN export 2021 = 2\n" {
		t.Fatalf("after two commits racing:\n%s", got)
	}

	// Two imports committed together that both give a trade flow: the
	// later one's value is current, as in the history.
	var both []*queries.Import
	for _, v := range []float64{10, 20} {
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "both.csv"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := imp.AddTradeFlow(ctx, flow("KZ", "CN", tradedash.FlowExport, 2020, v), 2); err != nil {
			t.Fatal(err)
		}
		both = append(both, imp)
	}
	if _, err := queries.CommitAll(ctx, both); err != nil {
		t.Fatal(err)
	}
	check("after two imports committed together", true)
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{Reporters: []string{"KZ"}, From: 2020, To: 2020}); got != "KZ-CN export 2020 = 20\n" {
		t.Fatalf("after two imports committed together:\n%s", got)
	}

	// A commit killed after it built its generation, before its event:
	// that generation never becomes current, and the next commit builds
	// on the one before.
	before := check("before a killed commit", true)
	killed, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "killed.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := killed.AddTradeFlow(ctx, flow("KZ", "CN", tradedash.FlowExport, 2020, 99), 2); err != nil {
		t.Fatal(err)
	}
	errKilled := errors.New("killed")
	restore := queries.SetBeforeEvents(func() error { return errKilled })
	_, err = killed.Commit(ctx)
	restore()
	killed.StopHeartbeat()
	if !errors.Is(err, errKilled) {
		t.Fatalf("the commit stopped before its event: %v", err)
	}
	if covers, _ := p.Writer.TradeGenerationCovers(ctx); !slices.ContainsFunc(covers, func(c []uint64) bool {
		return slices.Contains(c, killed.ID())
	}) {
		t.Fatalf("the killed commit published no generation covering it: %v", covers)
	}
	if g := check("after a killed commit", true); g != before {
		t.Fatalf("the trade generation changed from %d to %d on a killed commit", before, g)
	}
	queriestest.ImportTrade(t, p.Writer, "after.csv", []tradedash.TradeFlow{flow("KZ", "CN", tradedash.FlowExport, 2022, 3)})
	check("after the commit after a killed one", true)
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{Reporters: []string{"KZ"}}); got != "KZ-CN export 2020 = 20\nKZ-CN export 2021 = 2\nKZ-CN export 2022 = 3\n" {
		t.Fatalf("after the commit after a killed one:\n%s", got)
	}
}

// TestTradeGenerationOnADroppedBase: a commit whose base trade generation
// another command drops while the commit copies it must not publish a
// generation that lacks the base's trade flows.
func TestTradeGenerationOnADroppedBase(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	queriestest.ImportTrade(t, p.Writer, "a.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2023, 1)})
	queriestest.ImportTrade(t, p.Writer, "b.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2024, 2)})
	dropped := uint64(0)
	defer queries.SetBeforeTradeFill(func(db *queries.DB, base uint64) {
		if base != 0 && dropped == 0 {
			dropped = base
			if err := db.DropTradeGeneration(ctx, base); err != nil {
				t.Error(err)
			}
		}
	})()
	queriestest.ImportTrade(t, p.Writer, "c.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2025, 3)})
	if dropped == 0 {
		t.Fatal("the commit built on no trade generation")
	}
	if g, err := p.Reader.TradeGeneration(ctx); err != nil || g == 0 || g == dropped {
		t.Fatalf("current trade generation %d (%v), want a new one", g, err)
	}
	want := "CN-RU export 2023 = 1\nCN-RU export 2024 = 2\nCN-RU export 2025 = 3\n"
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != want {
		t.Fatalf("current trade flows:\n%s\nwant:\n%s", got, want)
	}
}

// TestTradeDropKeepsTheGenerationBefore: dropping superseded trade
// generations keeps the current one and the one without its latest
// import, chosen by the imports they cover: after A, B, figures F,
// rollback of B and C, that is A's, not A and B's, which was published
// later. The others' rows are gone.
func TestTradeDropKeepsTheGenerationBefore(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	defer queries.SetGenerationRetention(0)()
	a, _ := queriestest.ImportTrade(t, p.Writer, "a.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2023, 1)})
	time.Sleep(1100 * time.Millisecond) // A's generation is the older, in whole seconds
	b, _ := queriestest.ImportTrade(t, p.Writer, "b.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2024, 2)})
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 300))
	if err := p.Writer.Rollback(ctx, b); err != nil {
		t.Fatal(err)
	}
	c, _ := queriestest.ImportTrade(t, p.Writer, "c.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2025, 3)})
	time.Sleep(1100 * time.Millisecond) // the data changed over 0 s ago
	if err := p.Writer.RefreshCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := p.Writer.TradeGenerationCovers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, slices.Compare)
	if want := [][]uint64{{a}, {a, c}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("trade generations left cover %v, want %v", got, want)
	}
	rows, err := p.Writer.TradeCurrentGenerations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("trade_current holds the rows of generations %v, want only the two kept", rows)
	}
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != "CN-RU export 2023 = 1\nCN-RU export 2025 = 3\n" {
		t.Fatalf("current trade flows after the clean-up:\n%s", got)
	}
}
