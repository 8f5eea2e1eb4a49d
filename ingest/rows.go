package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"tradedash/reference"
)

// table is a source of rows: a CSV file or a worksheet.
type table interface {
	// next returns the next row's cells, valid until the following call,
	// and its number as the user sees it. It returns io.EOF after the last
	// row, a *rowError for a row that cannot be read, and any other error
	// when reading must stop.
	next() (cells []string, row int, err error)
	// columnName names column i (0-based) where the header has no text:
	// "C" in a worksheet, "3" in a CSV file.
	columnName(i int) string
	// suspect reports whether cells read from now on may hold invalid
	// UTF-8, and must be checked.
	suspect() bool
	// issues returns what is wrong with the last row returned by next
	// beyond its text: a hidden row or column, a formula without a
	// computed value, an error value.
	issues() []cellIssue
	// merged names the merged range that covers column i of the last row
	// when that cell is not the range's first, and the first cell.
	merged(i int) (rng, first string)
	// number reports whether cell i of the last row is stored as a
	// number, which is exact and needs none of the rules for written
	// numbers (numbers.go): an XLSX cell without a type or t="n". Every
	// CSV cell is text.
	number(i int) bool
	// date reports whether cell i of the last row is a spreadsheet's date
	// cell, given as its date ("2016-07-11"): a date, never a figure.
	date(i int) bool
}

// cellIssue is a problem of a cell (or of a whole row, col -1) that is not
// in its text. A sticky one is reported even when its row is skipped as a
// total row or a repeated header.
type cellIssue struct {
	col    int
	msg    string
	sticky bool
}

// rowError is a row that could not be read. Reading goes on after it unless
// it is fatal.
type rowError struct {
	msg   string
	fatal bool
	col   int // the column from 1, or 0 for the whole row
}

func (e *rowError) Error() string { return e.msg }

// reader holds the state of reading one file.
type reader struct {
	ctx      context.Context
	file     string
	opts     Options
	sink     Sink
	problems problemList
	notices  problemList
	sum      Summary

	t           table
	dec         *decoder // CSV: the text's decoder
	lay         layout
	headerRow   int
	serialDates bool // XLSX: numbers in date and year columns may be day numbers
	date1904    bool

	row       int               // the row being read
	rowProbs  []Problem         // its problems, held until it is known not to be a total or header row
	issueCols []string          // its columns with an issue (table.issues), whose other problems are left out
	reported  map[int]bool      // columns whose stray values were already reported
	dedup     dedup             // figures seen, to find repeats
	texts     map[string]string // free-text cells seen, cleaned: see text
	exCache   exhibitionCache   // the last exhibition cell and what it resolved to
	coCache   countryCache
	metrics   map[string]column // long form: metric cells seen and what they mean (fNone: unknown)
	noticed   map[string]bool   // metric notices given: see metricNotice
	figures   []figureAt        // the current row's figures, reused
	holding   []heldFigure      // the current row's figures that wait for the file's evidence
	nums      numbers           // how the file writes numbers: see numbers.go
	// countedRow is the last row counted in Summary.Rows, so that a row
	// whose figures are sent in two goes (some held back) counts once.
	countedRow int
}

func newReader(ctx context.Context, file string, opts Options, sink Sink) *reader {
	opts.Source = cleanText(opts.Source)
	return &reader{
		ctx:      ctx,
		file:     file,
		opts:     opts,
		sink:     sink,
		problems: problemList{file: file},
		notices:  problemList{file: file},
		reported: map[int]bool{},
		dedup:    newDedup(),
		texts:    map[string]string{},
		metrics:  map[string]column{},
		noticed:  map[string]bool{},
	}
}

// finish returns the summary, and the problems if there are any.
func (r *reader) finish() (Summary, error) {
	r.sum.Skipped = r.notices.list
	r.sum.SkippedCount = r.notices.total
	r.sum.ProblemCount = r.problems.total
	if r.problems.total > 0 {
		return r.sum, r.problems.problems()
	}
	return r.sum, nil
}

