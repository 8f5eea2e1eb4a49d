package view

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"tradedash"
	"tradedash/queries"
)

// MaxDataRows bounds the figures of one Data view. A filter that matches
// more is reported as Truncated: the page asks to narrow it, the API
// refuses it.
const MaxDataRows = 5000

// SortColumns are the columns a Data view can be sorted by (Params.Sort,
// "-" prefixed for descending).
var SortColumns = []string{"year", "exhibition", "country", "metric", "value", "status", "import"}

// Data is the figures and milestones behind the charts, as rows.
type Data struct {
	Params  Params // as used
	Vintage tradedash.Vintage
	// Figures are the current figures the filter selects, at most
	// MaxDataRows, sorted by Params.Sort (by exhibition, country, metric and
	// year when it is empty).
	Figures   []tradedash.Figure
	Truncated bool // more figures match than Figures holds
	// Milestones of the exhibitions and years, for the countries asked and
	// for the whole exhibition, by date.
	Milestones []tradedash.Milestone
}

// errEnough stops a figure stream once a view has all it can show.
var errEnough = errors.New("enough figures")

// Data builds the table p asks for. Empty lists select everything; at most
// MaxCountries countries may be named.
func (v *Views) Data(ctx context.Context, p Params) (*Data, error) {
	if err := tooMany(ParamCountry, p.Countries, MaxCountries); err != nil {
		return nil, err
	}
	d, err := Cached(ctx, v, "data", p.key(), func(vin tradedash.Vintage) (*Data, int, error) {
		d, err := v.buildData(ctx, p, vin)
		if err != nil {
			return nil, 0, err
		}
		return d, len(d.Figures) + len(d.Milestones), nil
	})
	if err != nil {
		return nil, err
	}
	// The cached value is shared: answer with a copy that carries this
	// request's language and order.
	out := *d
	out.Params = p
	if p.Sort != "" {
		out.Figures = slices.Clone(d.Figures)
		SortFigures(out.Figures, p.Sort)
	}
	return &out, nil
}

func (v *Views) buildData(ctx context.Context, p Params, vin tradedash.Vintage) (*Data, error) {
	d := &Data{Params: p, Vintage: vin}
	err := v.src.EachFigure(ctx, queries.FigureFilter{
		Exhibitions: p.Exhibitions, Countries: p.Countries, Metrics: p.Metrics, FromYear: p.From, ToYear: p.To, Bases: p.Bases,
	}, func(f tradedash.Figure) error {
		if len(d.Figures) == MaxDataRows {
			d.Truncated = true
			return errEnough
		}
		d.Figures = append(d.Figures, f)
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, fmt.Errorf("data figures: %w", err)
	}
	mf := queries.MilestoneFilter{Exhibitions: p.Exhibitions, Countries: p.Countries, FromYear: p.From, ToYear: p.To}
	if d.Milestones, err = v.src.Milestones(ctx, mf); err != nil {
		return nil, fmt.Errorf("data milestones: %w", err)
	}
	return d, nil
}

// SortFigures sorts figures in place by column ("-" prefixed for
// descending), ties kept in the order exhibition, country, metric, year.
// An unknown column leaves that order alone.
func SortFigures(figs []tradedash.Figure, column string) {
	desc := strings.HasPrefix(column, "-")
	by := byColumn[strings.TrimPrefix(column, "-")]
	slices.SortStableFunc(figs, func(a, b tradedash.Figure) int {
		c := 0
		if by != nil {
			c = by(a, b)
			if desc {
				c = -c
			}
		}
		return cmp.Or(c,
			cmp.Compare(a.Exhibition, b.Exhibition), cmp.Compare(a.Country, b.Country),
			cmp.Compare(metricOrder(a.Metric), metricOrder(b.Metric)), cmp.Compare(a.Metric, b.Metric),
			cmp.Compare(a.Year, b.Year))
	})
}

var byColumn = map[string]func(a, b tradedash.Figure) int{
	"year":       func(a, b tradedash.Figure) int { return cmp.Compare(a.Year, b.Year) },
	"exhibition": func(a, b tradedash.Figure) int { return cmp.Compare(a.Exhibition, b.Exhibition) },
	"country":    func(a, b tradedash.Figure) int { return cmp.Compare(a.Country, b.Country) },
	"metric":     func(a, b tradedash.Figure) int { return cmp.Compare(metricOrder(a.Metric), metricOrder(b.Metric)) },
	"value":      func(a, b tradedash.Figure) int { return cmp.Compare(a.Value, b.Value) },
	"status":     func(a, b tradedash.Figure) int { return cmp.Compare(a.Status, b.Status) },
	"import":     func(a, b tradedash.Figure) int { return cmp.Compare(a.ImportID, b.ImportID) },
}

// Imports is the import log, newest first, and the vintage it gives.
type Imports struct {
	Vintage tradedash.Vintage
	Imports []tradedash.Import
}

// Imports reads the import log. It is not cached: an import that is still
// running, or failed, is news without changing the vintage.
func (v *Views) Imports(ctx context.Context) (*Imports, error) {
	vin, err := v.Vintage(ctx)
	if err != nil {
		return nil, err
	}
	ims, err := v.src.Imports(ctx)
	if err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	return &Imports{Vintage: vin, Imports: ims}, nil
}
