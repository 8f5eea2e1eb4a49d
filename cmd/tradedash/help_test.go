package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tradedash/locale"
	"tradedash/queries"
)

var update = flag.Bool("update", false, "rewrite the README's usage block from `tradedash help`")

// runEnv runs the program in-process with the environment env and
// returns its output and exit code.
func runEnv(env map[string]string, args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	code = exitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// TestREADMEUsage keeps the README's command block equal to what
// `tradedash help` prints (in English), so the usage is written once: in
// the flags' help texts.
func TestREADMEUsage(t *testing.T) {
	help, errOut, code := runEnv(nil, "help")
	if code != 0 {
		t.Fatalf("help: exit %d: %s", code, errOut)
	}
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- begin tradedash help -->\n```\n", "```\n<!-- end tradedash help -->"
	i, j := bytes.Index(readme, []byte(begin)), bytes.Index(readme, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the block between %q and %q", begin, end)
	}
	if got := string(readme[i+len(begin) : j]); got != help {
		if *update {
			out := append(append(append([]byte{}, readme[:i+len(begin)]...), help...), readme[j:]...)
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's usage block differs from `tradedash help`; run: go test ./cmd/tradedash -run TestREADMEUsage -update\n--- README\n%s\n--- help\n%s", got, help)
	}
}

// TestHelp: help, -h and COMMAND -h print the generated usage and exit 0;
// a mistake prints where to find it and exits 2.
func TestHelp(t *testing.T) {
	full, _, code := runEnv(nil, "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, want := range []string{
		"usage: tradedash [global flags] COMMAND [flags] [arguments]",
		"usage: tradedash import [flags] FILE...",
		"  -dry-run\n    \tcheck the files and show each figure that would change; write nothing",
		"  -lang LANG\n    \tthe workbook's language, LANG: ru, en, zh (default \"ru\")",
		"  -data-dir DIR\n",
		"exit codes: 0 done; 1 input rejected, nothing written; 2 usage; 3 database unavailable",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("help lacks %q:\n%s", want, full)
		}
	}
	if out, _, code := runEnv(nil, "-h"); code != 0 || out != full {
		t.Errorf("-h: exit %d, not the same as help:\n%s", code, out)
	}
	for _, args := range [][]string{{"import", "-h"}, {"help", "import"}, {"--data-dir", "x", "import", "a.csv", "--help"}} {
		out, errOut, code := runEnv(nil, args...)
		if code != 0 || !strings.HasPrefix(out, "usage: tradedash import [flags] FILE...\n") ||
			!strings.Contains(out, "-encoding NAME") || !strings.Contains(out, "global flags") || strings.Contains(out, "-load-sample") {
			t.Errorf("%v: exit %d, want the import command's usage:\n%s%s", args, code, out, errOut)
		}
	}
	for _, args := range [][]string{nil, {"frobnicate"}, {"import", "--frob", "a.csv"}, {"help", "frobnicate"}} {
		out, errOut, code := runEnv(nil, args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, "usage: tradedash ") {
			t.Errorf("%v: exit %d, want %d and a pointer to the usage:\n%s%s", args, code, exitUsage, out, errOut)
		}
	}
}

// TestEveryFlagHasHelp: a flag without help text would print a bare name.
func TestEveryFlagHasHelp(t *testing.T) {
	for _, l := range locale.Langs() {
		cfg := &config{lang: l}
		cfg.global = cfg.globalFlags()
		sets := []*flag.FlagSet{cfg.global}
		for _, c := range cfg.commands() {
			u := c.usage()
			if u.about == "" || strings.HasPrefix(u.about, "cli.") {
				t.Errorf("%s: %s has no description: %q", l, u.fs.Name(), u.about)
			}
			sets = append(sets, u.fs)
		}
		for _, fs := range sets {
			fs.VisitAll(func(f *flag.Flag) {
				if f.Usage == "" || strings.HasPrefix(f.Usage, "cli.") {
					t.Errorf("%s: %s -%s has no help text: %q", l, fs.Name(), f.Name, f.Usage)
				}
			})
		}
	}
}

// TestHelpShowsNoSecret: the global flags' defaults are not the
// environment's, so help never prints the password in
// TRADEDASH_CLICKHOUSE.
func TestHelpShowsNoSecret(t *testing.T) {
	env := map[string]string{"TRADEDASH_CLICKHOUSE": "clickhouse://writer:s3cret@db.example:9000/tradedash"}
	for _, args := range [][]string{{"help"}, {"import", "-h"}} {
		if out, errOut, _ := runEnv(env, args...); strings.Contains(out+errOut, "s3cret") {
			t.Errorf("%v prints the password:\n%s", args, out)
		}
	}
}

// TestCountsLine: the summary line chooses the plural form of its count
// in each language and writes counts in plain digits ("1000", which
// scripts read), not "1,000" or "1 000".
func TestCountsLine(t *testing.T) {
	for _, c := range []struct {
		lang locale.Lang
		rows int
		want string
	}{
		{locale.EN, 1, "1 row: 1 new, 0 changed, 0 unchanged"},
		{locale.EN, 1000, "1000 rows: 1000 new, 0 changed, 0 unchanged"},
		{locale.RU, 1, "1 строка: новых 1, изменённых 0, без изменений 0"},
		{locale.RU, 3, "3 строки: новых 3, изменённых 0, без изменений 0"},
		{locale.RU, 5, "5 строк: новых 5, изменённых 0, без изменений 0"},
		{locale.RU, 21, "21 строка: новых 21, изменённых 0, без изменений 0"},
		{locale.RU, 12345, "12345 строк: новых 12345, изменённых 0, без изменений 0"},
		{locale.ZH, 12345, "共 12345 行：新增 12345，变更 0，未变 0"},
	} {
		cfg := &config{lang: c.lang}
		if got := countsLine(cfg, countsOf(c.rows)); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.rows, got, c.want)
		}
	}
}

func countsOf(n int) queries.Counts { return queries.Counts{Rows: n, New: n} }
