package view

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"tradedash"
	"tradedash/locale"
)

// in is a figure for the derived tests: value, qualifier, source, basis.
func input(metric string, v float64, q tradedash.Qualifier, source string, b tradedash.Basis) tradedash.Figure {
	return tradedash.Figure{Exhibition: "innoprom", Country: "ALL", Metric: metric, Year: 2024, Value: v,
		Qualifier: q, Status: tradedash.Actual, Source: source, Basis: b}
}

const (
	ex, ov, un, ab = tradedash.Exact, tradedash.Over, tradedash.Under, tradedash.About
	org, press     = tradedash.Organiser, tradedash.Press
	srcA, srcB     = "https://expo.innoprom.com/a", "https://ru24.pro/b"
)

func TestShareCertainty(t *testing.T) {
	tests := []struct {
		name        string
		pq, wq      tradedash.Qualifier
		psrc, wsrc  string
		pb, wb      tradedash.Basis
		pStat       tradedash.Status
		want        Certainty
		wantInputsQ []tradedash.Qualifier
	}{
		{"exact of exact", ex, ex, srcA, srcA, org, org, "", Plain, nil},
		{"over of exact: at least", ov, ex, srcA, srcA, org, org, "", AtLeast, nil},
		{"exact of over: at most", ex, ov, srcA, srcA, org, org, "", AtMost, nil},
		{"under of exact: at most", un, ex, srcA, srcA, org, org, "", AtMost, nil},
		{"exact of under: at least", ex, un, srcA, srcA, org, org, "", AtLeast, nil},
		{"over of under: at least", ov, un, srcA, srcA, org, org, "", AtLeast, nil},
		{"under of over: at most", un, ov, srcA, srcA, org, org, "", AtMost, nil},
		{"over of over: direction unknown", ov, ov, srcA, srcA, org, org, "", Approx, nil},
		{"under of under: direction unknown", un, un, srcA, srcA, org, org, "", Approx, nil},
		{"about", ab, ex, srcA, srcA, org, org, "", Approx, nil},
		{"of about", ex, ab, srcA, srcA, org, org, "", Approx, nil},
		{"two sources", ex, ex, srcA, srcB, org, org, "", Approx, nil},
		{"two sources, over of exact: no bound across sources", ov, ex, srcA, srcB, org, org, "", Approx, nil},
		{"one source written two ways", ex, ex, "HTTPS://EXPO.innoprom.com/a/", srcA, org, org, "", Plain, nil},
		{"two bases", ex, ex, srcA, srcA, org, press, "", Approx, nil},
		{"a forecast", ex, ex, srcA, srcA, org, org, tradedash.Forecast, Approx, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := input("exhibitors", 30, tt.pq, tt.psrc, tt.pb)
			p.Country = "CN"
			if tt.pStat != "" {
				p.Status = tt.pStat
			}
			w := input("foreign_exhibitors", 300, tt.wq, tt.wsrc, tt.wb)
			d, ok := ShareOf(p, w, false)
			if !ok {
				t.Fatal("no share")
			}
			if d.Value != 10 || d.Certainty != tt.want || d.Flagged() {
				t.Errorf("share = %v %s flags %v, want 10 %s unflagged", d.Value, d.Certainty, d.Flags, tt.want)
			}
			if len(d.Inputs) != 2 || d.Inputs[0].Metric != "exhibitors" || d.Inputs[1].Metric != "foreign_exhibitors" ||
				d.Inputs[0].Qualifier != tt.pq || d.Inputs[1].Source != tt.wsrc || d.Inputs[1].Basis != tt.wb {
				t.Errorf("inputs = %+v", d.Inputs)
			}
			if d.Approx() != (tt.want != Plain) {
				t.Errorf("Approx() = %v", d.Approx())
			}
		})
	}
}

