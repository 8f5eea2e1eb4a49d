package queries_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/localdb"
	"tradedash/localdb/localdbtest"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

var server *localdb.Server

func TestMain(m *testing.M) { localdbtest.Main(m, &server) }

func figure(country, metric string, year int, value float64) tradedash.Figure {
	return tradedash.Figure{Exhibition: "innoprom", Country: country, Metric: metric, Year: year,
		Value: value, Qualifier: tradedash.Exact, Status: tradedash.Actual, Source: "https://example.org/s"}
}

// importFigures runs one whole import and returns its id and counts.
func importFigures(t *testing.T, db *queries.DB, figs ...tradedash.Figure) (uint64, queries.Counts) {
	t.Helper()
	id := queriestest.Import(t, db, "t.csv", figs, nil)
	log, err := db.Imports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range log {
		if imp.ID == id {
			return id, queries.Counts{Rows: imp.Rows, New: imp.New, Changed: imp.Changed, Unchanged: imp.Unchanged}
		}
	}
	t.Fatalf("import %d is not in the log", id)
	return 0, queries.Counts{}
}

func values(t *testing.T, db *queries.DB, f queries.FigureFilter) map[string]float64 {
	t.Helper()
	figs, err := db.Figures(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, fig := range figs {
		out[fmt.Sprintf("%s/%s/%d", fig.Country, fig.Metric, fig.Year)] = fig.Value
	}
	return out
}

func TestMigrateIsIdempotentAndConcurrent(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			db, err := queries.Open(ctx, p.WriterURL)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- db.Migrate(ctx)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Reader.SchemaCurrent(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestImportChangeHistoryRollback(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	id1, c := importFigures(t, p.Writer, figure("CN", "companies", 2023, 400), figure("CN", "area_m2", 2023, 10000))
	if c != (queries.Counts{Rows: 2, New: 2}) {
		t.Fatalf("first import counts %+v", c)
	}
	_, c = importFigures(t, p.Writer, figure("CN", "companies", 2023, 400), figure("CN", "area_m2", 2023, 10000))
	if c != (queries.Counts{Rows: 2, Unchanged: 2}) {
		t.Fatalf("same content again: %+v", c)
	}
	changed := figure("CN", "companies", 2023, 450)
	changed.Note = "corrected"
	id3, c := importFigures(t, p.Writer, changed, figure("CN", "companies", 2024, 300))
	if c != (queries.Counts{Rows: 2, New: 1, Changed: 1}) {
		t.Fatalf("change counts %+v", c)
	}
	got := values(t, p.Reader, queries.FigureFilter{Countries: []string{"CN"}})
	if got["CN/companies/2023"] != 450 || got["CN/companies/2024"] != 300 || got["CN/area_m2/2023"] != 10000 {
		t.Fatalf("current values after change: %v", got)
	}
	hist, err := p.Reader.FigureHistory(ctx, "innoprom", "CN", "companies", 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Value != 400 || hist[0].ImportID != id1 || hist[1].Value != 450 || hist[1].ImportID != id3 {
		t.Fatalf("history %+v", hist)
	}
	v1, err := p.Reader.Vintage(ctx)
	if err != nil || v1.ImportID != id3 {
		t.Fatalf("vintage %+v %v", v1, err)
	}

	if err := p.Writer.Rollback(ctx, id3); err != nil {
		t.Fatal(err)
	}
	got = values(t, p.Reader, queries.FigureFilter{Countries: []string{"CN"}})
	if got["CN/companies/2023"] != 400 || len(got) != 2 {
		t.Fatalf("after rollback the replaced value must be current again: %v", got)
	}
	v2, _ := p.Reader.Vintage(ctx)
	if v2.Version == v1.Version || v2.ImportID == id3 {
		t.Fatalf("vintage must change with a rollback: %+v then %+v", v1, v2)
	}
	if err := p.Writer.Rollback(ctx, id3); err == nil {
		t.Fatal("rolling back twice must fail")
	}
	if err := p.Writer.Rollback(ctx, 999); err == nil {
		t.Fatal("rolling back an unknown import must fail")
	}
	log, err := p.Reader.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[0].ID != id3 || log[0].Status != tradedash.ImportRolledBack || log[2].Status != tradedash.ImportCommitted {
		t.Fatalf("import log %+v", log)
	}
}

func TestUncommittedImportIsInvisible(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	importFigures(t, p.Writer, figure("CN", "companies", 2023, 400))
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "aborted.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	imp.AddFigure(ctx, figure("CN", "companies", 2023, 999), 2)
	imp.AddFigure(ctx, figure("CN", "companies", 2025, 1), 3)
	c, err := imp.Counts(ctx)
	if err != nil || c != (queries.Counts{Rows: 2, New: 1, Changed: 1}) {
		t.Fatalf("counts %+v %v", c, err)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 1 || got["CN/companies/2023"] != 400 {
		t.Fatalf("staged rows leaked to readers: %v", got)
	}
	if err := imp.Abort(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	log, _ := p.Reader.Imports(ctx)
	if log[0].Status != tradedash.ImportFailed {
		t.Fatalf("aborted import logged as %s", log[0].Status)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	importFigures(t, p.Writer, figure("CN", "companies", 2023, 400))
	before, _ := p.Reader.Imports(ctx)
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatal(err)
	}
	imp.AddFigure(ctx, figure("CN", "companies", 2023, 410), 7)
	var changes []queries.Change
	if err := imp.EachChange(ctx, func(c queries.Change) error { changes = append(changes, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Old.Value != 400 || changes[0].New.Value != 410 || changes[0].Row != 7 {
		t.Fatalf("changes %+v", changes)
	}
	if _, err := imp.Commit(ctx); err == nil {
		t.Fatal("a dry run must not commit")
	}
	imp.Abort(ctx, "dry run")
	after, _ := p.Reader.Imports(ctx)
	if len(after) != len(before) {
		t.Fatalf("dry run wrote to the import log: %+v", after)
	}
}

func TestConcurrentImportsGetDistinctIDs(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	const n = 6
	ids := make(chan uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			db, err := queries.Open(ctx, p.WriterURL)
			if err != nil {
				t.Error(err)
				return
			}
			defer db.Close()
			id, _ := importFigures(t, db, figure("CN", "companies", 2000+i, float64(i+1)))
			ids <- id
		})
	}
	wg.Wait()
	close(ids)
	seen := map[uint64]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("import id %d given twice", id)
		}
		seen[id] = true
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != n {
		t.Fatalf("want %d figures visible, got %v", n, got)
	}
	log, _ := p.Reader.Imports(ctx)
	if len(log) != n {
		t.Fatalf("import log has %d entries, want %d: %+v", len(log), n, log)
	}
}

func TestReaderCannotWrite(t *testing.T) {
	p := queriestest.New(t, server)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := p.Reader.BeginImport(ctx, queries.ImportMeta{File: "x"}, false); err == nil {
		t.Fatal("the reader started an import")
	}
	if err := p.Reader.Migrate(ctx); err == nil {
		t.Fatal("the reader ran DDL")
	}
	if _, err := p.Reader.Figures(ctx, queries.FigureFilter{Exhibitions: []string{"innoprom"}}); err != nil {
		t.Fatalf("the reader cannot read: %v", err)
	}
}

func TestMilestonesVersioned(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	m := tradedash.Milestone{Date: time.Date(2015, 7, 8, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay,
		Exhibition: "innoprom", Country: "CN", TitleRU: "Китай — первая страна-партнёр", TitleEN: "China, the first partner country",
		Source: "https://example.org/m"}
	for round, want := range []queries.Counts{{Rows: 1, New: 1}, {Rows: 1, Unchanged: 1}, {Rows: 1, Changed: 1}} {
		if round == 2 {
			m.TitleEN = "China becomes the first partner country"
		}
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "m.csv"}, false)
		if err != nil {
			t.Fatal(err)
		}
		imp.AddMilestone(m, 2)
		c, err := imp.Commit(ctx)
		if err != nil || c != want {
			t.Fatalf("round %d: %+v %v, want %+v", round, c, err, want)
		}
	}
	got, err := p.Reader.Milestones(ctx, queries.MilestoneFilter{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].TitleEN != m.TitleEN || !got[0].Date.Equal(m.Date) {
		t.Fatalf("milestones %+v", got)
	}
}

func TestAbandonedImportIsDroppedLater(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	killed, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "killed.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		killed.AddFigure(ctx, figure("CN", "companies", 2000+i, 1), i+2)
	}
	if _, err := killed.Counts(ctx); err != nil { // sends the rows, as a killed import had
		t.Fatal(err)
	}
	if _, uncommitted, _ := p.Writer.PendingRows(ctx); uncommitted != 10 {
		t.Fatalf("%d uncommitted rows, want 10", uncommitted)
	}
	log, _ := p.Reader.Imports(ctx)
	if log[0].Status != tradedash.ImportRunning {
		t.Fatalf("a fresh unfinished import is %s", log[0].Status)
	}
	defer queries.SetAbandonedAfter(0)()
	time.Sleep(1100 * time.Millisecond) // DateTime has whole seconds
	log, _ = p.Reader.Imports(ctx)
	if log[0].Status != tradedash.ImportAbandoned {
		t.Fatalf("an old unfinished import is %s, want abandoned", log[0].Status)
	}
	importFigures(t, p.Writer, figure("CN", "companies", 2023, 400)) // drops what the killed one left
	if _, uncommitted, _ := p.Writer.PendingRows(ctx); uncommitted != 0 {
		t.Fatalf("%d rows of the killed import left", uncommitted)
	}
}

// TestRollbackKeepsWhatALaterImportRepeated: an import that repeats a
// milestone and a figure unchanged asserts them too, so rolling back the
// first import leaves both current.
func TestRollbackKeepsWhatALaterImportRepeated(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	m := tradedash.Milestone{Date: time.Date(2016, 7, 11, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay,
		Exhibition: "innoprom", Country: "CN", TitleRU: "3-е ЭКСПО", TitleEN: "3rd EXPO", Source: "https://example.org/m"}
	f := figure("CN", "companies", 2016, 250)
	first := queriestest.Import(t, p.Writer, "a.csv", []tradedash.Figure{f}, []tradedash.Milestone{m})
	queriestest.Import(t, p.Writer, "b.csv", []tradedash.Figure{f}, []tradedash.Milestone{m})
	if err := p.Writer.Rollback(ctx, first); err != nil {
		t.Fatal(err)
	}
	ms, err := p.Reader.Milestones(ctx, queries.MilestoneFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("milestones after rollback: %+v %v", ms, err)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); got["CN/companies/2016"] != 250 {
		t.Fatalf("figures after rollback: %v", got)
	}
}

// TestSilentImportIsLost: an import whose heartbeat stops (its host died,
// or it hangs) is marked lost by the next command once the heartbeat is
// stale, its rows are dropped, it may not commit any more, and a live
// import beside it is left alone.
func TestSilentImportIsLost(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	// Stale after 5 s: the live import's heartbeats, every 200 ms, would
	// have to stall for seconds on a loaded machine to make it look dead.
	defer queries.SetHeartbeat(200*time.Millisecond, 5*time.Second)()
	silent, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "silent.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	silent.AddFigure(ctx, figure("CN", "companies", 2023, 1), 2)
	if _, err := silent.Counts(ctx); err != nil { // sends the row
		t.Fatal(err)
	}
	silent.StopHeartbeat()
	live, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "live.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	live.AddFigure(ctx, figure("CN", "companies", 2024, 2), 2)
	if lost, err := p.Writer.RecoverKilled(ctx); err != nil || len(lost) != 0 {
		t.Fatalf("fresh imports taken for killed: %v %v", lost, err)
	}
	time.Sleep(7 * time.Second) // over 5 s, in the whole seconds of DateTime
	lost, err := p.Writer.RecoverKilled(ctx)
	if err != nil || len(lost) != 1 || lost[0] != silent.ID() {
		t.Fatalf("lost %v (%v), want only the silent import %d", lost, err, silent.ID())
	}
	log, _ := p.Reader.Imports(ctx)
	byFile := map[string]tradedash.Import{}
	for _, imp := range log {
		byFile[imp.File] = imp
	}
	if s := byFile["silent.csv"]; s.Status != tradedash.ImportLost || !strings.HasPrefix(s.Message, "no heartbeat for") {
		t.Fatalf("silent import logged as %s %q", s.Status, s.Message)
	}
	if s := byFile["live.csv"].Status; s != tradedash.ImportRunning {
		t.Fatalf("live import logged as %s", s)
	}
	if _, err := silent.Commit(ctx); err == nil {
		t.Fatal("an import taken for lost committed")
	}
	// The live import's own check (no heartbeat written for half the
	// staleness) is not what this test is about: take timing out of it.
	defer queries.SetStaleAfter(time.Hour)()
	if _, err := live.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 1 || got["CN/companies/2024"] != 2 {
		t.Fatalf("visible after the lost and the live import: %v", got)
	}
	if _, uncommitted, _ := p.Writer.PendingRows(ctx); uncommitted != 0 {
		t.Fatalf("%d rows of the lost import left", uncommitted)
	}
}

// TestCommitDuringRecoveryStands: an import taken for killed that commits
// after RecoverKilled chose it, but before its "lost" event, stays
// committed and visible, with its rows.
func TestCommitDuringRecoveryStands(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	defer queries.SetHeartbeat(time.Hour, time.Second)() // one heartbeat, stale after 1 s
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "slow.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	imp.AddFigure(ctx, figure("CN", "companies", 2023, 7), 2)
	if _, err := imp.Counts(ctx); err != nil { // sends the row
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond) // over 1 s, in whole seconds
	var commitErr error
	committed := false
	defer queries.SetBeforeLost(func(id uint64) {
		if id != imp.ID() || committed {
			return
		}
		committed = true
		restore := queries.SetStaleAfter(time.Hour) // lets it commit
		_, commitErr = imp.Commit(ctx)
		restore()
	})()
	lost, err := p.Writer.RecoverKilled(ctx)
	if err != nil || len(lost) != 0 {
		t.Fatalf("lost %v (%v), want none", lost, err)
	}
	if !committed || commitErr != nil {
		t.Fatalf("commit during recovery: ran %v, %v", committed, commitErr)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 1 || got["CN/companies/2023"] != 7 {
		t.Fatalf("visible after the commit: %v", got)
	}
	log, _ := p.Reader.Imports(ctx)
	if len(log) != 1 || log[0].Status != tradedash.ImportCommitted {
		t.Fatalf("import log: %+v", log)
	}
	// A later recovery leaves it alone too.
	if lost, err := p.Writer.RecoverKilled(ctx); err != nil || len(lost) != 0 {
		t.Fatalf("lost %v (%v), want none", lost, err)
	}
}

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
			importFigures(t, p.Writer, figure("XX", "companies", 2000+i, float64(i+1)))
		})
	}
	wg.Wait()
	more := append(slices.Clone(previous), figure("XX", "companies", 2000, 1), figure("XX", "companies", 2001, 2))
	check("after two concurrent imports", more)

	// Two imports committed together that both give a figure: the later
	// import's value is current, as in the history.
	var both []*queries.Import
	for _, v := range []float64{10, 20} {
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "both.csv"}, false)
		if err != nil {
			t.Fatal(err)
		}
		imp.AddFigure(ctx, figure("XX", "companies", 2000, v), 2)
		both = append(both, imp)
	}
	if _, err := queries.CommitAll(ctx, both); err != nil {
		t.Fatal(err)
	}
	more[len(more)-2].Value = 20
	check("after two imports committed together", more)
}

// TestFiguresInPages: figures read in pages of a few (the size a million
// figures are read in, scaled down) are every figure, once, in order, with
// and without a filter.
func TestFiguresInPages(t *testing.T) {
	p := queriestest.New(t, server)
	var figs []tradedash.Figure // every exhibition, country, metric and year: each level of the key changes
	i := 0
	err := synth.Figures(1_000_000, 2, func(f tradedash.Figure) error {
		if i++; i%997 == 0 {
			figs = append(figs, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	queriestest.Import(t, p.Writer, "a.csv", figs, nil)
	for _, f := range []queries.FigureFilter{{}, {Countries: []string{"CN", "DE", "RU"}, FromYear: 1950}} {
		whole, err := p.Reader.Figures(context.Background(), f)
		if err != nil || len(whole) < 10 {
			t.Fatalf("filter %+v: %d figures, %v", f, len(whole), err)
		}
		restore := queries.SetFirstPage(3)
		paged, err := p.Reader.Figures(context.Background(), f)
		restore()
		if err != nil || !slices.Equal(paged, whole) {
			t.Fatalf("filter %+v: %d figures in pages (%v), %d in one", f, len(paged), err, len(whole))
		}
	}
}

// TestUnreachableServerIsUnavailable checks that a server out of reach is
// an outage (503), not a query over its limit (504): a dial that times out
// also matches context.DeadlineExceeded.
func TestUnreachableServerIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	for _, tc := range []struct{ name, addr string }{
		{"closed port", closed},
		// 100::/64 is the IPv6 discard prefix: a dial there is never
		// answered and runs out of the dial timeout.
		{"blackhole", "[100::1]:9000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := queries.Open(context.Background(), "clickhouse://u:p@"+tc.addr+"/tradedash")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err = db.Ping(ctx)
			if !errors.Is(err, tradedash.ErrUnavailable) || errors.Is(err, tradedash.ErrQueryLimit) {
				t.Fatalf("ping %s: %v; want ErrUnavailable, not ErrQueryLimit", tc.addr, err)
			}
		})
	}
}

// TestGenerationOnADroppedBase: a commit whose base generation another
// command drops while the commit copies it must not publish a generation
// that lacks the base's figures.
func TestGenerationOnADroppedBase(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	importFigures(t, p.Writer, figure("CN", "companies", 2023, 1))
	importFigures(t, p.Writer, figure("CN", "companies", 2024, 2))
	dropped := uint64(0)
	defer queries.SetBeforeFill(func(db *queries.DB, base uint64) {
		if base != 0 && dropped == 0 {
			dropped = base
			if err := db.DropGeneration(ctx, base); err != nil {
				t.Error(err)
			}
		}
	})()
	importFigures(t, p.Writer, figure("CN", "companies", 2025, 3))
	if dropped == 0 {
		t.Fatal("the commit built on no generation")
	}
	if g, err := p.Reader.Generation(ctx); err != nil || g == 0 || g == dropped {
		t.Fatalf("current generation %d (%v), want a new one", g, err)
	}
	want := map[string]float64{"CN/companies/2023": 1, "CN/companies/2024": 2, "CN/companies/2025": 3}
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
	a, _ := importFigures(t, p.Writer, figure("CN", "companies", 2023, 1))
	time.Sleep(1100 * time.Millisecond) // A's generation is the older, in whole seconds
	b, _ := importFigures(t, p.Writer, figure("CN", "companies", 2024, 2))
	if err := p.Writer.Rollback(ctx, b); err != nil {
		t.Fatal(err)
	}
	c, _ := importFigures(t, p.Writer, figure("CN", "companies", 2025, 3))
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
