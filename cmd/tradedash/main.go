// Command tradedash imports yearly exhibition participation figures into
// ClickHouse, serves the dashboard and writes Excel reports. main only
// hands the process to run (run.go), which reads the global flags and the
// environment and runs a command: a type and a file each (serve.go,
// import.go, imports.go, rollback.go, export.go, template.go, migrate.go,
// tocluster.go, help.go).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// Exit codes, as `tradedash help` lists them.
const (
	exitOK          = 0
	exitRejected    = 1 // input rejected, nothing written
	exitUsage       = 2
	exitUnavailable = 3 // database unavailable
)

// exitError carries an exit code and a message for the user, already in
// the command line's language; nothing more is printed when msg is empty.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// exitCode prints err, if any, and returns the process's exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "tradedash:", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "tradedash:", err)
	if unavailable(err) {
		return exitUnavailable
	}
	return 1
}

// count is a count in a message: written in plain digits in every
// language ("1000 rows", which scripts read), and choosing the plural
// form when it is a message's first argument ("1 строка", "5 строк").
type count int

func (n count) Format(f fmt.State, verb rune) { f.Write([]byte(strconv.Itoa(int(n)))) }

// PluralForm is plural.Interface: golang.org/x/text/message asks it for
// the form.
func (n count) PluralForm(t language.Tag, scale int) (plural.Form, int) {
	return plural.Cardinal.MatchPlural(t, int(n), 0, 0, 0, 0), int(n)
}
