package view

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
)

func (s *fakeSource) TradeFlows(_ context.Context, f queries.TradeFilter) ([]tradedash.TradeFlow, error) {
	s.queries.Add(1)
	var out []tradedash.TradeFlow
	for _, t := range s.trade {
		var flows []string
		for _, fl := range f.Flows {
			flows = append(flows, string(fl))
		}
		month := t.Month == 0 && !t.YTD
		if f.Monthly {
			month = t.Month > 0
		}
		if in(f.Reporters, t.Reporter) && in(f.Partners, t.Partner) && in(flows, string(t.Flow)) && month &&
			t.Commodity == cmpOr(f.Commodity, tradedash.TotalCommodity) &&
			(f.From == 0 || t.Year >= f.From) && (f.To == 0 || t.Year <= f.To) {
			out = append(out, t)
		}
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *fakeSource) TradeChapters(_ context.Context, reporter, partner string, flow tradedash.Flow, year int) ([]tradedash.TradeFlow, error) {
	s.queries.Add(1)
	var out []tradedash.TradeFlow
	for _, t := range s.trade {
		if t.Reporter == reporter && t.Partner == partner && t.Flow == flow && t.Year == year && t.Month == 0 && !t.YTD &&
			(t.Commodity == tradedash.TotalCommodity || len(t.Commodity) == 2) {
			out = append(out, t)
		}
	}
	return out, nil
}

func trade(reporter, partner string, flow tradedash.Flow, year int, bn float64) tradedash.TradeFlow {
	return tradedash.TradeFlow{Reporter: reporter, Partner: partner, Flow: flow, Year: year, Commodity: tradedash.TotalCommodity,
		ValueUSD: bn * 1e9, Qualifier: tradedash.Exact, Status: tradedash.TradeActual, Source: "src"}
}

// pairSample is Russia–China as the sources give it: China's customs with
// exports and imports (some years only turnover), Russia's with turnover
// only, China at INNOPROM and at the EXPO in Yekaterinburg, Russia at the
// EXPO in Harbin and at CIIE.
func pairSample() *fakeSource {
	ex, act := tradedash.Exact, tradedash.Actual
	exp, imp, tot := tradedash.FlowExport, tradedash.FlowImport, tradedash.FlowTurnover
	s := &fakeSource{
		vintage: tradedash.Vintage{ImportID: 1, Version: 1},
		figures: []tradedash.Figure{
			fig("CN", "exhibitors", 2015, 150, ex, act),
			fig("CN", "exhibitors", 2023, 400, tradedash.Over, act),
			fig("CN", "space_reported_m2", 2024, 3800, tradedash.Over, tradedash.Planned),
			fig("CN", "visitors", 2019, 5, ex, act), // not a pair metric
			{Exhibition: "russia_china_expo", Country: "CN", Metric: "space_reported_m2", Year: 2018, Value: 5518, Qualifier: ex, Status: act},
			// The 2019 EXPO was in Harbin: China's area there is not China at Russia's exhibition.
			{Exhibition: "russia_china_expo", Country: "CN", Metric: "space_reported_m2", Year: 2019, Value: 9999, Qualifier: ex, Status: act},
			{Exhibition: "russia_china_expo", Country: "RU", Metric: "space_reported_m2", Year: 2017, Value: 3030, Qualifier: ex, Status: act},
			{Exhibition: "russia_china_expo", Country: "RU", Metric: "space_reported_m2", Year: 2019, Value: 3260, Qualifier: ex, Status: act},
			{Exhibition: "russia_china_expo", Country: "RU", Metric: "exhibitors", Year: 2019, Value: 137, Qualifier: ex, Status: act},
			// In Yekaterinburg the Russian side is at home.
			{Exhibition: "russia_china_expo", Country: "RU", Metric: "space_reported_m2", Year: 2018, Value: 2982, Qualifier: ex, Status: act},
			{Exhibition: "ciie", Country: "RU", Metric: "exhibitors", Year: 2021, Value: 31, Qualifier: ex, Status: act},
			fig("BY", "exhibitors", 2023, 50, ex, act),
		},
		milestones: []tradedash.Milestone{
			{Date: time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionMonth, Exhibition: "innoprom", Country: "CN", TitleEN: "China partner country"},
			{Date: time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionYear, Exhibition: "innoprom", Country: "ALL", TitleEN: "whole exhibition"},
			{Date: time.Date(2019, 11, 5, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay, Exhibition: "ciie", Country: "RU", TitleEN: "Russia guest of honour"},
		},
		trade: []tradedash.TradeFlow{
			trade("CN", "RU", exp, 2016, 37.297), trade("CN", "RU", imp, 2016, 32.228), trade("CN", "RU", tot, 2016, 69.525),
			trade("CN", "RU", exp, 2018, 47.98), trade("CN", "RU", imp, 2018, 59.08),
			trade("CN", "RU", tot, 2023, 240.11),
			trade("RU", "CN", tot, 2016, 66.1), trade("RU", "CN", tot, 2018, 109),
			trade("RU", "CN", exp, 2023, 129), trade("RU", "CN", imp, 2023, 110),
			trade("CN", "WLD", tot, 2023, 5940),
			trade("KZ", "CN", tot, 2023, 20),
		},
	}
	s.trade[7].Qualifier = tradedash.About // Russia's 2018 "≈109"
	m := trade("CN", "RU", exp, 2023, 9)
	m.Month = 1
	s.trade = append(s.trade, m)
	m.Month, m.ValueUSD = 2, 8e9
	s.trade = append(s.trade, m)
	m.Month, m.YTD, m.ValueUSD = 10, true, 196.48e9 // year to date: not a month
	s.trade = append(s.trade, m)
	for i, v := range []float64{40, 10, 5, 3, 2, 1, 1, 1, 1, 1, 0.5, 0.5} {
		c := trade("CN", "RU", exp, 2023, v)
		c.Commodity, c.Classification = []string{"84", "85", "87", "61", "64", "39", "94", "73", "95", "62", "40", "90"}[i], "H6"
		s.trade = append(s.trade, c)
	}
	return s
}

// bn is a value in billions of dollars, to two decimals.
func bn(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(math.Round(*p/1e7)/100, 'f', -1, 64)
}

func TestPair(t *testing.T) {
	src := pairSample()
	v := New(src, Options{CacheRows: 1000})
	p, err := v.Pair(context.Background(), PairParams{A: "RU", B: "CN"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Years[0] != 2015 || p.Years[len(p.Years)-1] != 2024 {
		t.Errorf("years = %v", p.Years)
	}
	at := func(y int) int { return slices.Index(p.Years, y) }

	ru, cn := p.Reports[0], p.Reports[1]
	if ru.Reporter != "RU" || ru.Partner != "CN" || cn.Reporter != "CN" {
		t.Fatalf("reports = %s/%s, %s/%s", ru.Reporter, ru.Partner, cn.Reporter, cn.Partner)
	}
	// A stated turnover is shown as stated; exports plus imports only
	// where no turnover is stated, and then labelled as a sum.
	for _, tt := range []struct {
		r      TradeReport
		year   int
		total  string
		summed bool
		approx bool
	}{
		{cn, 2016, "69.53", false, false}, {cn, 2018, "107.06", true, false}, {cn, 2023, "240.11", false, false},
		{ru, 2016, "66.1", false, false}, {ru, 2018, "109", false, true}, {ru, 2023, "239", true, false},
		{ru, 2017, "-", false, false},
	} {
		y := tt.r.Years[at(tt.year)]
		if bn(y.Total) != tt.total || y.Summed != tt.summed || y.Approx != tt.approx {
			t.Errorf("%s %d total = %s summed %v approx %v, want %s %v %v", tt.r.Reporter, tt.year, bn(y.Total), y.Summed, y.Approx, tt.total, tt.summed, tt.approx)
		}
	}
	// Months: China's two months; the year-to-date value is no month.
	if len(cn.Months) != 2 || cn.Months[0].Month != 1 || cn.Months[1].Month != 2 || bn(&cn.Months[1].Export.ValueUSD) != "8" || len(ru.Months) != 0 {
		t.Errorf("months = %+v / %+v", cn.Months, ru.Months)
	}

	// Mirror: the gap is A's report less B's, in percent of B's, and shown
	// only where both report.
	var got []string
	for _, r := range p.Mirror {
		s := r.Direction + " " + locale.EN.Year(r.Year) + " " + bn(r.ByA) + "/" + bn(r.ByB) + " " + bn(r.Gap)
		if r.GapPercent != nil {
			s += " " + locale.EN.Change(*r.GapPercent)
		}
		if r.SummedA || r.SummedB {
			s += " summed"
		}
		got = append(got, s)
	}
	want := []string{
		"a_to_b 2016 -/32.23 -", "a_to_b 2018 -/59.08 -", "a_to_b 2023 129/- -",
		"b_to_a 2016 -/37.3 -", "b_to_a 2018 -/47.98 -", "b_to_a 2023 110/- -",
		"turnover 2016 66.1/69.53 -3.43 −4.9%", "turnover 2018 109/107.06 1.94 +1.8% summed", "turnover 2023 239/240.11 -1.11 −0.5% summed",
	}
	if !slices.Equal(got, want) {
		t.Errorf("mirror =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Participation: China at Russia's exhibitions (INNOPROM, and the EXPO
	// only in Yekaterinburg years); Russia at China's (the EXPO in Harbin
	// years, CIIE).
	series := func(pa Participation) []string {
		var out []string
		for _, s := range pa.Series {
			var ys []string
			for _, pt := range s.Points {
				if pt.Figure != nil {
					ys = append(ys, locale.EN.Year(pt.Year)+"="+locale.EN.Number(pt.Figure.Value))
				}
			}
			out = append(out, s.Exhibition+"/"+s.Metric+":"+strings.Join(ys, ","))
		}
		return out
	}
	if pa := p.Participation[0]; pa.Host != "RU" || pa.Guest != "CN" ||
		!slices.Equal(series(pa), []string{"innoprom/exhibitors:2015=150,2023=400", "innoprom/space_reported_m2:2024=3,800", "russia_china_expo/space_reported_m2:2018=5,518"}) {
		t.Errorf("China at Russia's = %s %s %v", pa.Host, pa.Guest, series(pa))
	}
	if pa := p.Participation[1]; pa.Host != "CN" || pa.Guest != "RU" ||
		!slices.Equal(series(pa), []string{"russia_china_expo/exhibitors:2019=137", "russia_china_expo/space_reported_m2:2017=3,030,2019=3,260", "ciie/exhibitors:2021=31"}) {
		t.Errorf("Russia at China's = %s %s %v", pa.Host, pa.Guest, series(pa))
	}

	// Milestones of either country, by date; not the whole exhibition's.
	if len(p.Milestones) != 2 || p.Milestones[0].Country != "CN" || p.Milestones[1].Country != "RU" {
		t.Errorf("milestones = %+v", p.Milestones)
	}

	// Index: the first year with a trade total and a participation figure
	// is 2016? No: 2015 has participation but no trade; 2016 trade but no
	// participation; 2018 has both.
	if p.Index.Base != 2018 {
		t.Errorf("index base = %d", p.Index.Base)
	}
	for _, l := range p.Index.Lines {
		if v := l.Values[at(2018)]; v == nil || math.Abs(*v-100) > 1e-9 {
			t.Errorf("line %+v at base = %v", l, v)
		}
	}
	if len(p.Index.Lines) != 3 { // RU and CN turnover, China's EXPO area
		t.Errorf("index lines = %+v", p.Index.Lines)
	}
	if v := p.Index.Lines[1].Values[at(2023)]; p.Index.Lines[1].Reporter != "CN" || v == nil || math.Abs(*v-240.11/107.06*100) > 1e-9 {
		t.Errorf("China's 2023 index = %v", v)
	}

	// Structure: the latest export year, 2023; China's top ten chapters and
	// the rest of its total.
	if p.Params.Year != 2023 || p.Params.Base != 2018 {
		t.Errorf("params year %d, base %d: the defaults as used", p.Params.Year, p.Params.Base)
	}
	if len(p.Structure) != 1 {
		t.Fatalf("structure = %+v", p.Structure)
	}
	st := p.Structure[0]
	if st.Reporter != "CN" || st.Year != 2023 || len(st.Top) != TopChapters || st.Top[0].Commodity != "84" || st.RestOfTotal {
		t.Errorf("structure = %+v", st)
	}
	if bn(&st.Rest) != "1" {
		t.Errorf("rest = %s, want the two smallest chapters", bn(&st.Rest))
	}

	// A second request is served from the cache.
	n := src.queries.Load()
	if _, err := v.Pair(context.Background(), PairParams{A: "RU", B: "CN", Lang: locale.ZH}); err != nil || src.queries.Load() != n {
		t.Errorf("cached pair: %v, %d queries", err, src.queries.Load()-n)
	}
}

func TestPairIndexBase(t *testing.T) {
	v := New(pairSample(), Options{})
	p, err := v.Pair(context.Background(), PairParams{A: "RU", B: "CN", Base: 2016})
	if err != nil {
		t.Fatal(err)
	}
	// In 2016 only the two trade totals have values: participation series
	// without a 2016 figure are left out, not drawn from a zero.
	if p.Index.Base != 2016 || len(p.Index.Lines) != 2 || !p.Index.Lines[0].Trade() {
		t.Errorf("index = %+v", p.Index)
	}
	p, err = v.Pair(context.Background(), PairParams{A: "RU", B: "CN", Base: 1990})
	if err != nil || p.Index.Base != 0 || len(p.Index.Lines) != 0 {
		t.Errorf("base outside the years: %+v, %v", p.Index, err)
	}
}

func TestPairStructureRestOfTotal(t *testing.T) {
	src := pairSample()
	src.trade = append(src.trade, trade("CN", "RU", tradedash.FlowExport, 2023, 70))
	p, err := New(src, Options{}).Pair(context.Background(), PairParams{A: "RU", B: "CN", Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	if st := p.Structure[0]; !st.RestOfTotal || bn(&st.Rest) != "5" { // 70 − 65 in the top ten
		t.Errorf("structure = %+v", st)
	}
	if p.Params.Year != 2023 {
		t.Errorf("year = %d", p.Params.Year)
	}
}

func TestPairDefault(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		trade  bool
		a, b   string
		wa, wb string
	}{
		{true, "", "", "RU", "CN"}, // most values; Russia hosts INNOPROM, so it comes first
		{true, "KZ", "", "KZ", "CN"},
		{true, "", "KZ", "CN", "KZ"},
		{false, "", "", "RU", "CN"},
		{false, "CN", "", "CN", "RU"},
		{false, "", "BY", "RU", "BY"},
		{false, "", "RU", "CN", "RU"},
	}
	for _, tt := range tests {
		src := pairSample()
		if !tt.trade {
			src.trade = nil
		}
		p, err := New(src, Options{}).Pair(ctx, PairParams{A: tt.a, B: tt.b})
		if err != nil || p.Params.A != tt.wa || p.Params.B != tt.wb {
			t.Errorf("trade %v, a=%q b=%q: %s %s, %v; want %s %s", tt.trade, tt.a, tt.b, p.Params.A, p.Params.B, err, tt.wa, tt.wb)
		}
	}
}

func TestPairParams(t *testing.T) {
	p, err := ParsePairParams(url.Values{"a": {"rus"}, "b": {"cn"}, "from": {"2010"}, "to": {"2025"}, "base": {"2015"}, "year": {"2023"},
		"basis": {"Audited,organiser"}, "lang": {"zh"}})
	if err != nil {
		t.Fatal(err)
	}
	want := PairParams{A: "RU", B: "CN", From: 2010, To: 2025, Base: 2015, Year: 2023,
		Bases: []tradedash.Basis{tradedash.Audited, tradedash.Organiser}, Lang: locale.ZH}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("params = %+v", p)
	}
	if got := p.Values().Encode(); got != "a=RU&b=CN&base=2015&basis=audited%2Corganiser&from=2010&lang=zh&to=2025&year=2023" {
		t.Errorf("values = %s", got)
	}
	tests := []struct {
		query   string
		param   string
		problem Problem
		en, ru  string
		zh      string
	}{
		{"a=RU&b=ru", ParamB, ProblemSame, "Choose two different countries: “RU” is given twice.", "Выберите две разные страны: «RU» указана дважды.", "请选择两个不同的国家"},
		{"a=ALL", ParamA, ProblemUnknown, "Unknown country code “ALL”", "", ""},
		{"b=China", ParamB, ProblemUnknown, "Try: CN.", "", ""},
		{"base=99", ParamBase, ProblemYear, "Parameter base: “99” is not a year from 1900 to 2100.", "", ""},
		{"from=2015&to=2020&base=2023", ParamBase, ProblemOutside, "Parameter base: the year 2023 is outside the chosen range.", "Параметр base: год 2023 вне выбранного периода.", "参数base：2023年不在所选时间范围内。"},
		{"from=2020&to=2015", ParamFrom, ProblemRange, "The first year is after the last year.", "", ""},
		{"year=x", ParamYear, ProblemYear, "Parameter year", "", ""},
		{"a=" + strings.Repeat("x", 100), ParamA, ProblemTooLong, "at most 64 allowed", "", ""},
		{"lang=de", ParamLang, ProblemUnknown, "use ru, en, zh", "", ""},
		{"basis=rumour", ParamBasis, ProblemUnknown, "audited", "", ""},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		_, err := ParsePairParams(q)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != tt.param || pe.Problem != tt.problem {
			t.Errorf("%.40s: err = %v, want %s problem %d", tt.query, err, tt.param, tt.problem)
			continue
		}
		for l, w := range map[locale.Lang]string{locale.EN: tt.en, locale.RU: tt.ru, locale.ZH: tt.zh} {
			if msg := pe.Message(l); !strings.Contains(msg, w) {
				t.Errorf("%.40s: %s message %q lacks %q", tt.query, l, msg, w)
			}
		}
	}
}

// The pair's texts state facts side by side: none of them says that one
// thing led to another.
func TestPairWordsClaimNoCause(t *testing.T) {
	banned := map[locale.Lang][]string{
		locale.EN: {"led to", "because", "caused by", "thanks to", "due to", "result of", "drove", "boost"},
		locale.RU: {"привел", "привёл", "благодаря", "из-за", "в результате", "вследствие"},
		locale.ZH: {"导致", "由于", "得益于", "带动", "促进", "推动"},
	}
	keys := []string{"pair.lead", "pair.facts", "pair.index.note", "pair.mirror.note", "pair.part.hint", "pair.trade.hint", "pair.index.title"}
	for l, words := range banned {
		for _, k := range keys {
			msg := strings.ToLower(l.T(k, "A", "B"))
			for _, w := range words {
				if strings.Contains(msg, w) {
					t.Errorf("%s %s says %q: %s", l, k, w, msg)
				}
			}
		}
	}
}

// TestPairYearToDate: January–October values are lined up as a period of
// their own, each side's report against the other's, and never enter the
// whole years, the months or the index.
func TestPairYearToDate(t *testing.T) {
	src := pairSample()
	ytd := func(reporter, partner string, year, month int, bn float64) tradedash.TradeFlow {
		t := trade(reporter, partner, tradedash.FlowTurnover, year, bn)
		t.Month, t.YTD = month, true
		return t
	}
	src.trade = append(src.trade,
		ytd("CN", "RU", 2023, 10, 196.48), // GAC, January–October 2023
		ytd("RU", "CN", 2023, 10, 186),    // FCS, the same months
		ytd("CN", "RU", 2021, 11, 130.4),  // only China's
		ytd("RU", "CN", 2012, 7, 49.776),  // outside the years
	)
	p, err := New(src, Options{}).Pair(context.Background(), PairParams{A: "RU", B: "CN"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range p.YTD {
		got = append(got, strconv.Itoa(r.Year)+"/"+strconv.Itoa(r.Month)+" "+r.Direction+" "+bn(r.ByA)+" "+bn(r.ByB)+" gap "+bn(r.Gap))
	}
	want := []string{
		"2023/10 b_to_a - 196.48 gap -", // China's year-to-date exports of the sample
		"2021/11 turnover - 130.4 gap -",
		"2023/10 turnover 186 196.48 gap -10.48",
	}
	if !slices.Equal(got, want) {
		t.Errorf("year to date =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(p.Reports[0].YTD) != 1 || len(p.Reports[1].YTD) != 2 {
		t.Errorf("reports' year to date = %+v / %+v", p.Reports[0].YTD, p.Reports[1].YTD)
	}
	for _, r := range p.Mirror {
		if r.Month != 0 {
			t.Errorf("a year-to-date value among the whole years: %+v", r)
		}
	}
	cn := p.Reports[1]
	if y := cn.Years[slices.Index(p.Years, 2023)]; bn(y.Total) != "240.11" {
		t.Errorf("China's 2023 = %s, want the whole year's 240.11", bn(y.Total))
	}
	if y := cn.Years[slices.Index(p.Years, 2021)]; y.Total != nil {
		t.Errorf("China's 2021 = %s, want none: January–November is not the year", bn(y.Total))
	}
	for _, m := range cn.Months {
		if m.Month == 10 || m.Month == 11 {
			t.Errorf("a year-to-date value among the months: %+v", m)
		}
	}
}

// TestCommodityName: chapters and sections by the reference, in the page's
// language or, where the reference has no (verified Chinese) name, in
// English, said so; deeper codes and SITC by the file's description.
func TestCommodityName(t *testing.T) {
	flow := func(code, class, desc string) tradedash.TradeFlow {
		return tradedash.TradeFlow{Commodity: code, Classification: class, Description: desc}
	}
	tests := []struct {
		t    tradedash.TradeFlow
		lang locale.Lang
		name string
		from locale.Lang
	}{
		{flow("84", "H6", ""), locale.EN, "Machinery and mechanical appliances, boilers, nuclear reactors; parts thereof", ""},
		{flow("84", "H6", ""), locale.RU, "РЕАКТОРЫ ЯДЕРНЫЕ, КОТЛЫ, ОБОРУДОВАНИЕ И МЕХАНИЧЕСКИЕ УСТРОЙСТВА; ИХ ЧАСТИ", ""},
		{flow("84", "H6", ""), locale.ZH, "核反应堆、锅炉、机器、机械器具及其零件", ""},
		{flow("27", "HS", "Mineral fuels (file)"), locale.ZH, "矿物燃料、矿物油及其蒸馏产品；沥青物质；矿物蜡", ""},
		// Chapter 28's Chinese name is from secondary lists only.
		{flow("28", "H5", ""), locale.ZH, "Inorganic chemicals; organic and inorganic compounds of precious metals; of rare earth metals, of radio-active elements and of isotopes", locale.EN},
		{flow("28", "H5", ""), locale.RU, "ПРОДУКТЫ НЕОРГАНИЧЕСКОЙ ХИМИИ; СОЕДИНЕНИЯ НЕОРГАНИЧЕСКИЕ ИЛИ ОРГАНИЧЕСКИЕ ДРАГОЦЕННЫХ МЕТАЛЛОВ, РЕДКОЗЕМЕЛЬНЫХ МЕТАЛЛОВ, РАДИОАКТИВНЫХ ЭЛЕМЕНТОВ ИЛИ ИЗОТОПОВ", ""},
		// Chapter 99 has no Russian or Chinese name.
		{flow("99", "H6", ""), locale.RU, "Commodities not specified according to kind", locale.EN},
		{flow("XVI", "H6", ""), locale.RU, "МАШИНЫ, ОБОРУДОВАНИЕ И МЕХАНИЗМЫ; ЭЛЕКТРОТЕХНИЧЕСКОЕ ОБОРУДОВАНИЕ; ИХ ЧАСТИ; ЗВУКОЗАПИСЫВАЮЩАЯ И ЗВУКОВОСПРОИЗВОДЯЩАЯ АППАРАТУРА, АППАРАТУРА ДЛЯ ЗАПИСИ И ВОСПРОИЗВЕДЕНИЯ ТЕЛЕВИЗИОННОГО ИЗОБРАЖЕНИЯ И ЗВУКА, ИХ ЧАСТИ И ПРИНАДЛЕЖНОСТИ", ""},
		{flow("8471", "H6", "Automatic data processing machines"), locale.RU, "Automatic data processing machines", ""},
		{flow("29012920", "CN8", "乙炔"), locale.EN, "乙炔", ""},
		// SITC 33 is petroleum, not HS chapter 33.
		{flow("33", "S3", "Petroleum, petroleum products and related materials"), locale.ZH, "Petroleum, petroleum products and related materials", ""},
		{flow("77", "H6", ""), locale.EN, "", ""},
	}
	for _, tt := range tests {
		name, from := CommodityName(tt.t, tt.lang)
		if name != tt.name || from != tt.from {
			t.Errorf("CommodityName(%s %s, %s) = %q, %q; want %q, %q", tt.t.Classification, tt.t.Commodity, tt.lang, name, from, tt.name, tt.from)
		}
	}
}

// TestPairBases: basis=... limits the pair's exhibition figures to claims
// on those bases, as on the other pages; the trade stays.
func TestPairBases(t *testing.T) {
	src := pairSample()
	src.figures[1].Basis = tradedash.Organiser // INNOPROM 2023, 400+
	src.figures[0].Basis = tradedash.Press     // INNOPROM 2015, 150
	p, err := New(src, Options{}).Pair(context.Background(), PairParams{A: "RU", B: "CN", Bases: []tradedash.Basis{tradedash.Organiser}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Participation[0].Series {
		for _, pt := range s.Points {
			if pt.Figure != nil {
				got = append(got, fmt.Sprintf("%s/%s/%d=%v", s.Exhibition, s.Metric, pt.Year, pt.Figure.Value))
			}
		}
	}
	if want := []string{"innoprom/exhibitors/2023=400"}; !slices.Equal(got, want) {
		t.Errorf("China at Russia's, organiser figures only = %v, want %v", got, want)
	}
	if !p.Reports[0].HasData() {
		t.Error("the trade went with the basis filter")
	}
}
