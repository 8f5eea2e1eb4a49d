package queries_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// flow is a whole-year total of reporter's trade with partner.
func flow(reporter, partner string, fl tradedash.Flow, year int, value float64) tradedash.TradeFlow {
	return tradedash.TradeFlow{Reporter: reporter, Partner: partner, Flow: fl, Year: year,
		Commodity: tradedash.TotalCommodity, ValueUSD: value, Qualifier: tradedash.Exact,
		Status: tradedash.TradeActual, Source: "https://example.org/customs"}
}

// chapter is a whole-year HS chapter (or any commodity code) row.
func chapter(reporter, partner string, fl tradedash.Flow, year int, code string, value float64) tradedash.TradeFlow {
	t := flow(reporter, partner, fl, year, value)
	t.Classification, t.Commodity = "H6", code
	return t
}

func month(t tradedash.TradeFlow, m int, ytd bool) tradedash.TradeFlow {
	t.Month, t.YTD = m, ytd
	return t
}

func quantity(t tradedash.TradeFlow, q float64, unit string) tradedash.TradeFlow {
	t.Quantity, t.QuantityUnit = &q, unit
	return t
}

// tradeKey names a trade flow in a test's messages and maps.
func tradeKey(t tradedash.TradeFlow) string {
	k := fmt.Sprintf("%s-%s %s %d", t.Reporter, t.Partner, t.Flow, t.Year)
	if t.Month > 0 {
		k += fmt.Sprintf("-%02d", t.Month)
	}
	if t.YTD {
		k += " ytd"
	}
	if t.Commodity != tradedash.TotalCommodity {
		k += " " + t.Classification + ":" + t.Commodity
	}
	return k
}

