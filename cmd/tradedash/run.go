package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"tradedash"
	"tradedash/localdb"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/reference"
)

// config is everything the commands need from the global flags and the
// environment, read once in run and passed to each command.
type config struct {
	dataDir          string
	clickhouse       string
	clickhouseReader string
	cluster          string
	stdout, stderr   io.Writer
	lang             locale.Lang // of every message: locale.FromEnv
	getenv           func(string) string
	// global holds the flags every command accepts before or after its
	// name, bound to the fields above.
	global *flag.FlagSet
}

// command is one of tradedash's commands. Its flag set carries its name
// and flags (with their help text); usage says the rest of what help
// prints about it.
type command interface {
	usage() usage
	// Run runs the command with the arguments that follow its name.
	Run(ctx context.Context, args []string) error
}

// usage describes a command for help: its flag set, the arguments after
// the flags ("FILE...") and what it does, one line.
type usage struct {
	fs    *flag.FlagSet
	args  string
	about string
}

// commands are tradedash's commands, in the order help lists them.
func (cfg *config) commands() []command {
	return []command{
		newServeCommand(cfg),
		newImportCommand(cfg),
		newImportsCommand(cfg),
		newRollbackCommand(cfg),
		newExportCommand(cfg),
		newTemplateCommand(cfg),
		newMigrateCommand(cfg),
		newToClusterCommand(cfg),
		newHelpCommand(cfg),
	}
}

// run is the whole program: main and the end-to-end tests call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := &config{stdout: stdout, stderr: stderr, lang: locale.FromEnv(getenv), getenv: getenv}
	cfg.global = cfg.globalFlags()
	if err := cfg.global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg.printHelp(stdout)
		}
		return cfg.usageError("", err.Error())
	}
	rest := cfg.global.Args()
	if len(rest) == 0 {
		return cfg.usageError("", cfg.lang.T("cli.usage.no_command"))
	}
	for _, c := range cfg.commands() {
		if c.usage().fs.Name() != rest[0] {
			continue
		}
		err := c.Run(ctx, rest[1:])
		if errors.Is(err, flag.ErrHelp) { // the command printed its usage
			return nil
		}
		return err
	}
	return cfg.usageError("", cfg.lang.T("cli.usage.unknown_command", rest[0]))
}

// globalFlags are the flags of every command. Their defaults are not the
// environment's, so that help never prints a password from
// TRADEDASH_CLICKHOUSE: parse applies the environment to the flags left
// unset.
func (cfg *config) globalFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("tradedash", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l := cfg.lang
	fs.StringVar(&cfg.dataDir, "data-dir", "./data", l.T("cli.flag.data_dir"))
	fs.StringVar(&cfg.clickhouse, "clickhouse", "", l.T("cli.flag.clickhouse"))
	fs.StringVar(&cfg.clickhouseReader, "clickhouse-reader", "", l.T("cli.flag.clickhouse_reader"))
	fs.StringVar(&cfg.cluster, "cluster", "", l.T("cli.flag.cluster"))
	return fs
}

// envFlags are the global flags the environment sets when the command
// line does not.
var envFlags = map[string]string{
	"data-dir":          "TRADEDASH_DATA",
	"clickhouse":        "TRADEDASH_CLICKHOUSE",
	"clickhouse-reader": "TRADEDASH_CLICKHOUSE_READER",
	"cluster":           "TRADEDASH_CLUSTER",
}

// newFlagSet is a command's flag set. It prints nothing itself: parse
// reports its errors, printUsage its flags.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses a command's arguments: its own flags and the global ones,
// before or after the positional arguments, which it returns. -h prints
// the command's usage and returns flag.ErrHelp.
func (cfg *config) parse(c command, args []string) ([]string, error) {
	u := c.usage()
	all := flag.NewFlagSet(u.fs.Name(), flag.ContinueOnError)
	all.SetOutput(io.Discard)
	u.fs.VisitAll(func(f *flag.Flag) { all.Var(f.Value, f.Name, f.Usage) })
	cfg.global.VisitAll(func(f *flag.Flag) { all.Var(f.Value, f.Name, f.Usage) })
	if err := all.Parse(interspersed(all, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			cfg.printUsage(cfg.stdout, u, true)
			return nil, err
		}
		return nil, cfg.usageError(u.fs.Name(), u.fs.Name()+": "+err.Error())
	}
	set := map[string]bool{}
	cfg.global.Visit(func(f *flag.Flag) { set[f.Name] = true })
	all.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name, env := range envFlags {
		if v := cfg.getenv(env); v != "" && !set[name] {
			cfg.global.Set(name, v)
		}
	}
	return all.Args(), nil
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

// usageError is a mistake on the command line (exit code 2): msg, and
// where to read how the command is called.
func (cfg *config) usageError(cmd, msg string) error {
	help := "tradedash help"
	if cmd != "" {
		help = "tradedash " + cmd + " -h"
	}
	return &exitError{code: exitUsage, msg: msg + "\n" + cfg.lang.T("cli.usage.see", help)}
}

// noArgs is the usage error of a command given arguments it does not take.
func (cfg *config) noArgs(name string, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return cfg.usageError(name, cfg.lang.T("cli.usage.no_args", name))
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
func openStore(ctx context.Context, cfg *config, withReader bool) (*store, error) {
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
	// What the database layer cannot do and goes on without (a clean-up,
	// a heartbeat) is logged on the command's stderr.
	log := slog.New(slog.NewTextHandler(cfg.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := []queries.Option{queries.Logger(log)}
	if cfg.cluster != "" {
		opts = append(opts, queries.OnCluster(cfg.cluster))
	}
	var err error
	if s.writer, err = queries.Open(ctx, writerURL, opts...); err != nil {
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
	if _, err := s.writer.RecoverKilled(ctx); err != nil {
		log.Warn("recover killed imports", "err", err)
	}
	if err := s.writer.RefreshCurrent(ctx); err != nil {
		log.Warn("refresh the current generation; reads aggregate the history until the next command", "err", err)
	}
	if withReader {
		if s.reader, err = queries.Open(ctx, readerURL, opts...); err != nil {
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

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func unavailable(err error) bool {
	return errors.Is(err, tradedash.ErrUnavailable) || errors.Is(err, localdb.ErrNotInstalled)
}
