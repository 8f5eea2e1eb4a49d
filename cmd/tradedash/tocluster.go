package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"

	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/reference"
)

// ToClusterCommand is `tradedash to-cluster`: a single server's database
// moved to a cluster, every import with its history and the logs, then
// verified table by table and import by import. The source is only read.
type ToClusterCommand struct {
	cfg    *config
	fs     *flag.FlagSet
	from   string
	dryRun bool
}

func newToClusterCommand(cfg *config) *ToClusterCommand {
	c := &ToClusterCommand{cfg: cfg, fs: newFlagSet("to-cluster")}
	l := cfg.lang
	c.fs.StringVar(&c.from, "from", "", l.T("cli.tocluster.flag.from"))
	c.fs.BoolVar(&c.dryRun, "dry-run", false, l.T("cli.tocluster.flag.dry_run"))
	return c
}

func (c *ToClusterCommand) usage() usage {
	return usage{fs: c.fs, about: c.cfg.lang.T("cli.tocluster.about")}
}

// Run copies and verifies; a mismatch is exit code 1, a node that cannot
// be reached exit code 3.
func (c *ToClusterCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if err := cfg.noArgs("to-cluster", args); err != nil {
		return err
	}
	if cfg.clickhouse == "" || cfg.cluster == "" {
		return cfg.usageError("to-cluster", l.T("cli.tocluster.no_target"))
	}
	from := c.from
	if from == "" {
		// The managed server of --data-dir, which to-cluster only reads.
		srv, err := localdb.Start(ctx, cfg.dataDir)
		if err != nil {
			return fmt.Errorf("managed clickhouse in %s: %w", reference.Printable(cfg.dataDir), err)
		}
		defer srv.Close()
		from = srv.WriterURL()
	}
	log := slog.New(slog.NewTextHandler(cfg.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	src, err := queries.Open(ctx, from, queries.Logger(log))
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := queries.Open(ctx, cfg.clickhouse, queries.Logger(log), queries.OnCluster(cfg.cluster))
	if err != nil {
		return err
	}
	defer dst.Close()

	if err := c.refuse(dst.TargetEmpty(ctx)); err != nil {
		return err
	}
	if c.dryRun {
		checks, err := queries.SourceChecks(ctx, src)
		if err != nil {
			return c.refuse(err)
		}
		printChecks(cfg, cfg.stdout, checks, false)
		fmt.Fprintln(cfg.stdout, l.T("cli.tocluster.dry_run", count(imports(checks)), cfg.cluster))
		return nil
	}
	err = queries.CopyToCluster(ctx, src, dst, nil)
	if err != nil {
		return c.refuse(err)
	}
	checks, err := queries.VerifyCopy(ctx, src, dst)
	if err != nil {
		return err
	}
	return reportChecks(cfg, checks)
}

// refuse turns what the target or source cannot take into exit code 1
// with a message saying what to do.
func (c *ToClusterCommand) refuse(err error) error {
	l := c.cfg.lang
	switch {
	case errors.Is(err, queries.ErrTargetNotEmpty):
		return &exitError{code: exitRejected, msg: l.T("cli.tocluster.not_empty", err.Error())}
	case errors.Is(err, queries.ErrSchemaOutdated):
		return &exitError{code: exitRejected, msg: l.T("cli.tocluster.source_outdated", err.Error())}
	}
	return err
}

// reportChecks prints the verification and returns an error with exit
// code 1 when any line differs.
func reportChecks(cfg *config, checks []queries.CopyCheck) error {
	l := cfg.lang
	printChecks(cfg, cfg.stdout, checks, true)
	bad := 0
	for _, c := range checks {
		if !c.OK() {
			bad++
		}
	}
	if bad > 0 {
		return &exitError{code: exitRejected, msg: l.T("cli.tocluster.mismatch", count(bad), cfg.cluster)}
	}
	fmt.Fprintln(cfg.stdout, l.T("cli.tocluster.done", count(imports(checks)), cfg.cluster))
	return nil
}

// printChecks writes the checks as a table, one table and import a line;
// without the cluster's columns for a dry run.
func printChecks(cfg *config, w io.Writer, checks []queries.CopyCheck, cluster bool) {
	l := cfg.lang
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{l.T("cli.tocluster.table"), l.T("cli.tocluster.import"),
		l.T("cli.tocluster.source_rows"), l.T("cli.tocluster.source_sum")}
	if cluster {
		head = append(head, l.T("cli.tocluster.cluster_rows"), l.T("cli.tocluster.cluster_sum"),
			l.T("cli.tocluster.replicas"), l.T("cli.tocluster.result"))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, c := range checks {
		id := "-"
		if c.ImportID != 0 {
			id = strconv.FormatUint(c.ImportID, 10)
		}
		line := []string{c.Table, id, strconv.FormatUint(c.Source.Rows, 10), fmt.Sprintf("%016x", c.Source.Sum)}
		if cluster {
			result := l.T("cli.tocluster.ok")
			if !c.OK() {
				result = l.T("cli.tocluster.differs")
				if len(c.Differing) > 0 {
					result += ": " + strings.Join(c.Differing, ", ")
				}
			}
			line = append(line, strconv.FormatUint(c.Cluster.Rows, 10), fmt.Sprintf("%016x", c.Cluster.Sum),
				strconv.Itoa(c.Replicas), result)
		}
		fmt.Fprintln(tw, strings.Join(line, "\t"))
	}
	tw.Flush()
}

// imports counts the imports among checks.
func imports(checks []queries.CopyCheck) int {
	seen := map[uint64]bool{}
	for _, c := range checks {
		if c.ImportID != 0 {
			seen[c.ImportID] = true
		}
	}
	return len(seen)
}