// tradeText writes what a test checks of trade flows, in order.
func tradeText(flows []tradedash.TradeFlow) string {
	var b strings.Builder
	for _, t := range flows {
		fmt.Fprintf(&b, "%s = %g", tradeKey(t), t.ValueUSD)
		if t.Quantity != nil {
			fmt.Fprintf(&b, " (%g %s)", *t.Quantity, t.QuantityUnit)
		}
		if t.Qualifier != tradedash.Exact || t.Status != tradedash.TradeActual {
			fmt.Fprintf(&b, " [%s %s]", t.Qualifier, t.Status)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func tradeFlows(t *testing.T, db *queries.DB, f queries.TradeFilter) string {
	t.Helper()
	got, err := db.TradeFlows(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return tradeText(got)
}

func TestTradeReadsEmpty(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	got, err := p.Reader.TradeFlows(ctx, queries.TradeFilter{Reporters: []string{"RU"}, Flows: []tradedash.Flow{tradedash.FlowExport}, From: 2000, To: 2030})
	if err != nil || len(got) != 0 {
		t.Fatalf("TradeFlows on an empty database: %v, %v", got, err)
	}
	got, err = p.Reader.TradeChapters(ctx, "RU", "CN", tradedash.FlowExport, 2023)
	if err != nil || len(got) != 0 {
		t.Fatalf("TradeChapters on an empty database: %v, %v", got, err)
	}
}

// TestTradeHistory imports trade flows, the same again, a revision, and
// rolls the revision back: counts, current values, the vintage.
func TestTradeHistory(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	first := []tradedash.TradeFlow{
		flow("CN", "RU", tradedash.FlowExport, 2023, 110.97e9),
		flow("CN", "RU", tradedash.FlowImport, 2023, 129.14e9),
		quantity(chapter("CN", "RU", tradedash.FlowImport, 2023, "27", 90e9), 1.07e8, "t"),
	}
	v0, _ := p.Reader.Vintage(ctx)
	id1, c := queriestest.ImportTrade(t, p.Writer, "gac.csv", first)
	if want := (queries.Counts{Rows: 3, New: 3}); c != want {
		t.Fatalf("first import: %+v, want %+v", c, want)
	}
	all := queries.TradeFilter{Reporters: []string{"CN"}}
	want := "CN-RU export 2023 = 1.1097e+11\nCN-RU import 2023 = 1.2914e+11\n"
	if got := tradeFlows(t, p.Reader, all); got != want {
		t.Fatalf("after the first import:\n%s\nwant:\n%s", got, want)
	}
	v1, _ := p.Reader.Vintage(ctx)
	if v1.Version == v0.Version || v1.ImportID != id1 {
		t.Fatalf("vintage after a trade import %+v, before %+v", v1, v0)
	}

	_, c = queriestest.ImportTrade(t, p.Writer, "gac.csv", first)
	if want := (queries.Counts{Rows: 3, Unchanged: 3}); c != want {
		t.Fatalf("the same file again: %+v, want %+v", c, want)
	}

	// A revision: the export value changes, the chapter loses its
	// quantity (a NULL that must win over the older value) and becomes
	// preliminary.
	revised := []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2023, 111e9),
		chapter("CN", "RU", tradedash.FlowImport, 2023, "27", 90e9)}
	revised[1].Status = tradedash.TradePreliminary
	v2, _ := p.Reader.Vintage(ctx)
	id3, c := queriestest.ImportTrade(t, p.Writer, "gac-revised.csv", revised)
	if want := (queries.Counts{Rows: 2, Changed: 2}); c != want {
		t.Fatalf("revision: %+v, want %+v", c, want)
	}
	want = "CN-RU export 2023 = 1.11e+11\nCN-RU import 2023 = 1.2914e+11\n"
	if got := tradeFlows(t, p.Reader, all); got != want {
		t.Fatalf("after the revision:\n%s\nwant:\n%s", got, want)
	}
	chapters, err := p.Reader.TradeChapters(ctx, "CN", "RU", tradedash.FlowImport, 2023)
	if err != nil {
		t.Fatal(err)
	}
	want = "CN-RU import 2023 = 1.2914e+11\nCN-RU import 2023 H6:27 = 9e+10 [exact preliminary]\n"
	if got := tradeText(chapters); got != want {
		t.Fatalf("chapters after the revision:\n%s\nwant:\n%s", got, want)
	}
	if chapters[1].ImportID != id3 {
		t.Fatalf("the revised chapter comes from import %d, want %d", chapters[1].ImportID, id3)
	}
	v3, _ := p.Reader.Vintage(ctx)
	if v3.Version == v2.Version || v3.ImportID != id3 {
		t.Fatalf("vintage after the revision %+v, before %+v", v3, v2)
	}

	if err := p.Writer.Rollback(ctx, id3); err != nil {
		t.Fatal(err)
	}
	want = "CN-RU export 2023 = 1.1097e+11\nCN-RU import 2023 = 1.2914e+11\n"
	if got := tradeFlows(t, p.Reader, all); got != want {
		t.Fatalf("after rolling the revision back:\n%s\nwant:\n%s", got, want)
	}
	chapters, _ = p.Reader.TradeChapters(ctx, "CN", "RU", tradedash.FlowImport, 2023)
	want = "CN-RU import 2023 = 1.2914e+11\nCN-RU import 2023 H6:27 = 9e+10 (1.07e+08 t)\n"
	if got := tradeText(chapters); got != want {
		t.Fatalf("chapters after rolling the revision back:\n%s\nwant:\n%s", got, want)
	}
	if v4, _ := p.Reader.Vintage(ctx); v4.Version == v3.Version {
		t.Fatalf("vintage unchanged by a rollback: %+v", v4)
	}
}

// TestTradeFilter checks which rows each filter selects, and the order.
func TestTradeFilter(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	rows := []tradedash.TradeFlow{
		flow("RU", "CN", tradedash.FlowImport, 2022, 2),
		flow("RU", "CN", tradedash.FlowExport, 2023, 3),
		flow("RU", "CN", tradedash.FlowExport, 2022, 1),
		flow("RU", tradedash.World, tradedash.FlowExport, 2022, 50),
		flow("CN", "RU", tradedash.FlowTurnover, 2021, 146.9e9),
		month(flow("RU", "CN", tradedash.FlowExport, 2023, 0.3), 5, false),
		month(flow("RU", "CN", tradedash.FlowExport, 2023, 2.5), 10, true),
		month(flow("RU", "CN", tradedash.FlowExport, 2023, 0.2), 1, false),
		chapter("RU", "CN", tradedash.FlowExport, 2023, "27", 1.5),
		chapter("RU", "CN", tradedash.FlowExport, 2023, "44", 0.2),
		chapter("RU", "CN", tradedash.FlowExport, 2023, "03", 0.4),
		chapter("RU", "CN", tradedash.FlowExport, 2023, "2709", 1.2), // a heading, not a chapter
		chapter("RU", "CN", tradedash.FlowExport, 2023, "V", 1.6),    // a section
		chapter("RU", "CN", tradedash.FlowExport, 2022, "27", 0.9),   // another year
		month(chapter("RU", "CN", tradedash.FlowExport, 2023, "27", 0.1), 3, false),
	}
	queriestest.ImportTrade(t, p.Writer, "all.csv", rows)
	for _, tc := range []struct {
		name string
		f    queries.TradeFilter
		want string
	}{
		{"all years", queries.TradeFilter{},
			"CN-RU turnover 2021 = 1.469e+11\nRU-CN export 2022 = 1\nRU-CN export 2023 = 3\nRU-CN import 2022 = 2\nRU-WLD export 2022 = 50\n"},
		{"reporter and partner", queries.TradeFilter{Reporters: []string{"RU"}, Partners: []string{"CN"}},
			"RU-CN export 2022 = 1\nRU-CN export 2023 = 3\nRU-CN import 2022 = 2\n"},
		{"world", queries.TradeFilter{Partners: []string{tradedash.World}}, "RU-WLD export 2022 = 50\n"},
		{"flows", queries.TradeFilter{Flows: []tradedash.Flow{tradedash.FlowImport, tradedash.FlowTurnover}},
			"CN-RU turnover 2021 = 1.469e+11\nRU-CN import 2022 = 2\n"},
		{"years", queries.TradeFilter{From: 2023, To: 2023}, "RU-CN export 2023 = 3\n"},
		{"from", queries.TradeFilter{From: 2022, Reporters: []string{"CN"}}, ""},
		{"monthly", queries.TradeFilter{Monthly: true},
			"RU-CN export 2023-01 = 0.2\nRU-CN export 2023-05 = 0.3\nRU-CN export 2023-10 ytd = 2.5\n"},
		{"commodity", queries.TradeFilter{Commodity: "27"},
			"RU-CN export 2022 H6:27 = 0.9\nRU-CN export 2023 H6:27 = 1.5\n"},
		{"commodity monthly", queries.TradeFilter{Commodity: "27", Monthly: true}, "RU-CN export 2023-03 H6:27 = 0.1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tradeFlows(t, p.Reader, tc.f); got != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	chapters, err := p.Reader.TradeChapters(ctx, "RU", "CN", tradedash.FlowExport, 2023)
	if err != nil {
		t.Fatal(err)
	}
	want := "RU-CN export 2023 = 3\nRU-CN export 2023 H6:27 = 1.5\nRU-CN export 2023 H6:03 = 0.4\nRU-CN export 2023 H6:44 = 0.2\n"
	if got := tradeText(chapters); got != want {
		t.Fatalf("chapters:\n%s\nwant:\n%s", got, want)
	}
}

// TestTradeRepeatedKeyRefused: a trade flow given on two rows of one
// import is located, and the import cannot commit.
func TestTradeRepeatedKeyRefused(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "twice.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	rows := []tradedash.TradeFlow{flow("RU", "CN", tradedash.FlowExport, 2023, 1),
		flow("RU", "CN", tradedash.FlowImport, 2023, 2), flow("RU", "CN", tradedash.FlowExport, 2023, 1),
		month(flow("RU", "CN", tradedash.FlowExport, 2023, 1), 3, false), flow("RU", "CN", tradedash.FlowExport, 2023, 4)}
	for i, r := range rows {
		if err := imp.AddTradeFlow(ctx, r, i+2); err != nil {
			t.Fatal(err)
		}
	}
	dups, n, err := imp.TradeDuplicates(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(dups) != 1 || fmt.Sprint(dups[0].Rows) != "[2 4 6]" || dups[0].String() != "RU, CN, export, 2023, TOTAL" {
		t.Fatalf("repeats: %d %+v, want rows 2, 4 and 6 of RU, CN, export, 2023, TOTAL", n, dups)
	}
	if _, err := imp.Commit(ctx); !errors.Is(err, queries.ErrRepeatedTrade) {
		t.Fatalf("commit of an import with a repeated trade flow: %v", err)
	}
	if err := imp.Abort(ctx, "repeated"); err != nil {
		t.Fatal(err)
	}
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != "" {
		t.Fatalf("visible after a refused import:\n%s", got)
	}
	if staged, uncommitted, err := p.Writer.PendingRows(ctx); err != nil || staged+uncommitted != 0 {
		t.Fatalf("left after the abort: %d staged, %d uncommitted (%v)", staged, uncommitted, err)
	}
}

// TestTradeDryRun: a dry run counts and lists the changes, and writes
// nothing.
func TestTradeDryRun(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	id, _ := queriestest.ImportTrade(t, p.Writer, "gac.csv", []tradedash.TradeFlow{
		flow("CN", "RU", tradedash.FlowExport, 2023, 110.97e9),
		quantity(chapter("CN", "RU", tradedash.FlowImport, 2023, "27", 90e9), 1.07e8, "t")})
	before := tradeFlows(t, p.Reader, queries.TradeFilter{})
	v, _ := p.Reader.Vintage(ctx)
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range []tradedash.TradeFlow{
		flow("CN", "RU", tradedash.FlowExport, 2023, 110.97e9),                        // unchanged
		quantity(chapter("CN", "RU", tradedash.FlowImport, 2023, "27", 90e9), 2, "t"), // changed quantity
		flow("CN", "RU", tradedash.FlowImport, 2023, 129.14e9),                        // new
	} {
		if err := imp.AddTradeFlow(ctx, r, i+2); err != nil {
			t.Fatal(err)
		}
	}
	c, err := imp.Counts(ctx)
	if want := (queries.Counts{Rows: 3, New: 1, Changed: 1, Unchanged: 1}); err != nil || c != want {
		t.Fatalf("dry run counts %+v (%v), want %+v", c, err, want)
	}
	var changes []queries.TradeChange
	if err := imp.EachTradeChange(ctx, func(ch queries.TradeChange) error {
		changes = append(changes, ch)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Row != 3 || *changes[0].Old.Quantity != 1.07e8 || *changes[0].New.Quantity != 2 ||
		changes[0].Old.ImportID != id || tradeKey(changes[0].Old) != "CN-RU import 2023 H6:27" {
		t.Fatalf("changes: %+v", changes)
	}
	if _, err := imp.Commit(ctx); !errors.Is(err, queries.ErrDryRun) {
		t.Fatalf("commit of a dry run: %v", err)
	}
	if err := imp.Abort(ctx, "dry run"); err != nil {
		t.Fatal(err)
	}
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != before {
		t.Fatalf("a dry run changed the trade flows:\n%s\nwas:\n%s", got, before)
	}
	if v2, _ := p.Reader.Vintage(ctx); v2 != v {
		t.Fatalf("a dry run changed the vintage: %+v, was %+v", v2, v)
	}
	if staged, uncommitted, err := p.Writer.PendingRows(ctx); err != nil || staged+uncommitted != 0 {
		t.Fatalf("left after the dry run: %d staged, %d uncommitted (%v)", staged, uncommitted, err)
	}
}

// TestTradeBesideFigures: an import of figures alone leaves the trade
// flows as they were, and one file may hold both.
func TestTradeBesideFigures(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	queriestest.ImportTrade(t, p.Writer, "gac.csv", []tradedash.TradeFlow{flow("CN", "RU", tradedash.FlowExport, 2023, 110.97e9)})
	want := tradeFlows(t, p.Reader, queries.TradeFilter{})
	if _, c := importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 300)); c.New != 1 {
		t.Fatalf("figures import counts %+v", c)
	}
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != want {
		t.Fatalf("after a figures import:\n%s\nwant:\n%s", got, want)
	}
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "both.xlsx"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.AddFigure(ctx, figure("CN", "exhibitors", 2024, 310), 2); err != nil {
		t.Fatal(err)
	}
	if err := imp.AddTradeFlow(ctx, flow("CN", "RU", tradedash.FlowExport, 2024, 115.5e9), 3); err != nil {
		t.Fatal(err)
	}
	if err := imp.AddTradeFlow(ctx, flow("CN", "RU", tradedash.FlowExport, 2023, 110.97e9), 4); err != nil {
		t.Fatal(err)
	}
	c, err := imp.Commit(ctx)
	if want := (queries.Counts{Rows: 3, New: 2, Unchanged: 1}); err != nil || c != want {
		t.Fatalf("figures and trade in one import: %+v (%v), want %+v", c, err, want)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); len(got) != 2 || got["CN/exhibitors/2024"] != 310 {
		t.Fatalf("figures after the mixed import: %v", got)
	}
	want = "CN-RU export 2023 = 1.1097e+11\nCN-RU export 2024 = 1.155e+11\n"
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != want {
		t.Fatalf("after the mixed import:\n%s\nwant:\n%s", got, want)
	}
}

// TestTradeConflicts: two files of one command that give a trade flow
// differently conflict, a missing quantity against a given one too.
func TestTradeConflicts(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	files := [][]tradedash.TradeFlow{
		{flow("RU", "CN", tradedash.FlowExport, 2023, 1), flow("RU", "CN", tradedash.FlowImport, 2023, 2),
			chapter("RU", "CN", tradedash.FlowExport, 2023, "27", 1)},
		{flow("RU", "CN", tradedash.FlowExport, 2023, 1), flow("RU", "CN", tradedash.FlowImport, 2023, 2.5),
			quantity(chapter("RU", "CN", tradedash.FlowExport, 2023, "27", 1), 7, "t")},
	}
	var imps []*queries.Import
	for i, rows := range files {
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: fmt.Sprintf("f%d.csv", i+1)}, false)
		if err != nil {
			t.Fatal(err)
		}
		defer imp.Abort(ctx, "test over")
		for j, r := range rows {
			if err := imp.AddTradeFlow(ctx, r, j+2); err != nil {
				t.Fatal(err)
			}
		}
		imps = append(imps, imp)
	}
	conflicts, err := queries.TradeConflicts(ctx, imps, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range conflicts {
		got = append(got, fmt.Sprintf("%s: %s:%d %g %v, %s:%d %g %v", tradeKey(c.First), c.FirstFile, c.FirstRow, c.First.ValueUSD,
			c.First.Quantity != nil, c.SecondFile, c.SecondRow, c.Second.ValueUSD, c.Second.Quantity != nil))
	}
	want := "RU-CN export 2023 H6:27: f1.csv:4 1 false, f2.csv:4 1 true|RU-CN import 2023: f1.csv:3 2 false, f2.csv:3 2.5 false"
	if strings.Join(got, "|") != want {
		t.Fatalf("conflicts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
}

// TestKilledTradeImportLeavesNothing: the trade flows of an import whose
// process died are never visible, and RecoverKilled drops them.
func TestKilledTradeImportLeavesNothing(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	defer queries.SetHeartbeat(200*time.Millisecond, 5*time.Second)()
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "killed.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.AddTradeFlow(ctx, flow("RU", "CN", tradedash.FlowExport, 2023, 1), 2); err != nil {
		t.Fatal(err)
	}
	if _, err := imp.Counts(ctx); err != nil { // sends the row
		t.Fatal(err)
	}
	imp.StopHeartbeat()
	if _, uncommitted, _ := p.Writer.PendingRows(ctx); uncommitted != 1 {
		t.Fatalf("%d uncommitted rows of the running import, want 1", uncommitted)
	}
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != "" {
		t.Fatalf("visible before its commit:\n%s", got)
	}
	time.Sleep(7 * time.Second) // over 5 s, in the whole seconds of DateTime
	if lost, err := p.Writer.RecoverKilled(ctx); err != nil || len(lost) != 1 {
		t.Fatalf("lost %v (%v), want the killed import", lost, err)
	}
	if _, uncommitted, _ := p.Writer.PendingRows(ctx); uncommitted != 0 {
		t.Fatalf("%d rows of the killed import left", uncommitted)
	}
	if got := tradeFlows(t, p.Reader, queries.TradeFilter{}); got != "" {
		t.Fatalf("visible after it was lost:\n%s", got)
	}
}
