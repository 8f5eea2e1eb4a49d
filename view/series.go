package view

import (
	"slices"

	"tradedash"
)

// Point is one year of a Series. A year without a figure is a gap: its
// Figure is nil, and an encoder must not draw it as zero.
type Point struct {
	Year   int
	Figure *tradedash.Figure // nil when the year has no figure
	Change *Change           // against the series' previous figure; nil for the first
	// ShareForeign and ShareAll (Compare only) are the figure as a share
	// of the exhibition's foreign exhibitors and of all its exhibitors,
	// when those totals are known; nil otherwise.
	ShareForeign, ShareAll *Derived
	// Share is ShareForeign's percent when it may be printed plainly:
	// exact inputs of one source and basis, nothing flagged.
	//
	// Deprecated: use ShareForeign, which says when it may not.
	Share *float64
}

// Change is how much a figure moved since the previous figure of its
// series, in percent (Value), with the certainty its inputs allow.
type Change struct {
	Derived
	FromYear int // the previous figure's year, not always Year-1: years may be missing
}

// Series is one metric of one exhibition and country across every year of a
// view, so that gaps show.
type Series struct {
	Exhibition string
	Country    string
	Metric     string
	Points     []Point // one per year of the view, in order
}

// Figures returns the figures of s in year order, gaps left out.
func (s Series) Figures() []tradedash.Figure {
	var out []tradedash.Figure
	for _, p := range s.Points {
		if p.Figure != nil {
			out = append(out, *p.Figure)
		}
	}
	return out
}

// HasData reports whether any year of s has a figure.
func (s Series) HasData() bool {
	return slices.ContainsFunc(s.Points, func(p Point) bool { return p.Figure != nil })
}

// years lists every year from first to last.
func years(first, last int) []int {
	if first == 0 || last < first {
		return nil
	}
	out := make([]int, 0, last-first+1)
	for y := first; y <= last; y++ {
		out = append(out, y)
	}
	return out
}

// span returns the years to show: the asked range, or where it is open, the
// range that the data (and the milestones) cover.
func span(p Params, figs []tradedash.Figure, ms []tradedash.Milestone) []int {
	first, last := p.From, p.To
	lo, hi := 0, 0
	see := func(y int) {
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
	}
	for _, f := range figs {
		see(f.Year)
	}
	for _, m := range ms {
		see(m.Date.Year())
	}
	if first == 0 {
		first = lo
	}
	if last == 0 {
		last = hi
	}
	if first == 0 || last == 0 {
		return nil
	}
	return years(max(first, MinYear), min(last, MaxYear))
}

// buildSeries lays the figures of one exhibition, country and metric out on
// years and computes each change against the previous figure.
func buildSeries(figs []tradedash.Figure, exhibition, country, metric string, ys []int) Series {
	s := Series{Exhibition: exhibition, Country: country, Metric: metric, Points: make([]Point, len(ys))}
	byYear := map[int]*tradedash.Figure{}
	for i := range figs {
		f := &figs[i]
		if f.Exhibition == exhibition && f.Country == country && f.Metric == metric {
			byYear[f.Year] = f
		}
	}
	var prev *tradedash.Figure
	for i, y := range ys {
		s.Points[i].Year = y
		f := byYear[y]
		if f == nil {
			continue
		}
		s.Points[i].Figure = f
		if prev != nil {
			if d, ok := ChangeOf(*prev, *f); ok {
				s.Points[i].Change = &Change{Derived: d, FromYear: prev.Year}
			}
		}
		prev = f
	}
	return s
}

// metricOrder sorts metric codes in tradedash.Metrics order, unknown ones last.
func metricOrder(code string) int {
	i := slices.IndexFunc(tradedash.Metrics, func(m tradedash.Metric) bool { return m.Code == code })
	if i < 0 {
		return len(tradedash.Metrics)
	}
	return i
}
