package queries

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash"
)

// ImportMeta describes the file an import comes from.
type ImportMeta struct {
	File   string
	SHA256 string
}

// Counts sums up what an import does to the current figures.
type Counts struct {
	Rows      int // figures or milestones in the file
	New       int // not there before
	Changed   int // there with another value, qualifier, status, source or note
	Unchanged int
}

// Change is one figure an import would change: its current and new record.
type Change struct {
	Old, New tradedash.Figure
	Row      int // the row of the new value in the file
}

// stageSize is how many figures go to ClickHouse in one insert: large
// enough for ClickHouse to like the inserts, small enough to keep memory
// flat. A file of up to stageSize figures is therefore validated whole
// before anything is sent.
const stageSize = 50_000

// Import is one file on its way into the database. Its figures go, once,
// into the import's own partition of the figures table as they are read,
// and are compared there with the current figures, so a million-row file
// never has to fit in memory; milestones are kept in memory. Nothing is
// visible to readers until Commit appends the "committed" event. Abort
// drops the partition; a killed process leaves an invisible one that later
// imports drop. A dry run does the same in the figures_staging table.
type Import struct {
	db     *DB
	meta   ImportMeta
	dryRun bool
	id     uint64 // 0 for a dry run
	token  string
	table  string // figures, or figures_staging for a dry run
	part   uint64 // the partition: the import id, or a dry run's random batch

	cols       stageColumns
	sent       chan stageColumns
	sendErr    chan error // the sender's result, once, when sent is closed
	failed     atomic.Pointer[error]
	figures    int
	milestones []milestoneRow
	finished   bool
	strings    map[string]string // see intern
	beating    chan struct{}     // closed to stop the heartbeat
	lastBeat   atomic.Int64      // when the last heartbeat was written, in Unix ns
}

// stageColumns holds a batch of figures column by column, the form the
// native protocol sends without per-row conversions.
type stageColumns struct {
	exhibition, country, metric, source, note []string
	year                                      []uint16
	value                                     []float64
	qualifier, status                         []int8
	row                                       []uint32
}

func (c *stageColumns) len() int { return len(c.row) }

type milestoneRow struct {
	m   tradedash.Milestone
	row int
}

// BeginImport starts an import of meta's file. A dry run takes no import id
// and writes nothing to the import log.
func (db *DB) BeginImport(ctx context.Context, meta ImportMeta, dryRun bool) (*Import, error) {
	_, _ = db.RecoverKilled(ctx) // a failure here only leaves the killed imports to the next command
	db.dropAbandoned(ctx)
	imp := &Import{db: db, meta: meta, dryRun: dryRun, table: "figures_staging", part: randomBatch()}
	if !dryRun {
		id, token, err := db.claimImportID(ctx, meta)
		if err != nil {
			return nil, err
		}
		imp.id, imp.token, imp.table, imp.part = id, token, "figures", id
		if err := db.heartbeat(ctx, id, token); err != nil {
			_ = db.appendEvent(ctx, event{id: id, kind: "failed", token: token, meta: meta, message: err.Error()})
			return nil, err
		}
		imp.lastBeat.Store(time.Now().UnixNano())
		imp.beating = make(chan struct{})
		go imp.beat(context.WithoutCancel(ctx), imp.beating, heartbeatEvery)
	}
	imp.sent = make(chan stageColumns, 1)
	imp.sendErr = make(chan error, 1)
	go imp.sender(context.WithoutCancel(ctx), imp.sent)
	return imp, nil
}

// SetSHA256 records the file's checksum, known once the file is read; the
// "committed" event carries it.
func (imp *Import) SetSHA256(sum string) { imp.meta.SHA256 = sum }

// ID returns the import id, 0 for a dry run.
func (imp *Import) ID() uint64 { return imp.id }

