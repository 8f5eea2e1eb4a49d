package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"tradedash"
)

// How Read decides a number it cannot read on its own.
//
// "10.000" and "2,500" are ten thousand in Russian and German writing (dot
// groups thousands, comma is the decimal mark) and ten in English writing,
// or the other way round for the comma. ParseValue alone refuses them;
// Read never guesses silently, and decides in this order:
//
//  1. A number cell of an XLSX sheet is stored exactly: nothing to decide.
//  2. A count (companies, visitors, ...) in a column without a multiplier
//     is a whole number, and nobody writes ten companies as "10.000": the
//     mark separates thousands. This needs nothing else from the file.
//  3. Otherwise (an area; a count in a "тыс. чел." column, where 10.125 is
//     a whole 10125) the file's own writing decides. A value cell written
//     "12.5", "1,234.5" or "1,234,567" shows that its file writes the dot
//     as the decimal mark; "10,5", "1 234,5", "1.234,5" or "1.234.567" that
//     it writes the comma. Every value cell of the sheet counts, whichever
//     column or row it is in. Where no cell shows it, the counts read by
//     rule 2 do: a file that writes 43,000 visitors writes 3,000 m² the
//     same way. A cell that shows the writing outweighs any count. Where
//     neither shows it, a file in a Chinese code page (GBK, GB18030), or
//     whose header is written in Chinese (年份, 展会, 国家, ...), writes
//     numbers the Chinese way, with the dot as the decimal mark and the
//     comma grouping thousands ("10,000" m²), as China's offices and its
//     customs portal do.
//  4. With no such cell, or with both writings shown by the strongest
//     evidence, the value is a problem that says how to write it.
//
// The cell that shows the writing may come after the ambiguous one, in a
// file that is streamed. A figure the writing seen so far decides is sent at
// once; one it cannot decide yet is held back (at most maxHeld of them,
// about 200 bytes each) and decided when the table ends, with the whole
// table's evidence. Only held figures wait: the Sink still receives every
// other figure as it is read. A figure decided early by evidence that the
// rest of the file contradicts is a problem at the end; that is allowed,
// because a caller that gets Problems discards what the Sink received.
//
// Every rule applied is said once per sheet in a notice (Summary.Skipped)
// with how many values it read and where the first one is.
//
// The evidence is per sheet: a table, which is the whole of a CSV file and
// one sheet of a workbook. A continuation sheet ("Data (2)") is judged by
// its own cells and counts alone, as a sheet may have been pasted from
// elsewhere; only the code page and a Chinese header (byScript) are the
// file's: the sheets read are the data sheet and its continuations, which
// share its header. Where "file" is said above of a workbook, read "sheet".

// maxHeld bounds the figures held back for the file's evidence. A file with
// more undecided values before any cell shows its writing gets a problem
// for each value past the bound.
const maxHeld = 10_000

// sighting is the first cell of a file that showed something, and how many
// did.
type sighting struct {
	row          int
	column, text string
	value        float64 // what the first cell was read as, where that is told
	evidence     string  // what it was read by, where that is told
	n            int
	// desc, when set, is what showed the writing instead of a cell: the
	// file's code page.
	desc string
}

// see counts a cell, and reports whether it is now the first: the one
// with the lowest row, which is not always the first seen, since held
// values are decided at the end.
func (s *sighting) see(row int, column, text string) bool {
	s.n++
	if s.n > 1 && row >= s.row {
		return false
	}
	s.row, s.column, s.text = row, column, strings.Clone(text)
	return true
}

// where locates a sighting in a message: `row 7, area_m2: "1.234.567"`.
func (s *sighting) where() string {
	if s.desc != "" {
		return s.desc
	}
	return fmt.Sprintf("row %d, %s: %s", s.row, s.column, quote(s.text))
}