func TestShareFlags(t *testing.T) {
	cn := func(metric string, v float64, q tradedash.Qualifier, src string) tradedash.Figure {
		f := input(metric, v, q, src, press)
		f.Country = "CN"
		return f
	}
	tests := []struct {
		name        string
		part, whole tradedash.Figure
		othersKnown bool
		want        []Flag
		value       float64
		cert        Certainty
	}{
		// The 2024 case of issue 11: "about 300" Chinese companies of one
		// source against 300 foreign ones of another.
		{"2024: about 300 of 300, two sources", cn("exhibitors", 300, ab, srcA), input("foreign_exhibitors", 300, ex, srcB, press), false,
			[]Flag{FlagWhole}, 100, Approx},
		{"100 % of one source, others known", cn("exhibitors", 300, ex, srcA), input("foreign_exhibitors", 300, ex, srcA, press), true,
			[]Flag{FlagWhole}, 100, Plain},
		{"100 % of one source, no others: the only foreign country", cn("exhibitors", 300, ex, srcA), input("foreign_exhibitors", 300, ex, srcA, press), false,
			nil, 100, Plain},
		{"above 100 %", cn("exhibitors", 400, ex, srcA), input("foreign_exhibitors", 300, ex, srcA, press), false,
			[]Flag{FlagOver100}, 400.0 / 3, Plain},
		{"above 100 % as an at-most bound is no contradiction", cn("exhibitors", 400, un, srcA), input("foreign_exhibitors", 300, ex, srcA, press), false,
			nil, 400.0 / 3, AtMost},
		{"above 100 % as an at-least bound", cn("exhibitors", 400, ov, srcA), input("foreign_exhibitors", 300, ex, srcA, press), false,
			[]Flag{FlagOver100}, 400.0 / 3, AtLeast},
		// Never divided: no value, only the flags and the inputs.
		{"participants as reported of foreign exhibitors", cn("participants_reported", 30, ex, srcA), input("foreign_exhibitors", 300, ex, srcA, press), false,
			[]Flag{FlagAsReported, FlagMetrics}, 0, Plain},
		{"exhibitors of participants as reported", cn("exhibitors", 300, ab, srcA), input("participants_reported", 300, ex, srcB, press), true,
			[]Flag{FlagAsReported, FlagMetrics}, 0, Approx},
		{"as reported of as reported", cn("participants_reported", 30, ex, srcA), input("foreign_participants_reported", 300, ex, srcA, press), false,
			nil, 10, Plain},
		{"area of a count", cn("net_space_m2", 30, ex, srcA), input("exhibitors", 300, ex, srcA, press), false,
			[]Flag{FlagMetrics}, 10, Plain},
		{"foreign exhibitors of exhibitors", input("foreign_exhibitors", 30, ex, srcA, press), input("exhibitors", 300, ex, srcA, press), false,
			nil, 10, Plain},
		{"exhibitors of visitors", cn("exhibitors", 30, ex, srcA), input("visitors", 300, ex, srcA, press), false,
			[]Flag{FlagMetrics}, 10, Plain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := ShareOf(tt.part, tt.whole, tt.othersKnown)
			if !ok {
				t.Fatal("no share")
			}
			if !slices.Equal(d.Flags, tt.want) || math.Abs(d.Value-tt.value) > 1e-9 || d.Certainty != tt.cert {
				t.Errorf("share = %v %s %v, want %v %s %v", d.Value, d.Certainty, d.Flags, tt.value, tt.cert, tt.want)
			}
			if d.Flagged() != (len(tt.want) > 0) {
				t.Errorf("Flagged() = %v", d.Flagged())
			}
			if d.Undivided != slices.Contains(tt.want, FlagAsReported) || len(d.Inputs) != 2 {
				t.Errorf("Undivided = %v with inputs %v", d.Undivided, d.Inputs)
			}
		})
	}
	if _, ok := ShareOf(cn("exhibitors", 3, ex, srcA), input("foreign_exhibitors", 0, ex, srcA, press), false); ok {
		t.Error("a share of zero")
	}
}

