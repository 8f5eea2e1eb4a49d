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

// DefaultCompareMetrics are the metrics a comparison shows when the URL
// names none: the first with figures of a country at the exhibition.
var DefaultCompareMetrics = []string{"exhibitors", "participants_reported"}

// shareWholes gives, for a compared metric, the whole-exhibition totals a
// country's figure is a share of: the exhibition's foreign exhibitors and
// all its exhibitors, each with the total of the other kind to fall back
// on. An "as reported" count is divided only by "as reported" totals: set
// against a standard one (participants against foreign exhibitors), the
// share is flagged and left undivided, so a reader sees why there is none.
var shareWholes = map[string][2][]string{
	"exhibitors":            {{"foreign_exhibitors", "foreign_participants_reported"}, {"exhibitors", "participants_reported"}},
	"participants_reported": {{"foreign_participants_reported", "foreign_exhibitors"}, {"participants_reported", "exhibitors"}},
}

// Compare lines up one metric for several countries at one exhibition, or
// for one country across several exhibitions.
type Compare struct {
	Params  Params // as used: defaults filled in
	Vintage tradedash.Vintage
	By      string // ByCountry or ByExhibition
	Metric  string
	Years   []int
	// Lines has one series per country (ByCountry) or exhibition
	// (ByExhibition), in the order of the URL. When Metric is exhibitors
	// (or participants as reported), each Point's ShareForeign and ShareAll
	// are the country's share of the exhibition's foreign and of all its
	// exhibitors (participants) where that total exists, both actual.
	Lines     []Series
	HasShares bool // whether any point has a share
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
	if len(p.Exhibitions) > 1 {
		p.Countries = orDefault(p.Countries, []string{DefaultCountry})
	}
	p.Exhibitions = orDefault(p.Exhibitions, []string{DefaultExhibition})
	if len(p.Metrics) == 0 || len(p.Countries) == 0 {
		cov, err := v.Coverage(ctx)
		if err != nil {
			return nil, err
		}
		if len(p.Metrics) == 0 {
			p.Metrics = []string{cov.firstCovered(p.Exhibitions, p.Countries, DefaultCompareMetrics)}
		}
		if len(p.Countries) == 0 {
			p.Countries = cov.countries(p.Exhibitions[0], p.Metrics[0], MaxCountries)
		}
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
	wholes, shares := shareWholes[c.Metric]
	if shares {
		for _, ws := range wholes {
			for _, w := range ws {
				if !slices.Contains(metrics, w) {
					metrics = append(metrics, w)
				}
			}
		}
		if !slices.Contains(countries, tradedash.AllCountries) {
			countries = append(slices.Clone(countries), tradedash.AllCountries)
		}
	}
	figs, err := v.src.Figures(ctx, queries.FigureFilter{
		Exhibitions: p.Exhibitions, Countries: countries, Metrics: metrics, FromYear: p.From, ToYear: p.To, Bases: p.Bases,
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
			if shares && country != tradedash.AllCountries {
				if err := v.shares(ctx, p, s, figs, wholes); err != nil {
					return nil, err
				}
				c.HasShares = c.HasShares || slices.ContainsFunc(s.Points, func(pt Point) bool {
					return pt.ShareForeign != nil || pt.ShareAll != nil
				})
			}
			c.Lines = append(c.Lines, s)
		}
	}
	return c, nil
}

// ShareWholes names the whole-exhibition totals a compared metric's shares
// are of: foreign, then all ("" when it has none).
func ShareWholes(metric string) [2]string {
	ws := shareWholes[metric]
	if len(ws[0]) == 0 {
		return [2]string{}
	}
	return [2]string{ws[0][0], ws[1][0]}
}

// shares sets the shares of the points of s (one country's series) in the
// whole-exhibition totals wholes, where both figures are actual results.
// A share of 100 % asks whether other countries have figures that year:
// then one country cannot be all of the whole.
func (v *Views) shares(ctx context.Context, p Params, s Series, figs []tradedash.Figure, wholes [2][]string) error {
	var totals [2][]Series // by kind, the candidate totals in order
	for i, ws := range wholes {
		for _, w := range ws {
			totals[i] = append(totals[i], buildSeries(figs, s.Exhibition, tradedash.AllCountries, w, yearsOf(s)))
		}
	}
	for i := range s.Points {
		pt := &s.Points[i]
		if pt.Figure == nil || pt.Figure.Status != tradedash.Actual {
			continue
		}
		for j, share := range []**Derived{&pt.ShareForeign, &pt.ShareAll} {
			var t *tradedash.Figure
			for _, c := range totals[j] {
				if f := c.Points[i].Figure; f != nil && f.Status == tradedash.Actual {
					t = f
					break
				}
			}
			if t == nil {
				continue
			}
			d, ok := ShareOf(*pt.Figure, *t, false)
			if !ok {
				continue
			}
			if d.Value >= 99.95 && d.Value <= 100.05 {
				others, err := v.othersKnown(ctx, p, *pt.Figure)
				if err != nil {
					return err
				}
				d, _ = ShareOf(*pt.Figure, *t, others)
			}
			*share = &d
		}
		if d := pt.ShareForeign; d != nil && !d.Approx() && !d.Flagged() {
			pt.Share = &d.Value
		}
	}
	return nil
}

// othersKnown reports whether countries other than f's have figures of
// f's metric at f's exhibition in f's year.
func (v *Views) othersKnown(ctx context.Context, p Params, f tradedash.Figure) (bool, error) {
	figs, err := v.src.Figures(ctx, queries.FigureFilter{
		Exhibitions: []string{f.Exhibition}, Metrics: []string{f.Metric}, FromYear: f.Year, ToYear: f.Year, Bases: p.Bases,
	})
	if err != nil {
		return false, fmt.Errorf("compare other countries: %w", err)
	}
	return slices.ContainsFunc(figs, func(o tradedash.Figure) bool {
		return o.Country != f.Country && o.Country != tradedash.AllCountries
	}), nil
}

func yearsOf(s Series) []int {
	ys := make([]int, len(s.Points))
	for i, p := range s.Points {
		ys[i] = p.Year
	}
	return ys
}

// firstCovered returns the first of metrics with figures of a country (not
// the whole exhibition) at one of exhibitions (for one of countries, when
// any are named), or the first of metrics when none has.
func (cl CoverageList) firstCovered(exhibitions, countries, metrics []string) string {
	for _, m := range metrics {
		for _, c := range cl {
			if c.Metric == m && c.Country != tradedash.AllCountries && slices.Contains(exhibitions, c.Exhibition) &&
				(len(countries) == 0 || slices.Contains(countries, c.Country)) {
				return m
			}
		}
	}
	return metrics[0]
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