// problem records a problem of the current row, unless its column has an
// issue already (see addIssues).
func (r *reader) problem(column, format string, args ...any) {
	if len(r.issueCols) > 0 && slices.Contains(r.issueCols, column) {
		return
	}
	msg := "" // once the list is full, problems are only counted
	if !r.problems.full() {
		msg = fmt.Sprintf(format, args...)
	}
	r.rowProbs = append(r.rowProbs, Problem{File: r.problems.file, Row: r.row, Column: column, Msg: msg})
}

// readTable finds the header, then reads every row after it.
func (r *reader) readTable(t table) error {
	r.t = t
	pending, err := r.findHeader()
	if err != nil || r.headerRow == 0 {
		return err
	}
	if pending != nil {
		if err := r.readRow(pending.cells, pending.row); err != nil {
			return err
		}
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := r.ctx.Err(); err != nil {
				return fmt.Errorf("read %s: %w", printable(r.file), err)
			}
		}
		cells, row, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if stop, err := r.unreadable(err, row); stop {
				return err
			}
			continue
		}
		if err := r.readRow(cells, row); err != nil {
			return err
		}
	}
	if err := r.endNumbers(); err != nil {
		return err
	}
	r.endClaims()
	if r.lay.trade != nil {
		if err := r.endTrade(); err != nil {
			return err
		}
	}
	if r.sum.Records == 0 && r.problems.total == 0 {
		r.problems.add(0, "", "no data: the file has a header (row %d) but no rows of data under it", r.headerRow)
	}
	return nil
}

// unreadable handles an error from table.next: a row that cannot be read
// is a problem, after which reading goes on unless it is fatal; any other
// error stops reading and is returned.
func (r *reader) unreadable(err error, row int) (stop bool, _ error) {
	var re *rowError
	if !errors.As(err, &re) {
		return true, fmt.Errorf("read %s: %w", printable(r.file), err)
	}
	column := ""
	if re.col > 0 {
		column = r.lay.name(re.col-1, r.t)
	}
	r.problems.add(row, column, "%s", re.msg)
	return re.fatal, nil
}

type bufferedRow struct {
	cells []string
	row   int
}

// findHeader looks for the header in the first rows, skipping title rows
// and blank rows above it, and builds the layout from it. It returns the
// first data row when it had to read it to see whether the header goes on
// in a second row. headerRow stays 0 when there is no usable header.
func (r *reader) findHeader() (*bufferedRow, error) {
	seen := 0
	for seen < headerSearchRows {
		cells, row, err := r.t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if stop, err := r.unreadable(err, row); stop {
				return nil, err
			}
			continue
		}
		r.tableIssues(row)
		if isEmptyRow(cells) {
			continue
		}
		seen++
		if headerScore(cells) < minHeaderScore {
			continue
		}
		header := slices.Clone(cells)
		headerRow := row
		// The next row may continue the header (merged cells).
		var pending *bufferedRow
		next, nextRow, err := r.t.next()
		switch {
		case err == nil && isSubHeader(next):
			r.tableIssues(nextRow)
			header = mergeHeader(header, next)
		case err == nil && isUnitsRow(next):
			r.tableIssues(nextRow)
			// A row of units: each joins its column's header, where a
			// multiplier ("тыс. чел.") then applies to the column.
			for i, u := range next {
				if i < len(header) && strings.TrimSpace(u) != "" {
					header[i] += ", " + u
				}
			}
		case err == nil:
			pending = &bufferedRow{cells: slices.Clone(next), row: nextRow}
		case err != io.EOF:
			// The message names the column as the header does.
			r.lay.names = make([]string, len(header))
			for i, h := range header {
				if r.lay.names[i] = columnLabel(cleanCell(h)); r.lay.names[i] == "" {
					r.lay.names[i] = r.t.columnName(i)
				}
			}
			if stop, err := r.unreadable(err, nextRow); stop {
				return nil, err
			}
		}
		newLay := newLayout
		if tradeWords(header) > 0 && lookupExhibitionColumn(header) < 0 {
			newLay = newTradeLayout
		}
		lay, ok := newLay(header, r.t, func(column, format string, args ...any) {
			r.problems.add(headerRow, column, format, args...)
		})
		if !r.tradeOptions(&lay, headerRow) {
			ok = false
		}
		if !ok {
			return nil, nil
		}
		comtrade := lay.trade != nil && lay.trade.format != tradeSheet
		if r.opts.Source == "" && lay.col[fSource] < 0 && !comtrade {
			r.problems.add(headerRow, "", "no source: add a source column or use --source")
			return nil, nil
		}
		r.lay, r.headerRow, r.sum.Kind = lay, headerRow, lay.kind
		r.nums.chineseHeader = r.nums.chineseHeader || lay.chinese
		r.row = headerRow
		for _, m := range lay.metrics {
			if m.col.note != noteNone {
				r.metricNotice(lay.names[m.index], lay.names[m.index], m.col)
			}
		}
		return pending, nil
	}
	if seen == 0 && r.problems.total == 0 {
		r.problems.add(0, "", "empty file: no rows")
	} else if r.problems.total == 0 {
		r.problems.add(0, "", "no header row in the first %d rows; expected a row naming the columns, such as: year, exhibition, country, companies (or metric, value)%s", headerSearchRows, r.encodingHint())
	}
	return nil, nil
}