func TestChangeAndRatio(t *testing.T) {
	a := input("exhibitors", 400, ex, srcA, org)
	b := input("exhibitors", 500, ov, srcA, org)
	b.Year = 2025
	d, ok := ChangeOf(a, b)
	if !ok || d.Value != 25 || d.Certainty != AtLeast || d.Flagged() || d.Inputs[0].Year != 2025 || d.Inputs[1].Year != 2024 {
		t.Errorf("change 400 -> 500+ = %+v, want at least +25 %%, the later figure first", d)
	}
	c := input("participants_reported", 500, ex, srcA, org)
	if d, _ := ChangeOf(a, c); !slices.Equal(d.Flags, []Flag{FlagAsReported, FlagMetrics}) || !d.Undivided || d.Value != 0 {
		t.Errorf("a change from exhibitors to participants as reported: flags %v", d.Flags)
	}
	if d, _ := ChangeOf(input("visitors", 400, ex, srcA, org), input("visits", 800, ex, srcA, org)); !slices.Equal(d.Flags, []Flag{FlagMetrics}) {
		t.Errorf("a change from visitors to visits: flags %v", d.Flags)
	}
	if _, ok := ChangeOf(input("exhibitors", 0, ex, srcA, org), a); ok {
		t.Error("a change from zero")
	}
	space := input("net_space_m2", 50000, ov, srcA, org)
	if d, ok := RatioOf(space, a); !ok || d.Value != 125 || d.Certainty != AtLeast || d.Flagged() {
		t.Errorf("m² per exhibitor = %+v, want at least 125, unflagged", d)
	}
	if d, _ := RatioOf(input("space_reported_m2", 50000, ex, srcA, org), a); !slices.Equal(d.Flags, []Flag{FlagAsReported}) || !d.Undivided {
		t.Errorf("space as reported per exhibitor: flags %v", d.Flags)
	}
	if _, ok := RatioOf(a, input("exhibitors", 0, ex, srcA, org)); ok {
		t.Error("a ratio over zero")
	}
}

func TestDerivedText(t *testing.T) {
	cn := input("exhibitors", 300, ab, srcA, press)
	cn.Country = "CN"
	d, _ := ShareOf(cn, input("foreign_exhibitors", 300, ex, srcB, org), false)
	tests := []struct {
		l          locale.Lang
		text       string
		inExplain  []string
		notExplain []string
	}{
		{locale.EN, "⚠ ≈100%", []string{"one country", "different sources", "Exhibitors, China, 2024: ~300, press, " + srcA,
			"Foreign exhibitors, All exhibitors, 2024: 300, organiser, " + srcB}, nil},
		{locale.RU, "⚠ ≈100\u00a0%", []string{"Экспоненты", "около\u00a0300", srcA, srcB}, nil},
		{locale.ZH, "⚠ ≈100%", []string{"2024年", srcA}, []string{"derived."}},
	}
	for _, tt := range tests {
		if got := d.Text(tt.l, tt.l.Percent); got != tt.text {
			t.Errorf("%s: Text = %q, want %q", tt.l, got, tt.text)
		}
		e := d.Explain(tt.l)
		for _, w := range tt.inExplain {
			if !strings.Contains(e, w) {
				t.Errorf("%s: Explain = %q, lacks %q", tt.l, e, w)
			}
		}
		for _, w := range tt.notExplain {
			if strings.Contains(e, w) {
				t.Errorf("%s: Explain = %q has %q", tt.l, e, w)
			}
		}
	}
	u, _ := ShareOf(tradedash.Figure{Metric: "participants_reported", Country: "CN", Year: 2024, Value: 300, Qualifier: ab, Status: tradedash.Actual},
		input("foreign_exhibitors", 300, ex, srcB, org), false)
	if got := u.Text(locale.EN, locale.EN.Percent); got != "⚠ not comparable" {
		t.Errorf("undivided Text = %q", got)
	}
	if got := u.Explain(locale.EN); !strings.Contains(got, "Not divided, one by the other: Participants as reported, China, 2024: ~300") || strings.Contains(got, "Computed from") {
		t.Errorf("undivided Explain = %q", got)
	}
	if got := u.Text(locale.ZH, locale.ZH.Percent); got != "⚠ 不可比" {
		t.Errorf("undivided Text in Chinese = %q", got)
	}
	for _, c := range []struct {
		d    Derived
		want string
	}{
		{Derived{Value: 12.5, Certainty: Plain}, "12.5%"},
		{Derived{Value: 12.5, Certainty: AtLeast}, "≥12.5%"},
		{Derived{Value: 12.5, Certainty: AtMost}, "≤12.5%"},
		{Derived{Value: 12.5, Certainty: Approx}, "≈12.5%"},
	} {
		if got := c.d.Text(locale.EN, locale.EN.Percent); got != c.want {
			t.Errorf("Text(%s) = %q, want %q", c.d.Certainty, got, c.want)
		}
	}
}

