package queries

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash"
)

// ImportMeta describes the file an import comes from.
type ImportMeta struct {
	File   string
	SHA256 string
}

// stageSize is how many figures go to ClickHouse in one insert: large
// enough for ClickHouse to like the inserts, small enough to keep memory
// flat. A file of up to stageSize figures is therefore validated whole
// before anything is sent.
const stageSize = 50_000

// Import is one file on its way into the database. Its figures go, once,
// into the import's own partition of the figures table as they are read,
// and are compared there with the current figures (diff.go), so a
// million-row file never has to fit in memory; milestones are kept in
// memory (milestones.go). Nothing is visible to readers until Commit
// (commit.go) appends the "committed" event. Abort drops the partition; a
// killed process leaves an invisible one that later imports drop. A dry
// run does the same in the figures_staging table.
type Import struct {
	db     *DB
	meta   ImportMeta
	dryRun bool
	id     uint64 // 0 for a dry run
	token  string
	table  string // figures, or figures_staging for a dry run
	tradeT string // trade_flows, or trade_flows_staging for a dry run
	part   uint64 // the partition: the import id, or a dry run's random batch

	cols       stageColumns
	trade      tradeColumns // trade.go
	sent       chan block
	sendErr    chan error // the sender's result, once, when sent is closed
	failed     atomic.Pointer[error]
	figures    int
	tradeRows  int
	tradeOK    bool // TradeDuplicates found none since the last trade flow
	milestones []milestoneRow
	finished   bool
	strings    map[string]string // see intern
	beating    chan struct{}     // closed to stop the heartbeat
	lastBeat   atomic.Int64      // when the last heartbeat was written, in Unix ns
}

// stageColumns holds a batch of figures column by column, the form the
// native protocol sends without per-row conversions.
type stageColumns struct {
	exhibition, country, metric, source, sourceKey, note, certificate []string
	year                                                              []uint16
	value                                                             []float64
	qualifier, status, basis                                          []int8
	preferred, retracted                                              []uint8
	row                                                               []uint32
}

func (c stageColumns) len() int { return len(c.row) }

// block is a batch of staged rows of one table, column by column.
type block interface {
	len() int
	// insert returns the INSERT statement of the block's rows (a
	// template over names) and the table it writes to.
	insert(imp *Import) (stmt, table string)
	// columns returns the block's columns in the statement's order, the
	// partition's id as import_id.
	columns(part uint64) []any
}

func (c stageColumns) insert(imp *Import) (string, string) { return stageFigures, imp.table }

func (c stageColumns) columns(part uint64) []any {
	return []any{c.exhibition, c.country, c.metric, c.year, c.value,
		c.qualifier, c.status, c.basis, c.certificate, c.preferred,
		c.source, c.sourceKey, c.note, partIDs(part, c.len()), c.row, c.retracted}
}

// partIDs is the import_id column of a block of n rows.
func partIDs(part uint64, n int) []uint64 {
	ids := make([]uint64, n)
	for i := range ids {
		ids[i] = part
	}
	return ids
}

// BeginImport starts an import of meta's file. A dry run takes no import id
// and writes nothing to the import log. First it cleans up after imports
// that were killed (see RecoverKilled and dropAbandoned); failing that is
// logged and left to the next command.
func (db *DB) BeginImport(ctx context.Context, meta ImportMeta, dryRun bool) (*Import, error) {
	_, err := db.RecoverKilled(ctx)
	db.logFailure(ctx, "recover killed imports", err)
	db.dropAbandoned(ctx)
	imp := &Import{db: db, meta: meta, dryRun: dryRun, table: "figures_staging", tradeT: "trade_flows_staging", part: randomBatch()}
	if !dryRun {
		id, token, err := db.claimImportID(ctx, meta)
		if err != nil {
			return nil, err
		}
		imp.id, imp.token, imp.table, imp.tradeT, imp.part = id, token, "figures", "trade_flows", id
		if err := db.heartbeat(ctx, id, token); err != nil {
			failed := db.appendEvent(ctx, event{id: id, kind: "failed", token: token, meta: meta, message: err.Error()})
			db.logFailure(ctx, "record failed import", failed, "import", id)
			return nil, err
		}
		imp.lastBeat.Store(time.Now().UnixNano())
		imp.beating = make(chan struct{})
		go imp.beat(context.WithoutCancel(ctx), imp.beating, heartbeatEvery)
	}
	imp.sent = make(chan block, 1)
	imp.sendErr = make(chan error, 1)
	go imp.sender(context.WithoutCancel(ctx), imp.sent)
	return imp, nil
}

// SetSHA256 records the file's checksum, known once the file is read; the
// "committed" event carries it.
func (imp *Import) SetSHA256(sum string) { imp.meta.SHA256 = sum }

// ID returns the import id, 0 for a dry run.
func (imp *Import) ID() uint64 { return imp.id }

// AddFigure stages one validated figure, a claim; row is its row in the
// file. A figure with no basis is tradedash.Unstated.
func (imp *Import) AddFigure(ctx context.Context, f tradedash.Figure, row int) error {
	return imp.addClaim(ctx, f, row, false)
}

