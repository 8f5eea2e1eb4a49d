// Package importer runs an import command: it reads files with ingest,
// writes them with queries, and decides, for all files of one command at
// once, whether anything is written. The command line, the dashboard's
// first start and the tests all import through it.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"tradedash"
	"tradedash/ingest"
	"tradedash/queries"
	"tradedash/reference"
)

// Options are the settings of one import command.
type Options struct {
	DryRun         bool   // validate and show what would change; write nothing
	Source         string // the source of rows that have none of their own
	Encoding       string // the encoding of CSV files (--encoding); "" detects it
	Stdout, Stderr io.Writer
	// Progress, when set, makes a progress reporter for one file (a bar on
	// a terminal); nil reports nothing.
	Progress func(file string) Progress
	// Names, when set, gives the name a file is logged and reported under
	// (the sample data is read from a temporary copy).
	Names map[string]string
}

// Progress follows the reading of one file.
type Progress interface {
	Update(done, total int64)
	Finish()
}

type noProgress struct{}

func (noProgress) Update(done, total int64) {}
func (noProgress) Finish()                  {}

func (o Options) name(path string) string {
	if n, ok := o.Names[path]; ok {
		return n
	}
	return path
}

// staged is a file read without problems, its rows staged, waiting for the
// other files of the same command before it is committed.
type staged struct {
	file string
	imp  *queries.Import
}

// Rejected is the error of an import command refused for problems in its
// files. The problems have been printed; nothing was written.
type Rejected struct{ Problems int }

func (r *Rejected) Error() string {
	if r.Problems == 1 {
		return "1 problem; nothing written"
	}
	return fmt.Sprintf("%d problems; nothing written", r.Problems)
}

// Files reads every file, and commits them only when none has a problem:
// one bad file of several writes nothing at all, and accepted files become
// visible together, in one commit. Each file becomes one import of its own
// in the log. Every problem goes to Stderr as
// FILE:ROW:COLUMN: message, the outcome to Stdout, the last line being
// "N rows: X new, Y changed, Z unchanged". It returns the totals, or
// *Rejected when a file has problems.
func Files(ctx context.Context, db *queries.DB, files []string, opts Options) (queries.Counts, error) {
	var ready []staged
	abortAll := func(reason string) {
		for _, st := range ready {
			_ = st.imp.Abort(ctx, reason)
		}
	}
	problems := 0
	for _, file := range files {
		n, st, err := stageFile(ctx, db, file, opts)
		if err != nil {
			abortAll("import stopped: " + err.Error())
			return queries.Counts{}, err
		}
		if n > 0 {
			problems += n
			continue
		}
		ready = append(ready, st)
	}
	if problems == 0 && len(ready) > 1 {
		n, err := printConflicts(ctx, ready, opts)
		if err != nil {
			abortAll("import stopped: " + err.Error())
			return queries.Counts{}, err
		}
		problems += n
	}
	if problems > 0 {
		abortAll("another file of the same import was rejected")
		return queries.Counts{}, &Rejected{Problems: problems}
	}
	if !opts.DryRun {
		total, err := commit(ctx, ready, opts)
		if err != nil {
			abortAll("import stopped: " + err.Error())
			return total, err
		}
		fmt.Fprintln(opts.Stdout, countsLine(total))
		return total, nil
	}
	var total queries.Counts
	for _, st := range ready {
		counts, err := dryRun(ctx, st, opts) // aborts st: Abort again is a no-op
		if err != nil {
			abortAll("import stopped: " + err.Error())
			return total, err
		}
		total = add(total, counts)
	}
	fmt.Fprintln(opts.Stdout, "dry run: nothing written")
	fmt.Fprintln(opts.Stdout, countsLine(total))
	return total, nil
}

func add(a, b queries.Counts) queries.Counts {
	return queries.Counts{Rows: a.Rows + b.Rows, New: a.New + b.New, Changed: a.Changed + b.Changed,
		Unchanged: a.Unchanged + b.Unchanged}
}

// printConflicts reports figures that two of the files give differently:
// a problem like a repeated figure inside one file.
func printConflicts(ctx context.Context, ready []staged, opts Options) (int, error) {
	imps := make([]*queries.Import, len(ready))
	for i, st := range ready {
		imps[i] = st.imp
	}
	conflicts, err := queries.Conflicts(ctx, imps, 200)
	for _, c := range conflicts {
		fmt.Fprintln(opts.Stderr, ingest.Problem{File: c.SecondFile, Row: c.SecondRow, Column: c.Second.Metric,
			Msg: fmt.Sprintf("the same figure as %s:%d (%s, %s, %s, %d) with %s",
				reference.Printable(c.FirstFile), c.FirstRow, c.Second.Metric, c.Second.Country, c.Second.Exhibition, c.Second.Year,
				difference(c.Second, c.First))})
	}
	return len(conflicts), err
}

