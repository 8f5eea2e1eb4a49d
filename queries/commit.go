package queries

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// ErrDryRun is returned by Commit on a dry run.
var ErrDryRun = errors.New("a dry run cannot be committed")

// ErrRepeatedTrade is returned by Commit when an import gives a trade flow
// on more than one row (see TradeDuplicates).
var ErrRepeatedTrade = errors.New("a trade flow given twice")

// Commit sends what is still buffered, writes the new and changed
// milestones, and appends the "committed" event that makes the import
// visible at once. Killed before that event, the import stays invisible.
func (imp *Import) Commit(ctx context.Context) (Counts, error) {
	counts, err := CommitAll(ctx, []*Import{imp})
	if err != nil {
		return Counts{}, err
	}
	return counts[0], nil
}

// CommitAll commits several imports of one command as one decision: each
// keeps its id and log entry, but all their "committed" events go to
// ClickHouse as the rows of one block of one INSERT. import_events has no
// PARTITION BY, so that block becomes one data part, and ClickHouse
// documents an INSERT of one block into one partition of a MergeTree table
// as atomic and isolated: readers see either none of the events or all of
// them ("Transactional (ACID) support", case 1; it holds on 18.16 too, an
// insert being one part there). A process killed at any point before that
// INSERT leaves every file invisible; after it, every file is visible. It
// returns the counts of each import, in order. The imports must be of one
// database and none a dry run.
func CommitAll(ctx context.Context, imps []*Import) ([]Counts, error) {
	if len(imps) == 0 {
		return nil, nil
	}
	db := imps[0].db
	counts := make([]Counts, len(imps))
	events := make([]event, len(imps))
	for i, imp := range imps {
		if imp.dryRun {
			return nil, ErrDryRun
		}
		switch _, n, err := imp.TradeDuplicates(ctx, 0); {
		case err != nil:
			return nil, err
		case n > 0:
			return nil, fmt.Errorf("commit %s: %d rows repeat the trade flow of an earlier row: %w",
				imp.meta.File, n, ErrRepeatedTrade)
		}
		c, err := imp.Counts(ctx)
		if err != nil {
			return nil, err
		}
		if err := imp.writeMilestones(ctx); err != nil {
			return nil, err
		}
		counts[i] = c
		events[i] = event{id: imp.id, kind: "committed", token: imp.token, meta: imp.meta, counts: c}
	}
	for _, imp := range imps {
		if err := imp.replicated(ctx); err != nil {
			return nil, err
		}
	}
	// The current figures and trade flows with these imports, published
	// before the events make them visible, so readers switch to them at
	// once.
	ids := make([]any, len(imps))
	var figs, trade []uint64
	for i, imp := range imps {
		ids[i] = imp.id
		figs = append(figs, imp.id)
		if imp.tradeRows > 0 {
			trade = append(trade, imp.id)
		}
	}
	if err := db.writeTradeImports(ctx, trade); err != nil {
		return nil, err
	}
	for _, build := range []struct {
		s   *currentSet
		ids []uint64
	}{{figureSet, figs}, {tradeSet, trade}} {
		if len(build.ids) == 0 {
			continue // still current; RefreshCurrent repairs a missing one
		}
		covers, err := db.covered(ctx, build.s)
		if err != nil {
			return nil, err
		}
		covers = append(covers, build.ids...)
		slices.Sort(covers)
		if err := db.buildGeneration(ctx, build.s, slices.Compact(covers)); err != nil {
			return nil, err
		}
	}
	for _, imp := range imps {
		if err := imp.alive(); err != nil {
			return nil, err
		}
	}
	if err := beforeEvents(); err != nil {
		return nil, err
	}
	if err := db.appendEvents(ctx, events...); err != nil {
		return nil, err
	}
	for _, imp := range imps {
		imp.finished = true
		imp.stopBeat()
	}
	// Another import committed or rolled back meanwhile: the generation
	// just built is not current, so build the one that is. Failing here
	// only leaves readers on the slower path until the next command.
	db.logFailure(ctx, "refresh the current figures after a commit", db.RefreshCurrent(ctx))
	// A command that took one of these imports for killed (see
	// RecoverKilled) wrote its "lost" event before this check, and may
	// have dropped the rows: it drops them only when it sees no commit.
	// Which came first is unknown, so the imports are hidden, and the
	// user must hear that it did not work. (Should this check itself
	// fail, the commit stands: it is written.)
	var lost uint64
	err := db.conn.QueryRow(ctx, `SELECT count() FROM import_events
		WHERE import_id IN ? AND event = 'lost' AND message != ''`, clickhouse.GroupSet{Value: ids}).Scan(&lost)
	if err != nil {
		db.logFailure(ctx, "check that no command took the committed imports for killed", wrap("import log", err), "imports", ids)
		return counts, nil
	}
	if lost > 0 {
		// All of them: the files of one command are visible all
		// together or not at all.
		for _, e := range events {
			db.logFailure(ctx, "hide an import taken for killed", db.hideDropped(ctx, e), "import", e.id)
		}
		db.logFailure(ctx, "refresh the current figures", db.RefreshCurrent(ctx))
		return nil, errors.New("commit: another command took this import for killed and dropped it: import again")
	}
	return counts, nil
}

