package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestTradeImport imports trade flows from an office's sheet, shows a
// revision's change in a dry run, refuses two files that give one trade
// flow different values, and keeps the values rollback restores.
func TestTradeImport(t *testing.T) {
	db := queriestest.New(t, server)
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const header = "reporter,partner,flow,year,value,qualifier,source\n"
	first := write("trade-2024.csv", header+
		"CN,RU,export,2024,115.49 USD bn,,https://example.org/gac\n"+
		"CN,RU,import,2024,129.32 USD bn,,https://example.org/gac\n")
	revised := write("trade-2024-revised.csv", header+
		"CN,RU,export,2024,115.5 USD bn,about,https://example.org/gac\n"+
		"CN,RU,import,2024,129.32 USD bn,,https://example.org/gac\n")

	out, errOut, code := runTD(t, db.WriterURL, "import", first)
	if code != 0 || !strings.Contains(lastLine(out), "2 rows: 2 new, 0 changed, 0 unchanged") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = runTD(t, db.WriterURL, "import", "--dry-run", revised)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"trade-2024-revised.csv:2: CN RU export 2024 TOTAL: 115490000000 USD -> ~115500000000 USD",
		"2 rows: 0 new, 1 changed, 1 unchanged",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "more changed") {
		t.Errorf("a listed trade change is counted as an unlisted one:\n%s", out)
	}

	_, errOut, code = runTD(t, db.WriterURL, "import", first, revised)
	if code != exitRejected || !strings.Contains(errOut, "trade-2024-revised.csv:2: the same trade flow as ") ||
		!strings.Contains(errOut, "(CN RU export 2024 TOTAL) with a different value") {
		t.Fatalf("contradicting files: exit %d\n%s", code, errOut)
	}
	flows, err := db.Reader.TradeFlows(context.Background(), queries.TradeFilter{})
	if err != nil || len(flows) != 2 || flows[0].ValueUSD != 115.49e9 {
		t.Fatalf("after the refused import: %+v, %v", flows, err)
	}
}
