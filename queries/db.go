// Package queries is the only package that speaks SQL. It opens ClickHouse
// connections, applies the embedded schema migrations, writes imports and
// answers the reads of the dashboard and the reports. Its methods are named
// after what they return.
//
// One file per operation: db.go (the pool, errors, logging), sqlf.go (how
// names get into SQL), migrate.go (the schema), staging.go (an import's
// rows on their way in), diff.go (new, changed and unchanged), commit.go
// (commit, abort, rollback and clean-up), conflicts.go (files of one
// command that disagree), liveness.go (heartbeats and killed imports),
// imports.go (the import log), current.go (generations of the current
// figures and trade flows), figures.go, coverage.go and milestones.go
// (reads; milestones are written there too), trade.go and trade_diff.go
// (trade flows). SQL that only benchmarks use lives beside them.
package queries

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// DB is a connection pool to one ClickHouse database.
type DB struct {
	conn     conn
	opts     *clickhouse.Options
	database string
	cluster  string // when set, the database lives on this cluster (cluster.go)
	topo     topology
	log      *slog.Logger
}

// Option changes how Open connects.
type Option func(*DB)

// OnCluster says the database lives on the cluster name (remote_servers):
// migrations create it there, ON CLUSTER, as Replicated and Distributed
// tables, and reads and writes take the cluster into account (cluster.go).
// Without it the server is taken for a single one, and its database is
// never touched by the cluster's code.
func OnCluster(name string) Option { return func(db *DB) { db.cluster = name } }

// Logger gives the logger that hears about failures nobody waits for: a
// clean-up that could not drop what it meant to, a heartbeat that did not
// get through, a refresh of the current figures that will be retried by
// the next command. Without this option they go to slog.Default();
// Logger(nil) discards them.
func Logger(l *slog.Logger) Option { return func(db *DB) { db.log = l } }

// Open connects to the database named in url, for example
// clickhouse://reader:secret@127.0.0.1:9000/tradedash. It does not dial
// until the first query, so a server that is down now may answer later.
// The database and cluster names must be plain identifiers (letters,
// digits and _): they are written into SQL (see sqlf).
func Open(ctx context.Context, url string, options ...Option) (*DB, error) {
	opts, err := clickhouse.ParseDSN(url)
	if err != nil {
		return nil, fmt.Errorf("clickhouse url: %w", err)
	}
	if opts.Auth.Database == "" {
		opts.Auth.Database = "tradedash"
	}
	opts.DialTimeout = 3 * time.Second
	opts.ReadTimeout = 5 * time.Minute
	opts.MaxOpenConns = 16
	opts.MaxIdleConns = 4
	opts.ConnMaxLifetime = 10 * time.Minute
	db := &DB{opts: opts, database: opts.Auth.Database, log: slog.Default()}
	for _, o := range options {
		o(db)
	}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	if _, err := ident("database", db.database); err != nil {
		return nil, fmt.Errorf("clickhouse url: %w", err)
	}
	if _, err := (names{cluster: db.cluster}).OnCluster(); err != nil {
		return nil, err
	}
	if db.cluster != "" {
		// An INSERT into a Distributed table returns once every shard
		// has its rows, not when the first node has queued them: the
		// import's committed event must not overtake its rows.
		if opts.Settings == nil {
			opts.Settings = clickhouse.Settings{}
		}
		opts.Settings["insert_distributed_sync"] = 1
	}
	db.conn.db = db
	if db.conn.Conn, err = clickhouse.Open(opts); err != nil {
		return nil, fmt.Errorf("open clickhouse: %w", err)
	}
	return db, nil
}

// logFailure logs an error that its caller goes on without: what was
// meant is done by a later command, or only space or speed is lost.
func (db *DB) logFailure(ctx context.Context, what string, err error, attrs ...any) {
	if err != nil {
		db.log.WarnContext(ctx, "queries: "+what, append(attrs, "err", err)...)
	}
}

