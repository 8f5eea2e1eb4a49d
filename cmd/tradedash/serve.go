package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"tradedash/dashboard"
	"tradedash/importer"
	"tradedash/report"
)

// ServeCommand is `tradedash serve`: the dashboard, read through the
// read-only user.
type ServeCommand struct {
	cfg        *config
	fs         *flag.FlagSet
	addr       string
	baseURL    string
	loadSample bool
}

func newServeCommand(cfg *config) *ServeCommand {
	c := &ServeCommand{cfg: cfg, fs: newFlagSet("serve")}
	l := cfg.lang
	c.fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", l.T("cli.serve.flag.addr"))
	c.fs.StringVar(&c.baseURL, "base-url", "", l.T("cli.serve.flag.base_url"))
	c.fs.BoolVar(&c.loadSample, "load-sample", false, l.T("cli.serve.flag.load_sample"))
	return c
}

func (c *ServeCommand) usage() usage {
	return usage{fs: c.fs, about: c.cfg.lang.T("cli.serve.about")}
}

// Run serves until ctx ends (Ctrl+C).
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if err := cfg.noArgs("serve", args); err != nil {
		return err
	}
	// Empty: the address serve listens on, known once it listens.
	if c.baseURL != "" {
		if _, err := report.ParseBaseURL(c.baseURL); err != nil {
			return cfg.usageError("serve", l.T("cli.usage.bad_flag", "serve", "--base-url", err.Error()))
		}
	}
	if cfg.clickhouse != "" && cfg.clickhouseReader == "" {
		fmt.Fprintln(cfg.stderr, "tradedash:", l.T("cli.serve.writer_reads"))
	}
	s, err := openStore(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	log := slog.New(slog.NewJSONHandler(cfg.stderr, nil))
	if s.server != nil {
		// The managed ClickHouse outlives a crash only if someone
		// restarts it; serve runs for months, so serve does.
		s.server.Watch(log)
	}
	if c.loadSample {
		res, loaded, err := importer.LoadSample(ctx, s.writer)
		if loaded {
			fmt.Fprintln(cfg.stdout, l.T("cli.serve.sample"))
			printImport(cfg, res, err)
		}
		if err != nil {
			return importError(cfg, err)
		}
	}
	// The web server needs only the read-only user: close the writer's
	// connections now.
	s.writer.Close()
	s.writer = nil
	return dashboard.Serve(ctx, c.addr, dashboard.Config{DB: s.reader, Log: log, BaseURL: c.baseURL}, func(url string) {
		fmt.Fprintln(cfg.stdout, l.T("cli.serve.listening", url))
	})
}
