package view

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
)

// fakeSource is an in-memory Source that counts its queries.
type fakeSource struct {
	vintage    tradedash.Vintage
	figures    []tradedash.Figure
	milestones []tradedash.Milestone
	trade      []tradedash.TradeFlow
	queries    atomic.Int64
	down       bool
}

func (s *fakeSource) Vintage(context.Context) (tradedash.Vintage, error) {
	if s.down {
		return tradedash.Vintage{}, tradedash.ErrUnavailable
	}
	return s.vintage, nil
}

func (s *fakeSource) Figures(ctx context.Context, f queries.FigureFilter) ([]tradedash.Figure, error) {
	var out []tradedash.Figure
	err := s.EachFigure(ctx, f, func(fig tradedash.Figure) error { out = append(out, fig); return nil })
	return out, err
}

func in(vs []string, v string) bool { return len(vs) == 0 || slices.Contains(vs, v) }

func (s *fakeSource) EachFigure(_ context.Context, f queries.FigureFilter, fn func(tradedash.Figure) error) error {
	s.queries.Add(1)
	for _, fig := range s.figures {
		if in(f.Exhibitions, fig.Exhibition) && in(f.Countries, fig.Country) && in(f.Metrics, fig.Metric) &&
			(f.FromYear == 0 || fig.Year >= f.FromYear) && (f.ToYear == 0 || fig.Year <= f.ToYear) {
			fig, ok := onBases(fig, f.Bases)
			if !ok {
				continue
			}
			if err := fn(fig); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *fakeSource) Milestones(_ context.Context, f queries.MilestoneFilter) ([]tradedash.Milestone, error) {
	s.queries.Add(1)
	var out []tradedash.Milestone
	for _, m := range s.milestones {
		if in(f.Exhibitions, m.Exhibition) && (len(f.Countries) == 0 || m.Country == tradedash.AllCountries || in(f.Countries, m.Country)) {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *fakeSource) Imports(context.Context) ([]tradedash.Import, error) { return nil, nil }

func (s *fakeSource) Coverage(context.Context) ([]queries.Coverage, error) {
	s.queries.Add(1)
	idx := map[[3]string]int{}
	var out []queries.Coverage
	for _, f := range s.figures {
		k := [3]string{f.Exhibition, f.Country, f.Metric}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, queries.Coverage{Exhibition: f.Exhibition, Country: f.Country, Metric: f.Metric, FirstYear: f.Year, LastYear: f.Year})
		}
		c := &out[i]
		c.FirstYear, c.LastYear, c.Figures = min(c.FirstYear, f.Year), max(c.LastYear, f.Year), c.Figures+1
	}
	return out, nil
}

// onBases is the figure as storage gives it when limited to bases: its
// best claim among them (tradedash.ClaimBefore), the rest of them as
// Others; none when no claim rests on one of them.
func onBases(f tradedash.Figure, bases []tradedash.Basis) (tradedash.Figure, bool) {
	if len(bases) == 0 {
		return f, true
	}
	claims := slices.DeleteFunc(Claims(f), func(c tradedash.Figure) bool { return !slices.Contains(bases, c.Basis) })
	if len(claims) == 0 {
		return tradedash.Figure{}, false
	}
	best := tradedash.ChooseClaim(claims)
	out := claims[best]
	out.Others = slices.Delete(slices.Clone(claims), best, best+1)
	slices.SortStableFunc(out.Others, func(a, b tradedash.Figure) int {
		if tradedash.ClaimBefore(&a, &b) {
			return -1
		}
		if tradedash.ClaimBefore(&b, &a) {
			return 1
		}
		return 0
	})
	if len(out.Others) == 0 {
		out.Others = nil
	}
	return out, true
}

func fig(country, metric string, year int, v float64, q tradedash.Qualifier, s tradedash.Status) tradedash.Figure {
	return tradedash.Figure{Exhibition: "innoprom", Country: country, Metric: metric, Year: year, Value: v, Qualifier: q, Status: s}
}

func sample() *fakeSource {
	ex, ov, act := tradedash.Exact, tradedash.Over, tradedash.Actual
	return &fakeSource{
		vintage: tradedash.Vintage{ImportID: 1, Version: 1},
		figures: []tradedash.Figure{
			fig("CN", "exhibitors", 2015, 150, ex, act),
			fig("CN", "exhibitors", 2018, 186, ex, act),
			fig("CN", "exhibitors", 2023, 400, ov, act),
			fig("CN", "space_reported_m2", 2023, 10000, ex, act),
			fig("CN", "space_reported_m2", 2024, 3800, ov, tradedash.Forecast),
			fig("CN", "visitors", 2019, 5, ex, act),
			fig("BY", "exhibitors", 2023, 50, ex, act),
			fig("ALL", "foreign_exhibitors", 2023, 500, ex, act),
		},
		milestones: []tradedash.Milestone{
			{Date: time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionYear, Exhibition: "innoprom", Country: "ALL", TitleEN: "start"},
		},
	}
}

func TestOverview(t *testing.T) {
	v := New(sample(), Options{CacheRows: 100})
	o, err := v.Overview(context.Background(), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Exhibition != "innoprom" || o.Country != "CN" || !reflect.DeepEqual(o.Params.Metrics, []string{"exhibitors", "space_reported_m2"}) {
		t.Errorf("defaults = %s %s %v", o.Exhibition, o.Country, o.Params.Metrics)
	}
	// The range runs from the milestone (2014) to the last charted figure
	// (2024), every year listed.
	if len(o.Years) != 11 || o.Years[0] != 2014 || o.Years[10] != 2024 {
		t.Errorf("years = %v", o.Years)
	}
	exhibitors := o.Series[0]
	var got []string
	for _, p := range exhibitors.Points {
		switch {
		case p.Figure == nil:
			got = append(got, "-")
		case p.Change != nil:
			got = append(got, locale.EN.Number(p.Figure.Value)+"@"+locale.EN.Change(p.Change.Value)+"/"+locale.EN.Number(float64(p.Change.FromYear)))
		default:
			got = append(got, locale.EN.Number(p.Figure.Value))
		}
	}
	want := []string{"-", "150", "-", "-", "186@+24%/2,015", "-", "-", "-", "-", "400@+115.1%/2,018", "-"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("exhibitors = %v\nwant        %v", got, want)
	}
	if !exhibitors.Points[9].Change.Approx() || exhibitors.Points[4].Change.Approx() {
		t.Errorf("a change against an 'over' figure is approximate, an exact one is not")
	}
	var latest []string
	for _, f := range o.Latest {
		latest = append(latest, f.Metric+":"+locale.EN.Number(float64(f.Year)))
	}
	if !reflect.DeepEqual(latest, []string{"exhibitors:2,023", "visitors:2,019", "space_reported_m2:2,024"}) {
		t.Errorf("latest = %v", latest)
	}
}

func TestCompareShares(t *testing.T) {
	v := New(sample(), Options{CacheRows: 100})
	c, err := v.Compare(context.Background(), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Params.Countries, []string{"CN", "BY"}) {
		t.Errorf("default countries = %v, want the covered ones, most figures first", c.Params.Countries)
	}
	if !c.HasShares {
		t.Fatal("no shares")
	}
	if c.Metric != "exhibitors" {
		t.Errorf("default metric = %s, want exhibitors", c.Metric)
	}
	// CN's "over 400" of 500 foreign exhibitors is at least 80 %, not a
	// plain 80 %; BY's exact 50 is a plain 10 %.
	for _, l := range c.Lines {
		for _, p := range l.Points {
			if p.Year == 2023 {
				want := map[string]float64{"CN": 80, "BY": 10}[l.Country]
				wantCert := map[string]Certainty{"CN": AtLeast, "BY": Plain}[l.Country]
				if d := p.ShareForeign; d == nil || d.Value != want || d.Certainty != wantCert || len(d.Inputs) != 2 || d.Inputs[1].Metric != "foreign_exhibitors" {
					t.Errorf("%s 2023 share = %+v, want %v %s", l.Country, p.ShareForeign, want, wantCert)
				}
				if plain := wantCert == Plain; (p.Share != nil) != plain || plain && *p.Share != want {
					t.Errorf("%s 2023 plain share = %v", l.Country, p.Share)
				}
			} else if p.ShareForeign != nil || p.Share != nil {
				t.Errorf("%s %d has a share without a total", l.Country, p.Year)
			}
			if p.ShareAll != nil {
				t.Errorf("%s %d has a share of all exhibitors, whose total is unknown", l.Country, p.Year)
			}
		}
	}
	if _, err := v.Compare(context.Background(), Params{Countries: []string{"CN", "BY"}, Exhibitions: []string{"innoprom", "canton_fair"}}); !isProblem(err, ProblemBothMany) {
		t.Errorf("many by many: %v", err)
	}
}

func isProblem(err error, p Problem) bool {
	var pe *ParamError
	return errors.As(err, &pe) && pe.Problem == p
}

func TestCacheByVintage(t *testing.T) {
	src := sample()
	v := New(src, Options{CacheRows: 100})
	ctx := context.Background()
	for range 3 {
		if _, err := v.Overview(ctx, Params{Lang: locale.EN}); err != nil {
			t.Fatal(err)
		}
	}
	if n := src.queries.Load(); n != 2 {
		t.Errorf("three identical overviews ran %d queries, want 2 (figures and milestones once)", n)
	}
	// The language does not change the data: the same cached result.
	o, _ := v.Overview(ctx, Params{Lang: locale.RU})
	if n := src.queries.Load(); n != 2 || o.Params.Lang != locale.RU {
		t.Errorf("another language: %d queries, lang %s", n, o.Params.Lang)
	}
	// A new import changes the version: the next view reads again.
	src.vintage.Version++
	if _, err := v.Overview(ctx, Params{}); err != nil {
		t.Fatal(err)
	}
	if n := src.queries.Load(); n != 4 {
		t.Errorf("after a new import: %d queries, want 4", n)
	}
	// Down: the error says so.
	src.down = true
	if _, err := v.Overview(ctx, Params{}); !errors.Is(err, tradedash.ErrUnavailable) {
		t.Errorf("down: %v", err)
	}
}

func TestCacheEviction(t *testing.T) {
	c := newCache(10)
	for i, k := range []string{"a", "b", "c", "d"} {
		c.put(1, k, i, 2)
	}
	c.get(1, "a") // a is now the most recent
	c.put(1, "e", 4, 2)
	c.put(1, "f", 5, 2) // 12 rows: the least recent (b) goes
	if _, ok := c.get(1, "b"); ok {
		t.Error("b survived")
	}
	if _, ok := c.get(1, "a"); !ok {
		t.Error("a, recently used, was evicted")
	}
	if c.rows > 10 {
		t.Errorf("rows = %d > 10", c.rows)
	}
	c.put(1, "huge", 0, 9) // more than a quarter: not kept
	if _, ok := c.get(1, "huge"); ok {
		t.Error("a huge entry was kept")
	}
	c.put(2, "g", 0, 1)
	if _, ok := c.get(1, "a"); ok {
		t.Error("an entry of an old version was served")
	}
	if _, ok := newCache(0).get(1, "x"); ok {
		t.Error("a disabled cache served")
	}
}

func TestParseParams(t *testing.T) {
	tests := []struct {
		query   string
		want    Params
		problem Problem
	}{
		{"", Params{}, 0},
		{"exhibition=INNOPROM&country=cn,by&country=CN&metric=space_reported_m2&from=2015&to=2024&lang=EN&sort=-year",
			Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN", "BY"}, Metrics: []string{"space_reported_m2"}, From: 2015, To: 2024, Lang: locale.EN, Sort: "-year"}, 0},
		// An old link's metric is read as the metric its figures now are.
		{"metric=companies,area_m2", Params{Metrics: []string{"participants_reported", "space_reported_m2"}}, 0},
		{"metric=countries&metric=countries_reported", Params{Metrics: []string{"countries_reported"}}, 0},
		{"basis=Audited,organiser&basis=audited", Params{Bases: []tradedash.Basis{tradedash.Audited, tradedash.Organiser}}, 0},
		{"basis=rumour", Params{}, ProblemUnknown},
		{strings.Repeat("basis=press&", 33), Params{}, ProblemTooMany},
		{"country=CHN", Params{Countries: []string{"CN"}}, 0},
		{"country=all", Params{Countries: []string{"ALL"}}, 0},
		{"country=", Params{}, 0},
		{"other=x", Params{}, 0},
		{"exhibition=Иннопром", Params{}, ProblemUnknown},
		{"country=ZZ", Params{}, ProblemUnknown},
		{"country=%3Cscript%3E", Params{}, ProblemUnknown},
		{"metric=profit", Params{}, ProblemUnknown},
		{"lang=de", Params{}, ProblemUnknown},
		{"sort=price", Params{}, ProblemUnknown},
		{"from=1899", Params{}, ProblemYear},
		{"to=2101", Params{}, ProblemYear},
		{"from=20x0", Params{}, ProblemYear},
		{"from=2020&to=2019", Params{}, ProblemRange},
		{"country=" + strings.Repeat("x", 65), Params{}, ProblemTooLong},
		{"country=" + string(make([]byte, 65)), Params{}, ProblemBadText},
		{"country=%ff%fe", Params{}, ProblemBadText},
		{"metric=%ff%fe", Params{}, ProblemBadText},
		{"from=%00", Params{}, ProblemBadText},
	}
	for _, tt := range tests {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseParams(q)
		if tt.problem != 0 {
			if !isProblem(err, tt.problem) {
				t.Errorf("%q: err = %v, want problem %d", tt.query, err, tt.problem)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.query, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q = %+v, want %+v", tt.query, got, tt.want)
		}
		// Values reproduce the view.
		again, err := ParseParams(got.Values())
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("%q: round trip = %+v, %v", tt.query, again, err)
		}
	}
}
