package queries

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash"
)

// A database on a cluster (Open with OnCluster) keeps the sharded tables
// (see sharded) as a ReplicatedMergeTree table name_local on every node
// with a Distributed table name in front, sharded so that every version of
// a figure (exhibition, country) and of a trade flow (reporter, partner)
// is on one shard, and the logs as one ReplicatedMergeTree table
// replicated to every node. Statements read and write the Distributed
// tables, except where this file runs them on each shard or each node:
//
//   - a generation is built by one replica of each shard, from its own
//     rows (INSERT ... SELECT between _local tables), and published once
//     every shard has built it and every replica holds it;
//   - a partition is dropped on each shard's leader replica, the one
//     18.16 lets drop it (another forwards the drop to the leader as the
//     user "default", which a tradedash cluster does not have);
//   - the partitions left behind (system.parts) are looked for on every
//     node;
//   - before an import's committed event, every replica of every shard
//     must hold all its rows (checkReplicas).
//
// On a single server each of these runs once, on the server, as before.

// conn is the pool with the names of its database written into every
// statement it runs (see sqlf): {{.In}}, {{.Local "figures"}}, ...
type conn struct {
	driver.Conn
	db *DB
}

func (c conn) render(q string) (string, error) {
	if !strings.Contains(q, "{{") {
		return q, nil
	}
	return c.db.sqlf(q, names{})
}

// readAttempts is how often Query and QueryRow send a statement whose
// pooled connection broke before it was answered (see broken).
const readAttempts = 3

// broken tells whether err is a connection of the pool that the server
// had accepted and that broke before the answer: the server died or
// restarted after the driver last checked the connection. The statement
// may be sent again on another connection, which the driver dials anew,
// to the next address of the URL when the first is down; it is not when
// ctx is done, or when no connection could be made at all (unreached).
func broken(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() == nil && unavailable(err) && !unreached(err)
}

// Query runs a statement that reads; one whose connection broke is sent
// again (see broken), so that a node that dies between two requests
// costs none of them.
func (c conn) Query(ctx context.Context, q string, args ...any) (driver.Rows, error) {
	q, err := c.render(q)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		rows, err := c.Conn.Query(ctx, q, args...)
		if attempt == readAttempts || !broken(ctx, err) {
			return rows, err
		}
	}
}

// QueryRow is Query for a statement that reads one row.
func (c conn) QueryRow(ctx context.Context, q string, args ...any) driver.Row {
	q, err := c.render(q)
	if err != nil {
		return errRow{err}
	}
	for attempt := 1; ; attempt++ {
		row := c.Conn.QueryRow(ctx, q, args...)
		if attempt == readAttempts || !broken(ctx, row.Err()) {
			return row
		}
	}
}

func (c conn) Exec(ctx context.Context, q string, args ...any) error {
	q, err := c.render(q)
	if err != nil {
		return err
	}
	return c.Conn.Exec(ctx, q, args...)
}

func (c conn) PrepareBatch(ctx context.Context, q string, opts ...driver.PrepareBatchOption) (driver.Batch, error) {
	q, err := c.render(q)
	if err != nil {
		return nil, err
	}
	return c.Conn.PrepareBatch(ctx, q, opts...)
}

// errRow is the row of a statement that could not be written.
type errRow struct{ err error }

func (r errRow) Err() error           { return r.err }
func (r errRow) Scan(...any) error    { return r.err }
func (r errRow) ScanStruct(any) error { return r.err }
func (r errRow) String() string       { return r.err.Error() }

var _ driver.Row = errRow{}

// node is one clickhouse-server of the cluster, as system.clusters lists
// it, with a small pool of its own.
type node struct {
	shard, replica uint32
	addr           string
	conn           driver.Conn
}

func (n *node) String() string {
	return fmt.Sprintf("replica %s of shard %d", n.addr, n.shard)
}

// topology is the cluster's nodes, read once from system.clusters.
type topology struct {
	mu    sync.Mutex
	nodes []*node // by shard, then replica
}

