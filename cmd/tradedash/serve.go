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

func serveFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	addr := fs.String("addr", "127.0.0.1:8080", "")
	loadSample := fs.Bool("load-sample", false, "")
	baseURL := fs.String("base-url", "", "")
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) > 0 {
			return usageError("serve takes no arguments")
		}
		// Empty: the address serve listens on, known once it listens.
		if *baseURL != "" {
			if _, err := report.ParseBaseURL(*baseURL); err != nil {
				return usageError("serve: --base-url: %v", err)
			}
		}
		if cfg.clickhouse != "" && cfg.clickhouseReader == "" {
			fmt.Fprintln(cfg.stderr, "tradedash: warning: the dashboard reads with the --clickhouse user; "+
				"give --clickhouse-reader a read-only user (readonly=2, GRANT SELECT only) so the web server cannot write")
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
		if *loadSample {
			if err := importer.LoadSample(ctx, s.writer, cfg.stdout, cfg.stderr); err != nil {
				return err
			}
		}
		// The web server needs only the read-only user: close the writer's
		// connections now.
		s.writer.Close()
		s.writer = nil
		return dashboard.Serve(ctx, *addr, dashboard.Config{DB: s.reader, Log: log, BaseURL: *baseURL}, func(url string) {
			fmt.Fprintf(cfg.stdout, "tradedash dashboard: %s (Ctrl+C stops it)\n", url)
		})
	}
}
