package queries

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// visibleIDs selects the sorted ids of the visible imports as one array:
// the set a figures generation must cover to be current.
const visibleIDs = `SELECT arraySort(groupArray(import_id)) FROM (` + visibleImports + `)`

// currentSet is a kind of fact whose current values are published as
// generations, so that reads need not aggregate the history: figures
// (migration 003) and trade flows (005). A generation holds the current
// value of every key over a set of visible imports (argMax by import_id
// over their rows), is written to its own partition of the current table
// and published afterwards in the log, and is current while the imports it
// covers are exactly the ones the set's covers query selects.
type currentSet struct {
	history, current, log string // tables: every import's rows, the generations' rows, their log
	key                   string // the key columns
	values                string // the stored columns after the key, import_id last
	latest                string // the current values of values among rows grouped by key
	covers                string // selects the sorted ids of the imports the current generation must cover
	// claims says the set's keys are claims, of which a generation
	// holds every current one and chooses one per figure (claims.go),
	// rather than the latest value of each key.
	claims bool

	notDropped string // the condition on log that leaves out generations marked dropped
	currentSQL string // selects the current generation, 0 when there is none
	chosen     string // the current generation inside a read's statement; the statement fails when there is none
}

func newCurrentSet(s currentSet) *currentSet {
	s.notDropped = `generation NOT IN (SELECT generation FROM ` + s.log + ` WHERE event = 'dropped')`
	// The newest published, not dropped generation that covers exactly
	// the imports it must, or 0 when there is none (an import just
	// committed by a process killed before it built one, or a database
	// migrated from before generations). Generations with the same
	// imports hold the same rows, so which of them is newest does not
	// matter.
	latest := `argMax(generation, at)`
	published := ` FROM ` + s.log + `
	WHERE event = 'published' AND covers = (` + s.covers + `) AND ` + s.notDropped
	s.currentSQL = `SELECT ` + latest + published
	// A read writes the choice into its own statement, as a scalar
	// subquery that ClickHouse runs before it reads the table (and the
	// primary index narrows the read to the chosen generation's
	// partition): one round trip, not two. The choice and the rows come
	// from one statement, so a commit between them cannot separate them.
	// With no generation current, throwIf fails the statement before it
	// returns a row; noGeneration recognises that, and the reader
	// aggregates the history in a second statement. The aggregate is
	// written twice rather than selected from a subquery: ClickHouse
	// computes it once, and 18.16 takes over a millisecond for each level
	// of subquery.
	s.chosen = `(SELECT throwIf(` + latest + ` = 0) + ` + latest + published + `)`
	return &s
}

// throwIfCode is ClickHouse's error code for a throwIf whose argument is
// not zero (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO, the same in 18.16 and
// current releases).
const throwIfCode = 395

// noGeneration tells whether err is a read's statement failing because
// the generation it chose with chosen was none: its reader falls back to
// the history. No statement of this package calls throwIf otherwise.
func noGeneration(err error) bool {
	var e *clickhouse.Exception
	return errors.As(err, &e) && e.Code == throwIfCode
}

// figureSet is the figures' generations: every current claim, one chosen
// per figure (claims.go). A figures generation covers every visible
// import, of figures or not.
var figureSet = newCurrentSet(currentSet{
	history: "figures", current: "figures_current", log: "figures_generations",
	key:    `exhibition, country, metric, year`,
	covers: visibleIDs,
	claims: true,
})

// currentSets are the sets RefreshCurrent keeps current.
var currentSets = []*currentSet{figureSet, tradeSet}

// generationRetention is how long a superseded generation is kept after
// the data last changed: a reader that picked it just before may still be
// reading it, and an export reads for minutes. The generation before the
// current one is kept regardless, so rolling back the latest import needs
// no rebuild.
var generationRetention = 5 * time.Minute

// orphanAfter is how old a generation's rows must be, unpublished, before
// they count as left by a killed builder; far longer than a build takes.
var orphanAfter = time.Hour

// generation returns the current figures generation, 0 when readers must
// aggregate the history.
func (db *DB) generation(ctx context.Context) (uint64, error) { return db.generationOf(ctx, figureSet) }

// generationOf returns the current generation of s, 0 when readers must
// aggregate the history.
func (db *DB) generationOf(ctx context.Context, s *currentSet) (uint64, error) {
	var g uint64
	err := db.conn.QueryRow(ctx, s.currentSQL).Scan(&g)
	return g, wrap("current generation", err)
}

// covered returns the sorted ids of the imports the current generation of
// s must cover.
func (db *DB) covered(ctx context.Context, s *currentSet) ([]uint64, error) {
	var ids []uint64
	err := db.conn.QueryRow(ctx, s.covers).Scan(&ids)
	return ids, wrap("visible imports", err)
}

type generation struct {
	id     uint64
	covers []uint64
	at     time.Time
}

