package queries

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash"
)

// Moving a single server's database to a cluster (tradedash to-cluster):
// CopyToCluster copies it, VerifyCopy compares the two.

// copiedData are the tables whose rows are copied import by import: every
// import's rows, the history. The staging tables hold only dry runs, and
// the current tables are built anew on the cluster.
var copiedData = []string{"figures", "milestones", "trade_flows"}

// copiedLogs are the logs copied whole, as they are.
var copiedLogs = []string{"import_heartbeats", "trade_imports", "figures_generations", "trade_generations", "import_events"}

// ErrTargetNotEmpty is returned by CopyToCluster and TargetEmpty when the
// cluster's database already holds rows.
var ErrTargetNotEmpty = errors.New("the target database already holds data")

// A CopyCheck is one line of the verification of a copy: the rows of one
// table that one import wrote (ImportID 0 for a log, whole), counted and
// summed (cityHash64 of every column) on the source and on the cluster.
type CopyCheck struct {
	Table    string
	ImportID uint64
	// Source and Cluster are the rows and their checksum on the source
	// and, on the cluster, summed over its shards (the first replica
	// that answers of each).
	Source, Cluster Tally
	// Replicas is how many replicas were compared; Differing names
	// those whose rows differ from their shard's first replica.
	Replicas  int
	Differing []string
}

// OK tells whether the cluster holds exactly the source's rows, on every
// replica.
func (c CopyCheck) OK() bool { return c.Source == c.Cluster && len(c.Differing) == 0 }

// Tally is a count of rows and the sum of their hashes.
type Tally struct{ Rows, Sum uint64 }

// TargetEmpty returns nil when the database of db does not exist yet or
// none of the tables a copy writes holds a row, and otherwise an error
// wrapping ErrTargetNotEmpty that names the first that does. It writes
// nothing.
func (db *DB) TargetEmpty(ctx context.Context) error {
	opts := *db.opts
	opts.Auth.Database = "default" // the database may not exist yet
	opts.MaxOpenConns = 1
	conn, err := clickhouse.Open(&opts)
	if err != nil {
		return wrap("target tables", err)
	}
	defer conn.Close()
	rows, err := conn.Query(ctx, "SELECT name FROM system.tables WHERE database = ?", db.database)
	if err != nil {
		return wrap("target tables", err)
	}
	var exist []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return wrap("target tables", err)
		}
		exist = append(exist, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap("target tables", err)
	}
	dbName, _ := ident("database", db.database)
	for _, t := range append(slices.Clone(copiedData), copiedLogs...) {
		if !slices.Contains(exist, t) {
			continue
		}
		var n uint64
		if err := conn.QueryRow(ctx, "SELECT count() FROM "+dbName+".`"+t+"`").Scan(&n); err != nil {
			return wrap("target tables", err)
		}
		if n > 0 {
			return fmt.Errorf("%s: %d rows in %s: %w", db.database, n, t, ErrTargetNotEmpty)
		}
	}
	return nil
}

// CopyToCluster copies the database of src, a single server, to dst, a
// database on a cluster that TargetEmpty finds empty, and migrates first:
// every import's figures, milestones and trade flows, import by import
// with their ids (so the history and every rollback stay as they were),
// then the logs as they are, the import log last, so that nothing is
// visible on the cluster before all of it is there, on every replica.
// The generations copied from the source are marked dropped there (their
// rows are not copied) and the current ones built on the cluster. It
// never writes to src, whose schema must be current. progress, when not
// nil, hears of each table and import as it is copied.
func CopyToCluster(ctx context.Context, src, dst *DB, progress func(table string, importID uint64, rows int)) error {
	if dst.cluster == "" {
		return errors.New("copy to cluster: the target is not on a cluster")
	}
	if err := src.SchemaCurrent(ctx); err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if err := dst.TargetEmpty(ctx); err != nil {
		return err
	}
	if err := dst.Migrate(ctx); err != nil {
		return err
	}
	// Migrating an empty database writes no import; anything else means
	// someone else writes to it now.
	if err := dst.TargetEmpty(ctx); err != nil {
		return err
	}
	for _, table := range copiedData {
		ids, err := src.importIDs(ctx, table)
		if err != nil {
			return err
		}
		for _, id := range ids {
			n, err := copyRows(ctx, src, dst, table, "WHERE import_id = ?", id)
			if err != nil {
				return fmt.Errorf("copy %s of import %d: %w", table, id, err)
			}
			if err := dst.checkReplicas(ctx, table, "import_id", id, int64(n)); err != nil {
				return fmt.Errorf("copy %s of import %d: %w", table, id, err)
			}
			if progress != nil {
				progress(table, id, n)
			}
		}
	}
	for _, table := range copiedLogs {
		n, err := copyRows(ctx, src, dst, table, "")
		if err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		if strings.HasSuffix(table, "_generations") {
			if err := dst.dropCopiedGenerations(ctx, table); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(table, 0, n)
		}
	}
	return dst.RefreshCurrent(ctx)
}

