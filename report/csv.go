package report

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"tradedash"
)

// sep returns the CSV delimiter for the report: the one asked for, else the
// one the language's Excel splits on (csv.sep): ';' for Russian, whose
// Excel reads decimal commas, ',' for English and Chinese.
func (rep *Report) sep(asked rune) rune {
	if asked == ';' || asked == ',' {
		return asked
	}
	if r, _ := utf8.DecodeRuneInString(rep.lang.T("csv.sep")); r == ';' {
		return ';'
	}
	return ','
}

// WriteCSV writes every figure of the report's view (the pair: every trade
// flow) to w as CSV with the Data sheet's columns, a row per claim, so it
// imports back unchanged: UTF-8 with a
// byte-order mark (without one Excel reads Cyrillic as Windows-1251),
// CRLF line ends, and, with ';' as delimiter, decimal commas. A text cell
// that a spreadsheet would run as a formula (it begins with = + - @, a tab
// or a carriage return) is written after an apostrophe, which the importer
// takes off again. sep is ';', ',' or 0 for the language's default.
func (rep *Report) WriteCSV(ctx context.Context, w io.Writer, sep rune, o Options) (Info, error) {
	sep = rep.sep(sep)
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return Info{}, fmt.Errorf("report csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.Comma = sep
	cw.UseCRLF = true
	if rep.trade != nil {
		rows, err := rep.writeTradeCSV(ctx, cw, sep, o)
		if err != nil {
			return Info{}, err
		}
		return Info{Rows: rows}, flushCSV(cw, bw)
	}
	if err := cw.Write(dataHeader(rep.lang)); err != nil {
		return Info{}, fmt.Errorf("report csv: %w", err)
	}
	rec := make([]string, len(dataColumns))
	names := newImportNames(rep.lang)
	rows := 0
	var num []byte
	err := rep.figures.EachFigure(ctx, rep.filter, func(f tradedash.Figure) error {
		for _, f := range claimRows(f) {
			if o.MaxRows > 0 && rows >= o.MaxRows {
				return &LimitError{Kind: LimitRows, Limit: o.MaxRows}
			}
			rows++
			num = csvNumber(num[:0], f.Value, sep == ';')
			rec[0] = strconv.Itoa(f.Year)
			rec[1] = neutralize(names.exhibition(f.Exhibition))
			rec[2] = neutralize(names.country(f.Country))
			rec[3] = neutralize(names.metric(f.Metric))
			rec[dataColValue] = string(num)
			rec[5] = neutralize(names.qualifier(f.Qualifier))
			rec[6] = neutralize(names.status(f.Status))
			rec[7] = neutralize(names.basis(f.Basis))
			rec[8] = neutralize(f.Certificate)
			rec[9] = neutralize(names.preferred(f.Preferred))
			rec[dataColSource] = neutralize(f.Source)
			rec[dataColNote] = neutralize(f.Note)
			rec[dataColImport] = strconv.FormatUint(f.ImportID, 10)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			return Info{}, le
		}
		return Info{}, fmt.Errorf("report csv: %w", err)
	}
	return Info{Rows: rows}, flushCSV(cw, bw)
}

// flushCSV writes out what the CSV writer and its buffer hold.
func flushCSV(cw *csv.Writer, bw *bufio.Writer) error {
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report csv: %w", err)
	}
	return nil
}

// csvNumber appends v in full precision without thousands separators. A
// fraction of exactly three digits gets a trailing zero, with either
// decimal mark: the importer reads "1,234" and "1.234" as ambiguous (a
// thousands separator or a decimal mark?), but "1,2340" and "1.2340" only
// as decimals.
func csvNumber(b []byte, v float64, comma bool) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	s := b[start:]
	for i, c := range s {
		if c == '.' {
			if comma {
				s[i] = ','
			}
			if len(s)-i-1 == 3 {
				b = append(b, '0')
			}
			break
		}
	}
	return b
}

// neutralize puts an apostrophe before a text a spreadsheet would take for
// a formula; the importer takes exactly that apostrophe off again. (It
// never stores a text that begins with an apostrophe and then = + - @, so
// no stored text is mistaken for a marked one.)
func neutralize(s string) string {
	if s != "" && isFormulaStart(s[0]) {
		return "'" + s
	}
	return s
}