// generations returns the published generations of s that are not
// dropped, newest first.
func (db *DB) generations(ctx context.Context, s *currentSet) ([]generation, error) {
	rows, err := db.conn.Query(ctx, `SELECT generation, covers, at FROM `+s.log+`
		WHERE event = 'published' AND `+s.notDropped+`
		ORDER BY at DESC, generation DESC`)
	if err != nil {
		return nil, wrap("generations", err)
	}
	defer rows.Close()
	var out []generation
	for rows.Next() {
		var g generation
		if err := rows.Scan(&g.id, &g.covers, &g.at); err != nil {
			return nil, wrap("generations", err)
		}
		out = append(out, g)
	}
	return out, wrap("generations", rows.Err())
}

// subset tells whether every id of a is in b; both are sorted.
func subset(a, b []uint64) bool {
	i := 0
	for _, x := range b {
		if i < len(a) && a[i] == x {
			i++
		}
	}
	return i == len(a)
}

// buildGeneration builds and publishes a generation of s covering the
// imports covers (sorted), unless one exists. It starts from the published
// generation that covers the most of them and nothing else, and adds the
// rows of the rest: argMax by import_id over a generation's rows and more
// imports' rows is argMax over all of theirs, whatever order imports
// committed in. Without such a generation it aggregates the history of
// every covered import: the slow path, which a rollback of an import older
// than the latest takes. Nothing is visible before the "published" row,
// and a builder killed before it leaves rows that dropUnused removes.
//
// Another command may drop the base while its rows are copied (dropUnused
// marks a generation dropped before it drops its rows), which would leave
// the new generation incomplete. So once the copy is done the base is
// checked: still not marked dropped, its rows were all there; marked, the
// new rows are dropped and the generation is built from the history.
func (db *DB) buildGeneration(ctx context.Context, s *currentSet, covers []uint64) error {
	gens, err := db.generations(ctx, s)
	if err != nil {
		return err
	}
	var base generation
	for _, g := range gens {
		if slices.Equal(g.covers, covers) {
			return nil
		}
		if subset(g.covers, covers) && (base.id == 0 || len(g.covers) > len(base.covers)) {
			base = g
		}
	}
	id := randomBatch() | 1 // never 0, which means "none"
	beforeFill(db, s, base.id)
	err = db.fillGeneration(ctx, s, id, base, covers)
	if err == nil && base.id != 0 {
		var dropped uint64
		err = db.conn.QueryRow(ctx, `SELECT count() FROM `+s.log+`
			WHERE generation = ? AND event = 'dropped'`, base.id).Scan(&dropped)
		if err == nil && dropped > 0 {
			db.dropPartition(ctx, s.current, id)
			id = randomBatch() | 1
			err = db.fillGeneration(ctx, s, id, generation{}, covers)
		}
	}
	if err == nil {
		// On a cluster every replica must hold the generation's rows
		// before a reader on any of them may pick it.
		err = db.checkReplicas(ctx, s.current, "generation", id, -1)
	}
	if err != nil {
		return wrap("build generation", err)
	}
	batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+s.log+" (generation, event, covers, at)")
	if err != nil {
		return wrap("publish generation", err)
	}
	if err := batch.Append(id, "published", covers, time.Now().UTC()); err != nil {
		db.logFailure(ctx, "abort publishing a generation", batch.Abort(), "generation", id)
		return wrap("publish generation", err)
	}
	return wrap("publish generation", batch.Send())
}

// beforeFill is called by buildGeneration with the base it chose; tests
// drop the base there.
var beforeFill = func(db *DB, s *currentSet, base uint64) {}

// fillGeneration writes the rows of generation id of s, covering covers,
// from base (none when its id is 0) and the rows of the imports base lacks:
// on a cluster, each shard its own (see cluster.go).
func (db *DB) fillGeneration(ctx context.Context, s *currentSet, id uint64, base generation, covers []uint64) error {
	var add []any
	for _, c := range covers {
		if _, found := slices.BinarySearch(base.covers, c); !found {
			add = append(add, c)
		}
	}
	if s.claims {
		return db.fillClaims(ctx, id, base, add)
	}
	current, history := local(s.current), local(s.history)
	insert := `INSERT INTO ` + current + ` (generation, ` + s.key + `, ` + s.values + `)
		SELECT toUInt64(?), ` + s.key + `, `
	if len(add) == 1 && (len(base.covers) == 0 || add[0].(uint64) > base.covers[len(base.covers)-1]) {
		// The usual commit: one import, newer than every import of the
		// base. Its rows replace the base's rows of the same keys and
		// need no aggregating: the base's other rows are copied, then
		// its, in time proportional to the current rows (an aggregate
		// over them all takes ten times longer).
		if base.id != 0 {
			err := db.onEachShard(ctx, insert+s.values+` FROM `+current+`
				WHERE generation = ? AND (`+s.key+`) NOT IN (
					SELECT `+s.key+` FROM `+history+` WHERE import_id = ?)`, id, base.id, add[0])
			if err != nil {
				return err
			}
		}
		return db.onEachShard(ctx, insert+s.values+` FROM `+history+` WHERE import_id = ?`, id, add[0])
	}
	return db.onEachShard(ctx, insert+s.latest+`
		FROM (
			SELECT `+s.key+`, `+s.values+` FROM `+current+` WHERE generation = ?
			UNION ALL
			SELECT `+s.key+`, `+s.values+` FROM `+history+` WHERE import_id IN ?
		)
		GROUP BY `+s.key, id, base.id, clickhouse.GroupSet{Value: append(add, uint64(0))})
}

