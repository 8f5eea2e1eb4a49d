package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"tradedash"
	"tradedash/queries"
)

// RollbackCommand is `tradedash rollback IMPORT_ID`: an import's figures
// become invisible again, so the values they replaced are current again.
type RollbackCommand struct {
	cfg *config
	fs  *flag.FlagSet
}

func newRollbackCommand(cfg *config) *RollbackCommand {
	return &RollbackCommand{cfg: cfg, fs: newFlagSet("rollback")}
}

func (c *RollbackCommand) usage() usage {
	return usage{fs: c.fs, args: "IMPORT_ID", about: c.cfg.lang.T("cli.rollback.about")}
}

// Run rolls back the import named; one that is not committed is refused
// (exit code 1).
func (c *RollbackCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if len(args) != 1 {
		return cfg.usageError("rollback", l.T("cli.rollback.one_id"))
	}
	id, err := strconv.ParseUint(args[0], 10, 64)
	if err != nil || id == 0 {
		return cfg.usageError("rollback", l.T("cli.rollback.bad_id", args[0]))
	}
	s, err := openStore(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ids := strconv.FormatUint(id, 10)
	switch err := s.writer.Rollback(ctx, id); {
	case errors.Is(err, tradedash.ErrNotFound):
		return &exitError{code: exitRejected, msg: l.T("cli.rollback.no_import", ids)}
	case errors.Is(err, queries.ErrNotCommitted):
		return &exitError{code: exitRejected, msg: l.T("cli.rollback.not_committed", ids, importStatus(ctx, s, id))}
	case err != nil:
		return err
	}
	fmt.Fprintln(cfg.stdout, l.T("cli.rollback.done", ids))
	return nil
}

// importStatus is the status the log gives import id, for the message
// that refuses to roll it back.
func importStatus(ctx context.Context, s *store, id uint64) string {
	list, _ := s.writer.Imports(ctx)
	for _, imp := range list {
		if imp.ID == id {
			return status(imp)
		}
	}
	return "?"
}
