package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"tradedash/locale"
	"tradedash/reference"
	"tradedash/report"
)

// templateFlags is `tradedash template`: the data-entry workbook an
// official fills in and imports with `tradedash import`. It needs no
// database.
func templateFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	out := fs.String("out", "", "")
	lang := fs.String("lang", "ru", "")
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) > 0 {
			return usageError("template takes no arguments, only flags")
		}
		if *out == "" || strings.ToLower(filepath.Ext(*out)) != ".xlsx" {
			return usageError("template: --out FILE.xlsx is required")
		}
		l, ok := locale.Parse(*lang)
		if !ok {
			return usageError("template: --lang %q: use ru or en", *lang)
		}
		_, err := writeAtomically(*out, func(w io.Writer) (report.Info, error) {
			return report.Info{}, report.WriteTemplate(w, l, time.Now())
		})
		if err != nil {
			return fmt.Errorf("template %s: %w", reference.Printable(*out), err)
		}
		name := reference.Printable(*out)
		fmt.Fprintf(cfg.stdout, "%s: fill in its first sheet, then: tradedash import %s\n", name, name)
		return nil
	}
}
