package view

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/reference"
)

// The participation metrics a pair shows: how many companies of one country
// came to the other's exhibitions (counts), and how much floor they took
// (areas). Each is shown where it has figures: a standard metric and the
// "as reported" one a source's wording gives are kept apart.
var PairMetrics = []string{"exhibitors", "participants_reported", "net_space_m2", "gross_space_m2", "space_reported_m2"}

// TopChapters is how many HS chapters the commodity structure names; the
// others are one "rest".
const TopChapters = 10

// The directions of a mirror comparison.
const (
	DirAToB     = "a_to_b"   // goods from A to B: A's exports against B's imports
	DirBToA     = "b_to_a"   // goods from B to A: B's exports against A's imports
	DirTurnover = "turnover" // both directions together, as each side reports them
)

// Pair is the cooperation of two countries on one time axis: the trade each
// side's customs report with the other, the two reports side by side with
// the gap between them, each country's participation at the exhibitions
// the other hosts, the milestones of both, an indexed view that puts trade
// and participation on one scale, and one year's commodity structure.
//
// It states the facts side by side; it says nothing about what caused what.
type Pair struct {
	Params  PairParams // as used: defaults filled in
	Vintage tradedash.Vintage
	Years   []int // every year of the range, so gaps show
	// Reports[0] is trade as A's customs report it (partner B),
	// Reports[1] as B's report it (partner A).
	Reports [2]TradeReport
	// Mirror puts the two reports of the same flow side by side, year by
	// year, in the order DirAToB, DirBToA, DirTurnover; a year neither side
	// reports is left out.
	Mirror []MirrorRow
	// YTD is the mirror of the year-to-date values (January to Month, as
	// "Jan–Oct 2023"), in the same order, period by period. They are no
	// whole year and never enter Mirror, the reports' Years or the index.
	YTD []MirrorRow
	// Participation[0] is B at the exhibitions A hosts (China at INNOPROM),
	// Participation[1] is A at the exhibitions B hosts.
	Participation [2]Participation
	// Milestones of either country (not those about a whole exhibition),
	// within the years, by date.
	Milestones []tradedash.Milestone
	Index      Index
	// Structure is the commodity structure of Params.Year: A's exports to B
	// as A reports them, then B's exports to A as B reports them; a side
	// without chapter data that year is left out.
	Structure []Structure
}

// TradeReport is one side's report of its trade with the other.
type TradeReport struct {
	Reporter, Partner string
	Years             []TradeYear // one per Pair.Years
	// Months has the months the reporter gives, in order; empty when it
	// gives only years. Year-to-date values are not months and are left out.
	Months []TradeYear
	// YTD has the year-to-date periods the reporter gives (January to
	// Month), in order.
	YTD []TradeYear
}

// HasData reports whether the reporter gives any yearly value.
func (r TradeReport) HasData() bool {
	return slices.ContainsFunc(r.Years, func(y TradeYear) bool { return y.Total != nil || y.Export != nil || y.Import != nil })
}

// TradeYear is one period of a report: what the reporter stated for each
// flow (nil when it stated nothing) and the turnover.
type TradeYear struct {
	Year   int
	Month  int // 0 for the whole year; in TradeReport.YTD, the period's last month
	Export *tradedash.TradeFlow
	Import *tradedash.TradeFlow
	// Turnover is what the source stated as turnover, nil when it stated
	// none.
	Turnover *tradedash.TradeFlow
	// Total is the turnover to show: the stated one, or else exports plus
	// imports when both are stated (then Summed is set and encoders must
	// say so); nil otherwise.
	Total  *float64
	Summed bool
	Approx bool // Total is a bound, an estimate, or not final
}

// MirrorRow is one flow of one year as each side reports it. ByA and ByB
// are nil where a side reports nothing; the gap is shown only when both
// report.
type MirrorRow struct {
	Year      int
	Month     int    // 0 for the whole year; in Pair.YTD, the period's last month
	Direction string // DirAToB, DirBToA or DirTurnover
	ByA, ByB  *float64
	// SummedA and SummedB say a turnover is exports plus imports added
	// here, not a stated turnover.
	SummedA, SummedB bool
	Gap              *float64 // ByA − ByB
	GapPercent       *float64 // Gap as a percent of ByB
}

