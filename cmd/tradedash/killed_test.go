package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

var figuresFilterAll = queries.FigureFilter{}

// TestKilledImportIsInvisible kills a real import process in the middle,
// once early and once late in writing its rows, and checks that a reader polling all along never sees a part of
// it, and that the next import works.
func TestKilledImportIsInvisible(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300,000 rows twice")
	}
	db := queriestest.New(t, server)
	ctx := context.Background()
	base := filepath.Join(t.TempDir(), "base.csv")
	if err := synth.WriteCSV(base, 1000, 1); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runTD(t, db.WriterURL, "import", base); code != 0 {
		t.Fatal(errOut)
	}
	big := filepath.Join(t.TempDir(), "big.csv")
	const rows = 300_000
	if err := synth.WriteCSV(big, rows, 2); err != nil {
		t.Fatal(err)
	}
	for _, phase := range []struct {
		name    string
		reached func(uncommitted uint64) bool
	}{
		{"early", func(uncommitted uint64) bool { return uncommitted > 0 }},
		{"late", func(uncommitted uint64) bool { return uncommitted >= rows/2 }},
	} {
		t.Run(phase.name, func(t *testing.T) {
			stop := make(chan struct{})
			var seen sync.Map
			var polls atomic.Int64
			var wg sync.WaitGroup
			wg.Go(func() { // the reader: only whole imports may ever be visible
				for {
					select {
					case <-stop:
						return
					default:
					}
					n := 0
					err := db.Reader.EachFigure(ctx, figuresFilterAll, func(tradedash.Figure) error { n++; return nil })
					if err == nil {
						seen.Store(n, true)
						polls.Add(1)
					}
				}
			})
			cmd := process(db.WriterURL, "import", big)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(60 * time.Second)
			for {
				_, uncommitted, err := db.Writer.PendingRows(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if phase.reached(uncommitted) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the import never reached the %s phase", phase.name)
				}
				time.Sleep(2 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			time.Sleep(200 * time.Millisecond)
			close(stop)
			wg.Wait()
			seen.Range(func(k, _ any) bool {
				if k.(int) != 1000 {
					t.Errorf("a reader saw %d figures while the import ran; only 1000 (before) is allowed", k)
				}
				return true
			})
			if polls.Load() == 0 {
				t.Fatal("the reader never polled")
			}
			log, err := db.Reader.Imports(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if log[0].Status != tradedash.ImportRunning {
				t.Fatalf("the killed import is logged as %s", log[0].Status)
			}
		})
	}
	// The next import works and sees none of the killed rows as current.
	out, errOut, code := runTD(t, db.WriterURL, "import", base)
	if code != 0 || lastLine(out) != "1000 rows: 0 new, 0 changed, 1000 unchanged" {
		t.Fatalf("import after the kills: exit %d %q %s", code, lastLine(out), errOut)
	}
}

// TestConcurrentCLIImports runs two import processes at once on one database.
func TestConcurrentCLIImports(t *testing.T) {
	db := queriestest.New(t, server)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	if err := synth.WriteCSV(a, 20_000, 3); err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteCSV(b, 20_000, 4); err != nil {
		t.Fatal(err)
	}
	ca, cb := process(db.WriterURL, "import", a), process(db.WriterURL, "import", b)
	if err := ca.Start(); err != nil {
		t.Fatal(err)
	}
	if err := cb.Start(); err != nil {
		t.Fatal(err)
	}
	if err := ca.Wait(); err != nil {
		t.Fatalf("first import: %v", err)
	}
	if err := cb.Wait(); err != nil {
		t.Fatalf("second import: %v", err)
	}
	log, err := db.Reader.Imports(context.Background())
	if err != nil || len(log) != 2 || log[0].ID == log[1].ID ||
		log[0].Status != tradedash.ImportCommitted || log[1].Status != tradedash.ImportCommitted {
		t.Fatalf("import log after two concurrent imports: %+v %v", log, err)
	}
	// Same keys, other values: the later import's values are current.
	figs, err := db.Reader.Figures(context.Background(), figuresFilterAll)
	if err != nil || len(figs) != 20_000 {
		t.Fatalf("%d figures visible (%v), want 20000", len(figs), err)
	}
	seed := uint64(3) // log[0] is the newest import
	if log[0].File == b {
		seed = 4
	}
	want := map[string]tradedash.Figure{}
	synth.Figures(20_000, seed, func(f tradedash.Figure) error { want[key(f)] = f; return nil })
	for _, f := range figs {
		if w := want[key(f)]; w.Value != f.Value || w.Qualifier != f.Qualifier {
			t.Fatalf("figure %+v: want the newer import's %v %s", f, w.Value, w.Qualifier)
		}
	}
}

func key(f tradedash.Figure) string {
	return fmt.Sprintf("%s/%s/%s/%d", f.Exhibition, f.Country, f.Metric, f.Year)
}

// TestKilledMultiFileImport kills a real `tradedash import a.csv b.csv`
// process: once while the second file is being written after the first
// was read whole, and once when both files are written and only the
// commit is left (both files commit in one block of the log). Several
// files are one decision, so a reader may only ever see all of both or
// none of either. The files have no figure in common, so which file a
// visible figure came from is known.
func TestKilledMultiFileImport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200,000 rows twice")
	}
	db := queriestest.New(t, server)
	ctx := context.Background()
	dir := t.TempDir()
	// One synthetic file split in two: a has its first rowsA figures, b
	// the next rowsB.
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	const rowsA, rowsB = 1000, 200_000
	both := filepath.Join(dir, "both.csv")
	if err := synth.WriteCSV(both, rowsA+rowsB, 7); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(both)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(raw), "\n")
	header, rows := lines[0], lines[1:1+rowsA+rowsB]
	if err := os.WriteFile(a, []byte(header+strings.Join(rows[:rowsA], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(header+strings.Join(rows[rowsA:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	inA := map[string]bool{}
	synth.Figures(rowsA, 7, func(f tradedash.Figure) error { inA[key(f)] = true; return nil })
	status := func(file string) tradedash.ImportStatus {
		log, err := db.Writer.Imports(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range log {
			if imp.File == file {
				return imp.Status
			}
		}
		return ""
	}
	uncommitted := func() uint64 {
		_, n, err := db.Writer.PendingRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, phase := range []struct {
		name    string
		reached func() bool
	}{
		// Some of b's rows written: b has claimed its id and written its
		// first heartbeat before them. Between the two, a kill leaves an
		// import RecoverKilled rightly leaves alone (it may be claiming
		// its id right now) until its heartbeat is stale.
		{"second file writing", func() bool {
			return status(b) == tradedash.ImportRunning && uncommitted() > rowsA
		}},
		{"both files written, not committed", func() bool { return uncommitted() == rowsA+rowsB }},
	} {
		t.Run(phase.name, func(t *testing.T) {
			lostBefore := 0
			log, err := db.Writer.Imports(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range log {
				if imp.Status == tradedash.ImportLost {
					lostBefore++
				}
			}
			cmd := process(db.WriterURL, "import", a, b)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { cmd.Wait(); close(exited) }()
			deadline := time.Now().Add(60 * time.Second)
			finished := false
			for !finished && !phase.reached() {
				select {
				case <-exited:
					// Finished between two polls: the state after its
					// last write, checked below like a kill's.
					finished = true
					t.Logf("the import ended before the kill")
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("the import never reached %s", phase.name)
				}
				time.Sleep(25 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			fromA, fromB := 0, 0
			err = db.Reader.EachFigure(ctx, figuresFilterAll, func(f tradedash.Figure) error {
				if inA[key(f)] {
					fromA++
				} else {
					fromB++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case fromA == 0 && fromB == 0:
				// The next command, whatever it is, finds the process
				// gone: both imports are lost and their rows dropped.
				out, errOut, code := runTD(t, db.WriterURL, "imports")
				if code != 0 || strings.Count(out, "lost: process gone") != lostBefore+2 {
					t.Fatalf("imports after the kill: exit %d\n%s%s", code, out, errOut)
				}
				if n := uncommitted(); n != 0 {
					t.Fatalf("%d rows of the killed imports left", n)
				}
			case fromA == rowsA && fromB == rowsB:
				if phase.name == "second file writing" && !finished {
					t.Fatalf("all figures visible after a kill while writing")
				}
				// Both committed at once: start again from nothing.
				log, _ := db.Writer.Imports(ctx)
				for _, imp := range log {
					if imp.Status == tradedash.ImportCommitted {
						if err := db.Writer.Rollback(ctx, imp.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
			default:
				t.Fatalf("visible after the kill: %d of a's %d figures, %d of b's %d; want all or none of both",
					fromA, rowsA, fromB, rowsB)
			}
		})
	}
	// The next command works, and the killed imports left nothing visible.
	out, errOut, code := runTD(t, db.WriterURL, "import", a)
	if code != 0 || lastLine(out) != "1000 rows: 1000 new, 0 changed, 0 unchanged" {
		t.Fatalf("import after the kills: exit %d %q %s", code, lastLine(out), errOut)
	}
}