// local names table in a statement that runs on each shard by itself
// (onEachShard): every version of a key, and its current row, are on
// one shard, so a generation is built there from the shard's own rows.
func local(table string) string { return `{{.Local "` + table + `"}}` }

// RefreshCurrent makes sure the current figures and trade flows are
// published as generations, so that reads need not aggregate the history,
// and drops the generations nobody reads any more. Commits and rollbacks
// do it; every command does it when it starts too, which repairs what a
// killed commit or two concurrent ones left (readers are correct
// meanwhile, only slower).
func (db *DB) RefreshCurrent(ctx context.Context) error {
	var errs []error
	for _, s := range currentSets {
		errs = append(errs, db.refresh(ctx, s))
	}
	return errors.Join(errs...)
}

// refresh builds the current generation of s if it is missing and drops
// the ones nobody reads.
func (db *DB) refresh(ctx context.Context, s *currentSet) error {
	ids, err := db.covered(ctx, s)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		if err := db.buildGeneration(ctx, s, ids); err != nil {
			return err
		}
	}
	return db.dropUnused(ctx, s)
}

// dropUnused drops superseded generations of s once the data has not
// changed for generationRetention, keeping the current one and the one
// before it, and the rows of builds that were never published. It runs
// only when a command does (RefreshCurrent), not by itself.
//
// "The one before" is chosen by what it covers, not by when it was
// published (whole seconds, and builds of one second are in random
// order): of the generations covering only imports the current one
// covers, the one whose newest import is the newest, and of those the one
// covering the most imports. Import ids only grow, so this is the current
// one without its latest import, the one rolling that back needs.
func (db *DB) dropUnused(ctx context.Context, s *currentSet) error {
	cur, err := db.generationOf(ctx, s)
	if err != nil || cur == 0 {
		return err
	}
	gens, err := db.generations(ctx, s)
	if err != nil {
		return err
	}
	var changed time.Time
	err = db.conn.QueryRow(ctx, `SELECT max(at) FROM import_events
		WHERE event IN ('committed', 'rolled_back', 'lost')`).Scan(&changed)
	if err != nil {
		return wrap("drop generations", err)
	}
	slices.SortStableFunc(gens, func(a, b generation) int {
		if c := cmp.Compare(last(b.covers), last(a.covers)); c != 0 {
			return c
		}
		return cmp.Compare(len(b.covers), len(a.covers))
	})
	var curCovers []uint64
	for _, g := range gens {
		if g.id == cur {
			curCovers = g.covers
		}
	}
	kept := 0
	var drop []uint64
	for _, g := range gens {
		if g.at.After(changed) {
			changed = g.at // a commit may be building on it right now
		}
		switch {
		case g.id == cur:
		case kept == 0 && subset(g.covers, curCovers):
			kept++ // the one before the current
		default:
			drop = append(drop, g.id)
		}
	}
	if time.Since(changed) > generationRetention && len(drop) > 0 {
		if err := db.dropGenerations(ctx, s, drop); err != nil {
			return err
		}
	}
	// Rows of generations never published, left by a killed builder, or
	// marked dropped by a command that died before dropping them: on a
	// cluster, on any node.
	parts, err := db.partitionsOnEveryNode(ctx, `SELECT DISTINCT toUInt64(partition) FROM system.parts
		WHERE database = currentDatabase() AND table = ? AND active
			AND modification_time < ?
			AND toUInt64(partition) NOT IN (SELECT generation FROM `+s.log+` WHERE event = 'published' AND `+s.notDropped+`)`,
		names{cluster: db.cluster}.Name(s.current), time.Now().Add(-orphanAfter).UTC())
	for _, p := range parts {
		db.dropPartition(ctx, s.current, p)
	}
	return wrap("drop generations", err)
}

// last returns the last of the sorted ids, 0 when there are none.
func last(ids []uint64) uint64 {
	if len(ids) == 0 {
		return 0
	}
	return ids[len(ids)-1]
}

// dropGenerations marks the generations of s dropped, so that no reader or
// builder picks them any more, and then drops their rows.
func (db *DB) dropGenerations(ctx context.Context, s *currentSet, ids []uint64) error {
	batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+s.log+" (generation, event, covers, at)")
	if err != nil {
		return wrap("drop generations", err)
	}
	for _, id := range ids {
		if err := batch.Append(id, "dropped", []uint64{}, time.Now().UTC()); err != nil {
			db.logFailure(ctx, "abort marking generations dropped", batch.Abort())
			return wrap("drop generations", err)
		}
	}
	if err := batch.Send(); err != nil {
		return wrap("drop generations", err)
	}
	for _, id := range ids {
		db.dropPartition(ctx, s.current, id)
	}
	return nil
}