// Participation is one country's presence at the exhibitions the other
// hosts: a figure counts only for an edition the host country hosted.
type Participation struct {
	Guest, Host string
	Series      []Series // one per exhibition and metric with data, in reference and PairMetrics order
}

// Index puts trade and participation on one scale: every series with a
// value in the base year, as a percent of that value.
type Index struct {
	Base  int // 0 when no series has a value to base on
	Lines []IndexLine
}

// IndexLine is one indexed series: a report's turnover, or a participation
// series.
type IndexLine struct {
	Reporter   string // a trade line: whose report
	Exhibition string // a participation line: where, which country, what
	Country    string
	Metric     string
	Values     []*float64 // one per Pair.Years; nil for a gap
}

// Trade reports whether l is a trade line.
func (l IndexLine) Trade() bool { return l.Reporter != "" }

// Structure is one exporter's trade with the other by HS chapter in one year.
type Structure struct {
	Reporter, Partner string
	Flow              tradedash.Flow
	Year              int
	Top               []tradedash.TradeFlow // the largest chapters, largest first
	// Rest is what the top chapters leave: the reported total less their
	// sum when the total is stored (RestOfTotal), else the sum of the other
	// chapters. It may be zero.
	Rest        float64
	RestOfTotal bool
}

// pairInput is what a pair is built from, as the database returns it.
type pairInput struct {
	annual, monthly []tradedash.TradeFlow // TOTAL commodity, both reporters
	figures         []tradedash.Figure    // of A and B, at the exhibitions either hosts
	milestones      []tradedash.Milestone
	chapters        [2][]tradedash.TradeFlow // A's and B's exports to the other, by chapter, in Params.Year
}

// buildPair computes the pair from its input. It reads nothing: the tests
// give it plain slices.
func buildPair(p PairParams, in pairInput) *Pair {
	pr := &Pair{Params: p}
	sides := [2][2]string{{p.A, p.B}, {p.B, p.A}}

	var ms []tradedash.Milestone
	for _, m := range in.milestones {
		y := m.Date.Year()
		if (m.Country == p.A || m.Country == p.B) && (p.From == 0 || y >= p.From) && (p.To == 0 || y <= p.To) {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(a, b tradedash.Milestone) int { return a.Date.Compare(b.Date) })
	pr.Milestones = ms

	var hosted [2][]tradedash.Figure
	for i, s := range sides {
		host, guest := s[0], s[1]
		for _, f := range in.figures {
			ex, ok := reference.ExhibitionByCode(f.Exhibition)
			if ok && f.Country == guest && ex.Host(f.Year) == host && slices.Contains(PairMetrics, f.Metric) {
				hosted[i] = append(hosted[i], f)
			}
		}
	}

	var annual []tradedash.TradeFlow
	for _, t := range in.annual {
		if t.Month == 0 && !t.YTD && t.Commodity == tradedash.TotalCommodity && inPair(t, p) {
			annual = append(annual, t)
		}
	}
	lo, hi := p.From, p.To
	if lo == 0 || hi == 0 {
		dlo, dhi := 0, 0
		see := func(y int) {
			if dlo == 0 || y < dlo {
				dlo = y
			}
			dhi = max(dhi, y)
		}
		for _, t := range annual {
			see(t.Year)
		}
		for _, fs := range hosted {
			for _, f := range fs {
				see(f.Year)
			}
		}
		for _, m := range ms {
			see(m.Date.Year())
		}
		if lo == 0 {
			lo = dlo
		}
		if hi == 0 {
			hi = dhi
		}
	}
	if lo != 0 && hi != 0 {
		pr.Years = years(max(lo, MinYear), min(hi, MaxYear))
	}

	for i, s := range sides {
		pr.Reports[i] = buildReport(s[0], s[1], annual, in.monthly, pr.Years)
	}
	pr.Mirror = mirror(pr.Reports, pr.Years)
	pr.YTD = mirrorYTD(pr.Reports)

	for i, s := range sides {
		part := Participation{Host: s[0], Guest: s[1]}
		for _, ex := range reference.Exhibitions() {
			for _, m := range PairMetrics {
				sr := buildSeries(hosted[i], ex.Code, s[1], m, pr.Years)
				if sr.HasData() {
					part.Series = append(part.Series, sr)
				}
			}
		}
		pr.Participation[i] = part
	}

	pr.Index = index(pr, p.Base)
	if p.Base == 0 {
		pr.Params.Base = pr.Index.Base
	}

	for i, s := range sides {
		if st, ok := structure(s[0], s[1], p.Year, in.chapters[i], annual); ok {
			pr.Structure = append(pr.Structure, st)
		}
	}
	return pr
}

// inPair reports whether t is trade between the pair's two countries.
func inPair(t tradedash.TradeFlow, p PairParams) bool {
	return t.Reporter == p.A && t.Partner == p.B || t.Reporter == p.B && t.Partner == p.A
}

// buildReport lays one reporter's flows out on the years (and its months
// in order).
func buildReport(reporter, partner string, annual, monthly []tradedash.TradeFlow, ys []int) TradeReport {
	r := TradeReport{Reporter: reporter, Partner: partner, Years: make([]TradeYear, len(ys))}
	byYear := map[int]int{}
	for i, y := range ys {
		r.Years[i].Year = y
		byYear[y] = i
	}
	for i := range annual {
		t := &annual[i]
		if j, ok := byYear[t.Year]; ok && t.Reporter == reporter && t.Partner == partner {
			r.Years[j].set(t)
		}
	}
	months, ytd := map[[2]int]int{}, map[[2]int]int{}
	for i := range monthly {
		t := &monthly[i]
		if t.Month == 0 || t.Commodity != tradedash.TotalCommodity || t.Reporter != reporter || t.Partner != partner {
			continue
		}
		if len(ys) > 0 && (t.Year < ys[0] || t.Year > ys[len(ys)-1]) {
			continue
		}
		periods, at := &r.Months, months
		if t.YTD {
			periods, at = &r.YTD, ytd
		}
		k := [2]int{t.Year, t.Month}
		j, ok := at[k]
		if !ok {
			j = len(*periods)
			at[k] = j
			*periods = append(*periods, TradeYear{Year: t.Year, Month: t.Month})
		}
		(*periods)[j].set(t)
	}
	for _, ps := range [][]TradeYear{r.Years, r.Months, r.YTD} {
		slices.SortFunc(ps, byPeriod)
		for i := range ps {
			ps[i].total()
		}
	}
	return r
}

func byPeriod(a, b TradeYear) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month))
}