// numbers is what a reader learns about how its file writes numbers, and
// the figures it holds back until it knows.
type numbers struct {
	direct    [3]sighting // by writing: the cells whose text showed it
	byCount   [3]sighting // by writing: the counts read by rule 2 that showed it
	byScript  [3]sighting // by writing: the file's code page, where it shows one
	counts    sighting    // ambiguous counts read as thousands
	decided   [3]sighting // by writing: ambiguous values it decided
	noFigures sighting    // cells saying "no figure": "-", "н/д", "x"
	// scaled are values whose multiplier decided a mark followed by three
	// digits: by the English rule ("1,250 thousand"), the Chinese one
	// ("1,250万") and the Russian one ("1,250 тыс.").
	scaledEnglish, scaledChinese, scaledRussian sighting
	// chineseHeader says the table's header is written in Chinese, which
	// shows its writing like a Chinese code page does (rule 3).
	chineseHeader bool
	held          []heldFigure
}

// heldFigure is a figure whose value waits for the file's evidence.
type heldFigure struct {
	figureAt
	row     int
	text    string              // the value cell as written
	p       parsed              // its readings
	scale   float64             // the column's multiplier
	colQ    tradedash.Qualifier // the qualifier column's value
	counted bool                // whether the row already counts in Summary.Rows
}

// seen records what a value cell's text shows about its file's writing.
func (ns *numbers) seen(w writing, row int, column, text string) {
	if w != writesNothing {
		ns.direct[w].see(row, column, text)
	}
}

// countRead records an ambiguous count read as thousands (rule 2), which
// shows the writing in which its mark separates thousands.
func (ns *numbers) countRead(p *parsed, row int, column, text string) {
	if ns.counts.see(row, column, text) {
		ns.counts.value = p.value
	}
	w := writesDotDecimal // "43,000": the comma groups thousands
	if p.mark == '.' {
		w = writesCommaDecimal
	}
	ns.byCount[w].see(row, column, text)
}

// scaledRead records a value whose multiplier decided its mark.
func (ns *numbers) scaledRead(p *parsed, row int, column, text string) {
	s := &ns.scaledRussian
	switch p.mult {
	case multEnglish:
		s = &ns.scaledEnglish
	case multChinese:
		s = &ns.scaledChinese
	}
	if s.see(row, column, text) {
		s.value = p.value
	}
}

// evidence is the file's writing as far as it is known, from the strongest
// evidence there is: cells that show it, else counts. conflict says that
// evidence shows both writings; w is then writesNothing, as it is when
// there is no evidence at all. by is the evidence used.
func (ns *numbers) evidence() (w writing, conflict bool, by *[3]sighting) {
	by = &ns.direct
	if by[writesDotDecimal].n == 0 && by[writesCommaDecimal].n == 0 {
		by = &ns.byCount
	}
	if by[writesDotDecimal].n == 0 && by[writesCommaDecimal].n == 0 {
		by = &ns.byScript
	}
	dot, comma := by[writesDotDecimal].n > 0, by[writesCommaDecimal].n > 0
	switch {
	case dot && comma:
		return writesNothing, true, by
	case dot:
		return writesDotDecimal, false, by
	case comma:
		return writesCommaDecimal, false, by
	}
	return writesNothing, false, by
}

// both describes evidence of both writings: `the dot as the decimal mark
// (row 3, area_m2: "12.5") and the comma (row 7, area_m2: "10,5")`.
func both(by *[3]sighting) string {
	return fmt.Sprintf("the dot as the decimal mark (%s) and the comma (%s)", by[writesDotDecimal].where(), by[writesCommaDecimal].where())
}

// reading returns the value of an ambiguous number in a file that writes w.
func (p *parsed) reading(w writing) float64 {
	if w.decimalMark() == p.mark {
		return p.decimal
	}
	return p.value
}

// markName names a separator in messages.
func markName(mark byte) string {
	if mark == ',' {
		return "comma"
	}
	return "dot"
}

// ambiguity explains an ambiguous value and how to write it so that it is
// not: `"2.500" may be 2500 (the dot separating thousands) or 2.5 (the dot
// as the decimal mark)`.
func ambiguity(text string, p *parsed) string {
	return fmt.Sprintf("%s may be %s (the %s separating thousands) or %s (the %s as the decimal mark)",
		quote(text), formatValue(p.value, tradedash.Exact), markName(p.mark), formatValue(p.decimal, tradedash.Exact), markName(p.mark))
}

