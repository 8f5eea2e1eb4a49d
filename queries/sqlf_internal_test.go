package queries

import (
	"context"
	"strings"
	"testing"
)

// TestSQLfRefusesUnsafeNames: a name that is not a plain identifier is
// refused, never escaped into the statement, whichever field it fills;
// plain ones are written quoted.
func TestSQLfRefusesUnsafeNames(t *testing.T) {
	unsafe := []string{
		"figures; DROP TABLE figures", "a`b", "a b", "db.t", "1abc", "x'--", "t\n", "таблица", "figures/*",
	}
	for _, name := range unsafe {
		for _, tc := range []struct {
			stmt string
			n    names
		}{
			{"SELECT 1 FROM {{.Table}}", names{table: name}},
			{"CREATE DATABASE {{.Database}}", names{database: name}},
			{"CREATE TABLE t {{.OnCluster}} (a UInt8)", names{cluster: name}},
		} {
			if q, err := sqlf(tc.stmt, tc.n); err == nil {
				t.Errorf("%q accepted: %q", name, q)
			}
		}
	}
	if q, err := sqlf("SELECT 1 FROM {{.Table}}", names{}); err == nil {
		t.Errorf("an empty table name accepted: %q", q)
	}
	if q, err := sqlf("SELECT 1 FROM {{.Tabel}}", names{table: "figures"}); err == nil {
		t.Errorf("a field names lacks accepted: %q", q)
	}
	q, err := sqlf("ALTER TABLE {{.Table}} {{.OnCluster}} DROP PARTITION {{.Partition}}",
		names{table: "figures_staging", cluster: "_c1", partition: 42})
	if want := "ALTER TABLE `figures_staging` ON CLUSTER `_c1` DROP PARTITION 42"; err != nil || q != want {
		t.Errorf("got %q (%v), want %q", q, err, want)
	}
	w := &where{}
	w.in("country", []string{"CN'; DROP TABLE figures --"})
	q, err = sqlf("SELECT 1 FROM figures WHERE 1{{.Where}}", names{where: w})
	if err != nil || strings.Contains(q, "DROP") || q != "SELECT 1 FROM figures WHERE 1 AND country IN ?" {
		t.Errorf("a filter's value went into the text: %q (%v)", q, err)
	}
}

// TestOpenRefusesUnsafeNames: the database of the URL and the cluster are
// checked when the pool opens, before any statement is built.
func TestOpenRefusesUnsafeNames(t *testing.T) {
	ctx := context.Background()
	if db, err := Open(ctx, "clickhouse://u:p@127.0.0.1:9000/trade-dash"); err == nil {
		db.Close()
		t.Error("a database name with a hyphen accepted")
	}
	if db, err := Open(ctx, "clickhouse://u:p@127.0.0.1:9000/tradedash", OnCluster("c` ON CLUSTER x")); err == nil {
		db.Close()
		t.Error("a cluster name with a backquote accepted")
	}
	db, err := Open(ctx, "clickhouse://u:p@127.0.0.1:9000/trade_dash_2", OnCluster("figures_cluster"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
