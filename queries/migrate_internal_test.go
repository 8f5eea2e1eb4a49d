package queries

import (
	"strings"
	"testing"
)

// TestMigrationsOnCluster checks that every statement of every migration
// takes the ON CLUSTER clause, so the schema can be created on a cluster
// behind Distributed tables.
func TestMigrationsOnCluster(t *testing.T) {
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		for _, stmt := range m.statements {
			got, err := sqlf(stmt.sql, names{cluster: "figures_cluster", database: "tradedash"})
			if err != nil || !strings.Contains(got, "ON CLUSTER `figures_cluster`") {
				t.Errorf("migration %03d_%s: no ON CLUSTER in %.80q (%v)", m.version, m.name, got, err)
			}
		}
	}
	got, err := sqlf(all[0].statements[0].sql, names{})
	if err != nil || strings.Contains(got, "{{") || strings.Contains(got, "CLUSTER") {
		t.Errorf("without a cluster: %.80q (%v)", got, err)
	}
}