// addClaim stages one claim, or its retraction (see migrateMetrics).
func (imp *Import) addClaim(ctx context.Context, f tradedash.Figure, row int, retracted bool) error {
	q, err := enumIndex(tradedash.Qualifiers, f.Qualifier)
	if err != nil {
		return err
	}
	s, err := enumIndex(tradedash.Statuses, f.Status)
	if err != nil {
		return err
	}
	if f.Basis == "" {
		f.Basis = tradedash.Unstated
	}
	b, err := enumIndex(tradedash.Bases, f.Basis)
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
	c.basis = append(c.basis, b)
	c.certificate = append(c.certificate, imp.intern(f.Certificate))
	c.preferred = append(c.preferred, flag(f.Preferred))
	c.retracted = append(c.retracted, flag(retracted))
	c.source = append(c.source, imp.intern(f.Source))
	c.sourceKey = append(c.sourceKey, imp.intern(tradedash.NormalizeSource(f.Source)))
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

// flag is a UInt8 column's value of b.
func flag(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func enumIndex[T comparable](all []T, v T) (int8, error) {
	for i, x := range all {
		if x == v {
			return int8(i), nil
		}
	}
	return 0, fmt.Errorf("unknown value %v", v)
}

// flush hands the current batches to the sender goroutine, so that
// reading the file goes on while ClickHouse receives the previous batch.
func (imp *Import) flush(ctx context.Context) error {
	if err := imp.send(ctx, imp.cols); err != nil {
		return err
	}
	imp.cols = stageColumns{}
	if err := imp.send(ctx, imp.trade); err != nil {
		return err
	}
	imp.trade = tradeColumns{}
	return nil
}

// send hands one batch to the sender goroutine.
func (imp *Import) send(ctx context.Context, b block) error {
	if b.len() == 0 {
		return nil
	}
	if err := imp.failed.Load(); err != nil {
		return *err
	}
	select {
	case imp.sent <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stageFigures writes a batch of staged figures into the import's
// partition of its table.
const stageFigures = `INSERT INTO {{.Table}}
	(exhibition, country, metric, year, value, qualifier, status, basis, certificate, preferred,
	source, source_key, note, import_id, file_row, retracted)`

// sender writes the batches it is handed as blocks of one INSERT per
// table (figures, trade flows), which ClickHouse squashes into large parts
// as it would a file loaded by clickhouse-client. After a failure it drops
// the rest; flush sees the failure and stops the import early, and stop
// returns it.
func (imp *Import) sender(ctx context.Context, batches <-chan block) {
	inserts := map[string]driver.Batch{} // by table
	var tables []string                  // in the order of their first batch
	var failed error
	for b := range batches {
		if failed != nil {
			continue
		}
		stmt, table := b.insert(imp)
		insert := inserts[table]
		if insert == nil {
			var q string
			if q, failed = imp.db.sqlf(stmt, names{table: table}); failed == nil {
				insert, failed = imp.db.conn.PrepareBatch(ctx, q)
			}
			if failed == nil {
				inserts[table] = insert
				tables = append(tables, table)
			}
		}
		if failed == nil {
			failed = appendBlock(insert, b.columns(imp.part))
		}
		if failed != nil {
			failed = wrap("write "+table, failed)
			imp.failed.Store(&failed)
		}
	}
	for _, table := range tables {
		if failed == nil {
			if failed = wrap("write "+table, inserts[table].Send()); failed != nil {
				imp.failed.Store(&failed)
			}
		} else {
			imp.db.logFailure(ctx, "abort the insert of staged rows", inserts[table].Abort(), "import", imp.id, "table", table)
		}
	}
	imp.sendErr <- failed
}

// appendBlock sends one block of rows, column by column.
func appendBlock(insert driver.Batch, columns []any) error {
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
		// flush returns the sender's failure when there was one; any
		// other is not for the caller, who hears of err.
		if serr := imp.stop(); serr != err {
			imp.db.logFailure(ctx, "stage figures", serr, "import", imp.id)
		}
		return err
	}
	if err := imp.stop(); err != nil {
		return err
	}
	return imp.onEveryReplica(ctx)
}

// onEveryReplica waits, on a cluster, until every replica holds the rows
// the import sent (checkReplicas): a Distributed table reads a shard from
// either of its replicas, and the comparisons with the current figures
// (diff.go) must see every row whichever it reads.
func (imp *Import) onEveryReplica(ctx context.Context) error {
	if imp.figures > 0 {
		if err := imp.db.checkReplicas(ctx, imp.table, "import_id", imp.part, int64(imp.figures)); err != nil {
			return fmt.Errorf("stage figures: %w", err)
		}
	}
	if imp.tradeRows > 0 {
		if err := imp.db.checkReplicas(ctx, imp.tradeT, "import_id", imp.part, int64(imp.tradeRows)); err != nil {
			return fmt.Errorf("stage trade flows: %w", err)
		}
	}
	return nil
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
