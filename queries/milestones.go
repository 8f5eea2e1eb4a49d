package queries

import (
	"context"
	"strings"
	"time"

	"tradedash"
)

// milestoneRow is a milestone an import keeps for its commit, with its row
// in the file.
type milestoneRow struct {
	m   tradedash.Milestone
	row int
}

// AddMilestone keeps one validated milestone for the commit.
func (imp *Import) AddMilestone(m tradedash.Milestone, row int) {
	imp.milestones = append(imp.milestones, milestoneRow{m: m, row: row})
}

func (imp *Import) milestoneExhibitions() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range imp.milestones {
		if !seen[r.m.Exhibition] {
			seen[r.m.Exhibition] = true
			out = append(out, r.m.Exhibition)
		}
	}
	return out
}

// milestoneKey identifies a milestone across imports: the same event on the
// same date. The Russian title names it (the English one where there is no
// Russian, the Chinese one where there is neither), so fixing a
// translation changes a milestone rather than adding one.
func milestoneKey(m tradedash.Milestone) string {
	title := m.TitleRU
	if title == "" {
		title = m.TitleEN
	}
	if title == "" {
		title = m.TitleZH
	}
	return strings.Join([]string{m.Exhibition, m.Country, m.Date.Format(time.DateOnly),
		string(m.Precision), strings.ToLower(strings.TrimSpace(title))}, "\x00")
}

func sameMilestone(a, b tradedash.Milestone) bool {
	return a.TitleRU == b.TitleRU && a.TitleEN == b.TitleEN && a.TitleZH == b.TitleZH &&
		a.Source == b.Source && a.Note == b.Note
}

// writeMilestones writes every milestone of the file under the import's id,
// unchanged ones too, as figures are: an import's rows are what it
// asserted, so rolling back an earlier import that said the same leaves
// them current.
func (imp *Import) writeMilestones(ctx context.Context) error {
	if len(imp.milestones) == 0 {
		return nil
	}
	batch, err := imp.db.conn.PrepareBatch(ctx, `INSERT INTO milestones
		(exhibition, country, date, precision, title_ru, title_en, title_zh, source, note, import_id, file_row)`)
	if err != nil {
		return wrap("write milestones", err)
	}
	for _, r := range imp.milestones {
		m := r.m
		if err := batch.Append(m.Exhibition, m.Country, m.Date, string(m.Precision), m.TitleRU, m.TitleEN, m.TitleZH,
			m.Source, m.Note, imp.id, uint32(r.row)); err != nil {
			imp.db.logFailure(ctx, "abort the insert of milestones", batch.Abort(), "import", imp.id)
			return wrap("write milestones", err)
		}
	}
	return wrap("write milestones", batch.Send())
}

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

// visibleMilestones selects every visible version of the milestones that
// match the filter, a milestone's latest import last. A milestone's
// identity is its key (see milestoneKey), computed in Go, so Milestones
// reads every visible row and keeps the newest per key.
const visibleMilestones = `SELECT exhibition, country, date, precision, title_ru, title_en, title_zh,
		source, note, import_id
	FROM milestones
	WHERE import_id {{.In}} (` + visibleImports + `){{.Where}}
	ORDER BY date, exhibition, country, import_id`

// Milestones returns the current milestones that match f, ordered by date.
// A milestone written before Chinese titles existed has an empty TitleZH.
func (db *DB) Milestones(ctx context.Context, f MilestoneFilter) ([]tradedash.Milestone, error) {
	w := f.where()
	q, err := db.sqlf(visibleMilestones, names{where: w})
	if err != nil {
		return nil, wrap("milestones", err)
	}
	rows, err := db.conn.Query(ctx, q, w.args...)
	if err != nil {
		return nil, wrap("milestones", err)
	}
	defer rows.Close()
	var out []tradedash.Milestone
	index := map[string]int{}
	for rows.Next() {
		var m tradedash.Milestone
		var precision string
		if err := rows.Scan(&m.Exhibition, &m.Country, &m.Date, &precision, &m.TitleRU, &m.TitleEN, &m.TitleZH,
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

// currentMilestones returns the current milestones of the exhibitions by
// their key.
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
