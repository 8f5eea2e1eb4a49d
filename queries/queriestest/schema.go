package queriestest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash/queries"
)

// On a cluster, migrating a database runs some forty statements through
// the ON CLUSTER queue, one at a time: 5 to 8 s on this machine, most of
// a test's time. So New migrates one database per test binary, the
// template, with Migrate, and makes every other one by running the
// template's own CREATE statements (SHOW CREATE TABLE, with the
// template's name replaced) on every node at once, then copying its
// schema_migrations; Migrate then finds the schema current, as it would
// any migrated database. Migrate itself is tested on the template, by
// the migration tests, and by every command the cmd/tradedash cluster
// tests run.
var template struct {
	once    sync.Once
	name    string
	creates []string // local and log tables first, Distributed tables last
	nodes   []driver.Conn
	err     error
}

// migrateTemplate makes the template on the cluster.
func migrateTemplate(ctx context.Context) error {
	template.name = randomName("test_template_")
	w, _ := URLs(nil)
	u, err := withDatabaseURL(w, template.name)
	if err != nil {
		return err
	}
	db, err := queries.Open(ctx, u, Options()...)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate the template: %w", err)
	}
	for i := range cluster.Nodes() {
		opts, err := clickhouse.ParseDSN(cluster.NodeWriterURL(i))
		if err != nil {
			return err
		}
		conn, err := clickhouse.Open(opts)
		if err != nil {
			return err
		}
		template.nodes = append(template.nodes, conn)
	}
	rows, err := template.nodes[0].Query(ctx,
		"SELECT name FROM system.tables WHERE database = ? ORDER BY engine = 'Distributed', name", template.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, table := range tables {
		var create string
		if err := template.nodes[0].QueryRow(ctx, fmt.Sprintf("SHOW CREATE TABLE `%s`.`%s`", template.name, table)).Scan(&create); err != nil {
			return fmt.Errorf("show create table %s: %w", table, err)
		}
		template.creates = append(template.creates, create)
	}
	return nil
}

// copyTemplate creates database name on every node of the cluster with
// the template's tables and migrations.
func copyTemplate(t testing.TB, name string) {
	t.Helper()
	ctx := context.Background()
	template.once.Do(func() { template.err = migrateTemplate(ctx) })
	if template.err != nil {
		t.Fatal(template.err)
	}
	err := onEveryNode(func(node driver.Conn) error {
		if err := node.Exec(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
			return err
		}
		for _, create := range template.creates {
			if err := node.Exec(ctx, strings.ReplaceAll(create, template.name, name)); err != nil {
				return fmt.Errorf("%.80s: %w", create, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("copy the template: %v", err)
	}
	// schema_migrations is a log, one replicated table over every node:
	// written on one, fetched by the others.
	if err := template.nodes[0].Exec(ctx, fmt.Sprintf("INSERT INTO `%s`.schema_migrations SELECT * FROM `%s`.schema_migrations",
		name, template.name)); err != nil {
		t.Fatalf("copy the template's migrations: %v", err)
	}
	err = onEveryNode(func(node driver.Conn) error {
		return node.Exec(ctx, "SYSTEM SYNC REPLICA `"+name+"`.schema_migrations")
	})
	if err != nil {
		t.Fatalf("copy the template's migrations: %v", err)
	}
}

// onEveryNode runs f on every node of the cluster at once and returns the
// first error.
func onEveryNode(f func(driver.Conn) error) error {
	errs := make([]error, len(template.nodes))
	var wg sync.WaitGroup
	for i, node := range template.nodes {
		wg.Go(func() { errs[i] = f(node) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