// stageFile reads one file into a new import. It returns how many problems
// the file has (printed to stderr, and the import aborted), or the staged
// import.
func stageFile(ctx context.Context, db *queries.DB, file string, opts Options) (int, staged, error) {
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: opts.name(file)}, opts.DryRun)
	if err != nil {
		return 0, staged{}, err
	}
	var bar Progress = noProgress{}
	if opts.Progress != nil {
		bar = opts.Progress(file)
	}
	digest := sha256.New()
	summary, err := ingest.Read(ctx, file, ingest.Options{Source: opts.Source, Encoding: opts.Encoding, Progress: bar.Update, Digest: digest},
		importSink{ctx: ctx, imp: imp})
	bar.Finish()
	var problems ingest.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(opts.Stderr, p.Error())
		}
		n := summary.ProblemCount
		_ = imp.Abort(ctx, fmt.Sprintf("%d problems", n))
		return n, staged{}, nil
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		fmt.Fprintln(opts.Stderr, ingest.Problem{File: file, Msg: "cannot read: " + pathErr.Err.Error()})
		_ = imp.Abort(ctx, pathErr.Err.Error())
		return 1, staged{}, nil
	}
	if err != nil {
		_ = imp.Abort(ctx, err.Error())
		return 0, staged{}, err
	}
	imp.SetSHA256(hex.EncodeToString(digest.Sum(nil)))
	if summary.Encoding != "" && summary.Encoding != "UTF-8" && summary.Encoding != "UTF-8 with BOM" {
		// A code page is a judgement (or the user's word): say which.
		how := "detected; --encoding chooses another"
		if opts.Encoding != "" {
			how = "--encoding"
		}
		fmt.Fprintf(opts.Stderr, "note: %s: read as %s (%s)\n", reference.Printable(file), summary.Encoding, how)
	}
	for _, notice := range summary.Skipped {
		fmt.Fprintln(opts.Stderr, "note:", notice.Error())
	}
	if more := summary.SkippedCount - len(summary.Skipped); more > 0 {
		fmt.Fprintf(opts.Stderr, "note: %s: ... and %d more skipped rows\n", reference.Printable(file), more)
	}
	return 0, staged{file: opts.name(file), imp: imp}, nil
}

// commit makes every staged file visible at once (queries.CommitAll: one
// event block for all of them, so a process killed halfway leaves none
// visible) and prints each file's counts. It returns the totals.
func commit(ctx context.Context, ready []staged, opts Options) (queries.Counts, error) {
	imps := make([]*queries.Import, len(ready))
	for i, st := range ready {
		imps[i] = st.imp
	}
	counts, err := queries.CommitAll(ctx, imps)
	if err != nil {
		if len(ready) == 1 {
			return queries.Counts{}, fmt.Errorf("import %s: %w", reference.Printable(ready[0].file), err)
		}
		return queries.Counts{}, fmt.Errorf("import: %w", err)
	}
	var total queries.Counts
	for i, st := range ready {
		c := counts[i]
		fmt.Fprintf(opts.Stdout, "%s: import %d: %s\n", reference.Printable(st.file), st.imp.ID(), countsLine(c))
		total = add(total, c)
	}
	return total, nil
}

// dryRun prints what a staged file would change, and drops it.
func dryRun(ctx context.Context, st staged, opts Options) (queries.Counts, error) {
	err := st.imp.EachChange(ctx, func(ch queries.Change) error {
		_, err := fmt.Fprintf(opts.Stdout, "%s:%d: %s %s %s %d: %s\n", reference.Printable(st.file), ch.Row,
			ch.New.Exhibition, ch.New.Country, ch.New.Metric, ch.New.Year, change(ch.Old, ch.New))
		return err
	})
	if err != nil {
		return queries.Counts{}, err
	}
	counts, err := st.imp.Counts(ctx)
	if err != nil {
		return counts, err
	}
	fmt.Fprintf(opts.Stdout, "%s: %s\n", reference.Printable(st.file), countsLine(counts))
	return counts, st.imp.Abort(ctx, "dry run")
}

func describe(f tradedash.Figure) string {
	v := strconv.FormatFloat(f.Value, 'f', -1, 64)
	switch f.Qualifier {
	case tradedash.Over:
		v = ">" + v
	case tradedash.Under:
		v = "<" + v
	case tradedash.About:
		v = "~" + v
	}
	if f.Status != tradedash.Actual {
		v += " (" + string(f.Status) + ")"
	}
	return v
}

// change says what an import changes in a figure: "400 -> 450", or its
// source or note when only they change.
func change(old, new tradedash.Figure) string {
	switch {
	case old.Value != new.Value || old.Qualifier != new.Qualifier || old.Status != new.Status:
		return describe(old) + " -> " + describe(new)
	case old.Source != new.Source:
		a, b := clipPair(old.Source, new.Source)
		return fmt.Sprintf("source %q -> %q", a, b)
	default:
		a, b := clipPair(old.Note, new.Note)
		return fmt.Sprintf("note %q -> %q", a, b)
	}
}

// clipPair clips two long texts around their first difference, so that
// what changed is what shows.
func clipPair(a, b string) (string, string) {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	from := max(0, i-20)
	window := func(r []rune) string {
		s := string(r[from:])
		if from > 0 {
			s = "…" + s
		}
		return clip(s)
	}
	return window(ra), window(rb)
}

// difference says how figure a differs from b, for a problem message.
func difference(a, b tradedash.Figure) string {
	switch {
	case a.Value != b.Value || a.Qualifier != b.Qualifier || a.Status != b.Status:
		return fmt.Sprintf("a different value: %s here, %s there", describe(a), describe(b))
	case a.Source != b.Source:
		return fmt.Sprintf("a different source: %q here, %q there", clip(a.Source), clip(b.Source))
	default:
		return fmt.Sprintf("a different note: %q here, %q there", clip(a.Note), clip(b.Note))
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func countsLine(c queries.Counts) string {
	return fmt.Sprintf("%d rows: %d new, %d changed, %d unchanged", c.Rows, c.New, c.Changed, c.Unchanged)
}

// importSink hands what ingest reads to the import.
type importSink struct {
	ctx context.Context
	imp *queries.Import
}

func (s importSink) Figure(f tradedash.Figure, row int) error {
	return s.imp.AddFigure(s.ctx, f, row)
}

func (s importSink) Milestone(m tradedash.Milestone, row int) error {
	s.imp.AddMilestone(m, row)
	return nil
}
