package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"tradedash"
	"tradedash/importer"
	"tradedash/ingest"
	"tradedash/queries"
	"tradedash/reference"
)

// ImportCommand is `tradedash import`: files in, figures and milestones
// written, all or nothing.
type ImportCommand struct {
	cfg      *config
	fs       *flag.FlagSet
	dryRun   bool
	source   string
	encoding string
	flow     string
	period   string
}

func newImportCommand(cfg *config) *ImportCommand {
	c := &ImportCommand{cfg: cfg, fs: newFlagSet("import")}
	l := cfg.lang
	c.fs.BoolVar(&c.dryRun, "dry-run", false, l.T("cli.import.flag.dry_run"))
	c.fs.StringVar(&c.source, "source", "", l.T("cli.import.flag.source"))
	c.fs.StringVar(&c.encoding, "encoding", "", l.T("cli.import.flag.encoding", strings.Join(ingest.EncodingNames(), ", ")))
	c.fs.StringVar(&c.flow, "flow", "", l.T("cli.import.flag.flow"))
	c.fs.StringVar(&c.period, "period", "", l.T("cli.import.flag.period"))
	return c
}

func (c *ImportCommand) usage() usage {
	return usage{fs: c.fs, args: "FILE...", about: c.cfg.lang.T("cli.import.about")}
}

// Run imports the files and prints what happened: problems and notices to
// stderr, each file's counts and the totals to stdout.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	files, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if len(files) == 0 {
		return cfg.usageError("import", l.T("cli.import.no_file"))
	}
	if ingest.CheckEncoding(c.encoding) != nil {
		return cfg.usageError("import", l.T("cli.import.unknown_encoding", reference.Quote(c.encoding),
			strings.Join(ingest.EncodingNames(), ", ")))
	}
	flow, err := ingest.ParseFlow(c.flow)
	if err != nil {
		return cfg.usageError("import", l.T("cli.import.unknown_flow", reference.Quote(c.flow)))
	}
	period, err := ingest.ParsePeriod(c.period)
	if err != nil {
		return cfg.usageError("import", l.T("cli.import.bad_period", reference.Quote(c.period)))
	}
	s, err := openStore(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := importer.Files(ctx, s.writer, files, importer.Options{
		DryRun: c.dryRun, Source: c.source, Encoding: c.encoding, Flow: flow, Period: period,
		Progress: func(file string) importer.Progress { return newProgressBar(cfg.stderr, file) },
	})
	printImport(cfg, res, err)
	if err != nil {
		return importError(cfg, err)
	}
	return nil
}

// importError turns a rejected import into exit code 1 with its count.
func importError(cfg *config, err error) error {
	var rejected *importer.Rejected
	if errors.As(err, &rejected) {
		return &exitError{code: exitRejected, msg: cfg.lang.T("cli.import.rejected", count(rejected.Problems))}
	}
	return err
}

// printImport prints what an import found: every problem as
// FILE:ROW:COLUMN: message and the notices to stderr; and when it
// succeeded (err is nil) each file's counts (a dry run: each change
// first) to stdout, the last line being the totals, "N rows: X new, Y
// changed, Z unchanged".
func printImport(cfg *config, res importer.Result, err error) {
	l := cfg.lang
	for _, f := range res.Files {
		name := reference.Printable(f.Name)
		for _, p := range f.Problems {
			fmt.Fprintln(cfg.stderr, p.Error())
		}
		if more := f.ProblemCount - len(f.Problems); more > 0 {
			fmt.Fprintln(cfg.stderr, l.T("cli.import.more_problems", name, count(more)))
		}
		if f.ProblemCount > 0 {
			continue
		}
		if f.Encoding != "" {
			// A code page is a judgement (or the user's word): say which.
			how := l.T("cli.import.encoding_detected")
			if f.EncodingGiven {
				how = "--encoding"
			}
			fmt.Fprintln(cfg.stderr, l.T("cli.import.note", l.T("cli.import.read_as", name, f.Encoding, how)))
		}
		for _, n := range f.Notices {
			fmt.Fprintln(cfg.stderr, l.T("cli.import.note", n.Error()))
		}
		if more := f.NoticeCount - len(f.Notices); more > 0 {
			fmt.Fprintln(cfg.stderr, l.T("cli.import.note", l.T("cli.import.more_skipped", name, count(more))))
		}
	}
	for _, c := range res.Conflicts {
		fmt.Fprintln(cfg.stderr, ingest.Problem{File: c.SecondFile, Row: c.SecondRow, Column: c.Second.Metric,
			Msg: l.T("cli.import.conflict", reference.Printable(c.FirstFile)+":"+strconv.Itoa(c.FirstRow),
				c.Second.Metric, c.Second.Country, c.Second.Exhibition, strconv.Itoa(c.Second.Year),
				difference(cfg, c.Second, c.First))})
	}
	for _, c := range res.TradeConflicts {
		fmt.Fprintln(cfg.stderr, ingest.Problem{File: c.SecondFile, Row: c.SecondRow,
			Msg: l.T("cli.import.trade_conflict", reference.Printable(c.FirstFile)+":"+strconv.Itoa(c.FirstRow),
				tradeKey(c.Second), tradeDifference(cfg, c.Second, c.First))})
	}
	if err != nil {
		return
	}
	for _, f := range res.Files {
		name := reference.Printable(f.Name)
		if !res.DryRun {
			fmt.Fprintf(cfg.stdout, "%s: %s\n", name, l.T("cli.import.committed", strconv.FormatUint(f.ImportID, 10), countsLine(cfg, f.Counts)))
			continue
		}
		for _, ch := range f.Changes {
			fmt.Fprintf(cfg.stdout, "%s:%d: %s %s %s %d: %s\n", name, ch.Row,
				ch.New.Exhibition, ch.New.Country, ch.New.Metric, ch.New.Year, change(cfg, ch.Old, ch.New))
		}
		for _, ch := range f.TradeChanges {
			fmt.Fprintf(cfg.stdout, "%s:%d: %s: %s\n", name, ch.Row, tradeKey(ch.New), tradeChange(cfg, ch.Old, ch.New))
		}
		if more := f.Counts.Changed - len(f.Changes) - len(f.TradeChanges); more > 0 {
			fmt.Fprintf(cfg.stdout, "%s: %s\n", name, l.T("cli.import.more_changes", count(more)))
		}
		fmt.Fprintf(cfg.stdout, "%s: %s\n", name, countsLine(cfg, f.Counts))
	}
	if res.DryRun {
		fmt.Fprintln(cfg.stdout, l.T("cli.import.dry_run"))
	}
	fmt.Fprintln(cfg.stdout, countsLine(cfg, res.Total))
}