// AddFigure stages one validated figure; row is its row in the file.
func (imp *Import) AddFigure(ctx context.Context, f tradedash.Figure, row int) error {
	q, err := enumIndex(tradedash.Qualifiers, f.Qualifier)
	if err != nil {
		return err
	}
	s, err := enumIndex(tradedash.Statuses, f.Status)
	if err != nil {
		return err
	}
	c := &imp.cols
	c.exhibition = append(c.exhibition, f.Exhibition)
	c.country = append(c.country, f.Country)
	c.metric = append(c.metric, f.Metric)
	c.year = append(c.year, uint16(f.Year))
	c.value = append(c.value, f.Value)
	c.qualifier = append(c.qualifier, q)
	c.status = append(c.status, s)
	c.source = append(c.source, imp.intern(f.Source))
	c.note = append(c.note, imp.intern(f.Note))
	c.row = append(c.row, uint32(row))
	imp.figures++
	if c.len() >= stageSize {
		return imp.flush(ctx)
	}
	return nil
}

// intern returns one shared copy of a source or note: a file repeats a
// handful of them on every row, and a copy per row would be most of the
// memory a large import needs.
func (imp *Import) intern(s string) string {
	if v, ok := imp.strings[s]; ok {
		return v
	}
	if len(imp.strings) < 10_000 {
		if imp.strings == nil {
			imp.strings = map[string]string{}
		}
		imp.strings[s] = s
	}
	return s
}

func enumIndex[T comparable](all []T, v T) (int8, error) {
	for i, x := range all {
		if x == v {
			return int8(i), nil
		}
	}
	return 0, fmt.Errorf("unknown value %v", v)
}

// flush hands the current batch to the sender goroutine, so that reading
// the file goes on while ClickHouse receives the previous batch.
func (imp *Import) flush(ctx context.Context) error {
	if imp.cols.len() == 0 {
		return nil
	}
	if err := imp.failed.Load(); err != nil {
		return *err
	}
	select {
	case imp.sent <- imp.cols:
	case <-ctx.Done():
		return ctx.Err()
	}
	imp.cols = stageColumns{}
	return nil
}

// sender writes the batches it is handed as blocks of one INSERT, which
// ClickHouse squashes into large parts as it would a file loaded by
// clickhouse-client. After a failure it drops the rest; flush sees the
// failure and stops the import early, and stop returns it.
func (imp *Import) sender(ctx context.Context, batches <-chan stageColumns) {
	var insert driver.Batch
	var failed error
	for cols := range batches {
		if failed != nil {
			continue
		}
		if insert == nil {
			insert, failed = imp.db.conn.PrepareBatch(ctx, `INSERT INTO `+imp.table+`
				(exhibition, country, metric, year, value, qualifier, status, source, note, import_id, file_row)`)
		}
		if failed == nil {
			failed = appendBlock(insert, imp.part, cols)
		}
		if failed != nil {
			failed = wrap("write figures", failed)
			imp.failed.Store(&failed)
		}
	}
	if insert != nil {
		if failed == nil {
			failed = wrap("write figures", insert.Send())
		} else {
			insert.Abort()
		}
	}
	imp.sendErr <- failed
}

// appendBlock sends one block of figures, column by column.
func appendBlock(insert driver.Batch, part uint64, c stageColumns) error {
	ids := make([]uint64, c.len())
	for i := range ids {
		ids[i] = part
	}
	columns := []any{c.exhibition, c.country, c.metric, c.year, c.value,
		c.qualifier, c.status, c.source, c.note, ids, c.row}
	for i, col := range columns {
		if err := insert.Column(i).Append(col); err != nil {
			return err
		}
	}
	return insert.Flush()
}

// wait sends what is buffered and waits until every batch is in ClickHouse.
func (imp *Import) wait(ctx context.Context) error {
	if imp.sent == nil {
		return nil
	}
	if err := imp.flush(ctx); err != nil {
		imp.stop()
		return err
	}
	return imp.stop()
}

// stop ends the sender goroutine without sending what is still buffered.
func (imp *Import) stop() error {
	if imp.sent == nil {
		return nil
	}
	close(imp.sent)
	imp.sent = nil
	return <-imp.sendErr
}