// importIDs returns the ids of the imports with rows in table, in order.
func (db *DB) importIDs(ctx context.Context, table string) ([]uint64, error) {
	rows, err := db.conn.Query(ctx, "SELECT DISTINCT import_id FROM "+table+" ORDER BY import_id")
	if err != nil {
		return nil, wrap("imports of "+table, err)
	}
	defer rows.Close()
	var ids []uint64
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("imports of "+table, err)
		}
		ids = append(ids, id)
	}
	return ids, wrap("imports of "+table, rows.Err())
}

// copyBlock is how many rows go to the cluster in one INSERT.
const copyBlock = 100_000

// copyRows copies the rows of table that where (a condition on args, or
// nothing) selects from src to dst, column by column as they are, and
// returns how many it copied.
func copyRows(ctx context.Context, src, dst *DB, table, where string, args ...any) (int, error) {
	cols, err := src.columns(ctx, table)
	if err != nil {
		return 0, err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.quoted
	}
	list := strings.Join(names, ", ")
	rows, err := src.conn.Query(ctx, "SELECT "+list+" FROM "+table+" "+where, args...)
	if err != nil {
		return 0, wrap("read source", err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	vals := make([]any, len(types))
	for i, t := range types {
		vals[i] = reflect.New(t.ScanType()).Interface()
	}
	row := make([]any, len(vals))
	var batch driver.Batch
	n, inBatch := 0, 0
	send := func() error {
		if batch == nil {
			return nil
		}
		err := batch.Send()
		batch, inBatch = nil, 0
		return wrap("write cluster", err)
	}
	for rows.Next() {
		if err := rows.Scan(vals...); err != nil {
			return n, wrap("read source", err)
		}
		if batch == nil {
			if batch, err = dst.conn.PrepareBatch(ctx, "INSERT INTO "+table+" ("+list+")"); err != nil {
				return n, wrap("write cluster", err)
			}
		}
		for i, v := range vals {
			row[i] = reflect.ValueOf(v).Elem().Interface()
		}
		if err := batch.Append(row...); err != nil {
			dst.logFailure(ctx, "abort a copy's insert", batch.Abort())
			return n, wrap("write cluster", err)
		}
		n++
		if inBatch++; inBatch == copyBlock {
			if err := send(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		if batch != nil {
			dst.logFailure(ctx, "abort a copy's insert", batch.Abort())
		}
		return n, wrap("read source", err)
	}
	return n, send()
}

// dropCopiedGenerations marks dropped every generation the copied log
// table (figures_generations or trade_generations) publishes: their rows
// stayed on the source, so no reader on the cluster may choose them.
func (db *DB) dropCopiedGenerations(ctx context.Context, log string) error {
	for _, s := range currentSets {
		if s.log != log {
			continue
		}
		gens, err := db.generations(ctx, s)
		if err != nil {
			return err
		}
		if len(gens) == 0 {
			return nil
		}
		batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO "+log+" (generation, event, covers, at)")
		if err != nil {
			return wrap("drop copied generations", err)
		}
		for _, g := range gens {
			if err := batch.Append(g.id, "dropped", []uint64{}, time.Now().UTC()); err != nil {
				db.logFailure(ctx, "abort marking copied generations dropped", batch.Abort())
				return wrap("drop copied generations", err)
			}
		}
		return wrap("drop copied generations", batch.Send())
	}
	return fmt.Errorf("drop copied generations: %s is no generations' log", log)
}

// column is a column of a table, as system.columns lists it.
type column struct{ name, quoted, typ string }

// columns returns the columns of table on db's node, in order.
func (db *DB) columns(ctx context.Context, table string) ([]column, error) {
	rows, err := db.conn.Query(ctx, `SELECT name, type FROM system.columns
		WHERE database = currentDatabase() AND table = ? ORDER BY position`, table)
	if err != nil {
		// 18.16's system.columns has no position; its rows come in
		// the table's order.
		rows, err = db.conn.Query(ctx, `SELECT name, type FROM system.columns
			WHERE database = currentDatabase() AND table = ?`, table)
	}
	if err != nil {
		return nil, wrap("columns of "+table, err)
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ); err != nil {
			return nil, wrap("columns of "+table, err)
		}
		if c.quoted, err = ident("column", c.name); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("columns of "+table, err)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("columns of %s: no such table", table)
	}
	return cols, nil
}

// checksum is the expression whose sum over rows is a table's checksum:
// cityHash64 of every column, a Nullable one as whether it is NULL and its
// value, an Enum as its name.
func checksum(cols []column) string {
	var args []string
	for _, c := range cols {
		switch {
		case strings.HasPrefix(c.typ, "Nullable("):
			args = append(args, "isNull("+c.quoted+")", "assumeNotNull("+c.quoted+")")
		case strings.HasPrefix(c.typ, "Enum"):
			args = append(args, "toString("+c.quoted+")")
		default:
			args = append(args, c.quoted)
		}
	}
	return "cityHash64(" + strings.Join(args, ", ") + ")"
}

// tallyKey is a table and an import (0: the whole table).
type tallyKey struct {
	table string
	id    uint64
}

// tallies counts and sums the rows of the copied tables on c, a single
// server or one node of a cluster (reading its own replicas, the _local
// tables), by table and import. cols are the columns the checksum covers:
// the source's.
func (db *DB) tallies(ctx context.Context, c driver.Conn, local bool, src *sourceShape) (map[tallyKey]Tally, error) {
	n := names{database: db.database, cluster: db.cluster}
	out := map[tallyKey]Tally{}
	for _, table := range append(slices.Clone(copiedData), copiedLogs...) {
		from := table
		if local {
			var err error
			if from, err = n.Local(table); err != nil {
				return nil, err
			}
		}
		by := "toUInt64(0)"
		if slices.Contains(copiedData, table) {
			by = "import_id"
		}
		f := src.filters[table]
		rows, err := c.Query(ctx, "SELECT "+by+", count(), sum("+checksum(src.cols[table])+") FROM "+from+
			" WHERE "+orTrue(f.cond)+" GROUP BY "+by, f.args...)
		if err != nil {
			return nil, wrap("tally "+table, err)
		}
		for rows.Next() {
			var k tallyKey
			var t Tally
			if err := rows.Scan(&k.id, &t.Rows, &t.Sum); err != nil {
				rows.Close()
				return nil, wrap("tally "+table, err)
			}
			k.table = table
			out[k] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, wrap("tally "+table, err)
		}
	}
	return out, nil
}

// sourceShape is what the verification of a copy takes from the source:
// the columns of every copied table, which the checksum covers, and the
// rows of each table that were copied as they are.
type sourceShape struct {
	cols    map[string][]column
	filters map[string]filter
}

// filter is a condition with its arguments.
type filter struct {
	cond string
	args []any
}

func orTrue(cond string) string {
	if cond == "" {
		return "1"
	}
	return cond
}

// shapeOf returns the shape of src's copied tables. The generations' logs
// on the cluster hold more than the source's: the "dropped" marks
// CopyToCluster adds to the generations it copied, and the generations it
// built. So they are compared over the source's rows: its generations,
// "published" and, for those it had dropped itself, "dropped".
func shapeOf(ctx context.Context, src *DB) (*sourceShape, error) {
	shape := &sourceShape{cols: map[string][]column{}, filters: map[string]filter{}}
	for _, table := range append(slices.Clone(copiedData), copiedLogs...) {
		c, err := src.columns(ctx, table)
		if err != nil {
			return nil, err
		}
		shape.cols[table] = c
	}
	for _, s := range currentSets {
		// 0, never a generation, keeps the arrays typed when empty.
		var all, dropped []uint64
		err := src.conn.QueryRow(ctx, `SELECT arrayPushBack(groupUniqArray(generation), toUInt64(0)),
			arrayPushBack(groupUniqArrayIf(generation, event = 'dropped'), toUInt64(0)) FROM `+s.log).Scan(&all, &dropped)
		if err != nil {
			return nil, wrap("generations of the source", err)
		}
		shape.filters[s.log] = filter{
			cond: "has(?, generation) AND (event = 'published' OR has(?, generation))",
			args: []any{all, dropped},
		}
	}
	return shape, nil
}

// SourceChecks returns what a copy of src would be checked against: a
// CopyCheck for each table and import, with only Source filled in. It
// reads src only.
func SourceChecks(ctx context.Context, src *DB) ([]CopyCheck, error) {
	if err := src.SchemaCurrent(ctx); err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	shape, err := shapeOf(ctx, src)
	if err != nil {
		return nil, err
	}
	tallies, err := src.tallies(ctx, src.conn, false, shape)
	if err != nil {
		return nil, err
	}
	return sortedChecks(tallies, func(k tallyKey, t Tally) CopyCheck {
		return CopyCheck{Table: k.table, ImportID: k.id, Source: t}
	}), nil
}

// VerifyCopy compares the copied tables of src and of dst, on a cluster:
// for each table and import, the rows and checksum on the source with
// their sum over the cluster's shards, and every replica's with its
// shard's first (for a log, with the cluster's first node). A replica that
// cannot be reached, or does not catch up (SYSTEM SYNC REPLICA), is an
// error wrapping tradedash.ErrUnavailable.
func VerifyCopy(ctx context.Context, src, dst *DB) ([]CopyCheck, error) {
	shape, err := shapeOf(ctx, src)
	if err != nil {
		return nil, err
	}
	source, err := src.tallies(ctx, src.conn, false, shape)
	if err != nil {
		return nil, err
	}
	nodes, err := dst.nodes(ctx)
	if err != nil {
		return nil, err
	}
	if nodes == nil {
		return nil, errors.New("verify copy: the target is not on a cluster")
	}
	checks := map[tallyKey]*CopyCheck{}
	check := func(k tallyKey) *CopyCheck {
		if checks[k] == nil {
			checks[k] = &CopyCheck{Table: k.table, ImportID: k.id, Source: source[k], Replicas: len(nodes)}
		}
		return checks[k]
	}
	for k := range source {
		check(k)
	}
	var firstNode map[tallyKey]Tally
	for _, group := range shards(nodes) {
		var first map[tallyKey]Tally
		for i, r := range group {
			t, err := dst.replicaTallies(ctx, r, shape)
			if err != nil {
				return nil, err
			}
			if firstNode == nil {
				firstNode = t
			}
			if i == 0 {
				first = t
				for k, v := range t {
					c := check(k)
					if slices.Contains(copiedLogs, k.table) {
						c.Cluster = v // whole on every node
						continue
					}
					c.Cluster.Rows += v.Rows
					c.Cluster.Sum += v.Sum
				}
			}
			for k := range keys(first, firstNode, t) {
				want := first[k]
				if slices.Contains(copiedLogs, k.table) {
					want = firstNode[k]
				}
				if t[k] != want {
					c := check(k)
					c.Differing = append(c.Differing, r.String())
				}
			}
		}
	}
	out := make([]CopyCheck, 0, len(checks))
	for _, c := range checks {
		out = append(out, *c)
	}
	sortChecks(out)
	return out, nil
}

// replicaTallies is tallies of the node r's own rows, once it has fetched
// every part its shard has.
func (db *DB) replicaTallies(ctx context.Context, r *node, shape *sourceShape) (map[tallyKey]Tally, error) {
	n := names{database: db.database, cluster: db.cluster}
	for _, table := range append(slices.Clone(copiedData), copiedLogs...) {
		local, err := n.Local(table)
		if err != nil {
			return nil, err
		}
		if err := r.sync(ctx, local); err != nil {
			return nil, fmt.Errorf("verify copy: %s: %s: %w: %w", table, r, tradedash.ErrUnavailable, err)
		}
	}
	t, err := db.tallies(ctx, r.conn, true, shape)
	if err != nil {
		return nil, fmt.Errorf("verify copy: %s: %w", r, err)
	}
	return t, nil
}

// sync waits until the node has fetched its shard's parts of table.
func (n *node) sync(ctx context.Context, table string) error {
	sctx, cancel := context.WithTimeout(ctx, syncTimeout)
	defer cancel()
	if err := n.conn.Exec(sctx, "SYSTEM SYNC REPLICA "+table); err != nil {
		if sctx.Err() != nil && ctx.Err() == nil {
			return fmt.Errorf("not in sync after %v", syncTimeout)
		}
		return err
	}
	return nil
}

// keys returns the keys of every tally.
func keys(tallies ...map[tallyKey]Tally) map[tallyKey]bool {
	out := map[tallyKey]bool{}
	for _, t := range tallies {
		for k := range t {
			out[k] = true
		}
	}
	return out
}

func sortedChecks(tallies map[tallyKey]Tally, check func(tallyKey, Tally) CopyCheck) []CopyCheck {
	var out []CopyCheck
	for k, t := range tallies {
		out = append(out, check(k, t))
	}
	sortChecks(out)
	return out
}

// sortChecks orders checks as the tables are copied, then by import.
func sortChecks(checks []CopyCheck) {
	order := append(slices.Clone(copiedData), copiedLogs...)
	slices.SortFunc(checks, func(a, b CopyCheck) int {
		if d := slices.Index(order, a.Table) - slices.Index(order, b.Table); d != 0 {
			return d
		}
		return cmp.Compare(a.ImportID, b.ImportID)
	})
}
