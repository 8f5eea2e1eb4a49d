package main

import (
	"context"
	"flag"

	"tradedash/importer"
)

func importFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	dryRun := fs.Bool("dry-run", false, "")
	source := fs.String("source", "", "")
	return func(ctx context.Context, cfg config, files []string) error {
		if len(files) == 0 {
			return usageError("import: no FILE given")
		}
		s, err := openStore(ctx, cfg, false)
		if err != nil {
			return err
		}
		defer s.Close()
		_, err = importer.Files(ctx, s.writer, files, importer.Options{
			DryRun: *dryRun, Source: *source, Stdout: cfg.stdout, Stderr: cfg.stderr,
			Progress: func(file string) importer.Progress { return newProgressBar(cfg.stderr, file) },
		})
		return err
	}
}