// unambiguous suggests how to write both readings so that each can only be
// read one way: "2500" and "2.5"; "123456" and "123.4560".
func unambiguous(p *parsed) string {
	dec := strconv.FormatFloat(p.decimal, 'f', -1, 64)
	if i := strings.IndexByte(dec, '.'); i >= 0 && len(dec)-i-1 == 3 {
		dec += "0" // "123.456" would be as ambiguous as before
	}
	dec = strings.ReplaceAll(dec, ".", string(p.mark))
	return fmt.Sprintf("write it as %s (thousands) or %s (decimal)", formatValue(p.value, tradedash.Exact), dec)
}

// endNumbers decides the held figures with the whole file's evidence, turns
// decisions the evidence contradicts into a problem, and says which number
// rules were applied. It runs when a table ends, before its summary.
func (r *reader) endNumbers() error {
	ns := &r.nums
	r.holding = r.holding[:0] // the last row's, if it had problems: not to be sent
	// The last row's issue columns would hide the held figures' problems
	// in those columns: they belong to that row alone.
	r.issueCols = r.issueCols[:0]
	ns.chineseWriting(r.dec)
	w, conflict, by := ns.evidence()
	for _, early := range []writing{writesDotDecimal, writesCommaDecimal} {
		if d := &ns.decided[early]; d.n > 0 && early != w {
			now := "writes numbers both ways: " + both(by)
			if !conflict {
				now = "writes " + markName(w.decimalMark()) + " as the decimal mark: " + by[w].where()
			}
			r.problems.add(d.row, d.column, "%s was read as %s by the values before it (%s), but the %s as a whole %s; write every number of the %s one way (%d %s affected, the first here)",
				quote(d.text), formatValue(d.value, tradedash.Exact), d.evidence, r.numbersScope(), now, r.numbersScope(), d.n, plural(d.n, "value", "values"))
		}
	}
	held := ns.held
	ns.held = nil
	r.countedRow = 0
	for i := range held {
		h := &held[i]
		if h.counted {
			r.countedRow = h.row
		}
		r.row, r.rowProbs = h.row, r.rowProbs[:0]
		switch {
		case conflict:
			r.problem(h.column, "%s, and this %s writes numbers both ways, %s; %s", ambiguity(h.text, &h.p), r.numbersScope(), both(by), unambiguous(&h.p))
			r.flushProblems()
			continue
		case w == writesNothing:
			r.problem(h.column, "%s, and no other value in this %s shows which; %s", ambiguity(h.text, &h.p), r.numbersScope(), unambiguous(&h.p))
			r.flushProblems()
			continue
		}
		r.nums.decide(w, by, &h.p, h.row, h.column, h.text)
		v, q, ok := r.checkValue(h.text, h.p, h.p.reading(w), h.metric, h.column, h.scale, h.colQ)
		if !ok {
			r.flushProblems()
			continue
		}
		h.Value, h.Qualifier = v, q
		r.figures = append(r.figures[:0], h.figureAt)
		if err := r.sendFigures(); err != nil {
			return err
		}
	}
	r.noteNumbers(w, by)
	r.countedRow = 0 // the next sheet numbers its rows from 1 again
	return nil
}

// numbersScope names what the number rules judge in messages: a sheet of a
// workbook, whose continuation sheets are judged each on its own, or a
// CSV file.
func (r *reader) numbersScope() string {
	if r.sum.Format == "XLSX" {
		return "sheet"
	}
	return "file"
}

// decide records an ambiguous value read by the file's writing w, shown by
// the evidence by.
func (ns *numbers) decide(w writing, by *[3]sighting, p *parsed, row int, column, text string) {
	d := &ns.decided[w]
	if d.see(row, column, text) {
		d.value = p.reading(w)
		d.evidence = by[w].where()
		if by == &ns.byCount {
			d.evidence += ", a count"
		}
	}
}

