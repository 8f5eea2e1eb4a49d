package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"tradedash"
)

// limits are the largest plausible values of each metric: a figure above
// its limit is a slip of the unit ("тыс." twice) or of the separators.
var limits = map[string]float64{
	"exhibitors":                    1_000_000,
	"main_exhibitors":               1_000_000,
	"co_exhibitors":                 1_000_000,
	"represented_companies":         1_000_000,
	"foreign_exhibitors":            1_000_000,
	"participants_reported":         1_000_000,
	"foreign_participants_reported": 1_000_000,
	"exhibitor_countries":           300, // there are 249 ISO countries
	"visitor_countries":             300,
	"countries_reported":            300,
	// 10 km²; the largest exhibition centres have about 1.5 million m².
	"net_space_m2":             10_000_000,
	"gross_space_m2":           10_000_000,
	"rented_space_domestic_m2": 10_000_000,
	"rented_space_foreign_m2":  10_000_000,
	"special_show_space_m2":    10_000_000,
	"space_reported_m2":        10_000_000,
	"visitors":                 100_000_000,
	"trade_visitors":           100_000_000,
	"foreign_visitors":         100_000_000,
	"visits":                   1_000_000_000, // a visitor a day, for weeks
	"delegations":              100_000,
	"agreements":               1_000_000,
}

// figureAt is a figure of the current row with where its value came from.
type figureAt struct {
	tradedash.Figure
	metric int    // index into tradedash.Metrics
	column string // the value's column, for messages
	repeat int    // the row this figure repeats exactly, or 0
}

// figureRow validates a row of figures and sends them.
func (r *reader) figureRow(cells []string) error {
	ex, exYear, _ := r.exhibition(cells)
	year := r.year(cells, exYear)
	country, _ := r.country(cells, false)
	status := tradedash.Actual
	if s := r.cell(cells, fStatus); s != "" {
		st, err := ParseStatus(s)
		if err != nil {
			r.problem(r.lay.fieldName(fStatus), "%s", err)
		}
		status = st
	}
	colQ := tradedash.Exact
	if s := r.cell(cells, fQualifier); s != "" {
		q, err := parseQualifier(s)
		if err != nil {
			r.problem(r.lay.fieldName(fQualifier), "%s", err)
		}
		colQ = q
	}
	source := r.source(cells)
	note := r.text(cells, fNote, maxNote)
	basis, certificate, preferred := r.claim(cells)

	r.figures, r.holding = r.figures[:0], r.holding[:0]
	marked := false // a cell said "no figure"
	add := func(index, metric int, column string, scale float64, s string) {
		if isNoFigure(s) {
			r.nums.noFigures.see(r.row, column, s)
			marked = true
			return
		}
		if r.t.date(index) {
			r.problem(column, "a date cell is not a figure: type the value")
			return
		}
		stored := r.t.number(index)
		v, q, p, st := r.value(s, stored, metric, column, scale, colQ)
		if st == valueBad {
			return
		}
		f := figureAt{
			Figure: tradedash.Figure{Exhibition: ex, Country: country, Metric: tradedash.Metrics[metric].Code,
				Year: year, Value: v, Qualifier: q, Status: status, Basis: basis, Certificate: certificate,
				Preferred: preferred, Source: source, Note: note, FileRow: r.row},
			metric: metric,
			column: column,
		}
		if st == valueHeld {
			r.holding = append(r.holding, heldFigure{figureAt: f, row: r.row, text: strings.Clone(s), p: p, scale: scale, colQ: colQ})
			return
		}
		r.figures = append(r.figures, f)
	}
	if r.lay.wide() {
		for _, m := range r.lay.metrics {
			if m.index < len(cells) {
				if s := cleanCell(cells[m.index]); s != "" {
					add(m.index, m.metric, r.lay.names[m.index], r.lay.scale[m.index], s)
				}
			}
		}
	} else {
		metricCol, valueCol := r.lay.fieldName(fMetric), r.lay.fieldName(fValue)
		ms, vs := r.cell(cells, fMetric), r.cell(cells, fValue)
		m, ok := r.metric(ms)
		switch {
		case ms == "":
			r.emptyCell(fMetric, "metric is empty")
		case !ok:
			r.problem(metricCol, "%s", unknownMetric(ms))
		case vs == "":
			r.emptyCell(fValue, "value is empty")
		default:
			if m.note != noteNone {
				r.metricNotice(metricCol, ms, m)
			}
			add(r.lay.col[fValue], m.metric, valueCol, r.lay.scale[r.lay.col[fValue]], vs)
		}
	}

	if !r.settle(cells) {
		return nil
	}
	if len(r.figures) == 0 && len(r.holding) == 0 {
		if !marked { // a row of dashes is told in one notice for the file
			r.notices.add(r.row, "", "no figures in this row: every metric cell is empty")
		}
		return nil
	}
	return r.sendFigures()
}

