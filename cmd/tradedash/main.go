// Command tradedash imports yearly exhibition participation figures into
// ClickHouse, serves the dashboard and writes Excel reports. This file only
// turns flags and environment into a config and calls run; the commands live
// beside it, one file each.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"tradedash/importer"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// Exit codes, as documented in the README.
const (
	exitOK          = 0
	exitRejected    = 1 // input rejected, nothing written
	exitUsage       = 2
	exitUnavailable = 3 // database unavailable
)

// exitError carries an exit code; its message has already been printed when
// msg is empty.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...) + "\n" + usageText}
}

const usageText = `usage: tradedash COMMAND [flags]

commands:
  serve    [--addr 127.0.0.1:8080] [--base-url URL] [--load-sample]
                                                     run the dashboard; --base-url is its public
                                                     address for links in reports (default http://ADDR)
  import   [--dry-run] [--source TEXT] [--encoding NAME] FILE...
                                                     import figures or milestones (CSV, XLSX); --encoding
                                                     sets a CSV file's encoding instead of detecting it:
                                                     utf-8, utf-16le, utf-16be, windows-1251, koi8-r,
                                                     maccyrillic, cp866, gbk, gb18030, windows-1252
  imports                                            list the import log
  rollback IMPORT_ID                                 undo an import, restoring the values it replaced
  export   --out FILE.xlsx|FILE.csv|DIR [--page overview|compare|data] [--exhibition CODE] [--country CODE]
           [--metric CODE] [--from YEAR] [--to YEAR] [--lang ru|en] [--sep semicolon|comma] [--base-url URL]
                                                     an Excel report or CSV of a dashboard view
  template --out FILE.xlsx [--lang ru|en]            write a data-entry workbook
  migrate                                            apply schema migrations

global flags (before or after the command):
  --data-dir DIR      managed ClickHouse and its data (env TRADEDASH_DATA, default ./data)
  --clickhouse URL    use this ClickHouse instead, e.g. clickhouse://user:pass@host:9000/tradedash
                      (env TRADEDASH_CLICKHOUSE); nothing is started
  --clickhouse-reader URL  the read-only user for serve (env TRADEDASH_CLICKHOUSE_READER; default: --clickhouse)

exit codes: 0 done; 1 input rejected, nothing written; 2 usage; 3 database unavailable`

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var rejected *importer.Rejected
	if errors.As(err, &rejected) {
		fmt.Fprintln(stderr, "tradedash:", rejected)
		return exitRejected
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