func TestInternationalTest(t *testing.T) {
	all := func(metric string, v float64, q tradedash.Qualifier) tradedash.Figure {
		return input(metric, v, q, srcA, org)
	}
	tests := []struct {
		name               string
		figs               []tradedash.Figure
		verdict            Verdict
		approx             bool
		exhibits, visitors Verdict
	}{
		{"no inputs", nil, Unknown, false, Unknown, Unknown},
		{"one input of each half: cannot be told", []tradedash.Figure{all("foreign_exhibitors", 30, ex), all("visitors", 1000, ex)}, Unknown, false, Unknown, Unknown},
		{"10 % foreign exhibitors", []tradedash.Figure{all("foreign_exhibitors", 30, ex), all("exhibitors", 300, ex)}, Met, false, Met, Unknown},
		{"9 % exhibitors, visitors unknown", []tradedash.Figure{all("foreign_exhibitors", 27, ex), all("exhibitors", 300, ex)}, Unknown, false, NotMet, Unknown},
		{"9 % exhibitors, 5 % visitors", []tradedash.Figure{all("foreign_exhibitors", 27, ex), all("exhibitors", 300, ex),
			all("foreign_visitors", 50, ex), all("visitors", 1000, ex)}, Met, false, NotMet, Met},
		{"both below", []tradedash.Figure{all("foreign_exhibitors", 27, ex), all("exhibitors", 300, ex),
			all("foreign_visitors", 40, ex), all("visitors", 1000, ex)}, NotMet, false, NotMet, NotMet},
		{"over 30 of 300: at least 10 %", []tradedash.Figure{all("foreign_exhibitors", 30, ov), all("exhibitors", 300, ex)}, Met, false, Met, Unknown},
		{"under 30 of 300: at most 10 %, cannot be told", []tradedash.Figure{all("foreign_exhibitors", 30, un), all("exhibitors", 300, ex)}, Unknown, false, Unknown, Unknown},
		{"over 20 of 300: at least 6.7 %, cannot be told", []tradedash.Figure{all("foreign_exhibitors", 20, ov), all("exhibitors", 300, ex)}, Unknown, false, Unknown, Unknown},
		{"about 90 of 300: approximately met", []tradedash.Figure{all("foreign_exhibitors", 90, ab), all("exhibitors", 300, ex)}, Met, true, Met, Unknown},
		{"a flagged share decides nothing", []tradedash.Figure{all("foreign_exhibitors", 400, ex), all("exhibitors", 300, ex)}, Unknown, false, Unknown, Unknown},
		{"another country's figures do not count", []tradedash.Figure{
			{Exhibition: "innoprom", Country: "CN", Metric: "foreign_exhibitors", Year: 2024, Value: 30, Qualifier: ex, Status: tradedash.Actual},
			all("exhibitors", 300, ex)}, Unknown, false, Unknown, Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := InternationalTest(tt.figs, "innoprom", 2024)
			if in.Verdict != tt.verdict || in.Approx != tt.approx || in.Exhibitors.Verdict != tt.exhibits || in.Visitors.Verdict != tt.visitors {
				t.Errorf("= %s approx %v (exhibitors %s, visitors %s), want %s %v (%s, %s)",
					in.Verdict, in.Approx, in.Exhibitors.Verdict, in.Visitors.Verdict, tt.verdict, tt.approx, tt.exhibits, tt.visitors)
			}
			if in.Exhibitors.Threshold != 10 || in.Visitors.Threshold != 5 {
				t.Errorf("thresholds %v, %v", in.Exhibitors.Threshold, in.Visitors.Threshold)
			}
			// A computed half names its inputs.
			for _, h := range []Test{in.Exhibitors, in.Visitors} {
				if h.Share != nil && len(h.Share.Inputs) != 2 {
					t.Errorf("inputs %v", h.Share.Inputs)
				}
			}
		})
	}
}

