package queries

import (
	"context"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// A figure (exhibition, country, metric, year) has one claim per status
// and source (tradedash.ClaimKey, source_key being the normalized source):
// the claim's current row is the one of its latest visible import, and a
// claim whose current row is retracted is no longer current. One of a
// figure's current claims is chosen, by tradedash.ClaimBefore; readers
// return it with the others beside it.

// claimColumns are the stored columns of a claim, in the order every
// statement of this file selects them.
const claimColumns = `exhibition, country, metric, year, status, source_key,
	value, qualifier, basis, certificate, preferred, source, note, import_id, file_row`

// latestClaims selects the current row of every claim among the rows of
// from (a statement selecting claimColumns and retracted), the retracted
// claims left out; having adds conditions on the claim's current values
// (c_basis...). The aggregates are named c_* because 18.16 takes an alias
// equal to a column's name for that column inside other aggregates.
func latestClaims(from, having string) string {
	return `SELECT exhibition, country, metric, year, status AS c_status, source_key AS c_source_key,
		argMax(value, import_id) AS c_value, argMax(qualifier, import_id) AS c_qualifier,
		argMax(basis, import_id) AS c_basis, argMax(certificate, import_id) AS c_certificate,
		argMax(preferred, import_id) AS c_preferred, argMax(source, import_id) AS c_source,
		argMax(note, import_id) AS c_note, max(import_id) AS c_import_id,
		argMax(file_row, import_id) AS c_file_row, argMax(retracted, import_id) AS c_retracted
	FROM (` + from + `)
	GROUP BY exhibition, country, metric, year, status, source_key
	HAVING c_retracted = 0` + having
}

// claimRank is the order of tradedash.ClaimBefore over the claims of
// latestClaims, as a tuple that sorts the claim to choose first: preferred,
// then the status's rank, then the basis's, then the later import, then
// the earlier row. The ranks are written from tradedash's own, so the two
// cannot drift apart.
var claimRank = func() string {
	var st, sr, bs, br []string
	for _, s := range tradedash.Statuses {
		st, sr = append(st, "'"+string(s)+"'"), append(sr, fmt.Sprint(s.Rank()))
	}
	for _, b := range tradedash.Bases {
		bs, br = append(bs, "'"+string(b)+"'"), append(br, fmt.Sprint(b.Rank()))
	}
	return `(-toInt16(c_preferred),
		-transform(toString(c_status), [` + strings.Join(st, ", ") + `], [` + strings.Join(sr, ", ") + `], 0),
		-transform(toString(c_basis), [` + strings.Join(bs, ", ") + `], [` + strings.Join(br, ", ") + `], 0),
		-toInt64(c_import_id), c_file_row)`
}()

// chooseClaims selects the claims of latest (latestClaims) with chosen = 1
// on the one of each figure that claimRank sorts first. A figure's claims
// are gathered into arrays, the index of the first by rank found with
// arraySort, and the arrays ARRAY JOINed back into rows: one pass, no
// join, and both 18.16 and current releases run it.
func chooseClaims(latest string) string {
	return `SELECT exhibition, country, metric, year, status, source_key,
		value, qualifier, basis, certificate, preferred, source, note, import_id, file_row,
		toUInt8(n = first) AS chosen
	FROM (
		SELECT exhibition, country, metric, year,
			groupArray(c_status) AS a_status, groupArray(c_source_key) AS a_source_key,
			groupArray(c_value) AS a_value, groupArray(c_qualifier) AS a_qualifier,
			groupArray(c_basis) AS a_basis, groupArray(c_certificate) AS a_certificate,
			groupArray(c_preferred) AS a_preferred, groupArray(c_source) AS a_source,
			groupArray(c_note) AS a_note, groupArray(c_import_id) AS a_import_id,
			groupArray(c_file_row) AS a_file_row,
			groupArray(` + claimRank + `) AS ranks,
			arraySort((i, r) -> r, arrayEnumerate(ranks), ranks)[1] AS first
		FROM (` + latest + `)
		GROUP BY exhibition, country, metric, year
	) ARRAY JOIN a_status AS status, a_source_key AS source_key, a_value AS value,
		a_qualifier AS qualifier, a_basis AS basis, a_certificate AS certificate,
		a_preferred AS preferred, a_source AS source, a_note AS note,
		a_import_id AS import_id, a_file_row AS file_row, arrayEnumerate(ranks) AS n`
}

// insertClaims starts the INSERT of a figures generation's rows; its
// first argument is the generation.
const insertClaims = `INSERT INTO {{.Local "figures_current"}} (generation, ` + claimColumns + `, chosen)
	SELECT toUInt64(?), ` + claimColumns + `, chosen FROM (`

// touchedFigures is the condition on rows whose figure the imports ? give
// a claim of.
const touchedFigures = `(exhibition, country, metric, year) IN (
	SELECT exhibition, country, metric, year FROM {{.Local "figures"}} WHERE import_id IN ?)`

// fillClaims writes the rows of figures generation id from base (none
// when its id is 0) and the rows of the imports add. The figures those
// imports do not touch keep base's rows as they are, copied; the others
// take the current row of each claim over base's rows and the imports'
// (argMax by import_id, whatever order the imports committed in), and
// their current claim is chosen again. Without a base, every figure is
// built from the history of the covered imports. On a cluster each shard
// builds its own figures (see cluster.go).
func (db *DB) fillClaims(ctx context.Context, id uint64, base generation, add []any) error {
	set := clickhouse.GroupSet{Value: append(add, uint64(0))}
	history := `SELECT ` + claimColumns + `, retracted FROM {{.Local "figures"}} WHERE import_id IN ?`
	if base.id == 0 {
		return db.onEachShard(ctx, insertClaims+chooseClaims(latestClaims(history, ""))+`)`, id, set)
	}
	err := db.onEachShard(ctx, insertClaims+`SELECT `+claimColumns+`, chosen FROM {{.Local "figures_current"}}
		WHERE generation = ? AND NOT `+touchedFigures+`)`, id, base.id, set)
	if err != nil {
		return err
	}
	from := `SELECT ` + claimColumns + `, retracted FROM {{.Local "figures_current"}}
		WHERE generation = ? AND ` + touchedFigures + `
		UNION ALL ` + history
	return db.onEachShard(ctx, insertClaims+chooseClaims(latestClaims(from, ""))+`)`, id, base.id, set, set)
}
