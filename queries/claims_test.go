package queries_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

// claimModel is what the current claims must be after a series of
// imports: the latest row of each claim, retracted ones left out.
type claimModel map[tradedash.ClaimKey]tradedash.Figure

// figures returns, per figure, the current claim by tradedash.ChooseClaim
// among those on bases (all when empty) with the rest in Others, ranked,
// ordered as Figures orders them.
func (m claimModel) figures(bases []tradedash.Basis) []tradedash.Figure {
	byFigure := map[string][]tradedash.Figure{}
	for _, c := range m {
		if len(bases) > 0 && !slices.Contains(bases, c.Basis) {
			continue
		}
		k := fmt.Sprintf("%s\x00%s\x00%s\x00%04d", c.Exhibition, c.Country, c.Metric, c.Year)
		byFigure[k] = append(byFigure[k], c)
	}
	var keys []string
	for k := range byFigure {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []tradedash.Figure
	for _, k := range keys {
		claims := byFigure[k]
		slices.SortFunc(claims, func(a, b tradedash.Figure) int {
			if tradedash.ClaimBefore(&a, &b) {
				return -1
			}
			return 1
		})
		if tradedash.ChooseClaim(claims) != 0 {
			panic("ChooseClaim disagrees with ClaimBefore")
		}
		fig := claims[0]
		if len(claims) > 1 {
			fig.Others = claims[1:]
		}
		out = append(out, fig)
	}
	return out
}

// TestChosenClaimIsChooseClaims imports random claims (several sources,
// one spelt two ways, statuses, bases, preferred ones, retractions) in a
// series of imports and a rollback, and checks after each that the
// current claims ClickHouse keeps, in the generation and in the history,
// are the model's (the latest of each claim, retractions left out), and
// that the figure read is tradedash.ChooseClaim's among them with the
// others ranked beside it, with and without a filter by basis.
func TestChosenClaimIsChooseClaims(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 7))
	sources := []string{"https://a.org/x", "HTTPS://A.ORG/x/", "https://b.org", "Interfax", "https://c.org/y"}
	var imports []claimModel // what each import wrote, in order: the claims and the retractions (Value -1)
	model := func() claimModel {
		m := claimModel{}
		for _, imp := range imports {
			for k, c := range imp {
				if c.Value < 0 {
					delete(m, k)
				} else {
					m[k] = c
				}
			}
		}
		return m
	}
	check := func(step string) {
		t.Helper()
		m := model()
		for _, bases := range [][]tradedash.Basis{nil, {tradedash.Audited, tradedash.Organiser}, {tradedash.Press}} {
			want := m.figures(bases)
			f := queries.FigureFilter{Bases: bases}
			fromGen, err := p.Reader.Figures(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			fromHist, err := p.Reader.FiguresFromHistory(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for path, got := range map[string][]tradedash.Figure{"generation": fromGen, "history": fromHist} {
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, bases %v, from the %s: got\n%+v\nwant\n%+v", step, bases, path, got, want)
				}
			}
		}
	}
	var ids []uint64
	for i := 0; i < 6; i++ {
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: fmt.Sprintf("claims%d.csv", i)}, false)
		if err != nil {
			t.Fatal(err)
		}
		wrote := claimModel{}
		row := 2
		for _, country := range []string{"CN", "RU", "IN"} {
			for year := 2020; year <= 2022; year++ {
				for _, src := range sources {
					for _, status := range tradedash.Statuses {
						if rng.IntN(4) != 0 {
							continue
						}
						f := figure(country, "exhibitors", year, float64(rng.IntN(1000)))
						f.Status, f.Source = status, src
						f.Basis = tradedash.Bases[rng.IntN(len(tradedash.Bases))]
						if f.Basis == tradedash.Audited {
							f.Certificate = "RUEF-" + fmt.Sprint(rng.IntN(100))
						}
						f.Preferred = rng.IntN(8) == 0
						k := f.Claim()
						if _, dup := wrote[k]; dup {
							continue // one claim once per file: ingest refuses the rest
						}
						f.ImportID, f.FileRow = imp.ID(), row
						if i > 0 && rng.IntN(10) == 0 {
							if err := imp.AddRetraction(ctx, f, row); err != nil {
								t.Fatal(err)
							}
							f.Value = -1
						} else if err := imp.AddFigure(ctx, f, row); err != nil {
							t.Fatal(err)
						}
						wrote[k] = f
						row++
					}
				}
			}
		}
		if _, err := imp.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		imports = append(imports, wrote)
		ids = append(ids, imp.ID())
		check(fmt.Sprintf("after import %d", i))
	}
	if err := p.Writer.Rollback(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	imports = slices.Delete(imports, 2, 3)
	check("after rolling back the third import")
}