// The Compare page's 2024 share: one country's "about 300" against 300
// foreign exhibitors of another source is flagged, never a plain 100 %;
// a share of 100 % of one source is flagged when other countries have
// figures that year.
func TestCompareShareFlagged(t *testing.T) {
	ex := tradedash.Exact
	withSource := func(f tradedash.Figure, s string) tradedash.Figure { f.Source = s; return f }
	src := &fakeSource{
		vintage: tradedash.Vintage{ImportID: 1, Version: 1},
		figures: []tradedash.Figure{
			withSource(fig("CN", "exhibitors", 2024, 300, tradedash.About, tradedash.Actual), srcA),
			withSource(fig("ALL", "foreign_exhibitors", 2024, 300, ex, tradedash.Actual), srcB),
			withSource(fig("ALL", "exhibitors", 2024, 900, ex, tradedash.Actual), srcB),
			withSource(fig("CN", "exhibitors", 2023, 200, ex, tradedash.Actual), srcB),
			withSource(fig("ALL", "foreign_exhibitors", 2023, 200, ex, tradedash.Actual), srcB),
			withSource(fig("BY", "exhibitors", 2023, 50, ex, tradedash.Actual), srcB),
			withSource(fig("CN", "exhibitors", 2022, 50, ex, tradedash.Planned), srcB),
			withSource(fig("ALL", "foreign_exhibitors", 2022, 100, ex, tradedash.Actual), srcB),
		},
	}
	c, err := New(src, Options{}).Compare(context.Background(), Params{Countries: []string{"CN"}})
	if err != nil {
		t.Fatal(err)
	}
	byYear := map[int]Point{}
	for _, p := range c.Lines[0].Points {
		byYear[p.Year] = p
	}
	p := byYear[2024]
	if d := p.ShareForeign; d == nil || d.Value != 100 || d.Certainty != Approx || !slices.Contains(d.Flags, FlagWhole) || p.Share != nil {
		t.Errorf("2024 share of foreign exhibitors = %+v (plain %v), want ≈100 flagged", d, p.Share)
	}
	if d := p.ShareAll; d == nil || math.Abs(d.Value-100.0/3) > 1e-9 || d.Certainty != Approx || d.Flagged() {
		t.Errorf("2024 share of all exhibitors = %+v, want ≈33.3 unflagged", d)
	}
	// 200 of 200 foreign exhibitors from one source, but Belarus had 50.
	if d := byYear[2023].ShareForeign; d == nil || d.Certainty != Plain || !slices.Equal(d.Flags, []Flag{FlagWhole}) || byYear[2023].Share != nil {
		t.Errorf("2023 share = %+v, want 100 flagged: other countries are known", d)
	}
	if byYear[2022].ShareForeign != nil {
		t.Error("a planned figure got a share of an actual total")
	}
	// Participants as reported are divided by their own totals only;
	// against foreign exhibitors the share is flagged and left undivided
	// (the sample's 2024: "about 300 Chinese companies" against 300
	// foreign exhibitors).
	src.figures = append(src.figures, fig("CN", "participants_reported", 2024, 300, tradedash.About, tradedash.Actual),
		fig("CN", "participants_reported", 2021, 30, ex, tradedash.Actual), fig("ALL", "foreign_participants_reported", 2021, 60, ex, tradedash.Actual),
		fig("ALL", "foreign_exhibitors", 2021, 50, ex, tradedash.Actual))
	c, err = New(src, Options{}).Compare(context.Background(), Params{Countries: []string{"CN"}, Metrics: []string{"participants_reported"}})
	if err != nil {
		t.Fatal(err)
	}
	byYear = map[int]Point{}
	for _, p := range c.Lines[0].Points {
		byYear[p.Year] = p
	}
	if d := byYear[2024].ShareForeign; d == nil || !d.Undivided || d.Value != 0 || !slices.Contains(d.Flags, FlagAsReported) ||
		d.Inputs[1].Metric != "foreign_exhibitors" || byYear[2024].Share != nil {
		t.Errorf("2024 participants of foreign exhibitors = %+v, want flagged and undivided", d)
	}
	if d := byYear[2024].ShareAll; d == nil || !d.Undivided {
		t.Errorf("2024 participants of all exhibitors = %+v, want flagged and undivided", d)
	}
	// Its own total comes first: 2021's 30 of 60 foreign participants.
	if d := byYear[2021].ShareForeign; d == nil || d.Undivided || d.Value != 50 || d.Inputs[1].Metric != "foreign_participants_reported" {
		t.Errorf("2021 participants of foreign participants = %+v, want 50 %%", d)
	}
}

