package queries

import (
	"context"

	"tradedash"
)

// Counts sums up what an import does to the current figures, milestones
// and trade flows.
type Counts struct {
	Rows      int // figures, milestones and trade flows in the file
	New       int // not there before (of a figure: no current claim of the same tradedash.ClaimKey)
	Changed   int // there with another value, qualifier, basis, certificate, preference or note (or withdrawn); of a trade flow, another value, qualifier, status, source, note, quantity or description
	Unchanged int
}

// Change is one claim an import would change (same tradedash.ClaimKey):
// its current and new record.
type Change struct {
	Old, New  tradedash.Figure
	Row       int  // the row of the new value in the file
	Retracted bool // the import withdraws the claim (see migrateMetrics)
}

// The import's rows (in its table, partition ?) beside the current claims
// of the same keys (tradedash.ClaimKey) among the same exhibitions: from
// the current generation (arguments: the partition, the generation, the
// partition) or, while there is none, aggregated from the history (the
// partition twice). Rows with no current claim of their key have
// cur_import_id 0: a second source of a figure is a new claim, not a
// change of the first. The import's own rows are not current: it has not
// committed.
const (
	stagedRows = `
	SELECT exhibition, country, metric, year, status, source_key, value, qualifier, basis, certificate,
		preferred, source, note, file_row, retracted,
		cur_value, cur_qualifier, cur_basis, cur_certificate, cur_preferred, cur_source, cur_note, cur_import_id
	FROM (
		SELECT exhibition, country, metric, year, status, source_key, value, qualifier, basis, certificate,
			preferred, source, note, file_row, retracted
		FROM {{.Table}} WHERE import_id = ?
	) ANY LEFT JOIN (`
	joinedWithGeneration = stagedRows + `
		SELECT exhibition, country, metric, year, status, source_key,
			value AS cur_value, qualifier AS cur_qualifier, basis AS cur_basis, certificate AS cur_certificate,
			preferred AS cur_preferred, source AS cur_source, note AS cur_note, import_id AS cur_import_id
		FROM figures_current
		WHERE generation = ? AND exhibition IN (SELECT DISTINCT exhibition FROM {{.LocalTable}} WHERE import_id = ?)
	) USING (exhibition, country, metric, year, status, source_key)`
)

// joinedWithHistory is joinedWithGeneration while there is no generation.
var joinedWithHistory = stagedRows + `
		SELECT exhibition, country, metric, year, c_status AS status, c_source_key AS source_key,
			c_value AS cur_value, c_qualifier AS cur_qualifier, c_basis AS cur_basis,
			c_certificate AS cur_certificate, c_preferred AS cur_preferred, c_source AS cur_source,
			c_note AS cur_note, c_import_id AS cur_import_id
		FROM (` + latestClaims(`SELECT `+claimColumns+`, retracted FROM figures
			WHERE exhibition IN (SELECT DISTINCT exhibition FROM {{.LocalTable}} WHERE import_id = ?)
				AND import_id {{.In}} (`+visibleImports+`)`, "") + `)
	) USING (exhibition, country, metric, year, status, source_key)`

// figureDiffers is the condition on a joined row whose claim the import
// changes: another value, qualifier, basis, certificate, preference or
// note, or a retraction. The source's spelling is part of the key.
const figureDiffers = `(value != cur_value OR qualifier != cur_qualifier OR basis != cur_basis
	OR certificate != cur_certificate OR preferred != cur_preferred OR note != cur_note OR retracted = 1)`

// diffStatement is a statement over the joined rows, in its two forms.
type diffStatement struct{ withGeneration, withHistory string }

const (
	countsHead = `SELECT count(), countIf(cur_import_id = 0 AND retracted = 0),
		countIf(cur_import_id != 0 AND ` + figureDiffers + `) FROM (`
	changesHead = `SELECT exhibition, country, metric, year, status,
			value, qualifier, basis, certificate, preferred, source, note, file_row, retracted,
			cur_value, cur_qualifier, cur_basis, cur_certificate, cur_preferred, cur_source, cur_note, cur_import_id
		FROM (`
	changesTail = `) WHERE cur_import_id != 0 AND ` + figureDiffers + ` ORDER BY file_row`
)

