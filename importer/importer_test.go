package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"tradedash/localdb"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

var server *localdb.Server

func TestMain(m *testing.M) { queriestest.Main(m, &server) }

func testdata(name string) string { return filepath.Join("..", "ingest", "testdata", name) }

// TestFilesResult: Files says what happened to each file, for the caller
// to print; the importer prints nothing.
func TestFilesResult(t *testing.T) {
	ctx := context.Background()
	db := queriestest.New(t, server)

	res, err := Files(ctx, db.Writer, []string{testdata("figures-cp1251.csv")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Files[0]
	if want := (queries.Counts{Rows: 11, New: 11}); f.Counts != want || res.Total != want {
		t.Errorf("counts %+v, total %+v, want %+v", f.Counts, res.Total, want)
	}
	if f.ImportID == 0 || f.Name != testdata("figures-cp1251.csv") || f.Encoding != "Windows-1251" || f.EncodingGiven {
		t.Errorf("file %+v", f)
	}

	res, err = Files(ctx, db.Writer, []string{testdata("figures-long-bom.csv")}, Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	f = res.Files[0]
	// Rows 2 and 3 give 2023's figures from other sources than the
	// first file: new claims beside its claims, not changes (issue 11).
	if !res.DryRun || f.Counts != (queries.Counts{Rows: 8, New: 7, Changed: 1}) || len(f.Changes) != 1 {
		t.Fatalf("dry run: %+v", res)
	}
	found := false
	for _, ch := range f.Changes {
		found = found || ch.Row == 4 && ch.New.Metric == "space_reported_m2" && ch.Old.Note == "прогноз марта 2024" && ch.New.Note == "March 2024 forecast"
	}
	if !found {
		t.Errorf("the changes lack the note of row 4: %+v", f.Changes)
	}

	// One broken file of two: nothing written, the problems of each file
	// in its own entry.
	res, err = Files(ctx, db.Writer, []string{testdata("figures-koi8r.csv"), testdata("broken/problems.csv")}, Options{})
	var rejected *Rejected
	if !errors.As(err, &rejected) || rejected.Problems != res.Problems || res.Problems == 0 {
		t.Fatalf("error %v, result %+v", err, res)
	}
	if res.Files[0].ProblemCount != 0 || res.Files[1].ProblemCount != res.Problems || len(res.Files[1].Problems) == 0 ||
		!strings.Contains(res.Files[1].Problems[0].Error(), "problems.csv:") || res.Total != (queries.Counts{}) {
		t.Errorf("result %+v", res)
	}
	if figs, _ := db.Reader.Figures(ctx, queries.FigureFilter{}); len(figs) != 11 {
		t.Errorf("a rejected import changed the figures: %d", len(figs))
	}

	// Two files that give one figure differently conflict.
	res, err = Files(ctx, db.Writer, []string{testdata("figures-cp1251.csv"), testdata("figures-long-bom.csv")}, Options{DryRun: true})
	if !errors.As(err, &rejected) || len(res.Conflicts) == 0 || res.Problems != len(res.Conflicts) {
		t.Fatalf("conflicting files: error %v, result %+v", err, res)
	}
}