// AddMilestone keeps one validated milestone for the commit.
func (imp *Import) AddMilestone(m tradedash.Milestone, row int) {
	imp.milestones = append(imp.milestones, milestoneRow{m: m, row: row})
}

// joinedFigures joins an import's rows (in %s, partition ?) with the
// current figures of the same exhibitions, %c: from the current generation
// or, while there is none, aggregated from the history. Rows with no
// current figure have cur_import_id 0. The import's own rows are not
// current: it has not committed.
const joinedFigures = `
	SELECT exhibition, country, metric, year, value, qualifier, status, source, note, file_row,
		cur_value, cur_qualifier, cur_status, cur_source, cur_note, cur_import_id
	FROM (
		SELECT exhibition, country, metric, year, value, qualifier, status, source, note, file_row
		FROM %s WHERE import_id = ?
	) ANY LEFT JOIN (%c) USING (exhibition, country, metric, year)`

// generationSide and aggregatedSide are the current figures of the
// exhibitions in %s, partition ?, for joinedFigures.
const (
	generationSide = `
		SELECT exhibition, country, metric, year,
			value AS cur_value, qualifier AS cur_qualifier, status AS cur_status,
			source AS cur_source, note AS cur_note, import_id AS cur_import_id
		FROM figures_current
		WHERE generation = ? AND exhibition IN (SELECT DISTINCT exhibition FROM %s WHERE import_id = ?)`
	aggregatedSide = `
		SELECT exhibition, country, metric, year,
			argMax(value, import_id) AS cur_value, argMax(qualifier, import_id) AS cur_qualifier,
			argMax(status, import_id) AS cur_status, argMax(source, import_id) AS cur_source,
			argMax(note, import_id) AS cur_note, max(import_id) AS cur_import_id
		FROM figures
		WHERE exhibition IN (SELECT DISTINCT exhibition FROM %s WHERE import_id = ?)
			AND import_id IN (` + visibleImports + `)
		GROUP BY exhibition, country, metric, year`
)

// joined returns joinedFigures for the import and its arguments.
func (imp *Import) joined(ctx context.Context) (string, []any, error) {
	g, err := imp.db.generation(ctx)
	if err != nil {
		return "", nil, err
	}
	side, args := generationSide, []any{imp.part, g, imp.part}
	if g == 0 {
		side, args = aggregatedSide, []any{imp.part, imp.part}
	}
	return strings.ReplaceAll(strings.Replace(joinedFigures, "%c", side, 1), "%s", imp.table), args, nil
}

const figureDiffers = `(value != cur_value OR qualifier != cur_qualifier OR status != cur_status
	OR source != cur_source OR note != cur_note)`

