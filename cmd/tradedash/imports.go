package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"tradedash"
	"tradedash/reference"
)

// ImportsCommand is `tradedash imports`: the import log, newest first.
type ImportsCommand struct {
	cfg *config
	fs  *flag.FlagSet
}

func newImportsCommand(cfg *config) *ImportsCommand {
	return &ImportsCommand{cfg: cfg, fs: newFlagSet("imports")}
}

func (c *ImportsCommand) usage() usage {
	return usage{fs: c.fs, about: c.cfg.lang.T("cli.imports.about")}
}

// Run prints the log as a table, one import a line.
func (c *ImportsCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if err := cfg.noArgs("imports", args); err != nil {
		return err
	}
	s, err := openStore(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.writer.Imports(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(cfg.stdout, 0, 4, 2, ' ', 0)
	head := []string{l.T("cli.imports.id"), l.T("cli.imports.started"), l.T("cli.imports.finished"),
		l.T("cli.imports.status"), l.T("cli.imports.rows"), l.T("cli.imports.new"), l.T("cli.imports.changed"),
		l.T("cli.imports.unchanged"), "SHA256", l.T("cli.imports.file")}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, imp := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.12s\t%s\n", imp.ID, stamp(imp.StartedAt),
			stamp(imp.FinishedAt), status(imp), imp.Rows, imp.New, imp.Changed, imp.Unchanged, imp.SHA256,
			reference.Printable(imp.File))
	}
	return tw.Flush()
}

// status is an import's status as the log keeps it, with the reason when
// it was lost ("lost: process gone").
func status(imp tradedash.Import) string {
	if imp.Status == tradedash.ImportLost && imp.Message != "" {
		return string(imp.Status) + ": " + imp.Message
	}
	return string(imp.Status)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}
