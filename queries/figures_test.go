package queries_test

import (
	"context"
	"reflect"
	"testing"
	"tradedash"
	"tradedash/internal/synth"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// TestFiguresInPages: figures read in pages of a few (the size a million
// figures are read in, scaled down) are every figure, once, in order, with
// and without a filter.
func TestFiguresInPages(t *testing.T) {
	p := queriestest.New(t, server)
	var figs []tradedash.Figure // every exhibition, country, metric and year: each level of the key changes
	i := 0
	err := synth.Figures(1_000_000, 2, func(f tradedash.Figure) error {
		if i++; i%97 == 0 {
			figs = append(figs, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	queriestest.Import(t, p.Writer, "a.csv", figs, nil)
	for _, f := range []queries.FigureFilter{{}, {Countries: []string{"CN", "DE", "RU"}, FromYear: 1950}} {
		whole, err := p.Reader.Figures(context.Background(), f)
		if err != nil || len(whole) < 10 {
			t.Fatalf("filter %+v: %d figures, %v", f, len(whole), err)
		}
		restore := queries.SetFirstPage(3)
		paged, err := p.Reader.Figures(context.Background(), f)
		restore()
		if err != nil || !reflect.DeepEqual(paged, whole) {
			t.Fatalf("filter %+v: %d figures in pages (%v), %d in one", f, len(paged), err, len(whole))
		}
	}
}
