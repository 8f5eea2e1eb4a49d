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
	"os"

	"tradedash"
	"tradedash/ingest"
	"tradedash/queries"
	"tradedash/reference"
)

// Options are the settings of one import command.
type Options struct {
	DryRun   bool   // validate and show what would change; write nothing
	Source   string // the source of rows that have none of their own
	Encoding string // the encoding of CSV files (--encoding); "" detects it
	// Flow and Period are what a China Customs export leaves out (--flow,
	// --period): see ingest.Options.
	Flow   tradedash.Flow
	Period ingest.Period
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

// Result is what an import command did, file by file. The importer prints
// nothing: the command line prints a Result, the dashboard's first start
// only needs its error.
type Result struct {
	DryRun bool
	Files  []File // in the order given
	// Conflicts are figures that two accepted files give differently:
	// problems like a repeated figure inside one file (the first 200).
	Conflicts []queries.Conflict
	// TradeConflicts are the same for trade flows (the first 200).
	TradeConflicts []queries.TradeConflict
	// Problems counts every problem of every file, conflicts included;
	// when it is not 0 nothing was written.
	Problems int
	Total    queries.Counts // of all files, once committed or dry-run
}

// File is what one file of an import command gave.
type File struct {
	Name string // as logged (Options.Names applied)
	// ImportID is the import the file became in the log: committed, or
	// aborted for a dry run or a rejected command.
	ImportID uint64
	Counts   queries.Counts // once committed or dry-run
	// Problems are the file's problems (the first 200, as ingest keeps
	// them); ProblemCount counts all.
	Problems     []ingest.Problem
	ProblemCount int
	// Encoding is the code page a CSV file was read in when it is not
	// UTF-8: a judgement the user should see. EncodingGiven says
	// Options.Encoding chose it rather than detection.
	Encoding      string
	EncodingGiven bool
	// Notices are rows left out on purpose (totals, repeats; the first
	// 200); NoticeCount counts all.
	Notices     []ingest.Problem
	NoticeCount int
	// Changes are, for a dry run, the figures the file would change, old
	// and new, in file order: the first MaxChanges of Counts.Changed.
	Changes []queries.Change
	// TradeChanges are the same for trade flows: the first MaxChanges.
	TradeChanges []queries.TradeChange
}

// maxProblems is how many problems of a file are kept, as ingest keeps
// them; the rest are counted.
const maxProblems = 200

// MaxChanges is how many changed figures a dry run keeps per file: enough
// for a person to read, and flat memory for a million-row file.
const MaxChanges = 1000

// staged is a file read without problems, its rows staged, waiting for the
// other files of the same command before it is committed.
type staged struct {
	file *File // its entry in Result.Files
	imp  *queries.Import
}

// Rejected is the error of an import command refused for problems in its
// files (Result.Files and Result.Conflicts list them); nothing was
// written.
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
// in the log. It returns what happened, and *Rejected when a file has
// problems; on another error the Result holds what was found until then.
func Files(ctx context.Context, db *queries.DB, files []string, opts Options) (Result, error) {
	res := Result{DryRun: opts.DryRun, Files: make([]File, len(files))}
	var ready []staged
	abortAll := func(reason string) {
		for _, st := range ready {
			_ = st.imp.Abort(ctx, reason)
		}
	}
	for i, file := range files {
		f := &res.Files[i]
		f.Name = opts.name(file)
		imp, err := stageFile(ctx, db, file, opts, f)
		if err != nil {
			abortAll("import stopped: " + err.Error())
			res.Files = res.Files[:i+1]
			return res, err
		}
		if imp != nil {
			ready = append(ready, staged{file: f, imp: imp})
		}
		res.Problems += f.ProblemCount
	}
	if res.Problems == 0 && len(ready) > 1 {
		var err error
		res.Conflicts, res.TradeConflicts, err = conflicts(ctx, ready)
		res.Problems += len(res.Conflicts) + len(res.TradeConflicts)
		if err != nil {
			abortAll("import stopped: " + err.Error())
			return res, err
		}
	}
	if res.Problems > 0 {
		abortAll("another file of the same import was rejected")
		return res, &Rejected{Problems: res.Problems}
	}
	if !opts.DryRun {
		if err := commit(ctx, ready); err != nil {
			abortAll("import stopped: " + err.Error())
			return res, err
		}
	} else {
		for _, st := range ready {
			if err := dryRun(ctx, st); err != nil { // aborts st: Abort again is a no-op
				abortAll("import stopped: " + err.Error())
				return res, err
			}
		}
	}
	for _, f := range res.Files {
		res.Total = add(res.Total, f.Counts)
	}
	return res, nil
}

func add(a, b queries.Counts) queries.Counts {
	return queries.Counts{Rows: a.Rows + b.Rows, New: a.New + b.New, Changed: a.Changed + b.Changed,
		Unchanged: a.Unchanged + b.Unchanged}
}

// conflicts finds figures and trade flows that two of the files give
// differently.
func conflicts(ctx context.Context, ready []staged) ([]queries.Conflict, []queries.TradeConflict, error) {
	imps := make([]*queries.Import, len(ready))
	for i, st := range ready {
		imps[i] = st.imp
	}
	figures, err := queries.Conflicts(ctx, imps, 200)
	if err != nil {
		return figures, nil, err
	}
	trade, err := queries.TradeConflicts(ctx, imps, 200)
	return figures, trade, err
}

// stageFile reads one file into a new import and notes what it found in
// f. It returns the staged import, or nil when the file has problems (and
// its import was aborted).
func stageFile(ctx context.Context, db *queries.DB, file string, opts Options, f *File) (*queries.Import, error) {
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: f.Name}, opts.DryRun)
	if err != nil {
		return nil, err
	}
	f.ImportID = imp.ID()
	var bar Progress = noProgress{}
	if opts.Progress != nil {
		bar = opts.Progress(file)
	}
	digest := sha256.New()
	summary, err := ingest.Read(ctx, file, ingest.Options{Source: opts.Source, Encoding: opts.Encoding,
		Flow: opts.Flow, Period: opts.Period, Progress: bar.Update, Digest: digest},
		importSink{imp: imp})
	bar.Finish()
	var problems ingest.Problems
	if errors.As(err, &problems) {
		f.Problems, f.ProblemCount = problems, summary.ProblemCount
		_ = imp.Abort(ctx, fmt.Sprintf("%d problems", summary.ProblemCount))
		return nil, nil
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		f.Problems, f.ProblemCount = []ingest.Problem{{File: file, Msg: "cannot read: " + pathErr.Err.Error()}}, 1
		_ = imp.Abort(ctx, pathErr.Err.Error())
		return nil, nil
	}
	if err != nil {
		_ = imp.Abort(ctx, err.Error())
		return nil, err
	}
	// A trade flow given on two rows is found in ClickHouse, among the
	// rows sent: a file of millions of them needs no index in memory.
	repeats, n, err := imp.TradeDuplicates(ctx, maxProblems)
	if err != nil {
		_ = imp.Abort(ctx, err.Error())
		return nil, err
	}
	if n > 0 {
		for _, d := range repeats {
			for _, row := range d.Rows[1:] {
				if len(f.Problems) < maxProblems {
					f.Problems = append(f.Problems, ingest.Problem{File: file, Row: row,
						Msg: fmt.Sprintf("the same trade flow as row %d (%s)", d.Rows[0], d)})
				}
			}
		}
		f.ProblemCount = n
		_ = imp.Abort(ctx, fmt.Sprintf("%d problems", n))
		return nil, nil
	}
	imp.SetSHA256(hex.EncodeToString(digest.Sum(nil)))
	if summary.Encoding != "" && summary.Encoding != "UTF-8" && summary.Encoding != "UTF-8 with BOM" {
		f.Encoding, f.EncodingGiven = summary.Encoding, opts.Encoding != ""
	}
	f.Notices, f.NoticeCount = summary.Skipped, summary.SkippedCount
	return imp, nil
}

