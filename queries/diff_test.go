package queries_test

import (
	"context"
	"testing"
	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

func TestDryRunWritesNothing(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 400))
	before, _ := p.Reader.Imports(ctx)
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatal(err)
	}
	imp.AddFigure(ctx, figure("CN", "exhibitors", 2023, 410), 7)
	var changes []queries.Change
	if err := imp.EachChange(ctx, func(c queries.Change) error { changes = append(changes, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Old.Value != 400 || changes[0].New.Value != 410 || changes[0].Row != 7 {
		t.Fatalf("changes %+v", changes)
	}
	if _, err := imp.Commit(ctx); err == nil {
		t.Fatal("a dry run must not commit")
	}
	imp.Abort(ctx, "dry run")
	after, _ := p.Reader.Imports(ctx)
	if len(after) != len(before) {
		t.Fatalf("dry run wrote to the import log: %+v", after)
	}
}

// TestCountsByClaim: a dry run compares each staged claim with the current
// claim of the same tradedash.ClaimKey: a second source of a figure, or
// another status, is new; the same source (spelt otherwise) with another
// basis is a change.
func TestCountsByClaim(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	importFigures(t, p.Writer, figure("CN", "exhibitors", 2023, 400))
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "dry.csv"}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Abort(ctx, "dry run")
	other := figure("CN", "exhibitors", 2023, 370)
	other.Source = "https://other.example/n"
	planned := figure("CN", "exhibitors", 2023, 500)
	planned.Status = tradedash.Planned
	rebased := figure("CN", "exhibitors", 2023, 400)
	rebased.Source, rebased.Basis = "HTTPS://EXAMPLE.ORG/s/", tradedash.Organiser
	for i, f := range []tradedash.Figure{other, planned, rebased} {
		if err := imp.AddFigure(ctx, f, i+2); err != nil {
			t.Fatal(err)
		}
	}
	c, err := imp.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (queries.Counts{Rows: 3, New: 2, Changed: 1}); c != want {
		t.Fatalf("counts %+v, want %+v", c, want)
	}
}
