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
	"strconv"
	"strings"
	"time"

	"tradedash/locale"
	"tradedash/reference"
	"tradedash/report"
	"tradedash/view"
)

// ExportCommand is `tradedash export`: the same report file a dashboard
// download gives, for the view the flags name, written to --out (.xlsx or
// .csv; a directory gets a file named after the view).
type ExportCommand struct {
	cfg     *config
	fs      *flag.FlagSet
	out     string
	baseURL string
	// params are the view's parameters, named as in the dashboard's URLs.
	params map[string]*string
}

func newExportCommand(cfg *config) *ExportCommand {
	c := &ExportCommand{cfg: cfg, fs: newFlagSet("export"), params: map[string]*string{}}
	l := cfg.lang
	c.fs.StringVar(&c.out, "out", "", l.T("cli.export.flag.out"))
	c.fs.StringVar(&c.baseURL, "base-url", report.DefaultBaseURL, l.T("cli.export.flag.base_url"))
	for name, help := range map[string]string{
		report.ParamPage:     l.T("cli.export.flag.page"),
		view.ParamA:          l.T("report.pair.flag.a"),
		view.ParamB:          l.T("report.pair.flag.b"),
		view.ParamExhibition: l.T("cli.export.flag.exhibition"),
		view.ParamCountry:    l.T("cli.export.flag.country"),
		view.ParamMetric:     l.T("cli.export.flag.metric"),
		view.ParamFrom:       l.T("cli.export.flag.from"),
		view.ParamTo:         l.T("cli.export.flag.to"),
		view.ParamLang:       l.T("cli.export.flag.lang", langList(), string(locale.Default)),
		report.ParamSep:      l.T("cli.export.flag.sep"),
	} {
		c.params[name] = c.fs.String(name, "", help)
	}
	return c
}

func (c *ExportCommand) usage() usage {
	return usage{fs: c.fs, about: c.cfg.lang.T("cli.export.about")}
}

// Run writes the report, or refuses a view the dashboard would refuse
// (exit code 2).
func (c *ExportCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if err := cfg.noArgs("export", args); err != nil {
		return err
	}
	if c.out == "" {
		return cfg.usageError("export", l.T("cli.export.no_out"))
	}
	base, err := report.ParseBaseURL(c.baseURL)
	if err != nil {
		return cfg.usageError("export", l.T("cli.usage.bad_flag", "export", "--base-url", err.Error()))
	}
	q := url.Values{}
	for name, v := range c.params {
		if *v != "" {
			q.Set(name, *v)
		}
	}
	req, err := report.ParseRequest(q)
	if err != nil {
		return c.paramError(err)
	}
	dir, name, ext, err := c.path()
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
		return c.paramError(err)
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
	fmt.Fprintln(cfg.stdout, l.T("cli.export.done", reference.Printable(path), count(info.Rows),
		strconv.FormatUint(rep.Vintage().ImportID, 10)))
	if len(info.DataSheets) > 1 {
		fmt.Fprintln(cfg.stdout, l.T("cli.export.sheets", count(len(info.DataSheets)), strings.Join(info.DataSheets, ", ")))
	}
	return nil
}

// paramError makes a view's parameter error a usage error, in the
// command line's language; other errors pass.
func (c *ExportCommand) paramError(err error) error {
	var pe *view.ParamError
	if errors.As(err, &pe) {
		return c.cfg.usageError("export", "export: "+pe.Message(c.cfg.lang))
	}
	return err
}

// path splits --out into the directory, the file name ("" when it is a
// directory: the view names the file) and the format.
func (c *ExportCommand) path() (dir, name, ext string, err error) {
	out := c.out
	if st, err := os.Stat(out); err == nil && st.IsDir() || strings.HasSuffix(out, string(filepath.Separator)) {
		return out, "", ".xlsx", nil
	}
	ext = strings.ToLower(filepath.Ext(out))
	if ext != ".xlsx" && ext != ".csv" {
		return "", "", "", c.cfg.usageError("export", c.cfg.lang.T("cli.export.bad_out", reference.Printable(out)))
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
