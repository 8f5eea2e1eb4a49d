package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"tradedash/queries/queriestest"
)

// hostileNames are file names that would rewrite a terminal if printed raw:
// a newline that fakes a line of the import log, a colour escape, a
// carriage return that overwrites the line, a right-to-left override.
var hostileNames = []string{
	"line1\nFAKE 99 committed.csv",
	"red\x1b[31m.csv",
	"back\rFAKE.csv",
	"rtl\u202Evsc.csv",
}

// rawControl returns the first character of out that is neither printable
// nor a line break, or "" when there is none.
func rawControl(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for _, r := range out {
		if r != '\n' && !strconv.IsPrint(r) {
			return strconv.QuoteRune(r)
		}
	}
	return ""
}

// TestFileNamesAreEscaped imports real files with such names through
// `tradedash import` and lists them with `tradedash imports`: every name is
// shown escaped, one line per import, with no raw control character.
func TestFileNamesAreEscaped(t *testing.T) {
	db := queriestest.New(t, server)
	dir := t.TempDir()
	copyAs := func(src, name string) string {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	check := func(what, out string) {
		t.Helper()
		if c := rawControl(out); c != "" {
			t.Errorf("%s prints a raw %s:\n%q", what, c, out)
		}
		if strings.Contains(out, "\nFAKE") {
			t.Errorf("%s: a file name starts a line of its own:\n%s", what, out)
		}
	}
	for _, name := range hostileNames {
		path := copyAs(testdata("figures-cp1251.csv"), name)
		shown := strconv.Quote(path)
		out, errOut, code := runTD(t, db.WriterURL, "import", "--dry-run", path)
		check("import --dry-run", out+errOut)
		if code != 0 || !strings.HasPrefix(out, shown+": ") {
			t.Errorf("import --dry-run %q: exit %d, want lines that begin %s:\n%s%s", name, code, shown, out, errOut)
		}
		out, errOut, code = runTD(t, db.WriterURL, "import", path)
		check("import", out+errOut)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], shown+": import ") {
			t.Errorf("import %q: exit %d, want 2 lines, the first beginning %s: import:\n%s%s", name, code, shown, out, errOut)
		}
	}
	// A rejected file: every problem is FILE:ROW:COLUMN with FILE escaped.
	bad := copyAs(testdata("broken/problems.csv"), "bad\nFAKE 0 problems.csv")
	out, errOut, code := runTD(t, db.WriterURL, "import", bad)
	check("a rejected import", out+errOut)
	if code != exitRejected {
		t.Fatalf("import of a broken file: exit %d\n%s", code, errOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if !strings.HasPrefix(line, strconv.Quote(bad)+":") && !strings.HasPrefix(line, "tradedash: ") {
			t.Errorf("problem line without the escaped file name: %q", line)
		}
	}

	out, errOut, code = runTD(t, db.WriterURL, "imports")
	check("imports", out+errOut)
	list, err := db.Writer.Imports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(list) < len(hostileNames)+1 || len(lines) != 1+len(list) {
		t.Fatalf("imports: exit %d, %d lines for %d imports:\n%s%s", code, len(lines), len(list), out, errOut)
	}
	for _, name := range append(hostileNames, "bad\nFAKE 0 problems.csv") {
		if !strings.Contains(out, strconv.Quote(filepath.Join(dir, name))) {
			t.Errorf("imports does not show %q escaped:\n%s", name, out)
		}
	}
}

// TestExportErrorsEscapeNames: an export or template that cannot write its
// file (here: into a directory that does not exist) names the file escaped,
// never through an *os.PathError that would print it raw.
func TestExportErrorsEscapeNames(t *testing.T) {
	db := queriestest.New(t, server)
	dir := t.TempDir()
	for _, name := range hostileNames {
		out := filepath.Join(dir, strings.TrimSuffix(name, ".csv"), "report.xlsx")
		for _, args := range [][]string{{"export", "--out", out}, {"template", "--out", out}} {
			stdout, stderr, code := runTD(t, db.WriterURL, args...)
			if code == 0 || !strings.Contains(stderr, strconv.Quote(out)) {
				t.Errorf("%s into a missing directory: exit %d, want the name escaped:\n%s%s", args[0], code, stdout, stderr)
			}
			if c := rawControl(stdout + stderr); c != "" {
				t.Errorf("%s prints a raw %s:\n%q", args[0], c, stdout+stderr)
			}
		}
	}
}
