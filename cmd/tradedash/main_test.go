package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tradedash/localdb"
	"tradedash/localdb/localdbtest"
	"tradedash/queries/queriestest"
)

var server *localdb.Server

// TestMain doubles as the tradedash binary: with TRADEDASH_TEST_MAIN set,
// the test binary runs the program with those arguments, so tests can start
// it as a real process and kill it.
func TestMain(m *testing.M) {
	if args := os.Getenv("TRADEDASH_TEST_MAIN"); args != "" {
		err := run(context.Background(), strings.Split(args, "\x1f"), os.Getenv, os.Stdout, os.Stderr)
		os.Exit(exitCode(err, os.Stderr))
	}
	localdbtest.Main(m, &server)
}

// runTD runs the program in-process against the test database and
// returns its output and exit code.
func runTD(t *testing.T, url string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := func(string) string { return "" }
	err := run(context.Background(), append([]string{"--clickhouse", url}, args...), env, &out, &errOut)
	code = exitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// process prepares the program as a separate process.
func process(url string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TRADEDASH_TEST_MAIN="+strings.Join(append([]string{"--clickhouse", url}, args...), "\x1f"))
	return cmd
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func testdata(name string) string { return filepath.Join("..", "..", "ingest", "testdata", name) }

func TestImportReimportDryRun(t *testing.T) {
	db := queriestest.New(t, server)
	files, _ := filepath.Glob(filepath.Join("..", "..", "sample-data", "*.[cx]*"))
	if len(files) < 3 {
		t.Fatalf("sample data missing: %v", files)
	}
	out, errOut, code := runTD(t, db.WriterURL, append([]string{"import"}, files...)...)
	if code != 0 {
		t.Fatalf("import exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(lastLine(out), "rows: ") || strings.Contains(lastLine(out), " 0 new") {
		t.Fatalf("first import: %q", lastLine(out))
	}
	out, _, code = runTD(t, db.WriterURL, append([]string{"import"}, files...)...)
	if code != 0 || !strings.Contains(lastLine(out), " 0 new, 0 changed, ") {
		t.Fatalf("re-import must change nothing: exit %d, %q", code, lastLine(out))
	}
	out, _, code = runTD(t, db.WriterURL, append([]string{"import", "--dry-run"}, files...)...)
	if code != 0 || !strings.Contains(out, "dry run: nothing written") || !strings.Contains(lastLine(out), " 0 new, 0 changed, ") {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	out, _, _ = runTD(t, db.WriterURL, "imports")
	if n := strings.Count(out, "committed"); n != 2*len(files) {
		t.Fatalf("imports lists %d committed imports, want %d:\n%s", n, 2*len(files), out)
	}
}

func TestFilesThatContradictEachOther(t *testing.T) {
	db := queriestest.New(t, server)
	_, errOut, code := runTD(t, db.WriterURL, "import", testdata("figures-cp1251.csv"), testdata("figures-long-bom.csv"))
	if code != exitRejected || !strings.Contains(errOut, "figures-long-bom.csv:") ||
		!strings.Contains(errOut, "the same figure as ../../ingest/testdata/figures-cp1251.csv:") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	if figs, _ := db.Reader.Figures(context.Background(), figuresFilterAll); len(figs) != 0 {
		t.Fatalf("%d figures written", len(figs))
	}
}

func TestBrokenFilesWriteNothing(t *testing.T) {
	db := queriestest.New(t, server)
	good := testdata("figures-cp1251.csv")
	broken, _ := filepath.Glob(testdata("broken/*"))
	if len(broken) < 5 {
		t.Fatalf("broken testdata missing: %v", broken)
	}
	out, errOut, code := runTD(t, db.WriterURL, append([]string{"import", good}, broken...)...)
	if code != exitRejected {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitRejected, out, errOut)
	}
	for _, want := range []string{
		"broken/problems.csv:2:Страна: unknown country",
		"broken/binary.csv: not a table",
		"nothing written",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	figs, err := db.Reader.Figures(context.Background(), figuresFilterAll)
	if err != nil || len(figs) != 0 {
		t.Fatalf("a rejected import wrote %d figures (%v)", len(figs), err)
	}
}

func TestUsageAndUnavailable(t *testing.T) {
	if _, _, code := runTD(t, "clickhouse://x@127.0.0.1:1/db", "frobnicate"); code != exitUsage {
		t.Fatalf("unknown command: exit %d", code)
	}
	if _, _, code := runTD(t, "clickhouse://x@127.0.0.1:1/db", "rollback", "abc"); code != exitUsage {
		t.Fatalf("bad id: exit %d", code)
	}
	_, errOut, code := runTD(t, "clickhouse://x@127.0.0.1:1/db", "imports")
	if code != exitUnavailable {
		t.Fatalf("no server: exit %d, want %d: %s", code, exitUnavailable, errOut)
	}
}

func TestDryRunShowsEachChange(t *testing.T) {
	db := queriestest.New(t, server)
	if _, errOut, code := runTD(t, db.WriterURL, "import", testdata("figures-cp1251.csv")); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := runTD(t, db.WriterURL, "import", "--dry-run", testdata("figures-long-bom.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`figures-long-bom.csv:4: innoprom CN space_reported_m2 2024: note "прогноз марта 2024" -> "March 2024 forecast"`,
		"8 rows: 7 new, 1 changed, 0 unchanged",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if figs, _ := db.Reader.Figures(context.Background(), figuresFilterAll); len(figs) != 11 {
		t.Fatalf("the dry run changed the figures: %d", len(figs))
	}
}

// TestImportEncoding checks that import says which code page a CSV file
// was read in, that --encoding chooses it, and that an unknown name is a
// usage error listing the known ones.
func TestImportEncoding(t *testing.T) {
	db := queriestest.New(t, server)
	out, errOut, code := runTD(t, db.WriterURL, "import", "--dry-run", testdata("figures-koi8r.csv"))
	if want := "note: ../../ingest/testdata/figures-koi8r.csv: read as KOI8-R (detected; --encoding chooses another)"; code != 0 || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr lacks %q:\n%s%s", code, want, out, errOut)
	}
	out, errOut, code = runTD(t, db.WriterURL, "import", "--dry-run", "--encoding", "KOI8-R", testdata("figures-koi8r.csv"))
	if want := "read as KOI8-R (--encoding)"; code != 0 || !strings.Contains(errOut, want) || !strings.Contains(lastLine(out), "11 rows") {
		t.Errorf("exit %d, stderr lacks %q:\n%s%s", code, want, out, errOut)
	}
	_, errOut, code = runTD(t, db.WriterURL, "import", "--encoding", "koi8-u", testdata("figures-koi8r.csv"))
	if want := `import: --encoding: unknown encoding "koi8-u"; known: utf-8, utf-16le, utf-16be, windows-1251, koi8-r, maccyrillic, cp866, gbk, gb18030, windows-1252`; code != exitUsage || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr lacks %q:\n%s", code, want, errOut)
	}
}
