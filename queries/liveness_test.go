package queries_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

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
	silent.AddFigure(ctx, figure("CN", "exhibitors", 2023, 1), 2)
	if _, err := silent.Counts(ctx); err != nil { // sends the row
		t.Fatal(err)
	}
	silent.StopHeartbeat()
	live, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "live.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	live.AddFigure(ctx, figure("CN", "exhibitors", 2024, 2), 2)
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
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 1 || got["CN/exhibitors/2024"] != 2 {
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
	imp.AddFigure(ctx, figure("CN", "exhibitors", 2023, 7), 2)
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
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 1 || got["CN/exhibitors/2023"] != 7 {
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
