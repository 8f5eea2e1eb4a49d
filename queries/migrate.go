package queries

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version    uint32
	name       string
	statements []statement
}

// statement is one statement of a migration, a template over names (see
// sqlf): {{.OnCluster}} is where its ON CLUSTER clause goes.
type statement struct {
	sql string
	// appliedIf, when set, is a query that counts more than zero once
	// the statement has taken effect, for a statement that cannot say
	// IF NOT EXISTS on every server (ADD COLUMN on 18.16): it is
	// skipped when already applied, and its failure is no failure when
	// another migrate applied it meanwhile.
	appliedIf string
}

// appliedIfPrefix starts the comment line that gives the statement after
// it an appliedIf query.
const appliedIfPrefix = "-- applied if:"

// migrations returns the embedded migrations in order. A file is named
// NNN_name.sql and holds statements separated by ";" at the end of a line.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for _, path := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(path, "migrations/"), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", path)
		}
		body, err := migrationFiles.ReadFile(path)
		if err != nil {
			return nil, err
		}
		m := migration{version: uint32(v), name: name}
		for _, stmt := range strings.Split(string(body), ";\n") {
			if s := stripComments(stmt); s.sql != "" {
				m.statements = append(m.statements, s)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// stripComments returns the statement without its comments, and its
// appliedIf query if a comment gives one.
func stripComments(stmt string) statement {
	var s statement
	var b strings.Builder
	for _, line := range strings.Split(stmt, "\n") {
		t := strings.TrimSpace(line)
		if q, ok := strings.CutPrefix(t, appliedIfPrefix); ok {
			s.appliedIf = strings.TrimSpace(q)
		}
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	s.sql = strings.TrimSpace(b.String())
	return s
}

// backfill is the statement that fills a migration's new table from the
// data already there, run after the migration's statements (which are DDL,
// ON CLUSTER each), a template over names. It must be idempotent, as the
// migration is.
var backfill = map[uint32]string{
	// The figures generations before claims hold one row per figure,
	// not every current claim: none may be read or built on again.
	// Readers aggregate the history until the next build.
	7: `INSERT INTO figures_generations (generation, event, covers, at)
		SELECT generation, 'dropped', emptyArrayUInt64(), now() FROM figures_generations
		WHERE event = 'published'`,
	6: `INSERT INTO trade_imports (import_id)
		SELECT DISTINCT import_id FROM trade_flows
		WHERE import_id {{.NotIn}} (SELECT import_id FROM trade_imports)`,
}

// afterMigration is what a migration does to the stored data once its
// statements and backfill have run, before it is recorded as applied: so
// run again when a migrate is cut short before that, and idempotent.
var afterMigration = map[uint32]func(*DB, context.Context) error{
	7: (*DB).migrateMetrics,
}

// schemaMigrations is the table of the migrations applied.
const schemaMigrations = `CREATE TABLE IF NOT EXISTS {{.Local "schema_migrations"}} {{.OnCluster}} (
	version UInt32, name String, applied_at DateTime
) ENGINE = {{.Engine "schema_migrations"}} ORDER BY version`

// Migrate creates the database if needed and applies every migration not yet
// recorded. Each statement is idempotent (IF NOT EXISTS, or an appliedIf
// query), so two processes migrating at once both succeed, and a migration
// interrupted halfway is completed by the next run.
func (db *DB) Migrate(ctx context.Context) error { return db.migrateTo(ctx, math.MaxUint32) }

// migrateTo applies the migrations up to version: tests make databases as
// earlier releases left them.
func (db *DB) migrateTo(ctx context.Context, version uint32) error {
	all, err := migrations()
	if err != nil {
		return err
	}
	// Every command migrates. When there is nothing to apply it runs no
	// DDL: on a cluster, CREATE ... ON CLUSTER waits for every node, so
	// with one replica down each command would hang for ClickHouse's
	// distributed_ddl_task_timeout (180 s, measured by bench-cluster)
	// before the import's own check could name the replica.
	if applied, err := db.appliedMigrations(ctx); err == nil && allApplied(all, applied, version) {
		return nil
	}
	if err := db.createDatabase(ctx); err != nil {
		return err
	}
	if err := db.exec(ctx, statement{sql: schemaMigrations}); err != nil {
		return wrap("migrate", err)
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for _, m := range all {
		if applied[m.version] || m.version > version {
			continue
		}
		for _, stmt := range m.statements {
			if err := db.exec(ctx, stmt); err != nil {
				return wrap(fmt.Sprintf("migration %03d_%s", m.version, m.name), err)
			}
		}
		if fill := backfill[m.version]; fill != "" {
			if err := db.conn.Exec(ctx, fill); err != nil {
				return wrap(fmt.Sprintf("migration %03d_%s", m.version, m.name), err)
			}
		}
		if after := afterMigration[m.version]; after != nil {
			if err := after(db, ctx); err != nil {
				return wrap(fmt.Sprintf("migration %03d_%s", m.version, m.name), err)
			}
		}
		batch, err := db.conn.PrepareBatch(ctx, "INSERT INTO schema_migrations (version, name, applied_at)")
		if err != nil {
			return wrap("record migration", err)
		}
		if err := batch.Append(m.version, m.name, time.Now().UTC()); err != nil {
			db.logFailure(ctx, "abort recording a migration", batch.Abort())
			return wrap("record migration", err)
		}
		if err := batch.Send(); err != nil {
			return wrap("record migration", err)
		}
	}
	return nil
}

// createDatabase creates the pool's database through a short-lived
// connection that does not name it: ClickHouse refuses a connection to a
// database that does not exist yet.
func (db *DB) createDatabase(ctx context.Context) error {
	opts := *db.opts
	opts.Auth.Database = "default"
	opts.MaxOpenConns = 1
	conn, err := clickhouse.Open(&opts)
	if err != nil {
		return wrap("create database", err)
	}
	defer conn.Close()
	q, err := sqlf("CREATE DATABASE IF NOT EXISTS {{.Database}} {{.OnCluster}}", names{database: db.database, cluster: db.cluster})
	if err == nil {
		err = conn.Exec(ctx, q)
	}
	return wrap("create database", err)
}

// allApplied tells whether every migration of all up to version is in
// applied.
func allApplied(all []migration, applied map[uint32]bool, version uint32) bool {
	for _, m := range all {
		if m.version <= version && !applied[m.version] {
			return false
		}
	}
	return true
}

func (db *DB) appliedMigrations(ctx context.Context) (map[uint32]bool, error) {
	rows, err := db.conn.Query(ctx, "SELECT DISTINCT version FROM schema_migrations")
	if err != nil {
		return nil, wrap("read migrations", err)
	}
	defer rows.Close()
	applied := map[uint32]bool{}
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			return nil, wrap("read migrations", err)
		}
		applied[v] = true
	}
	return applied, wrap("read migrations", rows.Err())
}

// ErrSchemaOutdated says the database lacks migrations this binary has.
var ErrSchemaOutdated = fmt.Errorf("schema is not current: run tradedash migrate")

// SchemaCurrent returns nil when every embedded migration is applied.
func (db *DB) SchemaCurrent(ctx context.Context) error {
	all, err := migrations()
	if err != nil {
		return err
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for _, m := range all {
		if !applied[m.version] {
			return fmt.Errorf("migration %03d_%s: %w", m.version, m.name, ErrSchemaOutdated)
		}
	}
	return nil
}

// exec runs one migration statement, unless its appliedIf query says it
// is applied.
//
// On a cluster, an ALTER of a table runs without ON CLUSTER: on one
// replica of each shard, which replicates it to the shard's other
// replicas through ZooKeeper (three times faster than the DDL queue on
// 18.16), and then, for a sharded table, as the same ALTER of its
// Distributed table on every node, which 18.16 refuses ON CLUSTER (a table
// that is not replicated, on a cluster whose shards are).
func (db *DB) exec(ctx context.Context, s statement) error {
	n := names{database: db.database, cluster: db.cluster}
	if db.cluster == "" || !strings.HasPrefix(s.sql, "ALTER TABLE") {
		q, err := sqlf(s.sql, n)
		if err != nil || strings.TrimSpace(q) == "" {
			return err // nothing to do here: a Distributed table on a single server
		}
		return db.execOn(ctx, q, s.appliedIf, n, func(q string) error { return db.conn.Exec(ctx, q) })
	}
	local, dist := n, n
	local.perNode = true
	dist.perNode, dist.distributed = true, true
	q, err := sqlf(s.sql, local)
	if err != nil {
		return err
	}
	err = db.execOn(ctx, q, s.appliedIf, local, func(q string) error { return db.onEachShard(ctx, q) })
	if err != nil {
		return err
	}
	d, err := sqlf(s.sql, dist)
	if err != nil || d == q {
		return err // a log: one table
	}
	return db.execOn(ctx, d, s.appliedIf, dist, func(q string) error {
		return db.onEachNode(ctx, func(c driver.Conn) error { return c.Exec(ctx, q) })
	})
}

// execOn runs q with run unless appliedIf (a template over n) says it is
// applied.
func (db *DB) execOn(ctx context.Context, q, appliedIf string, n names, run func(string) error) error {
	if done, err := db.applied(ctx, appliedIf, n); err != nil || done {
		return err
	}
	err := run(q)
	if err == nil {
		return nil
	}
	// Another migrate may have run it meanwhile. On a cluster its ALTER
	// may still be on its way to some replicas, where this one found the
	// column already there (CI once failed so with four migrates at
	// once): it is given appliedWait to arrive everywhere.
	deadline := time.Now().Add(appliedWait)
	for {
		if done, aerr := db.applied(ctx, appliedIf, n); aerr == nil && done {
			return nil
		}
		if db.cluster == "" || appliedIf == "" || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// appliedWait is how long a statement that failed on a cluster waits for
// another migrate's same statement to reach every node.
const appliedWait = 30 * time.Second

// applied tells whether a statement with an appliedIf query has taken
// effect: on a cluster, on every node. One without it is never known to
// be.
func (db *DB) applied(ctx context.Context, appliedIf string, n names) (bool, error) {
	if appliedIf == "" {
		return false, nil
	}
	q, err := sqlf(appliedIf, n)
	if err != nil {
		return false, err
	}
	conns := []driver.Conn{db.conn}
	if db.cluster != "" {
		nodes, err := db.nodes(ctx)
		if err != nil {
			return false, err
		}
		conns = conns[:0]
		for _, node := range nodes {
			conns = append(conns, node.conn)
		}
	}
	for _, c := range conns {
		var count uint64
		if err := c.QueryRow(ctx, q).Scan(&count); err != nil {
			return false, fmt.Errorf("applied if %q: %w", q, err)
		}
		if count == 0 {
			return false, nil
		}
	}
	return true, nil
}