// commit makes every staged file visible at once (queries.CommitAll: one
// event block for all of them, so a process killed halfway leaves none
// visible) and notes each file's counts.
func commit(ctx context.Context, ready []staged) error {
	imps := make([]*queries.Import, len(ready))
	for i, st := range ready {
		imps[i] = st.imp
	}
	counts, err := queries.CommitAll(ctx, imps)
	if err != nil {
		if len(ready) == 1 {
			return fmt.Errorf("import %s: %w", reference.Printable(ready[0].file.Name), err)
		}
		return fmt.Errorf("import: %w", err)
	}
	for i, st := range ready {
		st.file.Counts = counts[i]
	}
	return nil
}

// dryRun notes what a staged file would change, and drops it.
func dryRun(ctx context.Context, st staged) error {
	err := st.imp.EachChange(ctx, func(ch queries.Change) error {
		if len(st.file.Changes) < MaxChanges {
			st.file.Changes = append(st.file.Changes, ch)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = st.imp.EachTradeChange(ctx, func(ch queries.TradeChange) error {
		if len(st.file.TradeChanges) < MaxChanges {
			st.file.TradeChanges = append(st.file.TradeChanges, ch)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if st.file.Counts, err = st.imp.Counts(ctx); err != nil {
		return err
	}
	return st.imp.Abort(ctx, "dry run")
}

// importSink hands what ingest reads to the import.
type importSink struct{ imp *queries.Import }

func (s importSink) Figure(ctx context.Context, f tradedash.Figure, row int) error {
	return s.imp.AddFigure(ctx, f, row)
}

func (s importSink) Milestone(_ context.Context, m tradedash.Milestone, row int) error {
	s.imp.AddMilestone(m, row)
	return nil
}

func (s importSink) TradeFlow(ctx context.Context, t tradedash.TradeFlow, row int) error {
	return s.imp.AddTradeFlow(ctx, t, row)
}