// noteNumbers adds one notice per number rule the file needed.
func (r *reader) noteNumbers(w writing, by *[3]sighting) {
	ns := &r.nums
	if s := &ns.counts; s.n > 0 {
		r.notices.add(s.row, s.column, "%s read as %s: a count is a whole number, so a dot or comma followed by three digits separates thousands; %d %s read so, the first is here",
			quote(s.text), formatValue(s.value, tradedash.Exact), s.n, plural(s.n, "value", "values"))
	}
	if s := &ns.decided[w]; w != writesNothing && s.n > 0 {
		how := "the dot as the decimal mark and the comma as a thousands separator"
		if w == writesCommaDecimal {
			how = "the comma as the decimal mark and the dot as a thousands separator"
		}
		shown := by[w].where()
		if by == &ns.byCount {
			shown += ", a count"
		}
		r.notices.add(s.row, s.column, "%s read as %s: this %s writes %s (%s); %d %s read so, the first is here",
			quote(s.text), formatValue(s.value, tradedash.Exact), r.numbersScope(), how, shown, s.n, plural(s.n, "value", "values"))
	}
	if s := &ns.scaledEnglish; s.n > 0 {
		r.notices.add(s.row, s.column, "%s read as %s: with an English multiplier (thousand, k, million, mln) the comma groups thousands and the dot is the decimal mark; %d %s read so, the first is here",
			quote(s.text), formatValue(s.value, tradedash.Exact), s.n, plural(s.n, "value", "values"))
	}
	if s := &ns.scaledChinese; s.n > 0 {
		r.notices.add(s.row, s.column, "%s read as %s: with a Chinese multiplier (万, 亿) the comma groups thousands and the dot is the decimal mark; %d %s read so, the first is here",
			quote(s.text), formatValue(s.value, tradedash.Exact), s.n, plural(s.n, "value", "values"))
	}
	if s := &ns.scaledRussian; s.n > 0 {
		r.notices.add(s.row, s.column, "%s read as %s: with a Russian multiplier (тыс., млн) a single dot or comma is the decimal mark; %d %s read so, the first is here",
			quote(s.text), formatValue(s.value, tradedash.Exact), s.n, plural(s.n, "value", "values"))
	}
	if s := &ns.noFigures; s.n > 0 {
		r.notices.add(s.row, s.column, "%d %s read as empty: a dash, \"н/д\", \"n/a\", \"…\" or \"х\" means no figure, not zero; the first is here: %s",
			s.n, plural(s.n, "cell", "cells"), quote(s.text))
	}
	// The rules are per sheet: a continuation sheet is judged by its own
	// cells. The code page (byScript) is the file's.
	ns.direct, ns.byCount, ns.decided = [3]sighting{}, [3]sighting{}, [3]sighting{}
	ns.counts, ns.noFigures = sighting{}, sighting{}
	ns.scaledEnglish, ns.scaledChinese, ns.scaledRussian = sighting{}, sighting{}, sighting{}
}

// chineseWriting records that the file is in a Chinese code page, or that
// its header is written in Chinese, either of which shows its writing
// (rule 3) where no cell and no count does. The code page is known once the
// decoder has seen the first non-ASCII text, which may come after the first
// ambiguous value; that value is then held and decided at the end like any
// other.
func (ns *numbers) chineseWriting(dec *decoder) {
	if ns.byScript[writesDotDecimal].n > 0 {
		return
	}
	switch {
	case dec != nil && (dec.enc == encGBK || dec.enc == encGB18030):
		ns.byScript[writesDotDecimal] = sighting{n: 1, desc: "the file is in the Chinese code page " + dec.encoding() + ", and Chinese writing groups thousands with the comma"}
	case ns.chineseHeader:
		ns.byScript[writesDotDecimal] = sighting{n: 1, desc: "the header is written in Chinese, and Chinese writing groups thousands with the comma"}
	}
}
