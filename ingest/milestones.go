package ingest

import (
	"fmt"
	"time"

	"tradedash"
)

// milestoneRow validates a row of a milestones file and sends it.
func (r *reader) milestoneRow(cells []string) error {
	ex, exYear, _ := r.exhibition(cells)
	date, precision := r.date(cells, exYear)
	// A milestone is often about a whole exhibition ("INNOPROM-2020
	// postponed"), so an empty country is ALL here, unlike for figures.
	country, _ := r.country(cells, true)
	titleRU := r.text(cells, fTitleRU, maxTitle)
	titleEN := r.text(cells, fTitleEN, maxTitle)
	titleZH := r.text(cells, fTitleZH, maxTitle)
	if titleZH != "" && !hasHan(titleZH) {
		// A page that showed the English or Russian title where no
		// Chinese one exists, copied back, must not make it the Chinese
		// title: the pages would then show it as Chinese.
		r.problem(r.lay.fieldName(fTitleZH), "title_zh %s has no Chinese characters; put it in title_en or title_ru, and leave title_zh empty where no Chinese title is known", quote(titleZH))
		titleZH = ""
	}
	if titleRU == "" && titleEN == "" && titleZH == "" && r.cell(cells, fTitleRU) == "" && r.cell(cells, fTitleEN) == "" && r.cell(cells, fTitleZH) == "" {
		col := r.lay.fieldName(fTitleRU)
		switch {
		case r.lay.col[fTitleRU] >= 0:
		case r.lay.col[fTitleEN] >= 0:
			col = r.lay.fieldName(fTitleEN)
		default:
			col = r.lay.fieldName(fTitleZH)
		}
		r.problem(col, "no title: fill in title_ru, title_en or title_zh")
	}
	source := r.source(cells)
	note := r.text(cells, fNote, maxNote)
	if !r.settle(cells) {
		return nil
	}
	r.sum.Records++
	r.sum.Rows++
	if r.problems.total > 0 {
		return nil
	}
	m := tradedash.Milestone{Date: date, Precision: precision, Exhibition: ex, Country: country, TitleZH: titleZH,
		TitleRU: titleRU, TitleEN: titleEN, Source: source, Note: note}
	if err := r.sink.Milestone(r.ctx, m, r.row); err != nil {
		return fmt.Errorf("%s:%d: %w", printable(r.file), r.row, err)
	}
	return nil
}

// date returns a milestone's date: from the date column, or the year in the
// exhibition cell ("ИННОПРОМ-2015") when the date is empty.
func (r *reader) date(cells []string, exYear int) (time.Time, tradedash.DatePrecision) {
	s := r.cell(cells, fDate)
	if s == "" {
		if exYear != 0 {
			return time.Date(exYear, 1, 1, 0, 0, 0, 0, time.UTC), tradedash.PrecisionYear
		}
		r.emptyCell(fDate, "date is empty")
		return time.Time{}, ""
	}
	t, p, err := ParseDate(s)
	if err != nil && r.serialDates {
		if d, ok := excelSerial(s, r.date1904); ok {
			t, p, err = d, tradedash.PrecisionDay, nil
		}
	}
	if err != nil {
		r.problem(r.lay.fieldName(fDate), "%s", err)
		return time.Time{}, ""
	}
	if exYear != 0 && exYear != t.Year() {
		r.problem(r.lay.fieldName(fExhibition), "the exhibition cell says %d but the date is in %d", exYear, t.Year())
	}
	return t, p
}