// metric resolves a long-form metric cell. Files name a few metrics a
// million times, so resolved names are remembered (field fNone: unknown).
func (r *reader) metric(s string) (column, bool) {
	if m, ok := r.metrics[s]; ok {
		return m, m.field == fMetricColumn
	}
	m, ok := lookupMetric(s)
	if len(r.metrics) < 256 {
		r.metrics[strings.Clone(s)] = m
	}
	return m, ok
}

// year returns the row's year: from the year column, or from the exhibition
// cell ("ИННОПРОМ-2023") when the file has no year column or the cell is
// empty. When both give one they must agree.
func (r *reader) year(cells []string, exYear int) int {
	s := r.cell(cells, fYear)
	if s == "" {
		if exYear != 0 {
			return exYear
		}
		if r.lay.col[fYear] >= 0 {
			r.emptyCell(fYear, "year is empty")
		} else {
			r.problem(r.lay.fieldName(fExhibition), "no year: add a year column, or write the year after the exhibition (ИННОПРОМ-2023)")
		}
		return 0
	}
	y, err := ParseYear(s)
	if err != nil && r.t.date(r.lay.col[fYear]) {
		// A date cell (t="d"), given as its date.
		if t, _, derr := ParseDate(s); derr == nil {
			y, err = t.Year(), nil
		}
	}
	if err != nil && r.serialDates {
		// A date cell shown as a year ("yyyy" format) holds a day number.
		if t, ok := excelSerial(s, r.date1904); ok {
			y, err = t.Year(), nil
		}
	}
	if err != nil {
		r.problem(r.lay.fieldName(fYear), "%s", err)
		return 0
	}
	if exYear != 0 && exYear != y {
		r.problem(r.lay.fieldName(fExhibition), "the exhibition cell says %d but the year column says %d", exYear, y)
	}
	return y
}

// valueState is what became of a value cell.
type valueState int

const (
	valueBad  valueState = iota // a problem was reported
	valueOK                     // read and checked
	valueHeld                   // ambiguous until the file's evidence decides: see numbers.go
)

// value parses and checks one value of a metric. stored says the cell is a
// spreadsheet's number cell (table.number). scale is the multiplier the
// column's header gives ("Посетители, тыс. чел."); a value with its own
// ("47 тыс.") is not multiplied again. An ambiguous number ("10.000") is
// read by the rules in numbers.go, or held back for them.
func (r *reader) value(s string, stored bool, metric int, column string, scale float64, colQ tradedash.Qualifier) (float64, tradedash.Qualifier, parsed, valueState) {
	var p parsed
	var err error
	if stored {
		p, err = parseStored(s)
	} else {
		p, err = parseValue(s)
	}
	if err != nil {
		r.problem(column, "%s", err)
		return 0, "", parsed{}, valueBad
	}
	v := p.value
	if p.mark == 0 {
		r.nums.seen(p.shows, r.row, column, s)
		if p.scaledMark != 0 {
			r.nums.scaledRead(&p, r.row, column, s)
		}
	} else {
		r.nums.chineseWriting(r.dec)
		w, _, by := r.nums.evidence()
		switch {
		case tradedash.Metrics[metric].Integer && scale == 1:
			r.nums.countRead(&p, r.row, column, s)
		case w != writesNothing:
			v = p.reading(w)
			r.nums.decide(w, by, &p, r.row, column, s)
		case len(r.nums.held)+len(r.holding) >= maxHeld:
			r.problem(column, "%s, and none of the values before it shows which (more than %d such values wait); %s",
				ambiguity(s, &p), maxHeld, unambiguous(&p))
			return 0, "", parsed{}, valueBad
		default:
			return 0, "", p, valueHeld
		}
	}
	v, q, ok := r.checkValue(s, p, v, metric, column, scale, colQ)
	if !ok {
		return 0, "", parsed{}, valueBad
	}
	return v, q, p, valueOK
}