func (y *TradeYear) set(t *tradedash.TradeFlow) {
	switch t.Flow {
	case tradedash.FlowExport:
		y.Export = t
	case tradedash.FlowImport:
		y.Import = t
	case tradedash.FlowTurnover:
		y.Turnover = t
	}
}

// total fills Total: the stated turnover, else exports plus imports.
func (y *TradeYear) total() {
	switch {
	case y.Turnover != nil:
		v := y.Turnover.ValueUSD
		y.Total, y.Approx = &v, !exactTrade(*y.Turnover)
	case y.Export != nil && y.Import != nil:
		v := y.Export.ValueUSD + y.Import.ValueUSD
		y.Total, y.Summed = &v, true
		y.Approx = !exactTrade(*y.Export) || !exactTrade(*y.Import)
	}
}

// exactTrade reports whether t is an exact, final value.
func exactTrade(t tradedash.TradeFlow) bool {
	return t.Qualifier == tradedash.Exact && (t.Status == tradedash.TradeActual || t.Status == tradedash.TradeRevised)
}

// mirror lines the two reports of each flow up, year by year.
func mirror(r [2]TradeReport, ys []int) []MirrorRow {
	periods := make([][2]TradeYear, len(ys))
	for i := range ys {
		periods[i] = [2]TradeYear{r[0].Years[i], r[1].Years[i]}
	}
	return mirrorRows(periods)
}

// mirrorYTD lines the two reports' year-to-date values up, period by
// period: a period one side gives and the other does not has a gap.
func mirrorYTD(r [2]TradeReport) []MirrorRow {
	var periods [][2]TradeYear
	at := map[[2]int]int{}
	for side, rep := range r {
		for _, y := range rep.YTD {
			k := [2]int{y.Year, y.Month}
			i, ok := at[k]
			if !ok {
				i = len(periods)
				at[k] = i
				empty := TradeYear{Year: y.Year, Month: y.Month}
				periods = append(periods, [2]TradeYear{empty, empty})
			}
			periods[i][side] = y
		}
	}
	slices.SortFunc(periods, func(a, b [2]TradeYear) int { return byPeriod(a[0], b[0]) })
	return mirrorRows(periods)
}