// readRow validates one data row and sends its records.
func (r *reader) readRow(cells []string, row int) error {
	issues := r.t.issues()
	rowIssues := 0
	for _, is := range issues {
		if is.sticky {
			r.problems.add(row, r.issueColumn(is.col), "%s", is.msg)
		} else {
			rowIssues++
		}
	}
	r.row = row
	r.rowProbs = r.rowProbs[:0]
	r.issueCols = r.issueCols[:0]
	filled := filledCells(cells)
	if filled < 2 && rowIssues > 0 && !r.isTotalRow(cells) {
		// A hidden footnote, a row of formulas without values: the
		// issues say what to do, a check of every field would not.
		r.addIssues(issues)
		r.flushProblems()
		return nil
	}
	switch filled {
	case 0:
		return nil
	case 1:
		// No record can come from one cell (it takes at least an
		// exhibition and a value or title), and tables end with
		// footnotes: "* по данным организаторов".
		if r.isTotalRow(cells) {
			r.notices.add(row, "", totalNotice)
		} else {
			r.notices.add(row, "", "only one cell has text (a footnote or a heading?); skipped")
		}
		return nil
	}
	r.addIssues(issues)
	if r.t.suspect() && !r.checkUTF8(cells) {
		r.flushProblems()
		return nil
	}
	var err error
	switch r.lay.kind {
	case Figures:
		err = r.figureRow(cells)
	case Milestones:
		err = r.milestoneRow(cells)
	case Trade:
		err = r.tradeRow(cells)
	}
	return err
}

// tableIssues reports the issues of a row read before the header, or of
// the header itself, where columns have no names yet.
func (r *reader) tableIssues(row int) {
	for _, is := range r.t.issues() {
		col := ""
		if is.col >= 0 {
			col = r.t.columnName(is.col)
		}
		r.problems.add(row, col, "%s", is.msg)
	}
}

// addIssues records the current row's issues that are not sticky. Other
// problems in their columns are not reported: a formula without a value
// or an error value is the one thing to fix there, not "exhibition is
// empty" or "not a number".
func (r *reader) addIssues(issues []cellIssue) {
	for _, is := range issues {
		if !is.sticky {
			col := r.issueColumn(is.col)
			r.problem(col, "%s", is.msg)
			if col != "" {
				r.issueCols = append(r.issueCols, col)
			}
		}
	}
}

// issueColumn names the column of a cellIssue in a data row.
func (r *reader) issueColumn(i int) string {
	if i < 0 {
		return ""
	}
	return r.lay.name(i, r.t)
}

// emptyCell reports that the cell of field f is empty. When the cell is
// covered by merged cells, which hold their value in the first cell only,
// the message says so: a table laid out for reading ("ИННОПРОМ" once,
// merged down five rows) looks filled but is not.
func (r *reader) emptyCell(f field, msg string) {
	if !r.problems.full() {
		if rng, first := r.t.merged(r.lay.col[f]); rng != "" {
			msg += fmt.Sprintf(": %s are merged cells, and only %s holds the value; unmerge them and fill every row", rng, first)
		}
	}
	r.problem(r.lay.fieldName(f), "%s", msg)
}

