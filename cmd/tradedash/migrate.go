package main

import (
	"context"
	"flag"
	"fmt"
)

// MigrateCommand is `tradedash migrate`: the schema migrations every
// command applies when it opens the database, on their own.
type MigrateCommand struct {
	cfg *config
	fs  *flag.FlagSet
}

func newMigrateCommand(cfg *config) *MigrateCommand {
	return &MigrateCommand{cfg: cfg, fs: newFlagSet("migrate")}
}

func (c *MigrateCommand) usage() usage {
	return usage{fs: c.fs, about: c.cfg.lang.T("cli.migrate.about")}
}

// Run opens the database, which migrates it.
func (c *MigrateCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	if err := c.cfg.noArgs("migrate", args); err != nil {
		return err
	}
	s, err := openStore(ctx, c.cfg, false)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(c.cfg.stdout, c.cfg.lang.T("cli.migrate.done"))
	return nil
}
