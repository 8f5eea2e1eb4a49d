package synth_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tradedash"
	"tradedash/ingest"
	"tradedash/internal/synth"
)

// flows collects what ingest.Read sends.
type flows []tradedash.TradeFlow

func (f *flows) Figure(context.Context, tradedash.Figure, int) error       { return nil }
func (f *flows) Milestone(context.Context, tradedash.Milestone, int) error { return nil }
func (f *flows) TradeFlow(_ context.Context, t tradedash.TradeFlow, _ int) error {
	*f = append(*f, t)
	return nil
}

// TestWriteComtrade reads a generated Comtrade Plus file back with the
// importer's reader: every row is one of TradeFlows' flows, in order, with
// its key, value and quantity.
func TestWriteComtrade(t *testing.T) {
	const n = 30_000 // 1,500 a group: yearly and monthly totals, chapters, some HS6 rows
	path := filepath.Join(t.TempDir(), "synthetic-comtrade.csv")
	if err := synth.WriteComtrade(path, n, 7); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(raw, []byte("\",\r\n")) {
		t.Errorf("rows do not end with a quoted value, a trailing comma and CRLF: %q", raw[len(raw)-20:])
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 {
		t.Fatalf("%d lines, want a header and %d rows", len(recs), n)
	}
	if got := len(recs[0]); got != len(synth.ComtradeColumns) || len(synth.ComtradeColumns) != 47 {
		t.Errorf("header has %d names, want the 47 columns", got)
	}
	for i, rec := range recs[1:] {
		if len(rec) != 48 || rec[47] != "" {
			t.Fatalf("row %d: %d fields, want 47 and the trailing comma's empty one", i+2, len(rec))
		}
	}

	var got flows
	sum, err := ingest.Read(context.Background(), path, ingest.Options{}, &got)
	if err != nil {
		t.Fatalf("ingest.Read: %v", err)
	}
	if sum.Kind != ingest.Trade || sum.SkippedCount != 0 {
		t.Errorf("read as %v with %d rows skipped: %v", sum.Kind, sum.SkippedCount, sum.Skipped)
	}
	var want flows
	if err := synth.TradeFlows(n, 7, func(f tradedash.TradeFlow) error { want = append(want, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d trade flows, want %d", len(got), len(want))
	}
	seen := map[string]bool{}
	for i, g := range got {
		w := want[i]
		if g.Reporter != w.Reporter || g.Partner != w.Partner || g.Flow != w.Flow || g.Year != w.Year || g.Month != w.Month ||
			g.Classification != w.Classification || g.Commodity != w.Commodity || g.ValueUSD != w.ValueUSD ||
			(g.Quantity == nil) != (w.Quantity == nil) || g.Quantity != nil && *g.Quantity != *w.Quantity {
			t.Fatalf("row %d: read\n%+v\nwant\n%+v", i+2, g, w)
		}
		seen[map[bool]string{true: "month", false: "year"}[g.Month > 0]+" "+strconv.Itoa(len(g.Commodity))] = true
	}
	for _, k := range []string{"year 5", "month 5", "year 2", "month 2", "month 6"} { // TOTAL, chapters, HS6
		if !seen[k] {
			t.Errorf("no %s row in %d rows", k, n)
		}
	}
}

// TestTradeFlowsOf checks that three countries make six reporter and
// partner pairs with equal shares of distinct flows, and that CN and RU
// make TradeFlows' flows, row for row.
func TestTradeFlowsOf(t *testing.T) {
	const n = 6_000 // 6 pairs x 5 years x 2 flows, 100 a group
	byPair := map[string]int{}
	keys := map[string]bool{}
	err := synth.TradeFlowsOf([]string{"CN", "RU", "KZ"}, n, 7, func(f tradedash.TradeFlow) error {
		byPair[f.Reporter+"-"+f.Partner]++
		k := fmt.Sprintf("%s %s %s %d %d %s %s", f.Reporter, f.Partner, f.Flow, f.Year, f.Month, f.Classification, f.Commodity)
		if keys[k] {
			return fmt.Errorf("flow %s twice", k)
		}
		keys[k] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(byPair) != 6 || len(keys) != n {
		t.Fatalf("%d flows over the pairs %v, want %d over 6", len(keys), byPair, n)
	}
	for pair, c := range byPair {
		if c != n/6 {
			t.Errorf("%s has %d flows, want %d", pair, c, n/6)
		}
	}
	var one, two []string
	row := func(rows *[]string) func(tradedash.TradeFlow) error {
		return func(f tradedash.TradeFlow) error {
			q := 0.0
			if f.Quantity != nil {
				q = *f.Quantity
			}
			f.Quantity = nil
			*rows = append(*rows, fmt.Sprintf("%+v %v", f, q))
			return nil
		}
	}
	if err := synth.TradeFlows(2_000, 3, row(&one)); err != nil {
		t.Fatal(err)
	}
	if err := synth.TradeFlowsOf([]string{"CN", "RU"}, 2_000, 3, row(&two)); err != nil {
		t.Fatal(err)
	}
	if len(one) != 2_000 || strings.Join(one, "\n") != strings.Join(two, "\n") {
		t.Error("TradeFlowsOf CN, RU differs from TradeFlows")
	}
	if err := synth.TradeFlowsOf([]string{"CN"}, 10, 1, func(tradedash.TradeFlow) error { return nil }); err == nil {
		t.Error("one country made trade flows")
	}
}
