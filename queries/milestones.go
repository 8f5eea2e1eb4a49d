package queries

import (
	"context"
	"strings"
	"time"

	"tradedash"
)

// MilestoneFilter narrows a read of milestones. Empty fields match
// everything; a milestone about the whole exhibition (country ALL) matches
// any country.
type MilestoneFilter struct {
	Exhibitions []string
	Countries   []string
	FromYear    int
	ToYear      int
}

func (f MilestoneFilter) where() *where {
	w := &where{}
	w.in("exhibition", f.Exhibitions)
	if len(f.Countries) > 0 {
		w.in("country", append([]string{tradedash.AllCountries}, f.Countries...))
	}
	if f.FromYear > 0 {
		w.cond("toYear(date) >= ?", f.FromYear)
	}
	if f.ToYear > 0 {
		w.cond("toYear(date) <= ?", f.ToYear)
	}
	return w
}

// currentMilestones: the latest visible version of each milestone. A
// milestone's identity is its key (see milestoneKey), computed in Go, so
// this reads every visible row and keeps the newest per key.
const visibleMilestones = `SELECT exhibition, country, date, precision, title_ru, title_en,
		source, note, import_id
	FROM milestones
	WHERE import_id IN (` + visibleImports + `)%s
	ORDER BY date, exhibition, country, import_id`

// Milestones returns the current milestones that match f, ordered by date.
func (db *DB) Milestones(ctx context.Context, f MilestoneFilter) ([]tradedash.Milestone, error) {
	w := f.where()
	rows, err := db.conn.Query(ctx, strings.Replace(visibleMilestones, "%s", w.sql(), 1), w.args...)
	if err != nil {
		return nil, wrap("milestones", err)
	}
	defer rows.Close()
	var out []tradedash.Milestone
	index := map[string]int{}
	for rows.Next() {
		var m tradedash.Milestone
		var precision string
		if err := rows.Scan(&m.Exhibition, &m.Country, &m.Date, &precision, &m.TitleRU, &m.TitleEN,
			&m.Source, &m.Note, &m.ImportID); err != nil {
			return nil, wrap("milestones", err)
		}
		m.Precision = tradedash.DatePrecision(precision)
		m.Date = time.Date(m.Date.Year(), m.Date.Month(), m.Date.Day(), 0, 0, 0, 0, time.UTC)
		key := milestoneKey(m)
		if i, ok := index[key]; ok {
			out[i] = m // rows come in import order: the later import wins
			continue
		}
		index[key] = len(out)
		out = append(out, m)
	}
	return out, wrap("milestones", rows.Err())
}

func (db *DB) currentMilestones(ctx context.Context, exhibitions []string) (map[string]tradedash.Milestone, error) {
	all, err := db.Milestones(ctx, MilestoneFilter{Exhibitions: exhibitions})
	if err != nil {
		return nil, err
	}
	cur := make(map[string]tradedash.Milestone, len(all))
	for _, m := range all {
		cur[milestoneKey(m)] = m
	}
	return cur, nil
}
