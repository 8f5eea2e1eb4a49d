package queries_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"
	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"

	"github.com/ClickHouse/clickhouse-go/v2"
)

func TestMigrateIsIdempotentAndConcurrent(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			db, err := queries.Open(ctx, p.WriterURL)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- db.Migrate(ctx)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Reader.SchemaCurrent(ctx); err != nil {
		t.Fatal(err)
	}
}

// unmigrated returns the URL of a database of its own on the test server
// that nothing has created yet.
func unmigrated(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(server.WriterURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = fmt.Sprintf("/test_old_%d", time.Now().UnixNano())
	return u.String()
}

// TestMilestonesSurviveTitleZHMigration: a database as the release before
// Chinese titles left it, with a milestone in it, keeps the milestone when
// migrated, with an empty Chinese title, and takes one afterwards.
func TestMilestonesSurviveTitleZHMigration(t *testing.T) {
	ctx := context.Background()
	dbURL := unmigrated(t)
	db, err := queries.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if err := db.SchemaCurrent(ctx); !errors.Is(err, queries.ErrSchemaOutdated) {
		t.Fatalf("a database before 004: %v, want ErrSchemaOutdated", err)
	}
	// The milestone as that release wrote it: without title_zh.
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: "old.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := clickhouse.ParseDSN(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	batch, err := conn.PrepareBatch(ctx, `INSERT INTO milestones
		(exhibition, country, date, precision, title_ru, title_en, source, note, import_id, file_row)`)
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2015, 7, 8, 0, 0, 0, 0, time.UTC)
	if err := batch.Append("innoprom", "CN", date, "day", "Китай — первая страна-партнёр",
		"China, the first partner country", "https://example.org/m", "", imp.ID(), uint32(2)); err != nil {
		t.Fatal(err)
	}
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}

	// The import commits once the schema is current: this release's
	// commit builds a figures generation of claims (007), which the
	// schema of 003 cannot hold. The milestone row was written before
	// 004 all the same.
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := imp.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.SchemaCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := db.Milestones(ctx, queries.MilestoneFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := tradedash.Milestone{Date: date, Precision: tradedash.PrecisionDay, Exhibition: "innoprom", Country: "CN",
		TitleRU: "Китай — первая страна-партнёр", TitleEN: "China, the first partner country",
		Source: "https://example.org/m", ImportID: imp.ID()}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("after the migration: %+v, want %+v", got, want)
	}

	withZH := want
	withZH.TitleZH, withZH.ImportID = "中国成为首个伙伴国", 0
	id := queriestest.Import(t, db, "new.csv", nil, []tradedash.Milestone{withZH})
	got, err = db.Milestones(ctx, queries.MilestoneFilter{})
	if withZH.ImportID = id; err != nil || len(got) != 1 || got[0] != withZH {
		t.Fatalf("a Chinese title after the migration: %+v %v, want %+v", got, err, withZH)
	}
}

// TestMigrateConcurrentlyFromBefore: migrates running at once on a database
// that lacks migrations all succeed, the ADD COLUMN of 004 (which 18.16
// cannot say IF NOT EXISTS) included.
func TestMigrateConcurrentlyFromBefore(t *testing.T) {
	ctx := context.Background()
	dbURL := unmigrated(t)
	first, err := queries.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if err := first.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			db, err := queries.Open(ctx, dbURL)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- db.Migrate(ctx)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if err := first.SchemaCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	if err := first.Migrate(ctx); err != nil {
		t.Fatalf("migrating a current database again: %v", err)
	}
}
