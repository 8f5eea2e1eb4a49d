package view

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"tradedash"
	"tradedash/queries"
)

// What a comparison lines up.
const (
	ByCountry    = "country"    // several countries at one exhibition
	ByExhibition = "exhibition" // one country across several exhibitions
)

// The metrics a share of all foreign exhibitors is computed for: a country's
// companies against the exhibition's foreign companies.
const (
	shareMetric = "companies"
	shareTotal  = "foreign_companies"
)

// Compare lines up one metric for several countries at one exhibition, or
// for one country across several exhibitions.
type Compare struct {
	Params  Params // as used: defaults filled in
	Vintage tradedash.Vintage
	By      string // ByCountry or ByExhibition
	Metric  string
	Years   []int
	// Lines has one series per country (ByCountry) or exhibition
	// (ByExhibition), in the order of the URL. When Metric is companies, each
	// Point's Share is the country's percent of all foreign exhibitors where
	// the exhibition's foreign_companies total exists.
	Lines     []Series
	HasShares bool // whether any point has a Share
}

// Compare builds the comparison p asks for. Several countries and several
// exhibitions at once are refused. With no country named, it compares every
// country that has figures of the metric at the exhibition (at most
// MaxCountries, those with most figures first).
func (v *Views) Compare(ctx context.Context, p Params) (*Compare, error) {
	if len(p.Countries) > 1 && len(p.Exhibitions) > 1 {
		return nil, &ParamError{Param: ParamCountry, Problem: ProblemBothMany}
	}
	if err := tooMany(ParamCountry, p.Countries, MaxCountries); err != nil {
		return nil, err
	}
	if err := tooMany(ParamMetric, p.Metrics, 1); err != nil {
		return nil, err
	}
	p.Metrics = orDefault(p.Metrics, []string{shareMetric})
	if len(p.Exhibitions) > 1 {
		p.Countries = orDefault(p.Countries, []string{DefaultCountry})
	}
	p.Exhibitions = orDefault(p.Exhibitions, []string{DefaultExhibition})
	if len(p.Countries) == 0 {
		cov, err := v.Coverage(ctx)
		if err != nil {
			return nil, err
		}
		p.Countries = cov.countries(p.Exhibitions[0], p.Metrics[0], MaxCountries)
	}
	x, err := Cached(ctx, v, "compare", p.key(), func(vin tradedash.Vintage) (*Compare, int, error) {
		c, err := v.buildCompare(ctx, p, vin)
		if err != nil {
			return nil, 0, err
		}
		return c, len(c.Lines) * len(c.Years), nil
	})
	if err != nil {
		return nil, err
	}
	// The cached value is shared: answer with a copy that carries this
	// request's language.
	out := *x
	out.Params = p
	return &out, nil
}

func (v *Views) buildCompare(ctx context.Context, p Params, vin tradedash.Vintage) (*Compare, error) {
	c := &Compare{Params: p, Vintage: vin, By: ByCountry, Metric: p.Metrics[0]}
	if len(p.Exhibitions) > 1 {
		c.By = ByExhibition
	}
	if len(p.Countries) == 0 {
		return c, nil // nothing has data: an empty comparison, not an error
	}
	metrics := []string{c.Metric}
	countries := p.Countries
	if c.Metric == shareMetric {
		metrics = append(metrics, shareTotal)
		if !slices.Contains(countries, tradedash.AllCountries) {
			countries = append(slices.Clone(countries), tradedash.AllCountries)
		}
	}
	figs, err := v.src.Figures(ctx, queries.FigureFilter{
		Exhibitions: p.Exhibitions, Countries: countries, Metrics: metrics, FromYear: p.From, ToYear: p.To,
	})
	if err != nil {
		return nil, fmt.Errorf("compare figures: %w", err)
	}
	// Only the compared figures decide the years: a total alone is no reason
	// to widen the axis.
	compared := slices.DeleteFunc(slices.Clone(figs), func(f tradedash.Figure) bool {
		return f.Metric != c.Metric || !slices.Contains(p.Countries, f.Country)
	})
	c.Years = span(p, compared, nil)
	for _, ex := range p.Exhibitions {
		for _, country := range p.Countries {
			s := buildSeries(figs, ex, country, c.Metric, c.Years)
			if c.Metric == shareMetric && country != tradedash.AllCountries {
				totals := buildSeries(figs, ex, tradedash.AllCountries, shareTotal, c.Years)
				for i, pt := range s.Points {
					t := totals.Points[i].Figure
					if pt.Figure != nil && t != nil && t.Value > 0 {
						share := pt.Figure.Value / t.Value * 100
						s.Points[i].Share = &share
						c.HasShares = true
					}
				}
			}
			c.Lines = append(c.Lines, s)
		}
	}
	return c, nil
}

// Coverage returns what the figures cover, cached by vintage: the choices a
// page offers in its filters.
func (v *Views) Coverage(ctx context.Context) (CoverageList, error) {
	return Cached(ctx, v, "coverage", "", func(tradedash.Vintage) (CoverageList, int, error) {
		cov, err := v.src.Coverage(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("coverage: %w", err)
		}
		return cov, len(cov), nil
	})
}

// CoverageList is what the figures cover, one entry per exhibition, country
// and metric.
type CoverageList []queries.Coverage

// countries returns the countries (not the whole-exhibition totals) with
// figures of metric at exhibition, most figures first, at most max.
func (cl CoverageList) countries(exhibition, metric string, max int) []string {
	var found []queries.Coverage
	for _, c := range cl {
		if c.Exhibition == exhibition && c.Metric == metric && c.Country != tradedash.AllCountries {
			found = append(found, c)
		}
	}
	slices.SortStableFunc(found, func(a, b queries.Coverage) int {
		return cmp.Or(cmp.Compare(b.Figures, a.Figures), cmp.Compare(a.Country, b.Country))
	})
	var out []string
	for _, c := range found[:min(len(found), max)] {
		out = append(out, c.Country)
	}
	return out
}

// Countries returns every country code with any figure at exhibition (all
// exhibitions when it is ""), the whole-exhibition code included, sorted.
func (cl CoverageList) Countries(exhibition string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cl {
		if (exhibition == "" || c.Exhibition == exhibition) && !seen[c.Country] {
			seen[c.Country] = true
			out = append(out, c.Country)
		}
	}
	slices.Sort(out)
	return out
}

// Exhibitions returns every exhibition code with any figure, sorted.
func (cl CoverageList) Exhibitions() []string {
	var out []string
	for _, c := range cl {
		if !slices.Contains(out, c.Exhibition) {
			out = append(out, c.Exhibition)
		}
	}
	slices.Sort(out)
	return out
}
