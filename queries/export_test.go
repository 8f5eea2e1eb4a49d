package queries

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"tradedash"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// SetAbandonedAfter changes how old an unfinished import must be to count
// as killed, for the duration of a test.
func SetAbandonedAfter(d time.Duration) (restore func()) {
	old := abandonedAfter
	abandonedAfter = d
	return func() { abandonedAfter = old }
}

// SetHeartbeat changes how often imports write heartbeats and how old the
// last one may be before an import counts as dead, for a test.
func SetHeartbeat(every, stale time.Duration) (restore func()) {
	oldEvery, oldStale := heartbeatEvery, staleAfter
	heartbeatEvery, staleAfter = every, stale
	return func() { heartbeatEvery, staleAfter = oldEvery, oldStale }
}

// SetStaleAfter changes only how old the last heartbeat may be, for a test
// that changes it while an import's heartbeat runs (which reads
// heartbeatEvery).
func SetStaleAfter(stale time.Duration) (restore func()) {
	old := staleAfter
	staleAfter = stale
	return func() { staleAfter = old }
}

// StopHeartbeat makes an import fall silent, as a hung process or one on a
// host that died would.
func (imp *Import) StopHeartbeat() { imp.stopBeat() }

// SetFirstPage changes the size of EachFigure's first page, for a test.
func SetFirstPage(n int) (restore func()) {
	old := firstPage
	firstPage = n
	return func() { firstPage = old }
}

// SetBeforeLost makes RecoverKilled call f just before it writes an
// import's "lost" event, for a test.
func SetBeforeLost(f func(id uint64)) (restore func()) {
	old := beforeLost
	beforeLost = f
	return func() { beforeLost = old }
}

// SetBeforeFill makes buildGeneration call f with the base it chose just
// before it copies the base's rows of a figures generation, for a test.
func SetBeforeFill(f func(db *DB, base uint64)) (restore func()) {
	return setBeforeFill(figureSet, f)
}

// SetBeforeTradeFill is SetBeforeFill for trade generations.
func SetBeforeTradeFill(f func(db *DB, base uint64)) (restore func()) {
	return setBeforeFill(tradeSet, f)
}

func setBeforeFill(set *currentSet, f func(db *DB, base uint64)) (restore func()) {
	old := beforeFill
	beforeFill = func(db *DB, s *currentSet, base uint64) {
		if s == set {
			f(db, base)
		}
	}
	return func() { beforeFill = old }
}

// DropGeneration marks figures generation id dropped and drops its rows,
// as dropUnused does.
func (db *DB) DropGeneration(ctx context.Context, id uint64) error {
	return db.dropGenerations(ctx, figureSet, []uint64{id})
}

// DropTradeGeneration is DropGeneration for trade generations.
func (db *DB) DropTradeGeneration(ctx context.Context, id uint64) error {
	return db.dropGenerations(ctx, tradeSet, []uint64{id})
}

// Generation returns the current generation, 0 when there is none.
func (db *DB) Generation(ctx context.Context) (uint64, error) { return db.generation(ctx) }

// TradeGeneration returns the current trade generation, 0 when there is
// none.
func (db *DB) TradeGeneration(ctx context.Context) (uint64, error) { return db.tradeGeneration(ctx) }

// SetGenerationRetention changes how long superseded generations are
// kept, for a test.
func SetGenerationRetention(d time.Duration) (restore func()) {
	old := generationRetention
	generationRetention = d
	return func() { generationRetention = old }
}

// GenerationCovers returns the imports each figures generation not
// dropped covers.
func (db *DB) GenerationCovers(ctx context.Context) ([][]uint64, error) {
	return db.generationCovers(ctx, figureSet)
}

// TradeGenerationCovers is GenerationCovers for trade generations.
func (db *DB) TradeGenerationCovers(ctx context.Context) ([][]uint64, error) {
	return db.generationCovers(ctx, tradeSet)
}

func (db *DB) generationCovers(ctx context.Context, s *currentSet) ([][]uint64, error) {
	gens, err := db.generations(ctx, s)
	var out [][]uint64
	for _, g := range gens {
		out = append(out, g.covers)
	}
	return out, err
}

