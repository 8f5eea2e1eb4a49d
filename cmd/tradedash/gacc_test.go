package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestGACCImport: a China Customs export without --flow and --period is
// refused with a message naming the flags, and nothing is written; with
// them it is imported, 344 read as Russia; the flags given with another
// file refuse it; a flow or period the flags cannot take is a usage error.
func TestGACCImport(t *testing.T) {
	db := queriestest.New(t, server)
	testdata := filepath.Join("..", "..", "ingest", "testdata")
	export := filepath.Join(testdata, "broken", "gacc-no-flags.csv")

	_, errOut, code := runTD(t, db.WriterURL, "import", export)
	if code != exitRejected || !strings.Contains(errOut, "gacc-no-flags.csv:1: a China Customs export has no flow column: give the query's flow with --flow export or --flow import") ||
		!strings.Contains(errOut, "gacc-no-flags.csv:1: a China Customs export without 数据年月 (Date of data) has no period: give the query's with --period") {
		t.Fatalf("without flags: exit %d\n%s", code, errOut)
	}
	_, errOut, code = runTD(t, db.WriterURL, "import", "--period", "2024-01..2024-10", export)
	if code != exitRejected || !strings.Contains(errOut, "--flow export or --flow import") || strings.Contains(errOut, "--period (") {
		t.Fatalf("without --flow: exit %d\n%s", code, errOut)
	}
	flows, err := db.Reader.TradeFlows(context.Background(), queries.TradeFilter{Commodity: "27090000", Monthly: true})
	if err != nil || len(flows) != 0 {
		t.Fatalf("refused imports wrote %+v, %v", flows, err)
	}

	out, errOut, code := runTD(t, db.WriterURL, "import", "--flow", "import", "--period", "2024-01..2024-10", export)
	if code != 0 || !strings.Contains(lastLine(out), "1 rows: 1 new, 0 changed, 0 unchanged") && !strings.Contains(lastLine(out), "1 row: 1 new") {
		t.Fatalf("with flags: exit %d\n%s%s", code, out, errOut)
	}
	flows, err = db.Reader.TradeFlows(context.Background(), queries.TradeFilter{Commodity: "27090000", Monthly: true})
	if err != nil || len(flows) != 1 {
		t.Fatalf("after the import: %+v, %v", flows, err)
	}
	if f := flows[0]; f.Reporter != "CN" || f.Partner != "RU" || f.Flow != "import" || f.Year != 2024 || f.Month != 10 || !f.YTD ||
		f.Classification != "CN8" || f.Commodity != "27090000" || f.ValueUSD != 48765432100 {
		t.Errorf("imported %+v", f)
	}

	sheet := filepath.Join(testdata, "trade-sheet-en.csv")
	_, errOut, code = runTD(t, db.WriterURL, "import", "--flow", "export", sheet)
	if code != exitRejected || !strings.Contains(errOut, "trade-sheet-en.csv:1: --flow and --period describe a China Customs export") {
		t.Fatalf("a trade sheet with --flow: exit %d\n%s", code, errOut)
	}

	for _, c := range []struct{ args, want string }{
		{"--flow turnover", "--flow: \"turnover\" is neither export nor import"},
		{"--period 2024-13", "--period: \"2024-13\" is not a period"},
		{"--period 2024-03..2024-10", "--period: \"2024-03..2024-10\" is not a period"},
	} {
		_, errOut, code = runTD(t, db.WriterURL, append(append([]string{"import"}, strings.Fields(c.args)...), export)...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d\n%s", c.args, code, errOut)
		}
	}
}
