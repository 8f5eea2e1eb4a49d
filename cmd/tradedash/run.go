package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"tradedash"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/reference"
)

// config is everything the commands need from flags and environment, read
// once here and passed down.
type config struct {
	dataDir          string
	clickhouse       string
	clickhouseReader string
	stdout, stderr   io.Writer
}

// command is one subcommand: it registers its flags and runs with the rest.
type command struct {
	flags func(fs *flag.FlagSet) func(ctx context.Context, cfg config, args []string) error
}

var commands = map[string]command{
	"serve":    {flags: serveFlags},
	"import":   {flags: importFlags},
	"imports":  {flags: importsFlags},
	"rollback": {flags: rollbackFlags},
	"export":   {flags: exportFlags},
	"template": {flags: templateFlags},
	"migrate":  {flags: migrateFlags},
}

// run is the whole program: main and the end-to-end tests call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := config{
		dataDir:          orDefault(getenv("TRADEDASH_DATA"), "./data"),
		clickhouse:       getenv("TRADEDASH_CLICKHOUSE"),
		clickhouseReader: getenv("TRADEDASH_CLICKHOUSE_READER"),
		stdout:           stdout,
		stderr:           stderr,
	}
	global := flag.NewFlagSet("tradedash", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	globalFlags(global, &cfg)
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, usageText)
			return nil
		}
		return usageError("%v", err)
	}
	rest := global.Args()
	if len(rest) == 0 {
		return usageError("no command given")
	}
	if rest[0] == "help" {
		fmt.Fprintln(stdout, usageText)
		return nil
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		return usageError("unknown command %q", rest[0])
	}
	fs := flag.NewFlagSet(rest[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	globalFlags(fs, &cfg)
	runCmd := cmd.flags(fs)
	if err := fs.Parse(interspersed(fs, rest[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, usageText)
			return nil
		}
		return usageError("%s: %v", rest[0], err)
	}
	return runCmd(ctx, cfg, fs.Args())
}

func globalFlags(fs *flag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.dataDir, "data-dir", cfg.dataDir, "")
	fs.StringVar(&cfg.clickhouse, "clickhouse", cfg.clickhouse, "")
	fs.StringVar(&cfg.clickhouseReader, "clickhouse-reader", cfg.clickhouseReader, "")
}

// interspersed moves flags after positional arguments to the front, so that
// "import a.csv --dry-run" works like "import --dry-run a.csv". A lone "--"
// ends the flags.
func interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBool(f) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return append(flags, positional...)
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// store is an open database: the writer, and the reader where asked for,
// with the managed server behind them when no URL was given.
type store struct {
	writer *queries.DB
	reader *queries.DB
	server *localdb.Server
}

// openStore connects as configured (starting or joining the managed server
// when no URL is given) and applies pending migrations. withReader also
// opens the read-only user, for the web server.
func openStore(ctx context.Context, cfg config, withReader bool) (*store, error) {
	s := &store{}
	writerURL, readerURL := cfg.clickhouse, orDefault(cfg.clickhouseReader, cfg.clickhouse)
	if writerURL == "" {
		srv, err := localdb.Start(ctx, cfg.dataDir)
		if err != nil {
			return nil, fmt.Errorf("managed clickhouse in %s: %w", reference.Printable(cfg.dataDir), err)
		}
		s.server = srv
		writerURL, readerURL = srv.WriterURL(), srv.ReaderURL()
	}
	var err error
	if s.writer, err = queries.Open(ctx, writerURL); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.writer.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// Imports whose process was killed are marked lost and their rows
	// dropped now, by whichever command starts next; failing here only
	// leaves them to the one after.
	_, _ = s.writer.RecoverKilled(ctx)
	_ = s.writer.RefreshCurrent(ctx) // reads are only slower without it
	if withReader {
		if s.reader, err = queries.Open(ctx, readerURL); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Close closes the pools first: the managed server waits for open
// connections before it stops.
func (s *store) Close() {
	if s.reader != nil {
		s.reader.Close()
	}
	if s.writer != nil {
		s.writer.Close()
	}
	if s.server != nil {
		s.server.Close()
	}
}

func unavailable(err error) bool {
	return errors.Is(err, tradedash.ErrUnavailable) || errors.Is(err, localdb.ErrNotInstalled)
}

func migrateFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) > 0 {
			return usageError("migrate takes no arguments")
		}
		s, err := openStore(ctx, cfg, false)
		if err != nil {
			return err
		}
		defer s.Close()
		fmt.Fprintln(cfg.stdout, "schema is current")
		return nil
	}
}