// replicated checks, on a cluster, that every replica of every shard holds
// all the rows the import wrote (checkReplicas): its committed event must
// not make visible on one replica what another still lacks.
func (imp *Import) replicated(ctx context.Context) error {
	for _, t := range []struct {
		table string
		rows  int
	}{{imp.table, imp.figures}, {imp.tradeT, imp.tradeRows}, {"milestones", len(imp.milestones)}} {
		if t.rows == 0 {
			continue
		}
		if err := imp.db.checkReplicas(ctx, t.table, "import_id", imp.id, int64(t.rows)); err != nil {
			return fmt.Errorf("import %d (%s) is not on every replica, nothing committed: %w", imp.id, imp.meta.File, err)
		}
	}
	return nil
}

// beforeEvents is called by CommitAll just before it appends the
// "committed" events; a test stops a commit there, as a killed process
// would.
var beforeEvents = func() error { return nil }

// writeTradeImports records that the imports ids wrote trade flows, before
// they become visible (see tradeSet).
func (db *DB) writeTradeImports(ctx context.Context, ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO trade_imports (import_id)")
	if err != nil {
		return wrap("trade imports", err)
	}
	for _, id := range ids {
		if err := batch.Append(id); err != nil {
			db.logFailure(ctx, "abort the insert of trade imports", batch.Abort())
			return wrap("trade imports", err)
		}
	}
	return wrap("trade imports", batch.Send())
}

// Abort ends an import that will not be committed: the log records it as
// failed with reason, and its staged rows are dropped.
func (imp *Import) Abort(ctx context.Context, reason string) error {
	if imp.finished {
		return nil
	}
	imp.finished = true
	imp.stopBeat()
	ctx = context.WithoutCancel(ctx)
	imp.db.logFailure(ctx, "stage figures", imp.stop(), "import", imp.id)
	imp.db.dropPartition(ctx, imp.table, imp.part)
	if imp.tradeRows > 0 {
		imp.db.dropPartition(ctx, imp.tradeT, imp.part)
	}
	if imp.dryRun {
		return nil
	}
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	return imp.db.appendEvent(ctx, event{id: imp.id, kind: "failed", token: imp.token,
		meta: imp.meta, counts: Counts{Rows: imp.figures + imp.tradeRows + len(imp.milestones)}, message: reason})
}

// ErrNotCommitted is returned when rolling back an import that is not
// visible (running, failed or already rolled back).
var ErrNotCommitted = errors.New("import is not committed")

// Rollback makes a committed import's rows invisible, so the values it
// replaced are current again. Nothing is deleted: the import stays in the
// log as rolled_back. An unknown id is an error wrapping
// tradedash.ErrNotFound.
func (db *DB) Rollback(ctx context.Context, id uint64) error {
	entries, err := db.importLog(ctx, id)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(entries, func(e logEntry) bool { return e.Status == tradedash.ImportCommitted })
	switch {
	case len(entries) == 0:
		return fmt.Errorf("import %d: %w", id, tradedash.ErrNotFound)
	case i < 0:
		return fmt.Errorf("rollback import %d (%s): %w", id, entries[0].Status, ErrNotCommitted)
	}
	e := entries[i]
	if err := db.appendEvent(ctx, event{id: id, kind: "rolled_back", token: e.token,
		meta: ImportMeta{File: e.File, SHA256: e.SHA256}}); err != nil {
		return err
	}
	// The current figures without the import: the generation before it
	// when it was the latest, else built anew. Failing here only leaves
	// readers on the slower path until the next command.
	db.logFailure(ctx, "refresh the current figures after a rollback", db.RefreshCurrent(ctx), "import", id)
	return nil
}

