package queries

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"text/template"
)

// names are what a statement may have written into its text instead of
// bound as ? arguments: the identifiers ClickHouse takes no argument for
// (the database, a table, the cluster of ON CLUSTER), a partition id, and
// filter conditions built by where (fixed column names, values as ?), and
// the generation a read of a current table reads (current.go). Statements
// name them as template fields, the only ones there are:
//
//	{{.Database}} {{.Table}} {{.OnCluster}} {{.Partition}} {{.Where}} {{.Generation}}
//
// and, for a database on a cluster (see cluster.go), the names that differ
// there from a single server, written the same on both:
//
//	{{.Local "figures"}} {{.LocalTable}} {{.Name "figures"}} {{.Engine "figures"}}
//	{{.Distributed "figures" "cityHash64(exhibition, country)"}} {{.In}} {{.NotIn}}
//
// Every value from a file, a user or a URL parameter goes as a bound ?
// argument, never through here.
type names struct {
	database  string
	table     string
	cluster   string // empty: no ON CLUSTER clause
	partition uint64
	where     *where
	having    *where // conditions on aggregates, after where's
	// generation is a generation's id as a number, or the package's own
	// statement that chooses the current one (currentSet.chosen).
	generation string
	// shardLocal renders the statement for one shard: {{.Local}} names
	// and {{.In}} stay on the node the statement runs on.
	shardLocal bool
	// distributed renders an ALTER of a sharded table for its
	// Distributed table (see migrate.go)...
	distributed bool
	// ... which runs on every node by itself, without ON CLUSTER.
	perNode bool
}

// Database is the database, quoted.
func (n names) Database() (string, error) { return ident("database", n.database) }

// Table is the table, quoted.
func (n names) Table() (string, error) { return ident("table", n.table) }

// OnCluster is "ON CLUSTER `name`", or nothing when there is no cluster
// or the statement runs on each node by itself.
func (n names) OnCluster() (string, error) {
	if n.cluster == "" || n.perNode {
		return "", nil
	}
	c, err := ident("cluster", n.cluster)
	return "ON CLUSTER " + c, err
}

// Partition is the partition id.
func (n names) Partition() uint64 { return n.partition }

// Where is " AND " and the filter's conditions, or nothing.
func (n names) Where() string {
	if n.where == nil {
		return ""
	}
	return n.where.sql()
}

// Generation is the generation a read of a current table reads.
// Having is the conditions of n.having, each after " AND ".
func (n names) Having() string {
	if n.having == nil {
		return ""
	}
	return n.having.sql()
}

func (n names) Generation() (string, error) {
	if n.generation == "" {
		return "", errors.New("no generation given")
	}
	return n.generation, nil
}

// Local is the table that holds the rows of table on the node a statement
// runs on: table itself on a single server; on a cluster, for a sharded
// table (see sharded), its ReplicatedMergeTree table table_local, and for
// a log, replicated to every node, table. Key-level subqueries read it,
// since the rows of one key never leave their shard; DDL names it ON
// CLUSTER. On a cluster it is qualified with the database, as ON CLUSTER
// DDL needs.
func (n names) Local(table string) (string, error) {
	if n.cluster == "" {
		return ident("table", table)
	}
	db, err := ident("database", n.database)
	if err != nil {
		return "", err
	}
	t, err := ident("table", n.Name(table))
	return db + "." + t, err
}

// LocalTable is Local of the statement's table.
func (n names) LocalTable() (string, error) { return n.Local(n.table) }

// Name is the unquoted name of Local(table), as system tables list it.
func (n names) Name(table string) string {
	if n.cluster != "" && sharded[table] && !n.distributed {
		return table + "_local"
	}
	return table
}

