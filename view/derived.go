package view

import (
	"slices"
	"strings"

	"tradedash"
	"tradedash/locale"
)

// Derived is a figure tradedash computes from stored ones: a share, a
// change or a ratio. It carries its inputs' uncertainty: a quotient of an
// "about" figure is approximate, one of an "over" figure a bound, and one
// of figures that should not be divided is flagged rather than shown as a
// plain number.
type Derived struct {
	Value     float64   // percent for a share or a change, the quotient for a ratio
	Certainty Certainty // how far Value can be taken as it is
	Flags     []Flag    // why Value must not be printed plainly; nil when nothing is wrong
	// Undivided: the inputs must not be divided at all (a standard metric
	// and an "as reported" one: participants are never divided by foreign
	// exhibitors); Value is 0 and only Flags and Inputs say anything.
	Undivided bool
	// Inputs are the figures Value is computed from, numerator (or the
	// later figure of a change) first.
	Inputs []tradedash.Figure
}

// Certainty says how exact a derived value is.
type Certainty string

// The certainties of a derived value.
const (
	Plain   Certainty = "plain"    // exact, actual inputs from one source on one basis
	Approx  Certainty = "approx"   // ≈: an input is approximate, planned, or the inputs differ in source or basis
	AtLeast Certainty = "at_least" // ≥: the true value is not below Value ("over 400" ÷ 1000)
	AtMost  Certainty = "at_most"  // ≤: the true value is not above Value
)

// Flag is a reason not to print a derived value plainly.
type Flag string

// The flags of a derived value.
const (
	// FlagOver100: a share above 100 %, which no part of a whole can be.
	FlagOver100 Flag = "over_100"
	// FlagWhole: 100 % of the whole is one country's, although other
	// countries have figures that year, or the part and the whole come from
	// different sources (the 2024 "about 300 Chinese companies" of one
	// source against the 300 foreign ones of another).
	FlagWhole Flag = "whole"
	// FlagAsReported: a standard metric set against an "as reported" one,
	// whose counts mix categories: such inputs are never divided
	// (Derived.Undivided).
	FlagAsReported Flag = "as_reported"
	// FlagMetrics: the inputs measure different things (a change from
	// exhibitors to participants, a share of area in a count).
	FlagMetrics Flag = "metrics"
)

// Flagged reports whether d must not be printed plainly.
func (d Derived) Flagged() bool { return len(d.Flags) > 0 }

// Approx reports whether d is not exact: approximate or a bound.
func (d Derived) Approx() bool { return d.Certainty != Plain }

// wholes lists, for a metric, the metrics whose totals it is a part of
// (besides its own): a country's exhibitors are part of the exhibition's
// foreign exhibitors and of all its exhibitors.
var wholes = map[string][]string{
	"exhibitors":                    {"foreign_exhibitors"},
	"main_exhibitors":               {"exhibitors", "foreign_exhibitors"},
	"co_exhibitors":                 {"exhibitors", "foreign_exhibitors"},
	"foreign_exhibitors":            {"exhibitors"},
	"foreign_visitors":              {"visitors"},
	"trade_visitors":                {"visitors"},
	"rented_space_domestic_m2":      {"net_space_m2"},
	"rented_space_foreign_m2":       {"net_space_m2"},
	"special_show_space_m2":         {"net_space_m2"},
	"participants_reported":         {"foreign_participants_reported"},
	"foreign_participants_reported": {"participants_reported"},
}

// partOf reports whether a figure of metric part can be a share of one of
// metric whole.
func partOf(part, whole string) bool {
	return part == whole || slices.Contains(wholes[part], whole)
}

// ShareOf is part as a percentage of whole. othersKnown says whether other
// countries have figures of part's metric for the same exhibition and year
// (a share of 100 % is then flagged). ok is false when whole is not
// positive.
func ShareOf(part, whole tradedash.Figure, othersKnown bool) (d Derived, ok bool) {
	if whole.Value <= 0 {
		return Derived{}, false
	}
	d = quotient(part, whole)
	d.Value *= 100
	d.Flags = metricFlags(part.Metric, whole.Metric, partOf(part.Metric, whole.Metric))
	if d = undivided(d); d.Undivided {
		return d, true
	}
	switch {
	case d.Value > 100.05 && d.Certainty != AtMost:
		d.Flags = append(d.Flags, FlagOver100)
	case d.Value >= 99.95 && d.Value <= 100.05 && (othersKnown || !sameSource(part, whole)):
		d.Flags = append(d.Flags, FlagWhole)
	}
	return d, true
}

