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
	db := &DB{}
	OnCluster("figures_cluster")(db)
	for _, m := range all {
		for _, stmt := range m.statements {
			if got := db.ddl(stmt); !strings.Contains(got, "ON CLUSTER `figures_cluster`") {
				t.Errorf("migration %03d_%s: no ON CLUSTER in %.80q", m.version, m.name, got)
			}
		}
	}
	plain := &DB{}
	if got := plain.ddl(all[0].statements[0]); strings.Contains(got, "{{") || strings.Contains(got, "CLUSTER") {
		t.Errorf("without a cluster: %.80q", got)
	}
}
