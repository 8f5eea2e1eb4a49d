package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"tradedash/locale"
)

// Options tune the writing of one report file.
type Options struct {
	// BaseURL is the dashboard's configured address (see ParseBaseURL), for
	// the permalink on the summary: serve and export each take it from
	// --base-url, never from a request.
	BaseURL string
	// Now is when the report is made; zero means time.Now().
	Now time.Time
	// MaxRows is the most figures one file may hold; past it the writer
	// stops with a *LimitError. 0 means no limit (the command line).
	MaxRows int
	// SheetRows is how many figures one Data sheet holds before the next
	// continues it; 0 means as many as Excel allows (1,048,575 after the
	// header). Tests set it low.
	SheetRows int
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().UTC()
	}
	return o.Now.UTC()
}

// Info says what a written file holds.
type Info struct {
	Rows       int      // figures written
	DataSheets []string // the sheets they are on (XLSX)
}

// workbook is a report workbook being written.
type workbook struct {
	f   *excelize.File
	l   locale.Lang
	st  *styles
	sst *sharedStrings
	// sources collects what the report cites: the Data sheet's rows, the
	// milestones, and the figures a page's own sheets show.
	sources *sourceList
	// claims collects every claim of the figures the report shows, for
	// the Sources sheet: the Data sheet's, and those a page's own sheets
	// show that the Data sheet does not hold (the pair's participation).
	claims *claimList
}

// scratchSheet takes the Data sheet's shared strings while they are
// registered (see sharedStrings); it is deleted before the file is saved.
const scratchSheet = "tradedash scratch"

// WriteXLSX writes the report as an Excel workbook to w: the summary, a
// sheet for the view's chart, the Data sheet(s) with every claim, the
// sources with what each says, and the metrics' definitions. Nothing
// is written to w until every sheet is made; an error while the file is
// being written out may leave part of it in w (the command line writes to
// a temporary file, the web to a buffer).
func (rep *Report) WriteXLSX(ctx context.Context, w io.Writer, o Options) (Info, error) {
	now := o.now()
	f := excelize.NewFile()
	defer f.Close()
	l := rep.lang
	st, err := newStyles(f, l)
	if err != nil {
		return Info{}, err
	}
	wb := &workbook{f: f, l: l, st: st}

	// The sheets in the order a reader meets them. Creating a sheet sets
	// no text, so the shared strings are still empty for the Data sheet.
	summary := l.T("report.sheet.summary")
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return Info{}, fmt.Errorf("report: %w", err)
	}
	own := rep.page.sheets(l)
	var sheets []string
	for _, c := range own {
		sheets = append(sheets, c.name)
	}
	sheets = append(sheets, dataSheetName(l, 1), scratchSheet)
	for _, name := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			return Info{}, fmt.Errorf("report: %w", err)
		}
	}

	// The Data sheet first: its rows stream in and set the first shared
	// strings.
	wb.sst = newSharedStrings(f, scratchSheet)
	wb.sources = newSourceList()
	dw := newDataWriter(wb, wb.sources, o)
	defer dw.remove()
	wb.claims = &claimList{}
	dw.claims = wb.claims
	var info Info
	if rep.trade != nil {
		// The pair's trade flows: a few hundred rows at most, written as
		// any sheet is.
		if err := f.DeleteSheet(scratchSheet); err != nil {
			return Info{}, fmt.Errorf("report: %w", err)
		}
		if info, err = rep.tradeDataSheet(ctx, wb, o); err != nil {
			return Info{}, err
		}
	} else {
		if err := rep.figures.EachFigure(ctx, rep.filter, dw.add); err != nil {
			var le *LimitError
			if errors.As(err, &le) {
				return Info{}, le
			}
			return Info{}, fmt.Errorf("report data: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return Info{}, err
		}
		if err := f.DeleteSheet(scratchSheet); err != nil {
			return Info{}, fmt.Errorf("report: %w", err)
		}
		if err := dw.finish(); err != nil {
			return Info{}, err
		}
		info = Info{Rows: dw.rows, DataSheets: dw.sheetNames()}
	}

	// The other sheets, whose text now takes shared strings after the Data
	// sheet's.
	for _, c := range own {
		if err := c.write(wb, c.name); err != nil {
			return Info{}, err
		}
	}
	for _, m := range rep.page.milestones() {
		wb.sources.addMilestone(m.Source)
	}
	sourcesSheet := l.T("report.sheet.sources")
	if _, err := f.NewSheet(sourcesSheet); err != nil {
		return Info{}, fmt.Errorf("report: %w", err)
	}
	wb.claims.flush()
	if err := wb.sourcesSheet(sourcesSheet, wb.sources, wb.claims, info.DataSheets[0]); err != nil {
		return Info{}, err
	}
	definitions := l.T("report.def.sheet")
	if _, err := f.NewSheet(definitions); err != nil {
		return Info{}, fmt.Errorf("report: %w", err)
	}
	if err := wb.definitionsSheet(definitions); err != nil {
		return Info{}, err
	}
	if err := wb.summarySheet(summary, rep, o.BaseURL, now, info, own, dw); err != nil {
		return Info{}, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    rep.page.title(l),
		Subject:  rep.Permalink(o.BaseURL),
		Creator:  "tradedash",
		Language: l.Tag(),
		Created:  now.Format(time.RFC3339),
		Modified: now.Format(time.RFC3339),
	}); err != nil {
		return Info{}, fmt.Errorf("report: %w", err)
	}
	f.SetActiveSheet(0)
	// excelize builds the whole zip in a memory buffer before it writes it
	// out; the zip writer it is given writes to w instead, so the buffer
	// stays empty and a million-row workbook is never held in memory.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newSpliceZip(w, dw.sheets) })
	if _, err := f.WriteToBuffer(); err != nil {
		return Info{}, fmt.Errorf("report: save: %w", err)
	}
	return info, nil
}

// cell names the cell at col and row, both from 1.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// colName names column col, from 1.
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}