// mirrorRows compares each period's two reports, A's then B's, flow by
// flow.
func mirrorRows(periods [][2]TradeYear) []MirrorRow {
	val := func(t *tradedash.TradeFlow) *float64 {
		if t == nil {
			return nil
		}
		v := t.ValueUSD
		return &v
	}
	var out []MirrorRow
	for _, dir := range []string{DirAToB, DirBToA, DirTurnover} {
		for _, p := range periods {
			a, b := p[0], p[1]
			row := MirrorRow{Year: a.Year, Month: a.Month, Direction: dir}
			switch dir {
			case DirAToB:
				row.ByA, row.ByB = val(a.Export), val(b.Import)
			case DirBToA:
				row.ByA, row.ByB = val(a.Import), val(b.Export)
			case DirTurnover:
				row.ByA, row.ByB, row.SummedA, row.SummedB = a.Total, b.Total, a.Summed, b.Summed
			}
			if row.ByA == nil && row.ByB == nil {
				continue
			}
			if row.ByA != nil && row.ByB != nil {
				gap := *row.ByA - *row.ByB
				row.Gap = &gap
				if *row.ByB != 0 {
					pct := gap / *row.ByB * 100
					row.GapPercent = &pct
				}
			}
			out = append(out, row)
		}
	}
	return out
}

// index bases every trade total and participation series on base, or when
// base is 0 on the first year in which some trade total and some
// participation figure both exist (else the first year with a trade
// total, else with a participation figure).
func index(pr *Pair, base int) Index {
	type line struct {
		IndexLine
		raw []*float64
	}
	var trade, part []line
	for _, r := range pr.Reports {
		l := line{IndexLine: IndexLine{Reporter: r.Reporter}}
		for _, y := range r.Years {
			l.raw = append(l.raw, y.Total)
		}
		trade = append(trade, l)
	}
	for _, pa := range pr.Participation {
		for _, s := range pa.Series {
			l := line{IndexLine: IndexLine{Exhibition: s.Exhibition, Country: s.Country, Metric: s.Metric}}
			for _, pt := range s.Points {
				if pt.Figure == nil {
					l.raw = append(l.raw, nil)
				} else {
					v := pt.Figure.Value
					l.raw = append(l.raw, &v)
				}
			}
			part = append(part, l)
		}
	}
	has := func(ls []line, i int) bool {
		return slices.ContainsFunc(ls, func(l line) bool { return l.raw[i] != nil && *l.raw[i] != 0 })
	}
	at := slices.Index(pr.Years, base)
	if base == 0 {
		for _, ok := range []func(int) bool{
			func(i int) bool { return has(trade, i) && has(part, i) },
			func(i int) bool { return has(trade, i) },
			func(i int) bool { return has(part, i) },
		} {
			if at = slices.IndexFunc(pr.Years, func(y int) bool { return ok(slices.Index(pr.Years, y)) }); at >= 0 {
				break
			}
		}
	}
	if at < 0 {
		return Index{}
	}
	ix := Index{Base: pr.Years[at]}
	for _, l := range append(trade, part...) {
		b := l.raw[at]
		if b == nil || *b == 0 {
			continue
		}
		l.Values = make([]*float64, len(l.raw))
		for i, v := range l.raw {
			if v != nil {
				x := *v / *b * 100
				l.Values[i] = &x
			}
		}
		ix.Lines = append(ix.Lines, l.IndexLine)
	}
	return ix
}

// structure takes the largest chapters of one exporter's exports in year
// and what they leave of the total.
func structure(reporter, partner string, year int, chapters, annual []tradedash.TradeFlow) (Structure, bool) {
	var chs []tradedash.TradeFlow
	for _, t := range chapters {
		if t.Reporter == reporter && t.Partner == partner && t.Flow == tradedash.FlowExport && t.Year == year && t.Month == 0 && !t.YTD && len(t.Commodity) == 2 {
			chs = append(chs, t)
		}
	}
	if len(chs) == 0 {
		return Structure{}, false
	}
	slices.SortStableFunc(chs, func(a, b tradedash.TradeFlow) int {
		return cmp.Or(cmp.Compare(b.ValueUSD, a.ValueUSD), cmp.Compare(a.Commodity, b.Commodity))
	})
	n := min(len(chs), TopChapters)
	st := Structure{Reporter: reporter, Partner: partner, Flow: tradedash.FlowExport, Year: year, Top: chs[:n]}
	top := 0.0
	for _, t := range st.Top {
		top += t.ValueUSD
	}
	for _, t := range annual {
		if t.Reporter == reporter && t.Partner == partner && t.Flow == tradedash.FlowExport && t.Year == year {
			st.Rest, st.RestOfTotal = max(t.ValueUSD-top, 0), true
			return st, true
		}
	}
	for _, t := range chs[n:] {
		st.Rest += t.ValueUSD
	}
	return st, true
}