// SetBeforeEvents makes CommitAll call f just before it appends the
// "committed" events, and stop there with f's error, for a test.
func SetBeforeEvents(f func() error) (restore func()) {
	old := beforeEvents
	beforeEvents = f
	return func() { beforeEvents = old }
}

// TradeFlowsFromHistory is TradeFlows aggregating the history, as readers
// do while there is no trade generation.
func (db *DB) TradeFlowsFromHistory(ctx context.Context, f TradeFilter) ([]tradedash.TradeFlow, error) {
	return db.tradeFlowsOf(ctx, "", "trade flows", f.where(), tradeFlowsOrder)
}

// TradeChaptersFromHistory is TradeChapters aggregating the history.
func (db *DB) TradeChaptersFromHistory(ctx context.Context, reporter, partner string, flow tradedash.Flow, year int) ([]tradedash.TradeFlow, error) {
	return db.tradeFlowsOf(ctx, "", "trade chapters", chaptersWhere(reporter, partner, flow, year), tradeChaptersOrder)
}

// TradeCurrentGenerations returns the generations whose rows trade_current
// holds, sorted.
func (db *DB) TradeCurrentGenerations(ctx context.Context) ([]uint64, error) {
	var gens []uint64
	err := db.conn.QueryRow(ctx, `SELECT arraySort(groupUniqArray(generation)) FROM trade_current`).Scan(&gens)
	return gens, err
}

// MigrateTo applies the migrations up to version, leaving the database as
// the release that had only those left it.
func (db *DB) MigrateTo(ctx context.Context, version uint32) error { return db.migrateTo(ctx, version) }

// TradeReadTimes is where the time of one TradeFlows read goes, read the
// way it was before the generation was chosen inside the data statement:
// a round trip for the generation, then the data statement.
type TradeReadTimes struct {
	Lookup time.Duration // the round trip that finds the current generation
	Query  time.Duration // the data statement: sent, run, its blocks received and decoded by the driver
	Scan   time.Duration // rows.Scan of every row into Go values
	Post   time.Duration // the TradeFlow values built from them
	Rows   int
}

// TimeTradeFlows reads what TradeFlows reads, as two round trips, and
// says where the time went.
func (db *DB) TimeTradeFlows(ctx context.Context, f TradeFilter) (TradeReadTimes, error) {
	var t TradeReadTimes
	start := time.Now()
	g, err := db.tradeGeneration(ctx)
	t.Lookup = time.Since(start)
	if err != nil || g == 0 {
		return t, fmt.Errorf("no trade generation (%v)", err)
	}
	w := f.where()
	q, err := sqlf(currentTrade+` `+tradeFlowsOrder, names{table: "trade_current", where: w, generation: strconv.FormatUint(g, 10)})
	if err != nil {
		return t, err
	}
	start = time.Now()
	rows, err := db.conn.Query(ctx, q, w.args...)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for {
		ok := rows.Next()
		t.Query += time.Since(start)
		if !ok {
			break
		}
		start = time.Now()
		var tf tradedash.TradeFlow
		var flow, qual, status string
		var year uint16
		var month, ytd uint8
		if err := rows.Scan(&tf.Reporter, &tf.Partner, &flow, &year, &month, &ytd, &tf.Classification, &tf.Commodity,
			&tf.Description, &tf.ValueUSD, &tf.Quantity, &tf.QuantityUnit, &qual, &status, &tf.Source, &tf.Note, &tf.ImportID); err != nil {
			return t, err
		}
		t.Scan += time.Since(start)
		start = time.Now()
		tf.Flow, tf.Year, tf.Month, tf.YTD = tradedash.Flow(flow), int(year), int(month), ytd != 0
		tf.Qualifier, tf.Status = tradedash.Qualifier(qual), tradedash.TradeStatus(status)
		t.Rows++
		t.Post += time.Since(start)
		start = time.Now()
	}
	return t, rows.Err()
}

// CountStatements makes db count the statements it sends from now on
// (round trips to the server), for a test; call it before db is shared.
func (db *DB) CountStatements() *atomic.Int64 {
	c := &countingConn{Conn: db.conn.Conn}
	db.conn.Conn = c
	return &c.n
}

type countingConn struct {
	driver.Conn
	n atomic.Int64
}

func (c *countingConn) Query(ctx context.Context, q string, args ...any) (driver.Rows, error) {
	c.n.Add(1)
	return c.Conn.Query(ctx, q, args...)
}

