package queries

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// Conflict is a claim (tradedash.ClaimKey: a figure, a status and a
// source) that two files of one import command give different values,
// qualifiers, bases, certificates, preferences or notes: which one is meant
// is for the person to say, not for the argument order. Two files that give
// a figure from different sources or with different statuses give two
// claims, which is no conflict.
type Conflict struct {
	First, Second       tradedash.Figure
	FirstRow, SecondRow int
	FirstFile           string
	SecondFile          string
}

// conflictingFigures selects, from the staged rows of the partitions ?,
// the figures that more than one of them give and not all alike, with
// every version, at most ? of them.
const conflictingFigures = `SELECT exhibition, country, metric, year,
		groupArray(import_id), groupArray(file_row), groupArray(value),
		groupArray(toString(qualifier)), groupArray(toString(status)),
		groupArray(source), groupArray(note), groupArray(toString(basis)),
		groupArray(certificate), groupArray(preferred)
	FROM {{.Table}} WHERE import_id IN ?
	GROUP BY exhibition, country, metric, year, status, source_key
	HAVING uniqExact(import_id) > 1 AND uniqExact(value, qualifier, basis, certificate, preferred, note) > 1
	ORDER BY exhibition, country, metric, year, status, source_key
	LIMIT ?`

// Conflicts returns the figures that several imports (of one command, all
// dry runs or none) give differently, at most limit of them.
func Conflicts(ctx context.Context, imps []*Import, limit int) ([]Conflict, error) {
	if len(imps) < 2 {
		return nil, nil
	}
	order := map[uint64]int{} // partition -> position on the command line
	parts := make([]any, 0, len(imps))
	for i, imp := range imps {
		if err := imp.wait(ctx); err != nil {
			return nil, err
		}
		order[imp.part] = i
		parts = append(parts, imp.part)
	}
	db := imps[0].db
	q, err := db.sqlf(conflictingFigures, names{table: imps[0].table})
	if err != nil {
		return nil, wrap("conflicts", err)
	}
	rows, err := db.conn.Query(ctx, q, clickhouse.GroupSet{Value: parts}, limit)
	if err != nil {
		return nil, wrap("conflicts", err)
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var key tradedash.Figure
		var year uint16
		var ids []uint64
		var fileRows []uint32
		var values []float64
		var qs, ss, sources, notes, bases, certs []string
		var prefs []uint8
		if err := rows.Scan(&key.Exhibition, &key.Country, &key.Metric, &year, &ids, &fileRows, &values,
			&qs, &ss, &sources, &notes, &bases, &certs, &prefs); err != nil {
			return nil, wrap("conflicts", err)
		}
		key.Year = int(year)
		at := func(i int) tradedash.Figure {
			f := key
			f.Value, f.Qualifier, f.Status = values[i], tradedash.Qualifier(qs[i]), tradedash.Status(ss[i])
			f.Source, f.Note = sources[i], notes[i]
			f.Basis, f.Certificate, f.Preferred = tradedash.Basis(bases[i]), certs[i], prefs[i] != 0
			f.FileRow = int(fileRows[i])
			return f
		}
		first, second := firstTwo(ids, order)
		out = append(out, Conflict{First: at(first), Second: at(second),
			FirstRow: int(fileRows[first]), SecondRow: int(fileRows[second]),
			FirstFile: imps[order[ids[first]]].meta.File, SecondFile: imps[order[ids[second]]].meta.File})
	}
	return out, wrap("conflicts", rows.Err())
}

// firstTwo orders the versions of a conflict (their partitions ids) by
// file as given on the command line (order), and returns the first entry
// and the first that another file contradicts it with.
func firstTwo(ids []uint64, order map[uint64]int) (first, second int) {
	first, second = 0, -1
	for i := range ids {
		if order[ids[i]] < order[ids[first]] {
			first = i
		}
	}
	for i := range ids {
		if ids[i] != ids[first] && (second < 0 || order[ids[i]] < order[ids[second]]) {
			second = i
		}
	}
	return first, second
}