// ChangeOf is the relative change from the earlier figure from to the later
// figure to, in percent. ok is false when from is zero.
func ChangeOf(from, to tradedash.Figure) (d Derived, ok bool) {
	if from.Value == 0 {
		return Derived{}, false
	}
	d = quotient(to, from)
	d.Value = (d.Value - 1) * 100
	d.Flags = metricFlags(to.Metric, from.Metric, to.Metric == from.Metric)
	return undivided(d), true
}

// RatioOf is num ÷ den: square metres per exhibitor, visits per visitor. A
// ratio of different metrics is what it is for, so only a standard metric
// divided by an "as reported" one (or the other way) is flagged. ok is
// false when den is zero.
func RatioOf(num, den tradedash.Figure) (d Derived, ok bool) {
	if den.Value == 0 {
		return Derived{}, false
	}
	d = quotient(num, den)
	d.Flags = metricFlags(num.Metric, den.Metric, true)
	return undivided(d), true
}

// quotient divides a by b and works out how certain the result is: exact
// inputs give a plain value; "about", a plan or a forecast, two sources or
// two bases give ≈; "over" and "under" give a bound where they all push
// the quotient the same way (over ÷ exact is at least, exact ÷ over at
// most), else ≈.
func quotient(a, b tradedash.Figure) Derived {
	d := Derived{Value: a.Value / b.Value, Certainty: Plain, Inputs: []tradedash.Figure{a, b}}
	if a.Status != tradedash.Actual || b.Status != tradedash.Actual || !sameSource(a, b) || a.Basis != b.Basis ||
		a.Qualifier == tradedash.About || b.Qualifier == tradedash.About {
		d.Certainty = Approx
		return d
	}
	up, down := false, false
	switch a.Qualifier {
	case tradedash.Over:
		up = true
	case tradedash.Under:
		down = true
	}
	switch b.Qualifier {
	case tradedash.Over:
		down = true
	case tradedash.Under:
		up = true
	}
	switch {
	case up && down:
		d.Certainty = Approx
	case up:
		d.Certainty = AtLeast
	case down:
		d.Certainty = AtMost
	}
	return d
}

// sameSource reports whether two figures come from one source.
func sameSource(a, b tradedash.Figure) bool {
	return tradedash.NormalizeSource(a.Source) == tradedash.NormalizeSource(b.Source)
}

// metricFlags flags a quotient of metrics a and b: one standard and one
// "as reported", or (unless related) different metrics. Unknown codes
// count as "as reported".
func metricFlags(a, b string, related bool) []Flag {
	var flags []Flag
	if standard(a) != standard(b) {
		flags = append(flags, FlagAsReported)
	}
	if !related {
		flags = append(flags, FlagMetrics)
	}
	return flags
}

// undivided marks d Undivided, its value dropped, when it mixes a
// standard metric with an "as reported" one.
func undivided(d Derived) Derived {
	if slices.Contains(d.Flags, FlagAsReported) {
		d.Undivided, d.Value = true, 0
	}
	return d
}

func standard(code string) bool {
	m, ok := tradedash.CurrentMetric(code)
	return ok && m.Standard
}

// The thresholds of an international exhibition, ГОСТ Р ИСО 25639-1-2023,
// 3.3: at least 10 % foreign exhibitors or at least 5 % foreign visitors.
const (
	InternationalExhibitors = 10.0
	InternationalVisitors   = 5.0
	// InternationalClause names the clause the test follows.
	InternationalClause = "ГОСТ Р ИСО 25639-1-2023, 3.3"
)

// Verdict is the outcome of a test.
type Verdict string

// The verdicts of the international-exhibition test.
const (
	Met     Verdict = "met"
	NotMet  Verdict = "not_met"
	Unknown Verdict = "unknown" // cannot be told from the figures
)

// Test is one half of the international-exhibition test: a share against
// its threshold.
type Test struct {
	Threshold float64 // percent
	Share     *Derived
	Verdict   Verdict
}

// International is the international-exhibition test of one exhibition and
// year (ГОСТ Р ИСО 25639-1-2023, 3.3), computed only from whole-exhibition
// figures that exist for both inputs of a half.
type International struct {
	Exhibition string
	Year       int
	Verdict    Verdict
	// Approx: the verdict rests on an approximate share (≈), not a certain one.
	Approx     bool
	Exhibitors Test // foreign_exhibitors ÷ exhibitors ≥ 10 %
	Visitors   Test // foreign_visitors ÷ visitors ≥ 5 %
}