var (
	// diffCounts counts the staged figures, the new ones and the changed ones.
	diffCounts = diffStatement{countsHead + joinedWithGeneration + `)`, countsHead + joinedWithHistory + `)`}
	// diffChanges lists the changed figures in file order.
	diffChanges = diffStatement{changesHead + joinedWithGeneration + changesTail, changesHead + joinedWithHistory + changesTail}
)

// statement returns s for the import, in the form that reads the current
// generation when there is one, and its arguments.
func (imp *Import) statement(ctx context.Context, s diffStatement) (string, []any, error) {
	g, err := imp.db.generation(ctx)
	if err != nil {
		return "", nil, err
	}
	stmt, args := s.withGeneration, []any{imp.part, g, imp.part}
	if g == 0 {
		stmt, args = s.withHistory, []any{imp.part, imp.part}
	}
	q, err := imp.db.sqlf(stmt, names{table: imp.table})
	return q, args, err
}

// Counts sends what is still buffered and compares the staged figures,
// trade flows and milestones with the current ones.
func (imp *Import) Counts(ctx context.Context) (Counts, error) {
	if err := imp.wait(ctx); err != nil {
		return Counts{}, err
	}
	var c Counts
	if imp.figures > 0 {
		q, args, err := imp.statement(ctx, diffCounts)
		if err != nil {
			return Counts{}, wrap("compare figures", err)
		}
		var rows, nw, changed uint64
		if err := imp.db.conn.QueryRow(ctx, q, args...).Scan(&rows, &nw, &changed); err != nil {
			return Counts{}, wrap("compare figures", err)
		}
		c.Rows, c.New, c.Changed = int(rows), int(nw), int(changed)
	}
	if imp.tradeRows > 0 {
		t, err := imp.tradeCounts(ctx)
		if err != nil {
			return Counts{}, err
		}
		c.Rows, c.New, c.Changed = c.Rows+t.Rows, c.New+t.New, c.Changed+t.Changed
	}
	if len(imp.milestones) > 0 {
		cur, err := imp.db.currentMilestones(ctx, imp.milestoneExhibitions())
		if err != nil {
			return Counts{}, err
		}
		for _, r := range imp.milestones {
			old, ok := cur[milestoneKey(r.m)]
			switch {
			case !ok:
				c.New++
			case !sameMilestone(old, r.m):
				c.Changed++
			}
		}
		c.Rows += len(imp.milestones)
	}
	c.Unchanged = c.Rows - c.New - c.Changed
	return c, nil
}

// EachChange calls fn for every figure the import would change, in file
// order.
func (imp *Import) EachChange(ctx context.Context, fn func(Change) error) error {
	if err := imp.wait(ctx); err != nil {
		return err
	}
	if imp.figures == 0 {
		return nil
	}
	q, args, err := imp.statement(ctx, diffChanges)
	if err != nil {
		return wrap("changed figures", err)
	}
	rows, err := imp.db.conn.Query(ctx, q, args...)
	if err != nil {
		return wrap("changed figures", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch Change
		var year uint16
		var row uint32
		var q, s, b, oq, ob string
		var pref, oPref uint8
		if err := rows.Scan(&ch.New.Exhibition, &ch.New.Country, &ch.New.Metric, &year, &s,
			&ch.New.Value, &q, &b, &ch.New.Certificate, &pref, &ch.New.Source, &ch.New.Note, &row, &ch.Retracted,
			&ch.Old.Value, &oq, &ob, &ch.Old.Certificate, &oPref, &ch.Old.Source, &ch.Old.Note, &ch.Old.ImportID); err != nil {
			return wrap("changed figures", err)
		}
		ch.New.Year, ch.Row, ch.New.FileRow = int(year), int(row), int(row)
		ch.New.Qualifier, ch.New.Status, ch.New.Basis = tradedash.Qualifier(q), tradedash.Status(s), tradedash.Basis(b)
		ch.New.Preferred = pref != 0
		ch.Old.Exhibition, ch.Old.Country, ch.Old.Metric, ch.Old.Year = ch.New.Exhibition, ch.New.Country, ch.New.Metric, ch.New.Year
		ch.Old.Qualifier, ch.Old.Status, ch.Old.Basis = tradedash.Qualifier(oq), ch.New.Status, tradedash.Basis(ob)
		ch.Old.Preferred = oPref != 0
		if err := fn(ch); err != nil {
			return err
		}
	}
	return wrap("changed figures", rows.Err())
}
