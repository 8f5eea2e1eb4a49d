package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tradedash/locale"
	"tradedash/reference"
	"tradedash/report"
	"tradedash/view"
)

// exportFlags is `tradedash export`: the same report file a dashboard
// download gives, for the view the flags name, written to --out (.xlsx or
// .csv; a directory gets a file named after the view).
func exportFlags(fs *flag.FlagSet) func(context.Context, config, []string) error {
	out := fs.String("out", "", "")
	baseURL := fs.String("base-url", report.DefaultBaseURL, "")
	params := map[string]*string{}
	for _, name := range []string{view.ParamExhibition, view.ParamCountry, view.ParamMetric, view.ParamFrom,
		view.ParamTo, view.ParamLang, report.ParamPage, report.ParamSep} {
		params[name] = fs.String(name, "", "")
	}
	return func(ctx context.Context, cfg config, args []string) error {
		if len(args) > 0 {
			return usageError("export takes no arguments, only flags")
		}
		if *out == "" {
			return usageError("export: --out FILE.xlsx or FILE.csv is required")
		}
		base, err := report.ParseBaseURL(*baseURL)
		if err != nil {
			return usageError("export: --base-url: %v", err)
		}
		q := url.Values{}
		for name, v := range params {
			if *v != "" {
				q.Set(name, *v)
			}
		}
		req, err := report.ParseRequest(q)
		if err != nil {
			return exportUsage(err)
		}
		dir, name, ext, err := exportPath(*out)
		if err != nil {
			return err
		}
		s, err := openStore(ctx, cfg, false)
		if err != nil {
			return err
		}
		defer s.Close()
		rep, err := report.New(view.New(s.writer, view.Options{}), s.writer).Prepare(ctx, req)
		if err != nil {
			return exportUsage(err)
		}
		now := time.Now().UTC()
		if name == "" {
			name = rep.FileName(ext, now)
		}
		path := filepath.Join(dir, name)
		opts := report.Options{BaseURL: base, Now: now}
		info, err := writeAtomically(path, func(w io.Writer) (report.Info, error) {
			if ext == ".csv" {
				return rep.WriteCSV(ctx, w, req.Sep, opts)
			}
			return rep.WriteXLSX(ctx, w, opts)
		})
		if err != nil {
			return fmt.Errorf("export %s: %w", reference.Printable(path), err)
		}
		fmt.Fprintf(cfg.stdout, "%s: %d figures, data as of import %d\n", reference.Printable(path), info.Rows, rep.Vintage().ImportID)
		if len(info.DataSheets) > 1 {
			fmt.Fprintf(cfg.stdout, "the figures fill %d sheets: %s\n", len(info.DataSheets), strings.Join(info.DataSheets, ", "))
		}
		return nil
	}
}

// exportUsage makes a view's parameter error a usage error; other errors
// pass.
func exportUsage(err error) error {
	var pe *view.ParamError
	if errors.As(err, &pe) {
		return usageError("export: %s", pe.Message(locale.EN))
	}
	return err
}

// exportPath splits --out into the directory, the file name ("" when out
// is a directory: the view names the file) and the format.
func exportPath(out string) (dir, name, ext string, err error) {
	if st, err := os.Stat(out); err == nil && st.IsDir() || strings.HasSuffix(out, string(filepath.Separator)) {
		return out, "", ".xlsx", nil
	}
	ext = strings.ToLower(filepath.Ext(out))
	if ext != ".xlsx" && ext != ".csv" {
		return "", "", "", usageError("export: --out %s: the file must end in .xlsx or .csv", out)
	}
	return filepath.Dir(out), filepath.Base(out), ext, nil
}

// writeAtomically writes a file through write into a temporary file beside
// it and renames it into place, so that a failed export leaves no half
// file and an existing one as it was. Its errors leave the paths out (the
// caller names the file, escaped): an *os.PathError would print a name
// with control characters raw.
func writeAtomically(path string, write func(io.Writer) (report.Info, error)) (report.Info, error) {
	info, err := writeTemp(path, write)
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = fmt.Errorf("%s: %w", pe.Op, pe.Err)
	case errors.As(err, &le):
		err = fmt.Errorf("%s: %w", le.Op, le.Err)
	}
	return info, err
}

func writeTemp(path string, write func(io.Writer) (report.Info, error)) (report.Info, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tradedash-export-*")
	if err != nil {
		return report.Info{}, err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	info, err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return report.Info{}, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return report.Info{}, err
	}
	return info, os.Rename(tmp.Name(), path)
}