// nodes returns every node of the cluster; on a single server, none.
func (db *DB) nodes(ctx context.Context) ([]*node, error) {
	if db.cluster == "" {
		return nil, nil
	}
	db.topo.mu.Lock()
	defer db.topo.mu.Unlock()
	if db.topo.nodes != nil {
		return db.topo.nodes, nil
	}
	rows, err := db.conn.Query(ctx, `SELECT shard_num, replica_num, host_address, port
		FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num`, db.cluster)
	if err != nil {
		return nil, wrap("cluster nodes", err)
	}
	defer rows.Close()
	var nodes []*node
	for rows.Next() {
		var n node
		var host string
		var port uint16
		if err := rows.Scan(&n.shard, &n.replica, &host, &port); err != nil {
			return nil, wrap("cluster nodes", err)
		}
		n.addr = fmt.Sprintf("%s:%d", host, port)
		opts := *db.opts
		opts.Addr = []string{n.addr}
		opts.MaxOpenConns, opts.MaxIdleConns = 4, 1
		if n.conn, err = clickhouse.Open(&opts); err != nil {
			closeNodes(nodes)
			return nil, wrap("cluster nodes", err)
		}
		nodes = append(nodes, &n)
	}
	if err := rows.Err(); err != nil {
		closeNodes(nodes)
		return nil, wrap("cluster nodes", err)
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("cluster nodes: the server knows no cluster %q (remote_servers)", db.cluster)
	}
	db.topo.nodes = nodes
	return nodes, nil
}

func closeNodes(nodes []*node) {
	for _, n := range nodes {
		n.conn.Close()
	}
}

// shards returns the nodes grouped by shard.
func shards(nodes []*node) [][]*node {
	var out [][]*node
	for i, n := range nodes {
		if i == 0 || n.shard != nodes[i-1].shard {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], n)
	}
	return out
}

