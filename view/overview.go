package view

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"tradedash"
	"tradedash/queries"
)

// DefaultOverviewMetrics are the metrics an overview charts when the URL
// names none: on the left axis the first of the counts of exhibitors that
// has figures, on the right the first of the areas. A standard metric
// comes before its "as reported" stand-in, which a source's wording may be
// all there is for a year.
var DefaultOverviewMetrics = [2][]string{
	{"exhibitors", "participants_reported"},
	{"net_space_m2", "gross_space_m2", "space_reported_m2"},
}

// defaultMetrics chooses, for each axis, the first default metric with a
// figure in figs, or the first one when none has.
func defaultMetrics(figs []tradedash.Figure, choices [2][]string) []string {
	var out []string
	for _, axis := range choices {
		i := slices.IndexFunc(axis, func(m string) bool {
			return slices.ContainsFunc(figs, func(f tradedash.Figure) bool { return f.Metric == m })
		})
		out = append(out, axis[max(i, 0)])
	}
	return out
}

// Overview is one country's participation in one exhibition over the years:
// the trend of one or two metrics, the latest figure of every metric, and
// the milestones that explain the jumps.
type Overview struct {
	Params     Params // as used: defaults filled in
	Vintage    tradedash.Vintage
	Exhibition string
	Country    string // ISO alpha-2, or tradedash.AllCountries for the whole exhibition
	Years      []int  // every year of the range, so gaps show
	// Series has one entry per charted metric (Params.Metrics): the first
	// belongs on the left axis, the second on the right.
	Series []Series
	// Latest holds the latest figure of every metric with data, in
	// tradedash.Metrics order: the cards.
	Latest []tradedash.Figure
	// Milestones of the exhibition for the country or for the whole
	// exhibition, within the years, by date.
	Milestones []tradedash.Milestone
	// International is the international-exhibition test (ГОСТ Р ИСО
	// 25639-1-2023, 3.3) of every year with any of its inputs, on the whole
	// exhibition's overview only.
	International []International
}

// internationalInputs are the metrics the international-exhibition test
// reads.
var internationalInputs = []string{"foreign_exhibitors", "exhibitors", "foreign_visitors", "visitors"}

// Overview builds the overview p asks for: one exhibition (default
// INNOPROM), one country (default China), at most two metrics.
func (v *Views) Overview(ctx context.Context, p Params) (*Overview, error) {
	if err := tooMany(ParamExhibition, p.Exhibitions, 1); err != nil {
		return nil, err
	}
	if err := tooMany(ParamCountry, p.Countries, 1); err != nil {
		return nil, err
	}
	if err := tooMany(ParamMetric, p.Metrics, 2); err != nil {
		return nil, err
	}
	p.Exhibitions = orDefault(p.Exhibitions, []string{DefaultExhibition})
	p.Countries = orDefault(p.Countries, []string{DefaultCountry})
	x, err := Cached(ctx, v, "overview", p.key(), func(vin tradedash.Vintage) (*Overview, int, error) {
		o, err := v.buildOverview(ctx, p, vin)
		if err != nil {
			return nil, 0, err
		}
		return o, len(o.Latest) + len(o.Series)*len(o.Years) + len(o.Milestones) + len(o.International), nil
	})
	if err != nil {
		return nil, err
	}
	// The cached value is shared: answer with a copy that carries this
	// request's language.
	out := *x
	out.Params = p
	out.Params.Metrics = x.Params.Metrics // the defaults chosen from the data
	return &out, nil
}

func (v *Views) buildOverview(ctx context.Context, p Params, vin tradedash.Vintage) (*Overview, error) {
	ex, country := p.Exhibitions[0], p.Countries[0]
	figs, err := v.src.Figures(ctx, queries.FigureFilter{
		Exhibitions: []string{ex}, Countries: []string{country}, FromYear: p.From, ToYear: p.To, Bases: p.Bases,
	})
	if err != nil {
		return nil, fmt.Errorf("overview figures: %w", err)
	}
	if len(p.Metrics) == 0 {
		p.Metrics = defaultMetrics(figs, DefaultOverviewMetrics)
	}
	ms, err := v.src.Milestones(ctx, queries.MilestoneFilter{
		Exhibitions: []string{ex}, Countries: []string{country}, FromYear: p.From, ToYear: p.To,
	})
	if err != nil {
		return nil, fmt.Errorf("overview milestones: %w", err)
	}
	o := &Overview{Params: p, Vintage: vin, Exhibition: ex, Country: country, Milestones: ms}
	charted := slices.DeleteFunc(slices.Clone(figs), func(f tradedash.Figure) bool {
		return !slices.Contains(p.Metrics, f.Metric)
	})
	o.Years = span(p, charted, ms)
	for _, m := range p.Metrics {
		o.Series = append(o.Series, buildSeries(figs, ex, country, m, o.Years))
	}
	if country == tradedash.AllCountries {
		for _, y := range o.Years {
			if slices.ContainsFunc(figs, func(f tradedash.Figure) bool {
				return f.Year == y && slices.Contains(internationalInputs, f.Metric)
			}) {
				o.International = append(o.International, InternationalTest(figs, ex, y))
			}
		}
	}
	latest := map[string]tradedash.Figure{}
	for _, f := range figs {
		if l, ok := latest[f.Metric]; !ok || f.Year > l.Year {
			latest[f.Metric] = f
		}
	}
	for _, f := range latest {
		o.Latest = append(o.Latest, f)
	}
	slices.SortFunc(o.Latest, func(a, b tradedash.Figure) int {
		return cmp.Or(cmp.Compare(metricOrder(a.Metric), metricOrder(b.Metric)), cmp.Compare(a.Metric, b.Metric))
	})
	return o, nil
}
