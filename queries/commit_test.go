package queries_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

func TestImportChangeHistoryRollback(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	id1, c := importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 400), figure("CN", "net_space_m2", 2023, 10000))
	if c != (queries.Counts{Rows: 2, New: 2}) {
		t.Fatalf("first import counts %+v", c)
	}
	_, c = importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 400), figure("CN", "net_space_m2", 2023, 10000))
	if c != (queries.Counts{Rows: 2, Unchanged: 2}) {
		t.Fatalf("same content again: %+v", c)
	}
	changed := figure("CN", "exhibitors", 2023, 450)
	changed.Note = "corrected"
	id3, c := importFigures(t, p.Writer, changed, figure("CN", "exhibitors", 2024, 300))
	if c != (queries.Counts{Rows: 2, New: 1, Changed: 1}) {
		t.Fatalf("change counts %+v", c)
	}
	got := values(t, p.Reader, queries.FigureFilter{Countries: []string{"CN"}})
	if got["CN/exhibitors/2023"] != 450 || got["CN/exhibitors/2024"] != 300 || got["CN/net_space_m2/2023"] != 10000 {
		t.Fatalf("current values after change: %v", got)
	}
	hist, err := p.Reader.FigureHistory(ctx, "innoprom", "CN", "exhibitors", 2023)
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
	if got["CN/exhibitors/2023"] != 400 || len(got) != 2 {
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
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 400))
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "aborted.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	imp.AddFigure(ctx, figure("CN", "exhibitors", 2023, 999), 2)
	imp.AddFigure(ctx, figure("CN", "exhibitors", 2025, 1), 3)
	c, err := imp.Counts(ctx)
	if err != nil || c != (queries.Counts{Rows: 2, New: 1, Changed: 1}) {
		t.Fatalf("counts %+v %v", c, err)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 1 || got["CN/exhibitors/2023"] != 400 {
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

func TestConcurrentImportsGetDistinctIDs(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	const n = 6
	ids := make(chan uint64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			db, err := queries.Open(ctx, p.WriterURL, p.Options...)
			if err != nil {
				t.Error(err)
				return
			}
			defer db.Close()
			id, _ := importFigures(t, db, figure("CN", "exhibitors", 2000+i, float64(i+1)))
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

func TestAbandonedImportIsDroppedLater(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	killed, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "killed.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		killed.AddFigure(ctx, figure("CN", "exhibitors", 2000+i, 1), i+2)
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
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 400)) // drops what the killed one left
	if _, uncommitted, _ := p.Writer.PendingRows(ctx); uncommitted != 0 {
		t.Fatalf("%d rows of the killed import left", uncommitted)
	}
}

// lockedBuffer is a log destination that goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestFailedCleanUpIsLogged: a clean-up that the server refuses (here the
// read-only user, dropping what a killed import and a dry run left) does
// not stop the command, and is logged with what it could not drop.
func TestFailedCleanUpIsLogged(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	killed, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "killed.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer killed.Abort(ctx, "test over")
	killed.AddFigure(ctx, figure("CN", "exhibitors", 2023, 1), 2)
	if _, err := killed.Counts(ctx); err != nil { // sends the row, as a killed import had
		t.Fatal(err)
	}
	defer queries.SetAbandonedAfter(0)()
	time.Sleep(1100 * time.Millisecond) // DateTime has whole seconds

	var logged lockedBuffer
	reader, err := queries.Open(ctx, p.ReaderURL, append(p.Options, queries.Logger(slog.New(slog.NewTextHandler(&logged, nil))))...)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	dry, err := reader.BeginImport(ctx, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatalf("a failed clean-up stopped the dry run: %v", err)
	}
	want := fmt.Sprintf("table=figures partition=%d", killed.ID())
	if out := logged.String(); !strings.Contains(out, "drop partition") || !strings.Contains(out, want) {
		t.Fatalf("the refused drop of the killed import's rows is not logged with %q:\n%s", want, out)
	}
	if err := dry.Abort(ctx, "dry run"); err != nil {
		t.Fatal(err)
	}
	if out := logged.String(); !strings.Contains(out, "table=figures_staging") || !strings.Contains(out, "readonly") {
		t.Fatalf("the refused drop of the dry run's rows is not logged with the server's reason:\n%s", out)
	}
}
