package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"tradedash/dashboard"
	"tradedash/queries"
	sampledata "tradedash/sample-data"
)

func serveFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	addr := fs.String("addr", "127.0.0.1:8080", "")
	loadSample := fs.Bool("load-sample", false, "")
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) > 0 {
			return usageError("serve takes no arguments")
		}
		s, err := openStore(ctx, cfg, true)
		if err != nil {
			return err
		}
		defer s.Close()
		if *loadSample {
			if err := loadSampleData(ctx, s.writer, cfg); err != nil {
				return err
			}
		}
		// The web server needs only the read-only user: close the writer's
		// connections now.
		s.writer.Close()
		s.writer = nil
		log := slog.New(slog.NewJSONHandler(cfg.stderr, nil))
		return dashboard.Serve(ctx, *addr, dashboard.Config{DB: s.reader, Log: log}, func(url string) {
			fmt.Fprintf(cfg.stdout, "tradedash dashboard: %s (Ctrl+C stops it)\n", url)
		})
	}
}

// loadSampleData imports the embedded sample data through the ordinary
// importer when the database has no import yet, so a newcomer sees the
// INNOPROM story at once. Later starts leave the data alone.
func loadSampleData(ctx context.Context, db *queries.DB, cfg config) error {
	log, err := db.Imports(ctx)
	if err != nil {
		return err
	}
	if len(log) > 0 {
		return nil
	}
	dir, err := os.MkdirTemp("", "tradedash-sample-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	entries, err := fs.ReadDir(sampledata.Files, ".")
	if err != nil {
		return err
	}
	var files []string
	names := map[string]string{}
	for _, e := range entries {
		data, err := fs.ReadFile(sampledata.Files, e.Name())
		if err != nil {
			return err
		}
		path := filepath.Join(dir, e.Name())
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return err
		}
		files = append(files, path)
		names[path] = "sample-data/" + e.Name()
	}
	fmt.Fprintln(cfg.stdout, "loading the sample data (first start):")
	_, err = importFiles(ctx, db, files, importOptions{stdout: cfg.stdout, stderr: cfg.stderr, names: names})
	return err
}
