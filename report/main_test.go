package report

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/importer"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/queries/queriestest"
	"tradedash/view"
)

var server *localdb.Server

// TestMain starts one ClickHouse for the package (a local cluster with
// TRADEDASH_TEST_CLUSTER=1, see queriestest.Main). With
// TRADEDASH_REPORT_CHILD set it is instead a child process of the
// benchmarks, writing one export so that its peak memory can be read.
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(benchChild(spec))
	}
	queriestest.Main(m, &server)
}

// fixedNow is the generation time of test reports.
var fixedNow = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// importFiles runs the real importer (what `tradedash import` runs) on
// files and returns its totals; what it found goes to the test log.
func importFiles(t testing.TB, db *queries.DB, dryRun bool, files ...string) queries.Counts {
	t.Helper()
	res, err := importer.Files(context.Background(), db, files, importer.Options{DryRun: dryRun})
	if err != nil {
		t.Fatalf("import %v: %v\n%+v", files, err, res)
	}
	if c := res.Total; c.New+c.Changed > 0 {
		t.Logf("%+v", res)
	}
	return res.Total
}

// sampleDB is a fresh database with the sample data imported.
func sampleDB(t testing.TB) queriestest.Pair {
	t.Helper()
	db := queriestest.New(t, server)
	if res, _, err := importer.LoadSample(context.Background(), db.Writer); err != nil {
		t.Fatalf("sample data: %v\n%+v", err, res)
	}
	return db
}

// importFigures imports figures (and milestones) in one import.
func importFigures(t testing.TB, db *queries.DB, figs []tradedash.Figure, ms []tradedash.Milestone) {
	t.Helper()
	queriestest.Import(t, db, "test", figs, ms)
}

func newReporter(db *queries.DB) *Reporter {
	return New(view.New(db, view.Options{}), db)
}

// writeXLSX prepares req and writes it to a file in dir.
func writeXLSX(t testing.TB, r *Reporter, req Request, o Options, dir string) (string, Info) {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = fixedNow
	}
	if o.BaseURL == "" {
		o.BaseURL = "http://127.0.0.1:8080"
	}
	rep, err := r.Prepare(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	info, err := rep.WriteXLSX(context.Background(), &buf, o)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, rep.FileName(".xlsx", o.Now))
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, info
}

// openXLSX opens a workbook the way the importer does, with limits.
func openXLSX(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// zipPart returns one part of a workbook, "" when it has none.
func zipPart(t testing.TB, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatalf("%s in %s: %v", name, path, err)
			}
			return string(b)
		}
	}
	return ""
}

// artifactDir is where tests keep files for people to look at: the repo's
// artifacts/report, or $TRADEDASH_ARTIFACTS/report.
func artifactDir(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TRADEDASH_ARTIFACTS")
	if base == "" {
		base = filepath.Join("..", "artifacts")
	}
	dir := filepath.Join(base, "report")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rowsOf reads every row of a sheet as the importer does (raw values).
func rowsOf(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
