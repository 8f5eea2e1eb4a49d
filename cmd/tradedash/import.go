package main

import (
	"context"
	"flag"

	"tradedash/importer"
	"tradedash/ingest"
)

func importFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	dryRun := fs.Bool("dry-run", false, "")
	source := fs.String("source", "", "")
	encoding := fs.String("encoding", "", "")
	return func(ctx context.Context, cfg config, files []string) error {
		if len(files) == 0 {
			return usageError("import: no FILE given")
		}
		if err := ingest.CheckEncoding(*encoding); err != nil {
			return usageError("import: --encoding: %v", err)
		}
		s, err := openStore(ctx, cfg, false)
		if err != nil {
			return err
		}
		defer s.Close()
		_, err = importer.Files(ctx, s.writer, files, importer.Options{
			DryRun: *dryRun, Source: *source, Encoding: *encoding, Stdout: cfg.stdout, Stderr: cfg.stderr,
			Progress: func(file string) importer.Progress { return newProgressBar(cfg.stderr, file) },
		})
		return err
	}
}
