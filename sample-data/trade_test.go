package sampledata_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"tradedash"
	"tradedash/ingest"
)

// tradeFacts is the compiled, sourced list the trade sample is taken from.
const tradeFacts = "sources/trade-facts.md"

// TestTradeSampleParses reads russia-china-trade.csv through the importer:
// no problem, no notice, one trade flow per row, China's customs (CN to RU)
// and the few Russian-side points (RU to CN).
func TestTradeSampleParses(t *testing.T) {
	c := &collect{}
	sum, err := ingest.Read(context.Background(), "russia-china-trade.csv", ingest.Options{}, c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Kind != ingest.Trade || sum.SkippedCount != 0 {
		t.Errorf("kind %s, %d notices: %v", sum.Kind, sum.SkippedCount, sum.Skipped)
	}
	rows := sampleRows(t)
	if len(c.trade) != len(rows) {
		t.Fatalf("%d trade flows from %d rows", len(c.trade), len(rows))
	}
	for _, f := range c.trade {
		if f.Partner == f.Reporter || f.Reporter != "CN" && f.Reporter != "RU" || f.Commodity != tradedash.TotalCommodity {
			t.Errorf("unexpected flow %+v", f)
		}
	}
	for _, want := range []struct {
		reporter string
		flow     tradedash.Flow
		year     int
		month    int
		value    float64
		q        tradedash.Qualifier
	}{
		{"CN", tradedash.FlowTurnover, 2023, 0, 240.11e9, tradedash.Exact},
		{"CN", tradedash.FlowTurnover, 2023, 10, 196.48e9, tradedash.Exact},
		{"CN", tradedash.FlowImport, 2022, 0, 114.15e9, tradedash.Exact},
		{"CN", tradedash.FlowTurnover, 2011, 0, 80e9, tradedash.About},
		{"RU", tradedash.FlowTurnover, 2012, 7, 49.776e9, tradedash.About},
	} {
		found := false
		for _, f := range c.trade {
			if f.Reporter == want.reporter && f.Flow == want.flow && f.Year == want.year && f.Month == want.month {
				found = true
				if f.ValueUSD != want.value || f.Qualifier != want.q || f.YTD != (want.month > 0) {
					t.Errorf("%s %s %d/%d: %v %s ytd=%v, want %v %s", want.reporter, want.flow, want.year, want.month, f.ValueUSD, f.Qualifier, f.YTD, want.value, want.q)
				}
			}
		}
		if !found {
			t.Errorf("no %s %s %d/%d", want.reporter, want.flow, want.year, want.month)
		}
	}
}

// TestTradeSampleSourced checks every row of russia-china-trade.csv against
// sources/trade-facts.md (the project's record of sourced trade figures,
// copied from the team's shared facts): its value, as written, appears in
// a line of the facts that cites the row's source URL (or says "same URL"
// under it).
func TestTradeSampleSourced(t *testing.T) {
	lines, urls := factLines(t)
	for i, r := range sampleRows(t) {
		value, _, _ := strings.Cut(r[5], " ")
		ok := false
		for j, l := range lines {
			if urls[j] == r[7] && strings.Contains(l, value) {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("row %d: %s with source %s is not in %s", i+2, r[5], r[7], tradeFacts)
		}
	}
}

// factLines reads sources/trade-facts.md: each line with the URL it cites,
// its own or, on a "same URL" line, the one above.
func factLines(t *testing.T) (lines, urls []string) {
	t.Helper()
	b, err := os.ReadFile(tradeFacts)
	if err != nil {
		t.Fatal(err)
	}
	url := ""
	for _, l := range strings.Split(string(b), "\n") {
		switch i := strings.Index(l, "http"); {
		case i >= 0:
			url = strings.Fields(l[i:])[0]
		case strings.Contains(l, "same URL"):
		default:
			url = ""
		}
		lines, urls = append(lines, l), append(urls, url)
	}
	return lines, urls
}

func sampleRows(t *testing.T) [][]string {
	t.Helper()
	return csvRows(t, "russia-china-trade.csv")
}