// CommodityName names t's commodity in lang. An HS section or chapter is
// named by the reference (reference/hs.csv): in lang where it has a name
// there, else in English, as is a Chinese name not verified against a
// tariff-based source. A deeper code, and any code of another nomenclature
// (SITC), is named by the description its file gives. from is the language
// of a name that is not in lang, for the encoders to mark; it is "" when
// the name is in lang or is a file's description.
func CommodityName(t tradedash.TradeFlow, lang locale.Lang) (name string, from locale.Lang) {
	if t.Commodity == tradedash.TotalCommodity || strings.HasPrefix(t.Classification, "S") {
		return t.Description, ""
	}
	if len(t.Commodity) > 2 && !reference.IsHSSection(t.Commodity) {
		return t.Description, ""
	}
	h, ok := reference.HS(t.Commodity)
	if !ok {
		return t.Description, ""
	}
	switch {
	case lang == locale.RU && h.NameRU != "":
		return h.NameRU, ""
	case lang == locale.ZH && h.NameZH != "" && h.ZHVerified:
		return h.NameZH, ""
	case h.NameEN == "":
		return t.Description, ""
	case lang == locale.EN:
		return h.NameEN, ""
	}
	return h.NameEN, locale.EN
}

// Pair builds the pair p asks for. With no countries named it shows the
// pair with the most yearly trade values in the data (the founding pair,
// Russia and China, when there is none); with one named, its most
// reported partner.
func (v *Views) Pair(ctx context.Context, p PairParams) (*Pair, error) {
	if p.A == "" || p.B == "" {
		a, b, err := v.defaultPair(ctx, p.A, p.B)
		if err != nil {
			return nil, err
		}
		p.A, p.B = a, b
	}
	x, err := Cached(ctx, v, "pair", p.key(), func(vin tradedash.Vintage) (*Pair, int, error) {
		pr, err := v.buildPair(ctx, p, vin)
		if err != nil {
			return nil, 0, err
		}
		rows := len(pr.Mirror) + len(pr.YTD) + len(pr.Milestones) + len(pr.Years)*(2+len(pr.Index.Lines))
		for _, r := range pr.Reports {
			rows += len(r.Months) + len(r.YTD)
		}
		return pr, rows, nil
	})
	if err != nil {
		return nil, err
	}
	// The cached value is shared: answer with a copy that carries this
	// request's language.
	out := *x
	out.Params.Lang = p.Lang
	return &out, nil
}