func TestDefaultMetricsFromData(t *testing.T) {
	src := sample()
	for i, f := range src.figures {
		if f.Metric == "exhibitors" {
			src.figures[i].Metric = "participants_reported"
		}
	}
	v := New(src, Options{})
	o, err := v.Overview(context.Background(), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Params.Metrics, []string{"participants_reported", "space_reported_m2"}) || o.Series[0].Metric != "participants_reported" {
		t.Errorf("defaults without exhibitors = %v", o.Params.Metrics)
	}
	c, err := v.Compare(context.Background(), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Metric != "participants_reported" || !slices.Equal(c.Params.Countries, []string{"CN", "BY"}) {
		t.Errorf("compare defaults without exhibitors = %s %v", c.Metric, c.Params.Countries)
	}
	o, err = v.Overview(context.Background(), Params{Countries: []string{"KZ"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Params.Metrics, []string{"exhibitors", "net_space_m2"}) {
		t.Errorf("defaults without data = %v", o.Params.Metrics)
	}
}

// TestBasisFilter: every view asks storage for the bases of its URL (the
// fake source chooses among claims as storage does).
func TestBasisFilter(t *testing.T) {
	claim := func(v float64, b tradedash.Basis, src string, imp uint64) tradedash.Figure {
		f := fig("CN", "exhibitors", 2024, v, tradedash.Exact, tradedash.Actual)
		f.Basis, f.Source, f.ImportID = b, src, imp
		return f
	}
	cur := claim(400, org, "https://expo.innoprom.com/x", 2)
	cur.Others = []tradedash.Figure{claim(370, press, "https://ura.news/y", 3), claim(380, tradedash.Estimate, "mine", 1), claim(390, press, "https://dk.ru/z", 1)}
	src := &fakeSource{vintage: tradedash.Vintage{ImportID: 3, Version: 1}, figures: []tradedash.Figure{cur}}
	v := New(src, Options{})
	for _, tt := range []struct {
		bases  []tradedash.Basis
		value  float64
		others []float64
	}{
		{nil, 400, []float64{370, 380, 390}},
		{[]tradedash.Basis{tradedash.Press}, 370, []float64{390}},
		{[]tradedash.Basis{tradedash.Estimate, tradedash.Organiser}, 400, []float64{380}},
		{[]tradedash.Basis{tradedash.Audited}, 0, nil},
	} {
		d, err := v.Data(context.Background(), Params{Bases: tt.bases})
		if err != nil {
			t.Fatal(err)
		}
		if tt.value == 0 {
			if len(d.Figures) != 0 {
				t.Errorf("%v: %d figures, want none", tt.bases, len(d.Figures))
			}
			continue
		}
		if len(d.Figures) != 1 {
			t.Fatalf("%v: %d figures", tt.bases, len(d.Figures))
		}
		f := d.Figures[0]
		var others []float64
		for _, o := range f.Others {
			others = append(others, o.Value)
		}
		if f.Value != tt.value || !slices.Equal(others, tt.others) {
			t.Errorf("%v: %v with others %v, want %v with %v", tt.bases, f.Value, others, tt.value, tt.others)
		}
	}
}