// Engine is the engine of Local(table): MergeTree on a single server; on a
// cluster a ReplicatedMergeTree, in ZooKeeper under the shard for a
// sharded table (one replica per node of the shard), and under "all" for
// a log (one replica per node of the cluster, named after both macros).
func (n names) Engine(table string) (string, error) {
	if n.cluster == "" {
		return "MergeTree", nil
	}
	if _, err := n.Local(table); err != nil {
		return "", err
	}
	if sharded[table] {
		return "ReplicatedMergeTree('/clickhouse/tables/{shard}/" + n.database + "/" + n.Name(table) + "', '{replica}')", nil
	}
	return "ReplicatedMergeTree('/clickhouse/tables/all/" + n.database + "/" + table + "', '{shard}-{replica}')", nil
}

// Distributed is the statement that creates the Distributed table table in
// front of Local(table), sharded by key (an expression of the columns
// every version of a key shares, so that they stay on one shard), or
// nothing on a single server, where table is the table itself.
func (n names) Distributed(table, key string) (string, error) {
	if n.cluster == "" {
		return "", nil
	}
	local, err := n.Local(table)
	if err != nil {
		return "", err
	}
	d := n
	d.distributed = true
	dist, err := d.Local(table)
	if err != nil {
		return "", err
	}
	on, err := n.OnCluster()
	if err != nil {
		return "", err
	}
	c, _ := ident("cluster", n.cluster)
	db, _ := ident("database", n.database)
	return "CREATE TABLE IF NOT EXISTS " + dist + " " + on + " AS " + local +
		" ENGINE = Distributed(" + c + ", " + db + ", `" + n.Name(table) + "`, " + key + ")", nil
}

// In is the IN of a condition on a Distributed table whose subquery reads
// the import log or a generations' log: GLOBAL IN on a cluster, so that
// the set is read once, on the node that runs the query, and every shard
// filters by the same set (each node's replica of a log may lag behind
// another's); IN on a single server and inside a shard's own statement.
func (n names) In() string {
	if n.cluster == "" || n.shardLocal {
		return "IN"
	}
	return "GLOBAL IN"
}

// NotIn is NOT IN as In is IN.
func (n names) NotIn() string {
	if n.cluster == "" || n.shardLocal {
		return "NOT IN"
	}
	return "GLOBAL NOT IN"
}

// sharded are the tables that a cluster splits between its shards, behind
// a Distributed table of the same name. The others, the logs, are small
// and replicated whole to every node.
var sharded = map[string]bool{
	"figures": true, "figures_staging": true, "milestones": true, "figures_current": true,
	"trade_flows": true, "trade_flows_staging": true, "trade_current": true,
}

// identifier is what a name in SQL may be: letters, digits and
// underscores, not starting with a digit. Anything else (a quote, a
// space, a dot, a backquote) is refused rather than escaped.
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ident returns name quoted with backquotes, or an error when it is not a
// safe identifier.
func ident(what, name string) (string, error) {
	if !identifier.MatchString(name) {
		return "", fmt.Errorf("%s name %q is not a plain identifier (letters, digits and _)", what, name)
	}
	return "`" + name + "`", nil
}

// statements caches the parsed templates: a statement's text is a
// constant, parsed once.
var statements sync.Map // string -> *template.Template

// sqlf is the package's sqlf for a statement on db: the database and
// cluster are db's.
func (db *DB) sqlf(stmt string, n names) (string, error) {
	n.database, n.cluster = db.database, db.cluster
	return sqlf(stmt, n)
}

// sqlf returns stmt with the names of n written into it. stmt is a
// text/template over the fields of names; a field it uses that is empty or
// not a safe identifier, or one names does not have, is an error.
func sqlf(stmt string, n names) (string, error) {
	if !strings.Contains(stmt, "{{") {
		return stmt, nil
	}
	t, ok := statements.Load(stmt)
	if !ok {
		parsed, err := template.New("sql").Option("missingkey=error").Parse(stmt)
		if err != nil {
			return "", fmt.Errorf("sql template: %w", err)
		}
		t, _ = statements.LoadOrStore(stmt, parsed)
	}
	var b strings.Builder
	if err := t.(*template.Template).Execute(&b, n); err != nil {
		return "", fmt.Errorf("sql template: %w", err)
	}
	return b.String(), nil
}
