// Package ingest turns the files people send (CSV in any encoding and
// delimiter Russian offices produce, XLSX workbooks) into validated figures
// and milestones, streamed to a Sink row by row.
//
// Reading never stops at the first mistake: every problem in a file is
// reported, located as FILE:ROW:COLUMN, so that the person who made the file
// can fix them all at once. A caller must write nothing when Read returns
// Problems. Memory stays flat however large the file: rows are streamed, and
// only the duplicate index grows, to at most about 25 MB.
//
// What a file may look like:
//
//   - The header is the first of the first 20 non-empty rows that names at
//     least two known columns; title and blank rows above it are skipped. A
//     row right under it that names columns too continues it (merged cells);
//     a row of units under it ("ед.", "тыс. чел.") joins it, and a multiplier
//     in a header ("Посетители, тыс. чел.") scales the column's values.
//   - Figures come in the wide form (a column per metric) or the long form
//     (metric and value columns). A file with date and title columns holds
//     milestones. A file with reporter, partner or flow columns and no
//     exhibition column, a UN Comtrade header, or the header of a China
//     Customs portal export holds trade flows (trade.go, comtrade.go,
//     gacc.go).
//   - Without a country column figures are about whole exhibitions (ALL); an
//     empty country cell is a problem for figures ("все" means ALL) and ALL
//     for milestones, which are often about a whole exhibition.
//   - The year may come from the exhibition cell ("ИННОПРОМ-2023"); if there
//     is a year column too, they must agree.
//   - Skipped with a notice (Summary.Skipped), never silently: total rows
//     ("Итого", "Всего", "Total" in the year, country, exhibition or first
//     cell), repeated header rows, rows with one filled cell (footnotes),
//     rows without figures, exact repeats of a figure. Empty rows are
//     skipped without a notice.
//   - A column nobody knows is ignored while empty and a problem once it has
//     a value: better a question than data silently dropped. Row-number,
//     unit and import-id columns ("№", "Ед. изм.") are ignored.
//   - In a workbook nothing the sender cannot see is read: hidden sheets
//     never (a hidden sheet named Data, which would be chosen, refuses the
//     file), and a hidden row or column with values, a formula without a
//     computed value or a cell showing an error value is a problem.
//   - Values above a metric's limit are problems: companies and agreements
//     1,000,000; area 10,000,000 m²; visitors 100,000,000; countries 300;
//     delegations 100,000. Counts must be whole numbers.
//   - Numbers are read as ParseValue says, except "10.000" and "2,500" (one
//     mark before exactly three digits), which a count reads as thousands
//     and anything else as the rest of the file writes numbers, or refuses
//     (numbers.go). Dashes, "н/д", "n/a" and "х" in a value cell are no
//     figure. Each rule applied is one notice per file.
//
// ingest builds no SQL and knows nothing about the database; the caller's
// Sink does the writing.
package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"tradedash"
)

// Kind is what a file holds, recognized by its header.
type Kind int

// The kinds of input file.
const (
	Unknown    Kind = iota
	Figures         // yearly figures: year, exhibition, country, metric columns or metric + value
	Milestones      // events: date, exhibition, country, title_ru, title_en
	Trade           // trade flows: tradedash's trade sheet, UN Comtrade CSV (see trade.go)
)

func (k Kind) String() string {
	switch k {
	case Figures:
		return "figures"
	case Milestones:
		return "milestones"
	case Trade:
		return "trade"
	}
	return "unknown"
}

// Options are the caller's settings for reading one file.
type Options struct {
	// Source is used for rows without a source of their own (the command's
	// --source); a row's own source wins.
	Source string
	// Progress, if not nil, is called with the bytes read so far and the
	// file's size, about every 64 KB, for a progress bar. For XLSX, which
	// is unpacked before it is read, it is called at the start and the end.
	Progress func(done, total int64)
	// Digest, if not nil, receives every byte of the file as it is read,
	// e.g. a sha256.Hash, so the caller needs no second pass over a large
	// file. It holds the whole file when Read returns without error.
	Digest io.Writer
	// Encoding, if not empty, is the encoding of a CSV file (the command's
	// --encoding): one of EncodingNames, in any case. Empty means detect
	// it. A byte-order mark that says otherwise is a problem.
	Encoding string
	// Flow and Period are what a China Customs export leaves out (the
	// command's --flow and --period, see gacc.go): the query's flow, and
	// its period when the file has no 数据年月 column. Given with any
	// other file they are a problem of that file.
	Flow   tradedash.Flow
	Period Period
}