// Counts sends what is still buffered and compares the staged figures and
// the milestones with the current ones.
func (imp *Import) Counts(ctx context.Context) (Counts, error) {
	if err := imp.wait(ctx); err != nil {
		return Counts{}, err
	}
	var c Counts
	if imp.figures > 0 {
		joined, args, err := imp.joined(ctx)
		if err != nil {
			return Counts{}, err
		}
		var rows, nw, changed uint64
		err = imp.db.conn.QueryRow(ctx, `SELECT count(), countIf(cur_import_id = 0),
			countIf(cur_import_id != 0 AND `+figureDiffers+`) FROM (`+joined+`)`,
			args...).Scan(&rows, &nw, &changed)
		if err != nil {
			return Counts{}, wrap("compare figures", err)
		}
		c.Rows, c.New, c.Changed = int(rows), int(nw), int(changed)
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
	joined, args, err := imp.joined(ctx)
	if err != nil {
		return err
	}
	rows, err := imp.db.conn.Query(ctx, `SELECT exhibition, country, metric, year,
			value, qualifier, status, source, note, file_row,
			cur_value, cur_qualifier, cur_status, cur_source, cur_note, cur_import_id
		FROM (`+joined+`) WHERE cur_import_id != 0 AND `+figureDiffers+` ORDER BY file_row`,
		args...)
	if err != nil {
		return wrap("changed figures", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch Change
		var year uint16
		var row uint32
		var q, s, oq, os string
		if err := rows.Scan(&ch.New.Exhibition, &ch.New.Country, &ch.New.Metric, &year,
			&ch.New.Value, &q, &s, &ch.New.Source, &ch.New.Note, &row,
			&ch.Old.Value, &oq, &os, &ch.Old.Source, &ch.Old.Note, &ch.Old.ImportID); err != nil {
			return wrap("changed figures", err)
		}
		ch.New.Year, ch.Row = int(year), int(row)
		ch.New.Qualifier, ch.New.Status = tradedash.Qualifier(q), tradedash.Status(s)
		ch.Old.Exhibition, ch.Old.Country, ch.Old.Metric, ch.Old.Year = ch.New.Exhibition, ch.New.Country, ch.New.Metric, ch.New.Year
		ch.Old.Qualifier, ch.Old.Status = tradedash.Qualifier(oq), tradedash.Status(os)
		if err := fn(ch); err != nil {
			return err
		}
	}
	return wrap("changed figures", rows.Err())
}

// ErrDryRun is returned by Commit on a dry run.
var ErrDryRun = errors.New("a dry run cannot be committed")

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
	// The current figures with these imports, published before the
	// events make them visible, so readers switch to them at once.
	covers, err := db.visible(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(imps))
	for i, imp := range imps {
		ids[i] = imp.id
		covers = append(covers, imp.id)
	}
	slices.Sort(covers)
	if err := db.buildGeneration(ctx, slices.Compact(covers)); err != nil {
		return nil, err
	}
	for _, imp := range imps {
		if err := imp.alive(); err != nil {
			return nil, err
		}
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
	_ = db.RefreshCurrent(ctx)
	// A command that took one of these imports for killed (see
	// RecoverKilled) wrote its "lost" event before this check, and may
	// have dropped the rows: it drops them only when it sees no commit.
	// Which came first is unknown, so the imports are hidden, and the
	// user must hear that it did not work. (Should this check itself
	// fail, the commit stands: it is written.)
	var lost uint64
	err = db.conn.QueryRow(ctx, `SELECT count() FROM import_events
		WHERE import_id IN ? AND event = 'lost' AND message != ''`, clickhouse.GroupSet{Value: ids}).Scan(&lost)
	if err == nil && lost > 0 {
		// All of them: the files of one command are visible all
		// together or not at all.
		for _, e := range events {
			_ = db.hideDropped(ctx, e)
		}
		_ = db.RefreshCurrent(ctx)
		return nil, errors.New("commit: another command took this import for killed and dropped it: import again")
	}
	return counts, nil
}

// Abort ends an import that will not be committed: the log records it as
// failed with reason, and its staged rows are dropped.
func (imp *Import) Abort(ctx context.Context, reason string) error {
	if imp.finished {
		return nil
	}
	imp.finished = true
	imp.stopBeat()
	_ = imp.stop()
	ctx = context.WithoutCancel(ctx)
	imp.db.dropPartition(ctx, imp.table, imp.part)
	if imp.dryRun {
		return nil
	}
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	return imp.db.appendEvent(ctx, event{id: imp.id, kind: "failed", token: imp.token,
		meta: imp.meta, counts: Counts{Rows: imp.figures + len(imp.milestones)}, message: reason})
}

func (db *DB) dropPartition(ctx context.Context, table string, part uint64) {
	_ = db.conn.Exec(ctx, fmt.Sprintf("ALTER TABLE %s DROP PARTITION %d", table, part))
}

// abandonedAfter is how long an import may run before a later one takes it
// for killed and drops its rows; far longer than any import runs.
var abandonedAfter = 6 * time.Hour

// dropAbandoned drops the partitions that killed imports and dry runs left
// behind. They are invisible anyway; this only frees the space.
func (db *DB) dropAbandoned(ctx context.Context) {
	cutoff := time.Now().Add(-abandonedAfter).UTC()
	for _, q := range []struct{ table, sql string }{
		{"figures", `SELECT import_id FROM import_events GROUP BY import_id
			HAVING countIf(event IN ('committed', 'failed')) = 0 AND max(at) < ?`},
		{"figures_staging", `SELECT DISTINCT toUInt64(partition) FROM system.parts
			WHERE database = currentDatabase() AND table = 'figures_staging' AND active
				AND modification_time < ?`},
	} {
		_ = db.dropPartitionsOf(ctx, q.table, q.sql, cutoff) // only frees space: the next command tries again
	}
}

// dropPartitionsOf drops the partitions of table whose ids query selects.
func (db *DB) dropPartitionsOf(ctx context.Context, table, query string, args ...any) error {
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	var parts []uint64
	for rows.Next() {
		var p uint64
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		parts = append(parts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range parts {
		db.dropPartition(ctx, table, p)
	}
	return nil
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
// Russian), so fixing a translation changes a milestone rather than adding
// one.
func milestoneKey(m tradedash.Milestone) string {
	title := m.TitleRU
	if title == "" {
		title = m.TitleEN
	}
	return strings.Join([]string{m.Exhibition, m.Country, m.Date.Format(time.DateOnly),
		string(m.Precision), strings.ToLower(strings.TrimSpace(title))}, "\x00")
}

func sameMilestone(a, b tradedash.Milestone) bool {
	return a.TitleRU == b.TitleRU && a.TitleEN == b.TitleEN && a.Source == b.Source && a.Note == b.Note
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
		(exhibition, country, date, precision, title_ru, title_en, source, note, import_id, file_row)`)
	if err != nil {
		return wrap("write milestones", err)
	}
	for _, r := range imp.milestones {
		m := r.m
		if err := batch.Append(m.Exhibition, m.Country, m.Date, string(m.Precision), m.TitleRU, m.TitleEN,
			m.Source, m.Note, imp.id, uint32(r.row)); err != nil {
			batch.Abort()
			return wrap("write milestones", err)
		}
	}
	return wrap("write milestones", batch.Send())
}

// Conflict is a figure that two files of one import command give
// different values, qualifiers, statuses, sources or notes: which one is
// meant is for the person to say, not for the argument order.
type Conflict struct {
	First, Second       tradedash.Figure
	FirstRow, SecondRow int
	FirstFile           string
	SecondFile          string
}

// Conflicts finds figures that several imports (of one command, all dry
// runs or none) give differently, at most limit of them.
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
	db, table := imps[0].db, imps[0].table
	rows, err := db.conn.Query(ctx, `SELECT exhibition, country, metric, year,
			groupArray(import_id), groupArray(file_row), groupArray(value),
			groupArray(toString(qualifier)), groupArray(toString(status)),
			groupArray(source), groupArray(note)
		FROM `+table+` WHERE import_id IN ?
		GROUP BY exhibition, country, metric, year
		HAVING uniqExact(import_id) > 1 AND uniqExact(value, qualifier, status, source, note) > 1
		ORDER BY exhibition, country, metric, year
		LIMIT ?`, clickhouse.GroupSet{Value: parts}, limit)
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
		var qs, ss, sources, notes []string
		if err := rows.Scan(&key.Exhibition, &key.Country, &key.Metric, &year, &ids, &fileRows, &values,
			&qs, &ss, &sources, &notes); err != nil {
			return nil, wrap("conflicts", err)
		}
		key.Year = int(year)
		at := func(i int) tradedash.Figure {
			f := key
			f.Value, f.Qualifier, f.Status = values[i], tradedash.Qualifier(qs[i]), tradedash.Status(ss[i])
			f.Source, f.Note = sources[i], notes[i]
			return f
		}
		// Order by file as given on the command line, then report the
		// first entry that another file contradicts.
		first, second := 0, -1
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
		out = append(out, Conflict{First: at(first), Second: at(second),
			FirstRow: int(fileRows[first]), SecondRow: int(fileRows[second]),
			FirstFile: imps[order[ids[first]]].meta.File, SecondFile: imps[order[ids[second]]].meta.File})
	}
	return out, wrap("conflicts", rows.Err())
}
