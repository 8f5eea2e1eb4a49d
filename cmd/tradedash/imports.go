package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"tradedash"
	"tradedash/queries"
	"tradedash/reference"
)

func importsFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) > 0 {
			return usageError("imports takes no arguments")
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
		fmt.Fprintln(tw, "ID\tSTARTED\tFINISHED\tSTATUS\tROWS\tNEW\tCHANGED\tUNCHANGED\tSHA256\tFILE")
		for _, imp := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.12s\t%s\n", imp.ID, stamp(imp.StartedAt),
				stamp(imp.FinishedAt), status(imp), imp.Rows, imp.New, imp.Changed, imp.Unchanged, imp.SHA256,
				reference.Printable(imp.File))
		}
		return tw.Flush()
	}
}

// status is an import's status, with the reason when it was lost
// ("lost: process gone").
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

func rollbackFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) != 1 {
			return usageError("rollback takes one IMPORT_ID")
		}
		id, err := strconv.ParseUint(args[0], 10, 64)
		if err != nil || id == 0 {
			return usageError("rollback: %q is not an import id", args[0])
		}
		s, err := openStore(ctx, cfg, false)
		if err != nil {
			return err
		}
		defer s.Close()
		switch err := s.writer.Rollback(ctx, id); {
		case errors.Is(err, tradedash.ErrNotFound):
			return &exitError{code: exitRejected, msg: fmt.Sprintf("no import %d (see tradedash imports)", id)}
		case errors.Is(err, queries.ErrNotCommitted):
			return &exitError{code: exitRejected, msg: err.Error()}
		case err != nil:
			return err
		}
		fmt.Fprintf(cfg.stdout, "import %d rolled back: its figures are no longer visible, the values they replaced are current again\n", id)
		return nil
	}
}