// checkValue scales a value read as v from s and checks it against its
// metric and the qualifier column, reporting what is wrong.
func (r *reader) checkValue(s string, p parsed, v float64, metric int, column string, scale float64, colQ tradedash.Qualifier) (float64, tradedash.Qualifier, bool) {
	q, u := p.q, p.unit
	if scale != 1 && !p.scaled {
		// Rounded so that 1,1 thousand is 1100, not 1100.0000000000002.
		v = math.Round(v*scale*1e6) / 1e6
	}
	m := tradedash.Metrics[metric]
	ok := true
	if colQ != tradedash.Exact {
		if q != tradedash.Exact && q != colQ {
			r.problem(column, "the value says %s but the qualifier column says %s", q, colQ)
			ok = false
		}
		q = colQ
	}
	switch {
	case u == unitArea && m.Unit != "m2":
		r.problem(column, "%s is an area, but this is the %s column", quote(s), m.Code)
		ok = false
	case u == unitCount && m.Unit == "m2":
		r.problem(column, "%s is a count, but this is the %s column", quote(s), m.Code)
		ok = false
	case m.Integer && v != math.Trunc(v):
		r.problem(column, "%s must be a whole number, not %s", m.Code, formatValue(v, tradedash.Exact))
		ok = false
	case v > limits[m.Code]:
		r.problem(column, "%s is implausible for %s (the limit is %s); check the unit and the thousands separators",
			formatValue(v, tradedash.Exact), m.Code, formatValue(limits[m.Code], tradedash.Exact))
		ok = false
	}
	return v, q, ok
}

// sendFigures checks the row's figures against those seen before, then
// sends the new ones. A figure given twice with the same value is sent
// once; with a different value, qualifier or status it is a problem.
func (r *reader) sendFigures() error {
	for i := range r.figures {
		f := &r.figures[i]
		seen, ok, preferredRow := r.dedup.lookup(&f.Figure, f.metric)
		if f.Preferred && preferredRow != 0 && (!ok || int(seen.row) != preferredRow) {
			r.problem(r.lay.fieldName(fPreferred), "two claims of one figure (%s) are both preferred: row %d and row %d; mark one of them",
				describe(&f.Figure), preferredRow, r.row)
		}
		if !ok {
			continue // a new figure, or another claim of one: another source or status
		}
		switch {
		case seen.value != f.Value || seen.qualifier() != f.Qualifier:
			r.problem(f.column, "the same figure and source as row %d (%s) with a different value: %s here, %s there",
				seen.row, describe(&f.Figure), formatValue(f.Value, f.Qualifier), formatValue(seen.value, seen.qualifier()))
		case seen.basis() != f.Basis || seen.preferred != f.Preferred || r.dedup.certificate(seen) != f.Certificate:
			r.problem(f.column, "the same figure and source as row %d (%s) with a different basis, certificate or preferred mark",
				seen.row, describe(&f.Figure))
		default:
			f.repeat = int(seen.row)
		}
	}
	if len(r.rowProbs) > 0 {
		r.flushProblems()
		r.holding = r.holding[:0]
		return nil
	}
	held := len(r.nums.held)
	r.nums.held = append(r.nums.held, r.holding...)
	r.holding = r.holding[:0]
	sent := false
	for i := range r.figures {
		f := &r.figures[i]
		if f.repeat != 0 {
			// A file pasted twice repeats every row: count them without
			// formatting messages nobody will see.
			if r.notices.full() {
				r.notices.total++
			} else {
				r.notices.add(r.row, f.column, "repeats row %d (%s); kept once", f.repeat, describe(&f.Figure))
			}
			continue
		}
		r.dedup.add(&f.Figure, f.metric, r.row)
		r.sum.Records++
		sent = true
		if r.problems.total == 0 {
			if err := r.sink.Figure(r.ctx, f.Figure, r.row); err != nil {
				return fmt.Errorf("%s:%d: %w", printable(r.file), r.row, err)
			}
		}
	}
	if sent && r.countedRow != r.row {
		r.sum.Rows++
		r.countedRow = r.row
	}
	for i := held; i < len(r.nums.held); i++ {
		r.nums.held[i].counted = sent
	}
	return nil
}

