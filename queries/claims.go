package queries

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// A figure (exhibition, country, metric, year) has one claim per status
// and source (tradedash.ClaimKey, source_key being the normalized source):
// the claim's current row is the one of its latest visible import, and a
// claim whose current row is retracted is no longer current. One of a
// figure's current claims is chosen, by tradedash.ClaimBefore, when it
// is read; readers return it with the others beside it.

// claimColumns are the stored columns of a claim, in the order every
// statement of this file selects them.
const claimColumns = `exhibition, country, metric, year, status, source_key,
	value, qualifier, basis, certificate, preferred, source, note, import_id, file_row`

// latestClaims selects the current row of every claim among the rows of
// from (a statement selecting claimColumns and retracted), the retracted
// claims left out; having adds conditions on the claim's current values
// (c_basis...). The aggregates are named c_* because 18.16 takes an alias
// equal to a column's name for that column inside other aggregates.
//
// Claims are grouped by a 64-bit hash of their source key rather than by
// the key itself: grouping by a URL-long string took the 1,000,000-figure
// generation build from 2.9 to 3.9 s on 18.16 (measured here). Two sources
// of one figure and status would have to collide in cityHash64 to be
// taken for one; any(source_key) is the key of the group.
func latestClaims(from, having string) string {
	return `SELECT exhibition, country, metric, year, status AS c_status, any(source_key) AS c_source_key,
		argMax(value, import_id) AS c_value, argMax(qualifier, import_id) AS c_qualifier,
		argMax(basis, import_id) AS c_basis, argMax(certificate, import_id) AS c_certificate,
		argMax(preferred, import_id) AS c_preferred, argMax(source, import_id) AS c_source,
		argMax(note, import_id) AS c_note, max(import_id) AS c_import_id,
		argMax(file_row, import_id) AS c_file_row, argMax(retracted, import_id) AS c_retracted
	FROM (` + from + `)
	GROUP BY ` + claimKeyHash + `
	HAVING c_retracted = 0` + having
}

// claimRows selects the claims of latest (latestClaims) under their
// columns' names, claimColumns. Which claim of a figure is current is not
// stored: readers choose it by tradedash.ChooseClaim among the claims they
// read (a figure has a few at most), so the rule is written once, in Go,
// and a filter by basis chooses among the claims it keeps. Choosing inside
// ClickHouse (arrays of each figure's claims sorted by rank) made the
// 1,000,000-figure generation build 6 times slower on 18.16.
func claimRows(latest string) string {
	return `SELECT exhibition, country, metric, year, c_status AS status, c_source_key AS source_key,
		c_value AS value, c_qualifier AS qualifier, c_basis AS basis, c_certificate AS certificate,
		c_preferred AS preferred, c_source AS source, c_note AS note, c_import_id AS import_id,
		c_file_row AS file_row
	FROM (` + latest + `)`
}

// claimKeyHash is a claim's key (tradedash.ClaimKey) as latestClaims
// groups it, the source key hashed.
const claimKeyHash = `exhibition, country, metric, year, status, cityHash64(source_key)`

// insertClaims starts the INSERT of a figures generation's rows; its
// first argument is the generation.
const insertClaims = `INSERT INTO {{.Local "figures_current"}} (generation, ` + claimColumns + `)
	SELECT toUInt64(?), ` + claimColumns + ` FROM (`

// touchedFigures is the condition on rows whose figure the imports ? give
// a claim of.
const touchedFigures = `(exhibition, country, metric, year) IN (
	SELECT exhibition, country, metric, year FROM {{.Local "figures"}} WHERE import_id IN ?)`

// fillClaims writes the rows of figures generation id from base (none
// when its id is 0) and the rows of the imports add. The figures those
// imports do not touch keep base's rows as they are, copied; the others
// take the current row of each claim over base's rows and the imports'
// (argMax by import_id, whatever order the imports committed in). Without a base, every figure is
// built from the history of the covered imports. On a cluster each shard
// builds its own figures (see cluster.go).
func (db *DB) fillClaims(ctx context.Context, id uint64, base generation, add []any) error {
	if len(add) == 1 && (len(base.covers) == 0 || add[0].(uint64) > base.covers[len(base.covers)-1]) {
		// The usual commit: one import, newer than every import of the
		// base. Its claims replace the base's claims of the same keys (a
		// retraction replaces one with nothing) and need no aggregating:
		// the base's other claims are copied, then its, in time
		// proportional to the current claims (the aggregate below takes
		// three times longer on a million). An import gives a claim once
		// (ingest refuses a repeat with another value).
		if base.id != 0 {
			err := db.onEachShard(ctx, insertClaims+`SELECT `+claimColumns+` FROM {{.Local "figures_current"}}
				WHERE generation = ? AND (`+claimKeyHash+`) NOT IN (
					SELECT `+claimKeyHash+` FROM {{.Local "figures"}} WHERE import_id = ?))`, id, base.id, add[0])
			if err != nil {
				return err
			}
		}
		return db.onEachShard(ctx, insertClaims+`SELECT `+claimColumns+` FROM {{.Local "figures"}}
			WHERE import_id = ? AND retracted = 0)`, id, add[0])
	}
	set := clickhouse.GroupSet{Value: append(add, uint64(0))}
	history := `SELECT ` + claimColumns + `, retracted FROM {{.Local "figures"}} WHERE import_id IN ?`
	if base.id == 0 {
		return db.onEachShard(ctx, insertClaims+claimRows(latestClaims(history, ""))+`)`, id, set)
	}
	err := db.onEachShard(ctx, insertClaims+`SELECT `+claimColumns+` FROM {{.Local "figures_current"}}
		WHERE generation = ? AND NOT `+touchedFigures+`)`, id, base.id, set)
	if err != nil {
		return err
	}
	from := `SELECT ` + claimColumns + `, retracted FROM {{.Local "figures_current"}}
		WHERE generation = ? AND ` + touchedFigures + `
		UNION ALL ` + history
	return db.onEachShard(ctx, insertClaims+claimRows(latestClaims(from, ""))+`)`, id, base.id, set, set)
}
