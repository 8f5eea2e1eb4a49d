package dashboard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/importer"
	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/queries/queriestest"
	"tradedash/view"
)

// clickhouse is the server the package's tests share; each test that loads
// data does so into a database of its own.
var clickhouse *localdb.Server

func TestMain(m *testing.M) { queriestest.Main(m, &clickhouse) }

// mustOpenDatabase returns a writer and a reader on a fresh, migrated
// database of srv.
func mustOpenDatabase(t *testing.T, srv *localdb.Server) (writer, reader *queries.DB) {
	t.Helper()
	p := queriestest.New(t, srv)
	return p.Writer, p.Reader
}

// mustImport writes figures and milestones as one committed import.
func mustImport(t *testing.T, db *queries.DB, file string, figs []tradedash.Figure, ms []tradedash.Milestone) {
	t.Helper()
	queriestest.Import(t, db, file, figs, ms)
}

// loadSample imports the project's sample data (sample-data/) through the
// importer, one import per file, as the binary does on first start.
func loadSample(t *testing.T, db *queries.DB) {
	t.Helper()
	if _, _, err := importer.LoadSample(context.Background(), db); err != nil {
		t.Fatalf("sample data: %v", err)
	}
}

// testApp is a dashboard over a database loaded with the sample data.
type testApp struct {
	app    *fiber.App
	writer *queries.DB
	reader *queries.DB
}

func newTestApp(t *testing.T, load func(t *testing.T, db *queries.DB)) *testApp {
	t.Helper()
	writer, reader := mustOpenDatabase(t, clickhouse)
	if load != nil {
		load(t, writer)
	}
	app, err := New(Config{DB: reader, Log: testLogger(t), Views: view.Options{CacheRows: 10_000}})
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{app: app, writer: writer, reader: reader}
}

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("TRADEDASH_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

// get requests target from the app and returns the status and body.
func (ta *testApp) get(t *testing.T, target string, header ...string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ta.app.Test(req, 30_000)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

func readFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}