// dropPartitionSQL drops one partition: an import's rows, a dry run's, or
// a generation's.
const dropPartitionSQL = `ALTER TABLE {{.Table}} DROP PARTITION {{.Partition}}`

// dropPartition drops a partition nobody reads. Failing only costs space
// (the rows are invisible), so the failure is logged and a later clean-up
// tries again. On a cluster each shard drops its part (cluster.go).
func (db *DB) dropPartition(ctx context.Context, table string, part uint64) {
	nodes, err := db.nodes(ctx)
	switch {
	case err != nil:
	case nodes != nil:
		err = db.dropPartitionOnCluster(ctx, nodes, table, part)
	default:
		var q string
		if q, err = db.sqlf(dropPartitionSQL, names{table: table, partition: part}); err == nil {
			err = db.conn.Exec(ctx, q)
		}
	}
	db.logFailure(ctx, "drop partition", err, "table", table, "partition", part)
}

// abandonedAfter is how long an import may run before a later one takes it
// for killed and drops its rows; far longer than any import runs.
var abandonedAfter = 6 * time.Hour

// The partitions that killed imports and dry runs left behind, older than
// the argument.
const (
	abandonedImports = `SELECT import_id FROM import_events GROUP BY import_id
		HAVING countIf(event IN ('committed', 'failed')) = 0 AND max(at) < ?`
	abandonedDryRuns = `SELECT DISTINCT toUInt64(partition) FROM system.parts
		WHERE database = currentDatabase() AND table = ? AND active
			AND modification_time < ?`
	// The partitions of failed imports that are still there: the
	// import's own drop did not get through (on a cluster, a shard
	// whose leader had just died).
	failedLeftovers = `SELECT DISTINCT toUInt64(partition) FROM system.parts
		WHERE database = currentDatabase() AND table = ? AND active
			AND toUInt64(partition) IN (SELECT import_id FROM import_events GROUP BY import_id
				HAVING countIf(event = 'failed') > 0 AND countIf(event = 'committed') = 0)`
)

// dropAbandoned drops the partitions that killed imports and dry runs left
// behind, and those of failed imports that their own drop missed. They are invisible anyway; this only frees the space, so a
// failure is logged and the next command tries again.
func (db *DB) dropAbandoned(ctx context.Context) {
	cutoff := time.Now().Add(-abandonedAfter).UTC()
	db.logFailure(ctx, "drop abandoned imports", db.dropPartitionsOf(ctx, "figures", abandonedImports, cutoff))
	db.logFailure(ctx, "drop abandoned imports' trade flows", db.dropPartitionsOf(ctx, "trade_flows", abandonedImports, cutoff))
	n := names{cluster: db.cluster}
	for _, table := range []string{"figures_staging", "trade_flows_staging"} {
		parts, err := db.partitionsOnEveryNode(ctx, abandonedDryRuns, n.Name(table), cutoff)
		for _, p := range parts {
			db.dropPartition(ctx, table, p)
		}
		db.logFailure(ctx, "drop abandoned dry runs", err, "table", table)
	}
	for _, table := range []string{"figures", "trade_flows"} {
		parts, err := db.partitionsOnEveryNode(ctx, failedLeftovers, n.Name(table))
		for _, p := range parts {
			db.dropPartition(ctx, table, p)
		}
		db.logFailure(ctx, "drop the rows of failed imports", err, "table", table)
	}
}

// dropPartitionsOf drops the partitions of table whose ids query selects.
func (db *DB) dropPartitionsOf(ctx context.Context, table, query string, args ...any) error {
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return wrap("partitions to drop", err)
	}
	var parts []uint64
	for rows.Next() {
		var p uint64
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return wrap("partitions to drop", err)
		}
		parts = append(parts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap("partitions to drop", err)
	}
	for _, p := range parts {
		db.dropPartition(ctx, table, p)
	}
	return nil
}
