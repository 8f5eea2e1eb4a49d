package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// HelpCommand is `tradedash help [COMMAND]`: the usage of every command,
// or of one, printed from the commands' own flag sets. `tradedash -h` and
// `tradedash COMMAND -h` print the same text; the README's command block
// is a copy of it that TestREADMEUsage keeps equal.
type HelpCommand struct {
	cfg *config
	fs  *flag.FlagSet
}

func newHelpCommand(cfg *config) *HelpCommand {
	return &HelpCommand{cfg: cfg, fs: newFlagSet("help")}
}

func (c *HelpCommand) usage() usage {
	return usage{fs: c.fs, args: "[COMMAND]", about: c.cfg.lang.T("cli.help.about")}
}

// Run prints the usage of every command, or of the one named.
func (c *HelpCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	switch len(args) {
	case 0:
		return c.cfg.printHelp(c.cfg.stdout)
	case 1:
		for _, cmd := range c.cfg.commands() {
			if u := cmd.usage(); u.fs.Name() == args[0] {
				c.cfg.printUsage(c.cfg.stdout, u, true)
				return nil
			}
		}
		return c.cfg.usageError("", c.cfg.lang.T("cli.usage.unknown_command", args[0]))
	}
	return c.cfg.usageError("help", c.cfg.lang.T("cli.help.one_command"))
}

// printHelp writes the whole usage: the commands, the global flags, the
// exit codes, then each command's flags.
func (cfg *config) printHelp(w io.Writer) error {
	l := cfg.lang
	cmds := cfg.commands()
	fmt.Fprintln(w, l.T("cli.help.usage"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("cli.help.commands"))
	for _, c := range cmds {
		u := c.usage()
		fmt.Fprintf(w, "  %-10s %s\n", u.fs.Name(), u.about)
	}
	fmt.Fprintln(w)
	cfg.printGlobal(w)
	fmt.Fprintln(w)
	fmt.Fprintln(w, l.T("cli.help.exit"))
	for _, c := range cmds {
		fmt.Fprintln(w)
		cfg.printUsage(w, c.usage(), false)
	}
	return nil
}

// printUsage writes one command's usage: how it is called, what it does,
// its flags (from the flag package) and, withGlobal, the global flags.
func (cfg *config) printUsage(w io.Writer, u usage, withGlobal bool) {
	line := "tradedash " + u.fs.Name()
	hasFlags := false
	u.fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		line += " " + cfg.lang.T("cli.help.flags")
	}
	if u.args != "" {
		line += " " + u.args
	}
	fmt.Fprintln(w, cfg.lang.T("cli.help.command", line))
	fmt.Fprintln(w, "  "+u.about)
	if hasFlags {
		printDefaults(w, u.fs)
	}
	if withGlobal {
		fmt.Fprintln(w)
		cfg.printGlobal(w)
	}
}

func (cfg *config) printGlobal(w io.Writer) {
	fmt.Fprintln(w, cfg.lang.T("cli.help.global"))
	printDefaults(w, cfg.global)
}

// printDefaults is fs.PrintDefaults into w.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}