// settle ends the validation of a row and reports whether it is good. A
// row with problems may be a total row or a repeated header, which are
// skipped with a notice; otherwise its problems become the file's. A total
// row can also pass every check when its label sits in an ignored column
// ("№"), so that case is looked for too.
func (r *reader) settle(cells []string) bool {
	if len(r.rowProbs) > 0 || r.lay.labelInIgnored(cells) {
		switch {
		case r.isTotalRow(cells):
			r.notices.add(r.row, "", totalNotice)
			r.rowProbs = r.rowProbs[:0]
			return false
		case headerScore(cells) >= minHeaderScore:
			r.notices.add(r.row, "", "a repeated header row, skipped")
			r.rowProbs = r.rowProbs[:0]
			return false
		}
	}
	r.checkStrays(cells)
	if len(r.rowProbs) > 0 {
		r.flushProblems()
		return false
	}
	return true
}

// flushProblems moves the current row's problems to the file's.
func (r *reader) flushProblems() {
	for _, p := range r.rowProbs {
		if r.problems.full() {
			r.problems.total++
			continue
		}
		r.problems.add(p.Row, p.Column, "%s", p.Msg)
	}
	r.rowProbs = r.rowProbs[:0]
}

// checkStrays reports values in columns nobody knows, once per column:
// better a problem than data silently dropped.
func (r *reader) checkStrays(cells []string) {
	for _, i := range r.lay.unknown {
		if i < len(cells) && !r.reported[i] && cleanCell(cells[i]) != "" {
			r.reported[i] = true
			hint := ""
			if r.lay.kind == Figures {
				if sug := metricNames.Suggest(r.lay.names[i]); len(sug) > 0 {
					hint = "; if it is a metric, did you mean " + orList(sug) + "?"
				}
			}
			r.problem(r.lay.names[i], "unknown column %s has values; rename it to a known column or delete it%s", quote(r.lay.names[i]), hint)
		}
	}
	for i := len(r.lay.names); i < len(cells); i++ {
		if !r.reported[i] && cleanCell(cells[i]) != "" {
			r.reported[i] = true
			r.problem(r.t.columnName(i), "a value in a column without a header; name the column or delete the value")
		}
	}
}

const totalNotice = "a total row, skipped: totals are computed, not imported"

// totalWords start the cell that labels a total row.
var totalWords = []string{"итого", "всего", "total", "totals", "grand total", "sum", "сумма", "合计", "总计", "共计", "小计"}

// isTotalRow reports whether a row is a total: its year, country or
// exhibition cell, or its first cell, says "Итого", "Всего", "Total" or
// "合计".
func (r *reader) isTotalRow(cells []string) bool {
	candidates := []int{r.lay.col[fYear], r.lay.col[fCountry], r.lay.col[fExhibition], r.lay.col[fDate]}
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			candidates = append(candidates, i)
			break
		}
	}
	for _, i := range candidates {
		if i < 0 || i >= len(cells) {
			continue
		}
		k := reference.Fold(cells[i])
		for _, w := range totalWords {
			if k == w || strings.HasPrefix(k, w+" ") {
				return true
			}
		}
	}
	return false
}

// checkUTF8 reports a cell that is not valid UTF-8: a file decided to be
// UTF-8 from its start that has another encoding further on.
func (r *reader) checkUTF8(cells []string) bool {
	for i, c := range cells {
		if !utf8.ValidString(c) {
			r.problem(r.lay.name(i, r.t), "not valid UTF-8 (%s): the file began as UTF-8 but this text is in another encoding; save the whole file in one encoding", quote(c))
			return false
		}
	}
	return true
}

// filledCells counts the cells with text, up to two.
func filledCells(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			if n++; n == 2 {
				break
			}
		}
	}
	return n
}

func isEmptyRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