// onEachShard runs stmt (a template over names, rendered for one shard:
// {{.Local}} tables, plain IN, no ON CLUSTER) with args on each shard at
// once, on its first replica that can be reached; on a single server
// once, on it. Every shard is tried even when one fails; the error names
// each that failed.
func (db *DB) onEachShard(ctx context.Context, stmt string, args ...any) error {
	q, err := db.sqlf(stmt, names{shardLocal: true, perNode: true})
	if err != nil {
		return err
	}
	nodes, err := db.nodes(ctx)
	if err != nil || nodes == nil {
		return errors.Join(err, db.conn.Exec(ctx, q, args...))
	}
	groups := shards(nodes)
	errs := make([]error, len(groups))
	var wg sync.WaitGroup
	for s, replicas := range groups {
		wg.Go(func() {
			for i, n := range replicas {
				err := n.conn.Exec(ctx, q, args...)
				if err == nil {
					return
				}
				if !unreached(err) && !unavailable(err) || i == len(replicas)-1 {
					errs[s] = fmt.Errorf("shard %d: %w", n.shard, err)
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// onEachNode runs q on every node at once; on a single server, on it.
func (db *DB) onEachNode(ctx context.Context, run func(c driver.Conn) error) error {
	nodes, err := db.nodes(ctx)
	if err != nil || nodes == nil {
		return errors.Join(err, run(db.conn))
	}
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Go(func() {
			if err := run(n.conn); err != nil {
				errs[i] = fmt.Errorf("%s: %w", n, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// onReachableNodes runs run on every node of the cluster, one after
// another, leaving out the nodes that cannot be reached, unless none can;
// on a single server it runs it there. It returns the errors of the nodes
// that answered.
func (db *DB) onReachableNodes(ctx context.Context, run func(c driver.Conn) error) error {
	nodes, err := db.nodes(ctx)
	if err != nil || nodes == nil {
		return errors.Join(err, run(db.conn))
	}
	var errs, out []error
	for _, n := range nodes {
		err := run(n.conn)
		if err != nil && (unreached(err) || unavailable(err)) {
			out = append(out, fmt.Errorf("%s: %w", n, err))
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", n, err))
		}
	}
	if len(out) == len(nodes) {
		return errors.Join(out...)
	}
	return errors.Join(errs...)
}

// dropPartitionOnCluster drops partition part of the sharded table on the
// leader replica of each shard, which replicates the drop to the others.
func (db *DB) dropPartitionOnCluster(ctx context.Context, nodes []*node, table string, part uint64) error {
	n := names{database: db.database, cluster: db.cluster, table: table, partition: part}
	q, err := sqlf(`ALTER TABLE {{.LocalTable}} DROP PARTITION {{.Partition}}`, n)
	if err != nil {
		return err
	}
	var errs []error
	for _, replicas := range shards(nodes) {
		var leader *node
		for _, r := range replicas {
			var is uint8
			err := r.conn.QueryRow(ctx, `SELECT is_leader FROM system.replicas
				WHERE database = currentDatabase() AND table = ?`, n.Name(table)).Scan(&is)
			if err == nil && is == 1 {
				leader = r
				break
			}
		}
		if leader == nil {
			errs = append(errs, fmt.Errorf("drop partition %d of %s: shard %d has no leader replica to drop it: %w",
				part, table, replicas[0].shard, tradedash.ErrUnavailable))
			continue
		}
		if err := leader.conn.Exec(ctx, q); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", leader, err))
		}
	}
	return errors.Join(errs...)
}

// partitionsOnEveryNode returns the partitions query selects (a statement
// over system.parts, with args) on any node of the cluster, or on the
// single server: system.parts lists only the node's own parts.
func (db *DB) partitionsOnEveryNode(ctx context.Context, query string, args ...any) ([]uint64, error) {
	q, err := db.sqlf(query, names{shardLocal: true})
	if err != nil {
		return nil, err
	}
	nodes, err := db.nodes(ctx)
	if err != nil {
		return nil, err
	}
	conns := []driver.Conn{db.conn}
	if nodes != nil {
		conns = conns[:0]
		for _, n := range nodes {
			conns = append(conns, n.conn)
		}
	}
	seen := map[uint64]bool{}
	var parts []uint64
	for _, c := range conns {
		rows, err := c.Query(ctx, q, args...)
		if err != nil {
			return nil, wrap("partitions to drop", err)
		}
		for rows.Next() {
			var p uint64
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return nil, wrap("partitions to drop", err)
			}
			if !seen[p] {
				seen[p] = true
				parts = append(parts, p)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, wrap("partitions to drop", err)
		}
	}
	return parts, nil
}

// syncTimeout bounds how long checkReplicas waits for a replica to fetch
// what its shard's other replica has.
var syncTimeout = 30 * time.Second

// checkReplicas checks, on a cluster, that every replica of every shard
// holds the rows of the sharded table whose column equals id: each
// replica fetches what it lacks (SYSTEM SYNC REPLICA, bounded by
// syncTimeout), then the replicas of a shard must hold equal counts, and
// the shards together want rows (when want is not negative). A replica
// that cannot be reached, or does not catch up, is an error naming it and
// wrapping tradedash.ErrUnavailable: what checked it must not become
// visible. On a single server it checks nothing.
func (db *DB) checkReplicas(ctx context.Context, table, column string, id uint64, want int64) error {
	nodes, err := db.nodes(ctx)
	if err != nil || nodes == nil {
		return err
	}
	n := names{database: db.database, cluster: db.cluster}
	local, err := n.Local(table)
	if err != nil {
		return err
	}
	if _, err := ident("column", column); err != nil {
		return err
	}
	var total int64
	for _, replicas := range shards(nodes) {
		counts, err := shardCounts(ctx, replicas, local, column, id)
		if err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		for i, c := range counts {
			if c != counts[0] {
				return fmt.Errorf("%s: %s holds %d rows of %s %d, %s %d: %w",
					table, replicas[i], c, column, id, replicas[0], counts[0], tradedash.ErrUnavailable)
			}
		}
		total += int64(counts[0])
	}
	if want >= 0 && total != want {
		return fmt.Errorf("%s: the shards hold %d rows of %s %d, %d were written", table, total, column, id, want)
	}
	return nil
}

// shardCounts counts on every replica of a shard at once (node.count).
// The first replica that fails stops the others, and its error, naming
// it, is returned: a replica that is down fails at once, where its peer
// would wait out syncTimeout for the parts that only the dead one holds.
func shardCounts(ctx context.Context, replicas []*node, table, column string, id uint64) ([]uint64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	counts := make([]uint64, len(replicas))
	var (
		once  sync.Once
		first error
		wg    sync.WaitGroup
	)
	for i, r := range replicas {
		wg.Go(func() {
			var err error
			if counts[i], err = r.count(ctx, table, column, id); err != nil {
				once.Do(func() {
					first = fmt.Errorf("%s: %w: %w", r, tradedash.ErrUnavailable, err)
					cancel()
				})
			}
		})
	}
	wg.Wait()
	return counts, first
}

// count waits until the node has fetched its shard's parts of table and
// counts its rows whose column is id.
func (n *node) count(ctx context.Context, table, column string, id uint64) (uint64, error) {
	sctx, cancel := context.WithTimeout(ctx, syncTimeout)
	defer cancel()
	if err := n.conn.Exec(sctx, "SYSTEM SYNC REPLICA "+table); err != nil {
		if sctx.Err() != nil && ctx.Err() == nil {
			return 0, fmt.Errorf("not in sync after %v", syncTimeout)
		}
		return 0, err
	}
	var c uint64
	err := n.conn.QueryRow(ctx, "SELECT count() FROM "+table+" WHERE "+column+" = ?", id).Scan(&c)
	return c, err
}