// InternationalTest tests whether an exhibition was international in a
// year, from its whole-exhibition figures (others are ignored). A half
// whose inputs are not both there, or whose share is flagged, cannot be
// told; the exhibition is international when either half is met, and not
// when both are not met.
func InternationalTest(figs []tradedash.Figure, exhibition string, year int) International {
	find := func(metric string) *tradedash.Figure {
		for i := range figs {
			f := &figs[i]
			if f.Exhibition == exhibition && f.Year == year && f.Country == tradedash.AllCountries && f.Metric == metric {
				return f
			}
		}
		return nil
	}
	half := func(part, whole string, threshold float64) Test {
		t := Test{Threshold: threshold, Verdict: Unknown}
		p, w := find(part), find(whole)
		if p == nil || w == nil {
			return t
		}
		d, ok := ShareOf(*p, *w, false)
		if !ok {
			return t
		}
		t.Share = &d
		if d.Flagged() {
			return t
		}
		switch {
		case d.Value >= threshold && d.Certainty != AtMost:
			t.Verdict = Met
		case d.Value < threshold && d.Certainty != AtLeast:
			t.Verdict = NotMet
		}
		return t
	}
	in := International{
		Exhibition: exhibition, Year: year,
		Exhibitors: half("foreign_exhibitors", "exhibitors", InternationalExhibitors),
		Visitors:   half("foreign_visitors", "visitors", InternationalVisitors),
	}
	isApprox := func(t Test) bool { return t.Share.Certainty == Approx }
	switch e, v := in.Exhibitors, in.Visitors; {
	case e.Verdict == Met || v.Verdict == Met:
		// One certain half is enough for "met".
		in.Verdict = Met
		in.Approx = (e.Verdict != Met || isApprox(e)) && (v.Verdict != Met || isApprox(v))
	case e.Verdict == NotMet && v.Verdict == NotMet:
		// "Not met" needs both halves.
		in.Verdict = NotMet
		in.Approx = isApprox(e) || isApprox(v)
	default:
		in.Verdict = Unknown
	}
	return in
}

// Text writes d's value the way it may be read: "12.5%", "≈100%", "≥35%",
// with a warning sign when it is flagged. format writes the bare number
// (l.Percent, l.Change, l.Number).
func (d Derived) Text(l locale.Lang, format func(float64) string) string {
	if d.Undivided {
		return l.T("derived.flagged", l.T("derived.undivided"))
	}
	s := format(d.Value)
	switch d.Certainty {
	case Approx:
		s = "≈" + s
	case AtLeast:
		s = "≥" + s
	case AtMost:
		s = "≤" + s
	}
	if d.Flagged() {
		s = l.T("derived.flagged", s)
	}
	return s
}

// Explain says in l how d was computed and why it is approximate, a bound
// or flagged: the sentences a cell's title or a report's note shows.
func (d Derived) Explain(l locale.Lang) string {
	var parts []string
	for _, f := range d.Flags {
		parts = append(parts, l.T("derived.flag."+string(f)))
	}
	var in []string
	for _, f := range d.Inputs {
		in = append(in, InputText(l, f))
	}
	if d.Undivided {
		return strings.Join(append(parts, l.T("derived.inputs.undivided", strings.Join(in, "; "))), " ")
	}
	switch d.Certainty {
	case Approx:
		parts = append(parts, l.T("derived.approx"))
	case AtLeast:
		parts = append(parts, l.T("derived.atleast"))
	case AtMost:
		parts = append(parts, l.T("derived.atmost"))
	}
	parts = append(parts, l.T("derived.inputs", strings.Join(in, "; ")))
	return strings.Join(parts, " ")
}

// InputText names one input of a derived figure: metric, country, year,
// value with its qualifier, status when not a result, basis and source.
func InputText(l locale.Lang, f tradedash.Figure) string {
	value := l.Value(f)
	if f.Status != tradedash.Actual {
		value += " (" + l.StatusName(f.Status) + ")"
	}
	src := f.Source
	if src == "" {
		src = "–"
	}
	return l.T("derived.input", l.MetricName(f.Metric), l.Country(f.Country), l.Year(f.Year), value, l.BasisName(f.Basis), src)
}