// Close closes every connection of the pool.
func (db *DB) Close() error {
	db.topo.mu.Lock()
	closeNodes(db.topo.nodes)
	db.topo.nodes = nil
	db.topo.mu.Unlock()
	return db.conn.Close()
}

// Ping checks that ClickHouse answers. The error wraps
// tradedash.ErrUnavailable when it does not.
func (db *DB) Ping(ctx context.Context) error {
	return wrap("ping", db.conn.Ping(ctx))
}

// wrap adds context to err and marks connection failures as
// tradedash.ErrUnavailable and queries stopped by a limit as
// tradedash.ErrQueryLimit, so callers can tell "down" from "too much" from
// "wrong".
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	if unreached(err) {
		return fmt.Errorf("%s: %w: %w", what, tradedash.ErrUnavailable, err)
	}
	if noZooKeeper(err) {
		return fmt.Errorf("%s: %w: the cluster's replicated tables are read-only while ZooKeeper is out of reach: %w",
			what, tradedash.ErrUnavailable, err)
	}
	if overLimit(err) {
		return fmt.Errorf("%s: %w: %w", what, tradedash.ErrQueryLimit, err)
	}
	if unavailable(err) {
		return fmt.Errorf("%s: %w: %w", what, tradedash.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// limitCodes are ClickHouse's exceptions for a query stopped by a limit
// on its time, rows, bytes or memory: the server is fine.
var limitCodes = map[int32]bool{
	158: true, // TOO_MANY_ROWS
	159: true, // TIMEOUT_EXCEEDED
	160: true, // TOO_SLOW
	241: true, // MEMORY_LIMIT_EXCEEDED
	307: true, // TOO_MANY_BYTES
	396: true, // TOO_MANY_ROWS_OR_BYTES
}

// zooKeeperCodes are ClickHouse's exceptions for a server that has lost
// ZooKeeper: its replicated tables turn read-only and ON CLUSTER
// statements cannot be queued. The cluster is out of order, not the
// statement.
var zooKeeperCodes = map[int32]bool{
	225: true, // NO_ZOOKEEPER
	242: true, // TABLE_IS_READ_ONLY
	999: true, // KEEPER_EXCEPTION: session expired, connection loss
}

func noZooKeeper(err error) bool {
	var exc *clickhouse.Exception
	return errors.As(err, &exc) && zooKeeperCodes[exc.Code]
}

// unreached tells whether err is a failure to get a connection at all: a
// dial that failed or timed out, or the driver's wait for a connection of
// its pool running out of its dial timeout. A timed-out dial also matches
// context.DeadlineExceeded (net's timeout error says so), as does a dial
// stopped by the caller's deadline, so this is checked before overLimit:
// a server out of reach is an outage, not a query over its limit.
func unreached(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	return errors.Is(err, clickhouse.ErrAcquireConnTimeout)
}

// overLimit tells whether err is a query that ran out of its time or of a
// ClickHouse limit. The caller's deadline shows as context.DeadlineExceeded
// or, when it passes while the driver waits for an answer (it sets it as
// the connection's read deadline, and as max_execution_time), as a timeout
// of a read on a connection the server accepted. A dial that timed out
// matches both too; wrap tells it apart first (see unreached). A caller's
// deadline that passes while the pool has no free connection is a bare
// context.DeadlineExceeded and counts as over the limit: the server is
// busy with this client's other queries, not down.
func overLimit(err error) bool {
	var exc *clickhouse.Exception
	if errors.As(err, &exc) {
		return limitCodes[exc.Code]
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "read" && op.Timeout() {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded)
}

func unavailable(err error) bool {
	var netErr net.Error
	var exc *clickhouse.Exception
	switch {
	case errors.As(err, &exc):
		return false
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF),
		errors.Is(err, clickhouse.ErrAcquireConnTimeout):
		return true
	case errors.As(err, &netErr):
		return true
	}
	return false
}