func (v *Views) buildPair(ctx context.Context, p PairParams, vin tradedash.Vintage) (*Pair, error) {
	var in pairInput
	both := []string{p.A, p.B}
	var exs []string
	for _, e := range reference.Exhibitions() {
		hosts := e.HostCountries()
		if slices.Contains(hosts, p.A) || slices.Contains(hosts, p.B) {
			exs = append(exs, e.Code)
		}
	}
	// The page's reads are independent: run them at once, so that the
	// page takes about as long as its slowest read, not their sum.
	err := together(
		func() (err error) {
			if in.annual, err = v.src.TradeFlows(ctx, queries.TradeFilter{Reporters: both, Partners: both, From: p.From, To: p.To}); err != nil {
				return fmt.Errorf("pair trade: %w", err)
			}
			if p.Year != 0 {
				return nil
			}
			// The structure's year, when the URL names none, is the
			// latest either side reports trade with the other.
			year := 0
			for _, t := range in.annual {
				year = max(year, t.Year)
			}
			return v.pairChapters(ctx, p.A, p.B, year, &in)
		},
		func() (err error) {
			if p.Year == 0 {
				return nil
			}
			return v.pairChapters(ctx, p.A, p.B, p.Year, &in)
		},
		func() (err error) {
			if in.monthly, err = v.src.TradeFlows(ctx, queries.TradeFilter{Reporters: both, Partners: both, From: p.From, To: p.To, Monthly: true}); err != nil {
				return fmt.Errorf("pair monthly trade: %w", err)
			}
			return nil
		},
		func() (err error) {
			if len(exs) == 0 {
				return nil
			}
			if in.figures, err = v.src.Figures(ctx, queries.FigureFilter{
				Exhibitions: exs, Countries: both, Metrics: PairMetrics, FromYear: p.From, ToYear: p.To, Bases: p.Bases,
			}); err != nil {
				return fmt.Errorf("pair figures: %w", err)
			}
			return nil
		},
		func() (err error) {
			if in.milestones, err = v.src.Milestones(ctx, queries.MilestoneFilter{Countries: both, FromYear: p.From, ToYear: p.To}); err != nil {
				return fmt.Errorf("pair milestones: %w", err)
			}
			return nil
		},
	)
	if err != nil {
		return nil, err
	}
	if p.Year == 0 {
		for _, t := range in.annual {
			p.Year = max(p.Year, t.Year)
		}
	}
	pr := buildPair(p, in)
	pr.Vintage = vin
	return pr, nil
}

// pairChapters reads the commodity structure of year in both directions,
// at once; year 0 (no trade) reads nothing.
func (v *Views) pairChapters(ctx context.Context, a, b string, year int, in *pairInput) error {
	if year == 0 {
		return nil
	}
	var fns []func() error
	for i, s := range [2][2]string{{a, b}, {b, a}} {
		fns = append(fns, func() (err error) {
			if in.chapters[i], err = v.src.TradeChapters(ctx, s[0], s[1], tradedash.FlowExport, year); err != nil {
				return fmt.Errorf("pair chapters: %w", err)
			}
			return nil
		})
	}
	return together(fns...)
}

// together runs fns at once and returns the first error, after all have
// returned. Each fn writes only its own variables.
func together(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// defaultPair completes a pair the URL leaves open from the trade data,
// cached by vintage like the views.
func (v *Views) defaultPair(ctx context.Context, a, b string) (string, string, error) {
	counts, err := Cached(ctx, v, "pair:counts", "", func(tradedash.Vintage) (map[[2]string]int, int, error) {
		flows, err := v.src.TradeFlows(ctx, queries.TradeFilter{})
		if err != nil {
			return nil, 0, fmt.Errorf("trade pairs: %w", err)
		}
		counts := map[[2]string]int{}
		for _, t := range flows {
			if t.Partner == tradedash.World || t.Reporter == t.Partner {
				continue
			}
			k := [2]string{t.Reporter, t.Partner}
			if k[0] > k[1] {
				k[0], k[1] = k[1], k[0]
			}
			counts[k]++
		}
		return counts, len(counts), nil
	})
	if err != nil {
		return "", "", err
	}
	best, bestN := [2]string{}, 0
	for k, n := range counts {
		if a != "" && k[0] != a && k[1] != a || b != "" && k[0] != b && k[1] != b {
			continue
		}
		if n > bestN || n == bestN && (k[0] < best[0] || k[0] == best[0] && k[1] < best[1]) {
			best, bestN = k, n
		}
	}
	if bestN == 0 {
		switch {
		case a == "" && b == "":
			return DefaultPairA, DefaultPairB, nil
		case b == "":
			return a, other(a), nil
		default:
			return other(b), b, nil
		}
	}
	// Put the named country first where it was named, else the host of
	// the default exhibition (Russia, for INNOPROM), else alphabetically.
	switch {
	case a != "":
		if best[0] != a {
			best[0], best[1] = best[1], best[0]
		}
	case b != "":
		if best[1] != b {
			best[0], best[1] = best[1], best[0]
		}
	default:
		if ex, ok := reference.ExhibitionByCode(DefaultExhibition); ok && slices.Contains(ex.HostCountries(), best[1]) {
			best[0], best[1] = best[1], best[0]
		}
	}
	return best[0], best[1], nil
}

// other is the founding pair's partner of c: China for Russia, Russia for
// any other country.
func other(c string) string {
	if c == DefaultPairA {
		return DefaultPairB
	}
	return DefaultPairA
}