// describe names a figure in a message: "exhibitors, CN, innoprom, 2023".
func describe(f *tradedash.Figure) string {
	return fmt.Sprintf("%s, %s, %s, %d", f.Metric, f.Country, f.Exhibition, f.Year)
}

// metricNotice tells, once per file for each column and kind of name,
// how a metric's name in a file was read: an old code, a count of
// participants that may not be exhibitors, attendance that is visits.
func (r *reader) metricNotice(col, written string, m column) {
	key := col + "\x00" + tradedash.Metrics[m.metric].Code + "\x00" + m.old
	if r.noticed[key] {
		return
	}
	r.noticed[key] = true
	r.notices.add(r.row, col, "%s", metricNote(written, m))
}

// metricNote is the text of a metricNotice.
func metricNote(written string, m column) string {
	code := tradedash.Metrics[m.metric].Code
	var b strings.Builder
	switch m.note {
	case noteReplaced:
		fmt.Fprintf(&b, "%s is a metric code of tradedash before the metric catalogue; read as %s (old codes keep importing; write %s in new files)", quote(m.old), code, code)
	case noteParticipants:
		fmt.Fprintf(&b, "%s does not say it counts exhibitors (such counts mix exhibitors, represented companies, associations and regions); read as %s, the count as the source reports it", quote(written), code)
	case noteAttendance:
		fmt.Fprintf(&b, "%s counts visits (entries: one person on three days makes three); read as visits. tradedash before the metric catalogue read it as visitors: if it counts people, head it \"посетители\", \"visitors\" or \"观众\"", quote(written))
		return b.String()
	}
	switch code {
	case "participants_reported":
		b.WriteString(`; if it counts exhibitors (ISO 25639: main exhibitors and co-exhibitors, present with their own staff), head it "экспоненты", "exhibitors" or "参展商"`)
	case "foreign_participants_reported":
		b.WriteString(`; if it counts foreign exhibitors (ISO 25639: a contract address abroad), head it "иностранные экспоненты", "foreign exhibitors" or "境外参展商"`)
	case "space_reported_m2":
		b.WriteString(`; if the source says net or gross space, head it "площадь нетто"/"net space"/"净面积" or "площадь брутто"/"gross space"/"毛面积"`)
	case "countries_reported":
		b.WriteString(`; if it counts the exhibitors' countries, head it "страны-экспоненты", "exhibitor countries" or "参展国家数量"`)
	}
	return b.String()
}

// formatValue writes a value with its qualifier as a message shows it:
// "over 400", "3800.5".
func formatValue(v float64, q tradedash.Qualifier) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if q == tradedash.Exact || q == "" {
		return s
	}
	return string(q) + " " + s
}

// endClaims tells which claim of a figure will be shown where only the
// order of the file's rows decides it: two sources with the same status
// and basis, and no preferred mark. The rule is stated (tradedash.ClaimBefore),
// but the reader should know that the row order chose.
func (r *reader) endClaims() {
	t, n := r.dedup.unresolvedTies()
	if n == 0 {
		return
	}
	r.notices.add(int(t.row), "", "rows %d and %d are claims of one figure (%s) from different sources with the same status and basis: row %d is shown, being the earlier, and both are kept; a preferred column (yes/no) says which to show; %d %s so, the first here",
		t.first, t.row, t.what, t.first, n, plural(n, "figure", "figures"))
}
