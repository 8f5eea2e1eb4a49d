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

// TemplateCommand is `tradedash template`: the data-entry workbook an
// official fills in and imports with `tradedash import`. It needs no
// database.
type TemplateCommand struct {
	cfg   *config
	fs    *flag.FlagSet
	out   string
	lang  string
	trade bool
}

func newTemplateCommand(cfg *config) *TemplateCommand {
	c := &TemplateCommand{cfg: cfg, fs: newFlagSet("template")}
	l := cfg.lang
	c.fs.StringVar(&c.out, "out", "", l.T("cli.template.flag.out"))
	c.fs.StringVar(&c.lang, "lang", string(locale.Default), l.T("cli.template.flag.lang", langList()))
	c.fs.BoolVar(&c.trade, "trade", false, l.T("cli.template.flag.trade"))
	return c
}

func (c *TemplateCommand) usage() usage {
	return usage{fs: c.fs, about: c.cfg.lang.T("cli.template.about")}
}

// Run writes the workbook.
func (c *TemplateCommand) Run(ctx context.Context, args []string) error {
	args, err := c.cfg.parse(c, args)
	if err != nil {
		return err
	}
	cfg, l := c.cfg, c.cfg.lang
	if err := cfg.noArgs("template", args); err != nil {
		return err
	}
	if c.out == "" || strings.ToLower(filepath.Ext(c.out)) != ".xlsx" {
		return cfg.usageError("template", l.T("cli.template.no_out"))
	}
	lang, ok := locale.Parse(c.lang)
	if !ok {
		return cfg.usageError("template", l.T("cli.usage.bad_lang", "template", reference.Quote(c.lang), langList()))
	}
	_, err = writeAtomically(c.out, func(w io.Writer) (report.Info, error) {
		if c.trade {
			return report.Info{}, report.WriteTradeTemplate(w, lang, time.Now())
		}
		return report.Info{}, report.WriteTemplate(w, lang, time.Now())
	})
	if err != nil {
		return fmt.Errorf("template %s: %w", reference.Printable(c.out), err)
	}
	name := reference.Printable(c.out)
	fmt.Fprintln(cfg.stdout, l.T("cli.template.done", name, "tradedash import "+name))
	return nil
}

// langList lists the languages of --lang: "ru, en, zh".
func langList() string {
	var names []string
	for _, l := range locale.Langs() {
		names = append(names, string(l))
	}
	return strings.Join(names, ", ")
}
