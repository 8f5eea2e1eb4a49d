package main

import (
	"context"
	"fmt"
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
// process between its two files: once when the first file's import shows
// as committed in the log (the moment the files of one command used to
// become visible one by one), and once while the second file is being
// written after the first was read whole. Several files are one decision,
// so a reader may only ever see all of them or none.
func TestKilledMultiFileImport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200,000 rows twice")
	}
	db := queriestest.New(t, server)
	ctx := context.Background()
	dir := t.TempDir()
	// The same seed: b repeats a's figures with a's values, so the two
	// files agree and the command is accepted.
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	const rowsA, rowsB = 1000, 200_000
	if err := synth.WriteCSV(a, rowsA, 7); err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteCSV(b, rowsB, 7); err != nil {
		t.Fatal(err)
	}
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
	for _, phase := range []struct {
		name    string
		reached func() bool
	}{
		{"first file committed", func() bool { return status(a) == tradedash.ImportCommitted }},
		{"second file writing", func() bool {
			_, uncommitted, err := db.Writer.PendingRows(ctx)
			return err == nil && uncommitted > 0 && status(b) == tradedash.ImportRunning
		}},
	} {
		t.Run(phase.name, func(t *testing.T) {
			cmd := process(db.WriterURL, "import", a, b)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { cmd.Wait(); close(exited) }()
			deadline := time.Now().Add(60 * time.Second)
			for !phase.reached() {
				select {
				case <-exited:
					// Finished between two polls: the same state as a kill
					// after its last write, if it got that far.
					if !phase.reached() {
						t.Fatalf("the import ended before %s", phase.name)
					}
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("the import never reached %s", phase.name)
				}
				time.Sleep(time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			n := 0
			if err := db.Reader.EachFigure(ctx, figuresFilterAll, func(tradedash.Figure) error { n++; return nil }); err != nil {
				t.Fatal(err)
			}
			if phase.name == "second file writing" {
				if n != 0 {
					t.Fatalf("%d figures visible after a kill before the commit; want none", n)
				}
				// The next command, whatever it is, finds the process gone:
				// both imports are lost and their rows dropped.
				out, errOut, code := runTD(t, db.WriterURL, "imports")
				if code != 0 || strings.Count(out, "lost: process gone") != 2 {
					t.Fatalf("imports after the kill: exit %d\n%s%s", code, out, errOut)
				}
				if _, uncommitted, _ := db.Writer.PendingRows(ctx); uncommitted != 0 {
					t.Fatalf("%d rows of the killed imports left", uncommitted)
				}
			}
			if n != 0 && n != rowsB {
				t.Fatalf("%d figures visible after the kill: one file of two is visible (want 0 or %d)", n, rowsB)
			}
			if n == rowsB {
				// Both committed at once: start again from nothing.
				log, _ := db.Writer.Imports(ctx)
				for _, imp := range log {
					if imp.Status == tradedash.ImportCommitted {
						if err := db.Writer.Rollback(ctx, imp.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		})
	}
	// The next command works, and the killed imports left nothing visible.
	out, errOut, code := runTD(t, db.WriterURL, "import", a)
	if code != 0 || lastLine(out) != "1000 rows: 1000 new, 0 changed, 0 unchanged" {
		t.Fatalf("import after the kills: exit %d %q %s", code, lastLine(out), errOut)
	}
}