// Sink receives valid records as they are read. Read calls it only for valid
// rows, and stops calling it at the first problem; a caller that gets
// Problems from Read must discard what the Sink received. An error from the
// Sink stops Read, which returns it wrapped.
//
// ctx is Read's; row is the record's row in the file, as Problem counts
// it.
type Sink interface {
	Figure(ctx context.Context, f tradedash.Figure, row int) error
	Milestone(ctx context.Context, m tradedash.Milestone, row int) error
	TradeFlow(ctx context.Context, t tradedash.TradeFlow, row int) error
}

// Summary describes what Read found in a file.
type Summary struct {
	Kind   Kind
	Format string // "CSV" or "XLSX"
	// Encoding is the encoding a CSV file was read in: "UTF-8", "UTF-8 with
	// BOM", "UTF-16LE", "UTF-16BE", "Windows-1251", "KOI8-R", "MacCyrillic",
	// "CP866", "GBK", "GB18030" or "Windows-1252".
	Encoding string
	Sheet    string // XLSX: the sheet read
	Rows     int    // data rows that gave records
	Records  int    // records sent to the Sink
	// Skipped are notices about rows left out on purpose: total rows,
	// repeated header rows, repeated figures, rows without figures. Like
	// Problems the list keeps the first 200; SkippedCount counts all.
	Skipped      []Problem
	SkippedCount int
	// ProblemCount counts every problem found, also those left out of the
	// Problems Read returns.
	ProblemCount int
}

// Read streams one file into sink: CSV or XLSX, recognized by content, not by
// name. It returns Problems when the file has problems (and then reads to
// the end to report all of them), ctx's error when cancelled, and another
// error when the file cannot be read at all.
func Read(ctx context.Context, path string, opts Options, sink Sink) (Summary, error) {
	var forced *textEncoding
	if opts.Encoding != "" {
		e, ok := lookupEncoding(opts.Encoding)
		if !ok {
			return Summary{}, fmt.Errorf("read %s: %w", printable(path), CheckEncoding(opts.Encoding))
		}
		forced = e
	}
	f, err := os.Open(path)
	if err != nil {
		return Summary{}, fmt.Errorf("read %s: %w", printable(path), err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Summary{}, fmt.Errorf("read %s: %w", printable(path), err)
	}
	if st.IsDir() {
		return Summary{ProblemCount: 1}, Problems{{File: path, Msg: "not a table: a directory"}}
	}
	r := newReader(ctx, path, opts, sink)
	total := st.Size()
	if opts.Progress != nil {
		opts.Progress(0, total)
	}
	var in io.Reader = f
	if opts.Digest != nil {
		in = io.TeeReader(f, opts.Digest)
	}
	counted := &progressReader{r: in, total: total, progress: opts.Progress, next: progressStep}
	br := bufio.NewReaderSize(counted, bufSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return Summary{}, fmt.Errorf("read %s: %w", printable(path), err)
	}
	err = nil
	switch format, msg := sniff(head); format {
	case formatRefused:
		r.problems.add(0, "", "%s", msg)
	case formatXLSX:
		if opts.Digest != nil {
			if _, err := io.Copy(io.Discard, br); err != nil {
				return Summary{}, fmt.Errorf("read %s: %w", printable(path), err)
			}
		}
		err = r.readXLSX() // excelize opens the file itself, to read it as a zip
	default:
		err = r.readCSV(br, forced)
	}
	if err != nil {
		return r.sum, err
	}
	if opts.Progress != nil {
		opts.Progress(total, total)
	}
	return r.finish()
}

// progressStep is how often Progress is called: often enough for a smooth
// bar, rarely enough to cost nothing.
const progressStep = 64 << 10

// progressReader counts the bytes read from the file for Options.Progress.
type progressReader struct {
	r        io.Reader
	done     int64
	next     int64
	total    int64
	progress func(done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.progress != nil && p.done >= p.next {
		p.progress(p.done, p.total)
		p.next = p.done + progressStep
	}
	return n, err
}