func (c *countingConn) QueryRow(ctx context.Context, q string, args ...any) driver.Row {
	c.n.Add(1)
	return c.Conn.QueryRow(ctx, q, args...)
}

func (c *countingConn) Select(ctx context.Context, dest any, q string, args ...any) error {
	c.n.Add(1)
	return c.Conn.Select(ctx, dest, q, args...)
}

func (c *countingConn) Exec(ctx context.Context, q string, args ...any) error {
	c.n.Add(1)
	return c.Conn.Exec(ctx, q, args...)
}

// TimeChoices times, once each, the statements that choose the current
// trade generation: the look-up alone, the same with throwIf (as reads
// write it inside), and the pair-by-year read with the generation
// written in as a number, chosen inside with throwIf, and chosen inside
// without it.
func (db *DB) TimeChoices(ctx context.Context, f TradeFilter) ([5]time.Duration, error) {
	var out [5]time.Duration
	g, err := db.tradeGeneration(ctx)
	if err != nil {
		return out, err
	}
	w := f.where()
	stmts := []string{tradeSet.currentSQL, "SELECT " + tradeSet.chosen}
	for _, gen := range []string{strconv.FormatUint(g, 10), tradeSet.chosen, "(" + tradeSet.currentSQL + ")"} {
		q, err := sqlf(currentTrade+` `+tradeFlowsOrder, names{table: "trade_current", where: w, generation: gen})
		if err != nil {
			return out, err
		}
		stmts = append(stmts, q)
	}
	for i, q := range stmts {
		args := w.args
		if i < 2 {
			args = nil
		}
		start := time.Now()
		rows, err := db.conn.Query(ctx, q, args...)
		if err != nil {
			return out, err
		}
		for rows.Next() {
		}
		rows.Close()
		out[i] = time.Since(start)
		if err := rows.Err(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// FiguresFromHistory reads the figures as EachFigure does while there is
// no generation.
func (db *DB) FiguresFromHistory(ctx context.Context, f FigureFilter) ([]tradedash.Figure, error) {
	having := &where{}
	having.in("c_basis", f.bases())
	var out []tradedash.Figure
	_, err := db.eachFigure(ctx, func() {}, aggregatedFigures, names{where: f.figureWhere(), having: having},
		func(fig tradedash.Figure) error { out = append(out, fig); return nil })
	return out, err
}

// AddRetraction stages the retraction of f's claim.
func (imp *Import) AddRetraction(ctx context.Context, f tradedash.Figure, row int) error {
	return imp.addClaim(ctx, f, row, true)
}

// WriteOldFigures writes figs into import id's partition with the columns
// figures had before 007.
func (db *DB) WriteOldFigures(ctx context.Context, id uint64, figs []tradedash.Figure) error {
	batch, err := db.conn.PrepareBatch(ctx, `INSERT INTO figures
		(exhibition, country, metric, year, value, qualifier, status, source, note, import_id, file_row)`)
	if err != nil {
		return err
	}
	for i, f := range figs {
		if err := batch.Append(f.Exhibition, f.Country, f.Metric, uint16(f.Year), f.Value,
			string(f.Qualifier), string(f.Status), f.Source, f.Note, id, uint32(i+2)); err != nil {
			return err
		}
	}
	return batch.Send()
}

// CommitOld makes imp visible as the release before 007 did, without a
// generation (readers aggregate the history).
func (db *DB) CommitOld(ctx context.Context, imp *Import) error {
	imp.finished = true
	imp.stopBeat()
	if err := imp.stop(); err != nil {
		return err
	}
	return db.appendEvent(ctx, event{id: imp.id, kind: "committed", token: imp.token, meta: imp.meta})
}

// NodeRows counts the rows of import id that the node db is connected to
// holds itself, in figures_local: a test of a cluster compares replicas.
func (db *DB) NodeRows(ctx context.Context, id uint64) (uint64, error) {
	var n uint64
	err := db.conn.QueryRow(ctx, "SELECT count() FROM figures_local WHERE import_id = ?", id).Scan(&n)
	return n, err
}

// Exec runs a statement as db's user: tests of what a user may do.
func (db *DB) Exec(ctx context.Context, q string) error { return db.conn.Exec(ctx, q) }
