package dashboard

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"tradedash/report"
	"tradedash/view"
)

// The download paths. A report and a CSV take the view parameters of the
// page they are downloaded from (the pair's a= and b= among them), plus
// page= (overview, compare, data, pair) and for the CSV sep= (semicolon or
// comma).
const (
	pathReport        = "/download/report.xlsx"
	pathCSV           = "/download/data.csv"
	pathTemplate      = "/download/template.xlsx"
	pathTradeTemplate = "/download/trade-template.xlsx"
)

// exportTimeout bounds the making of one file: longer than a page's
// queries, since the largest download streams up to report.DefaultMaxRows
// figures.
const exportTimeout = 2 * time.Minute

// downloads serves the files of package report: the same code path as
// `tradedash export`, so a view gives the same workbook either way. A
// limiter bounds how many are made at once and how large each may be.
type downloads struct {
	h       *handler
	reports *report.Reporter
	limit   *report.Limiter
}

func newDownloads(h *handler) *downloads {
	return &downloads{
		h:       h,
		reports: report.New(h.views, h.db),
		limit:   report.NewLimiter(report.DefaultConcurrent, report.DefaultMaxRows),
	}
}

// report answers with the Excel report of the view in the query.
func (d *downloads) report(c *fiber.Ctx) error { return d.export(c, ".xlsx") }

// csv answers with the view's figures as CSV.
func (d *downloads) csv(c *fiber.Ctx) error { return d.export(c, ".csv") }

func (d *downloads) export(c *fiber.Ctx, ext string) error {
	req, err := report.ParseRequest(queryValues(c))
	if err != nil {
		return err
	}
	l := localeFor(c)
	req.Lang = l.Lang
	release, err := d.limit.Acquire()
	if err != nil {
		return d.refuse(c, l, err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(c.UserContext(), exportTimeout)
	defer cancel()
	rep, err := d.reports.Prepare(ctx, req)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	// The configured address, not c.BaseURL(): that is the request's Host
	// header, and a forged one would go into the file.
	opts := report.Options{BaseURL: d.h.baseURL, Now: now, MaxRows: d.limit.MaxRows()}
	var buf bytes.Buffer
	if ext == ".csv" {
		_, err = rep.WriteCSV(ctx, &buf, req.Sep, opts)
	} else {
		_, err = rep.WriteXLSX(ctx, &buf, opts)
	}
	if le := (*report.LimitError)(nil); errors.As(err, &le) {
		return d.refuse(c, l, le)
	}
	if err != nil {
		return err
	}
	return sendFile(c, l, rep.FileName(ext, now), ext, buf.Bytes())
}

// template answers with the data-entry workbook, its lists and
// instructions in the reader's language.
func (d *downloads) template(c *fiber.Ctx) error {
	// The template takes only lang, and an unknown one is refused like
	// any parameter: ?lang=zz must not quietly give a Russian workbook.
	if _, err := view.LangParam(queryValues(c)); err != nil {
		return err
	}
	l := localeFor(c)
	var buf bytes.Buffer
	now := time.Now().UTC()
	write, name := report.WriteTemplate, "tradedash_template_"
	if c.Path() == pathTradeTemplate {
		write, name = report.WriteTradeTemplate, "tradedash_trade_template_"
	}
	if err := write(&buf, l.Lang, now); err != nil {
		return err
	}
	return sendFile(c, l, name+string(l.Lang)+".xlsx", ".xlsx", buf.Bytes())
}

// sendFile answers with a file in l to save. Names are ASCII, from codes.
func sendFile(c *fiber.Ctx, l *pageLang, name, ext string, body []byte) error {
	c.Set(fiber.HeaderContentLanguage, l.Tag())
	ctype := "text/csv; charset=utf-8"
	if ext == ".xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusOK).Send(body)
}

// refuse answers a download the limits refuse: 413 when the view is too
// large for one download, 429 when the server is making as many as it
// will at once; the page says which, in the reader's language.
func (d *downloads) refuse(c *fiber.Ctx, l *pageLang, err error) error {
	var le *report.LimitError
	if !errors.As(err, &le) {
		return err
	}
	status, heading := fiber.StatusRequestEntityTooLarge, le.Heading(l.Lang)
	if le.Kind == report.LimitBusy {
		status = fiber.StatusTooManyRequests
		c.Set(fiber.HeaderRetryAfter, "30")
	}
	pg := errorPage{
		page:    d.h.newPage(l, c.Path(), heading, view.Params{}, nil),
		Status:  status,
		Heading: heading,
		Message: le.Message(l.Lang),
	}
	return d.h.render(c, l, "error", status, pg)
}

// downloadLinks are the download links a page shows: the report and the
// CSV of its view, and the data-entry template.
type downloadLinks struct {
	Label                                                string
	Report, CSV, Template, TradeTemplate                 string // URLs; Report and CSV "" on pages without a view
	ReportText, CSVText, TemplateText, TradeTemplateText string
}

// Downloads returns the page's download links, or nil on an error page.
// The view is the one the page's own language link reproduces, so the
// files show what the page shows, in the page's language.
func (p page) Downloads() *downloadLinks {
	if p.Vintage == "" {
		return nil
	}
	var self string
	for _, n := range p.Langs {
		if n.Current {
			self = n.URL
		}
	}
	u, err := url.Parse(self)
	if err != nil {
		return nil
	}
	q := u.Query()
	l := p.L
	links := &downloadLinks{
		Label:             l.T("download.label"),
		Template:          pathTemplate + "?" + url.Values{view.ParamLang: {string(l.Lang)}}.Encode(),
		TradeTemplate:     pathTradeTemplate + "?" + url.Values{view.ParamLang: {string(l.Lang)}}.Encode(),
		TradeTemplateText: l.T("download.trade_template"),
		ReportText:        l.T("download.report"),
		CSVText:           l.T("download.csv"),
		TemplateText:      l.T("download.template"),
	}
	pages := map[string]report.Page{pathOverview: report.PageOverview, pathCompare: report.PageCompare, pathData: report.PageData,
		pathPair: report.PagePair}
	if pg, ok := pages[u.Path]; ok {
		q.Set(report.ParamPage, string(pg))
		links.Report = pathReport + "?" + q.Encode()
		links.CSV = pathCSV + "?" + q.Encode()
	}
	return links
}