func countsLine(cfg *config, c queries.Counts) string {
	return cfg.lang.T("cli.import.counts", count(c.Rows), count(c.New), count(c.Changed), count(c.Unchanged))
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
func change(cfg *config, old, new tradedash.Figure) string {
	switch {
	case old.Value != new.Value || old.Qualifier != new.Qualifier || old.Status != new.Status:
		return describe(old) + " -> " + describe(new)
	case old.Source != new.Source:
		a, b := clipPair(old.Source, new.Source)
		return cfg.lang.T("cli.import.change.source", a, b)
	default:
		a, b := clipPair(old.Note, new.Note)
		return cfg.lang.T("cli.import.change.note", a, b)
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
func difference(cfg *config, a, b tradedash.Figure) string {
	l := cfg.lang
	switch {
	case a.Value != b.Value || a.Qualifier != b.Qualifier || a.Status != b.Status:
		return l.T("cli.import.differs.value", describe(a), describe(b))
	case a.Source != b.Source:
		return l.T("cli.import.differs.source", clip(a.Source), clip(b.Source))
	default:
		return l.T("cli.import.differs.note", clip(a.Note), clip(b.Note))
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// tradeKey names a trade flow by its key, for a message: "RU CN export
// 2023 TOTAL", "CN RU import 2023-10 YTD H6 850440".
func tradeKey(t tradedash.TradeFlow) string {
	period := strconv.Itoa(t.Year)
	if t.Month > 0 {
		period += fmt.Sprintf("-%02d", t.Month)
	}
	if t.YTD {
		period += " YTD"
	}
	commodity := t.Commodity
	if t.Classification != "" {
		commodity = t.Classification + " " + commodity
	}
	return strings.Join([]string{t.Reporter, t.Partner, string(t.Flow), period, commodity}, " ")
}

// describeTrade writes a trade value as describe writes a figure's, in US
// dollars, with its quantity when there is one: "~240110000000 USD",
// "1200 USD; 3 t (preliminary)".
func describeTrade(t tradedash.TradeFlow) string {
	v := describe(tradedash.Figure{Value: t.ValueUSD, Qualifier: t.Qualifier, Status: tradedash.Actual}) + " USD"
	if t.Quantity != nil {
		v += "; " + strconv.FormatFloat(*t.Quantity, 'f', -1, 64)
		if t.QuantityUnit != "" {
			v += " " + t.QuantityUnit
		}
	}
	if t.Status != tradedash.TradeActual {
		v += " (" + string(t.Status) + ")"
	}
	return v
}

func sameTradeValue(a, b tradedash.TradeFlow) bool {
	return describeTrade(a) == describeTrade(b)
}

// tradeChange is change for a trade flow.
func tradeChange(cfg *config, old, new tradedash.TradeFlow) string {
	switch {
	case !sameTradeValue(old, new) || old.Description != new.Description:
		return describeTrade(old) + " -> " + describeTrade(new)
	case old.Source != new.Source:
		a, b := clipPair(old.Source, new.Source)
		return cfg.lang.T("cli.import.change.source", a, b)
	default:
		a, b := clipPair(old.Note, new.Note)
		return cfg.lang.T("cli.import.change.note", a, b)
	}
}

// tradeDifference is difference for a trade flow.
func tradeDifference(cfg *config, a, b tradedash.TradeFlow) string {
	l := cfg.lang
	switch {
	case !sameTradeValue(a, b) || a.Description != b.Description:
		return l.T("cli.import.differs.value", describeTrade(a), describeTrade(b))
	case a.Source != b.Source:
		return l.T("cli.import.differs.source", clip(a.Source), clip(b.Source))
	default:
		return l.T("cli.import.differs.note", clip(a.Note), clip(b.Note))
	}
}
