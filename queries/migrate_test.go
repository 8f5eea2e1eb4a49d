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
			db, err := queries.Open(ctx, p.WriterURL, p.Options...)
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
	writer, _ := queriestest.URLs(server)
	u, err := url.Parse(writer)
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
	db, err := queries.Open(ctx, dbURL, queriestest.Options()...)
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
	first, err := queries.Open(ctx, dbURL, queriestest.Options()...)
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
			db, err := queries.Open(ctx, dbURL, queriestest.Options()...)
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

// TestStoredMetricsMigrate: figures imported under the replaced codes
// before 007 read under their new codes after it, through one import in
// the log; the old import's history stays, a second migrate changes
// nothing, and rolling the migration's import back shows the old codes.
func TestStoredMetricsMigrate(t *testing.T) {
	ctx := context.Background()
	db, err := queries.Open(ctx, unmigrated(t), queriestest.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MigrateTo(ctx, 6); err != nil {
		t.Fatal(err)
	}
	// As the release before claims wrote them: no basis, no source_key.
	oldImport := func(figs ...tradedash.Figure) uint64 {
		t.Helper()
		imp, err := db.BeginImport(ctx, queries.ImportMeta{File: "old.csv"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.WriteOldFigures(ctx, imp.ID(), figs); err != nil {
			t.Fatal(err)
		}
		if err := db.CommitOld(ctx, imp); err != nil {
			t.Fatal(err)
		}
		return imp.ID()
	}
	first := oldImport(figure("CN", "companies", 2023, 400), figure("CN", "area_m2", 2023, 10000),
		figure("CN", "visitors", 2023, 5000))
	second := figure("CN", "companies", 2023, 370)
	second.Source = "https://other.example/n"
	oldImport(second, figure("ALL", "countries", 2023, 17))
	before := map[string]float64{"CN/companies/2023": 370, "CN/area_m2/2023": 10000,
		"CN/visitors/2023": 5000, "ALL/countries/2023": 17}

	for range 2 {
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]float64{"CN/participants_reported/2023": 370, "CN/space_reported_m2/2023": 10000,
		"CN/visitors/2023": 5000, "ALL/countries_reported/2023": 17}
	if got := values(t, db, queries.FigureFilter{}); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after 007: %v, want %v", got, want)
	}
	figs, err := db.Figures(ctx, queries.FigureFilter{Metrics: []string{"participants_reported"}})
	if err != nil || len(figs) != 1 || len(figs[0].Others) != 1 || figs[0].Others[0].Value != 400 {
		t.Fatalf("the second source is not kept beside the first: %+v %v", figs, err)
	}
	log, err := db.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var migrations []tradedash.Import
	for _, imp := range log {
		if imp.File == queries.MetricsMigrationFile {
			migrations = append(migrations, imp)
		}
	}
	if len(migrations) != 1 || migrations[0].Status != tradedash.ImportCommitted {
		t.Fatalf("imports of the migration: %+v, want one committed", migrations)
	}
	hist, err := db.FigureHistory(ctx, "innoprom", "CN", "companies", 2023)
	if err != nil || len(hist) != 2 || hist[0].ImportID != first || hist[0].Value != 400 {
		t.Fatalf("the old import's history: %+v %v", hist, err)
	}

	if err := db.Rollback(ctx, migrations[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := values(t, db, queries.FigureFilter{}); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("after rolling back the migration: %v, want %v", got, before)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := values(t, db, queries.FigureFilter{}); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("a migrate after the rollback ran the migration again: %v", got)
	}
}
