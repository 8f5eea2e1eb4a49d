package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tradedash"
	"tradedash/reference"
)

// The export of China Customs' statistics portal (stats.customs.gov.cn,
// and its English pages; research/issue9.md §3).
//
// The columns are the dimensions the query ticked, in Chinese or English,
// in any order: 数据年月 / Date of data (YYYYMM, only when the query was
// split by month), 商品编码 / Commodity code, 贸易伙伴编码 / Trading partner
// code, 贸易方式编码 / Customs Regime code, 注册地编码 / Locations of
// importers and exporters code, each with its name column, 第一数量 and
// 第一计量单位 / Quantity and Unit, the second quantity, and the value in
// 美元 / US dollar or 人民币 / Renminbi Yuan. Every field is quoted, the
// values carry thousands separators, and every line ends in a comma. The
// file is GBK (GB18030), the English export too (its names hold GBK's
// full-width comma: "Hong Kong，China").
//
// What the file leaves out, the command line gives (Options.Flow,
// Options.Period), and a file without them is refused:
//   - the flow is never in the file (imports and exports are separate
//     queries): --flow export or --flow import;
//   - the period is in the file only as 数据年月; without that column
//     --period gives it (2024, 2024-10, or 2024-01..2024-10 for January to
//     October). Both at once is a problem: the file's months would be
//     overruled.
//
// The reporter is China. Partners are read by GACC's own codes
// (reference.GACCCountry: 344 is the Russian Federation there, not Hong
// Kong), by name where tradedash's table lacks the code; codes of no
// country (701 unknown, 702 international organisations, 999 neutral
// packing, x99 "other countries of a continent") and China itself (142,
// goods re-imported) are skipped with a notice.
//
// Rows are disjoint cells of commodity × partner × regime [× month]. The
// tradedash key has no regime, so regimes are summed per key (a notice
// says so: the sum is the whole trade only if the query took every
// regime). A registered-place (注册地, province) column refuses the file:
// tradedash keeps whole countries and has no region, and a sum of the
// provinces a query happened to select is not China's trade. Without a
// commodity column the values are all goods (TOTAL), with a notice.
// 8-digit codes are China's tariff codes (classification CN8), shorter ones
// HS digits. Values in yuan are refused: tradedash converts nothing. The
// portal cuts a download at 10,000 rows, so a file of exactly that many
// gets a notice that it may be cut.

// gaccFields maps each field the reader uses to its Chinese and English
// column names.
var gaccFields = map[string][]string{
	"period":      {"数据年月", "Date of data"},
	"cmd":         {"商品编码", "Commodity code"},
	"cmdDesc":     {"商品名称", "Commodity"},
	"partner":     {"贸易伙伴编码", "Trading partner code"},
	"partnerDsc":  {"贸易伙伴名称", "Trading partner"},
	"regime":      {"贸易方式编码", "Customs Regime code"},
	"province":    {"注册地编码", "Locations of importers and exporters code"},
	"provinceDsc": {"注册地名称", "Locations of importers and exporters"},
	"qty":         {"第一数量", "Quantity"},
	"unit":        {"第一计量单位", "Unit"},
	"usd":         {"美元", "US dollar"},
	"rmb":         {"人民币", "Renminbi Yuan"},
}

// gaccOther are the export's columns known and not read.
var gaccOther = []string{"贸易方式名称", "Customs Regime", "第二数量", "第二计量单位", "Supplementary Quantity",
	"Supplimentary Quantity", "Supplementary Unit", "Supplimentary Unit"}

// gaccNames maps every folded column name of the export to its field (""
// for a known column that is not read).
var gaccNames = columnNames(gaccFields, gaccOther)

// gaccFormat recognizes the export's header: a value column in dollars or
// yuan, and at least two more of its columns, every named column being
// one of the export's.
func gaccFormat(cells []string) bool {
	known, money := 0, false
	for _, c := range cells {
		k := reference.Fold(c)
		if k == "" {
			continue
		}
		f, ok := gaccNames[k]
		if !ok {
			return false
		}
		known++
		money = money || f == "usd" || f == "rmb"
	}
	return money && known >= 3
}

// gaccHeader reports whether the first line of a file is the export's
// header read as GBK, before the text is decoded: such a file that is not
// UTF-8 is GBK, as the portal writes both its Chinese and its English
// export, whatever a detection would say of a few full-width commas in an
// English file.
func gaccHeader(head []byte) bool {
	line, _, _ := strings.Cut(string(head), "\n")
	text, err := simplifiedchinese.GB18030.NewDecoder().String(strings.TrimRight(line, "\r"))
	if err != nil {
		return false
	}
	cells := strings.Split(text, ",")
	for i, c := range cells {
		cells[i] = strings.Trim(c, `" `)
	}
	return gaccFormat(cells)
}

// gaccColumns maps the columns of the export's header.
func (tl *tradeLayout) gaccColumns(l *layout, cells []string, problem func(column, format string, args ...any)) bool {
	for f := range gaccFields {
		tl.ct[f] = -1
	}
	ok := true
	for i, c := range cells {
		k := reference.Fold(c)
		if k == "" {
			continue
		}
		f := gaccNames[k]
		switch {
		case f == "":
			l.ignored[i] = true
		case tl.ct[f] >= 0:
			problem(l.names[i], "a second %s column; the first is %s", quote(c), quote(l.names[tl.ct[f]]))
			ok = false
		default:
			tl.ct[f] = i
		}
		if hasHan(c) {
			l.chinese = true
		}
	}
	if i := tl.ct["province"]; i >= 0 || tl.ct["provinceDsc"] >= 0 {
		if i < 0 {
			i = tl.ct["provinceDsc"]
		}
		problem(l.names[i], "the values are split by the registered place of the importers and exporters (注册地, provinces): tradedash keeps the trade of whole countries and has no regions, and a sum of the provinces a query selected is not China's trade; query again without 注册地")
		ok = false
	}
	switch {
	case tl.ct["usd"] >= 0:
		if j := tl.ct["rmb"]; j >= 0 {
			l.ignored[j] = true
		}
	case tl.ct["rmb"] >= 0:
		problem(l.names[tl.ct["rmb"]], "the values are in yuan (人民币): tradedash stores US dollars and converts nothing; export the query again in US dollars (美元)")
		ok = false
	}
	if tl.ct["partner"] < 0 {
		what := "the partner's name alone"
		if tl.ct["partnerDsc"] < 0 {
			what = "no trading partner"
		}
		problem("", "a China Customs export with %s: query again with the trading partner (贸易伙伴) ticked, so that its code (贸易伙伴编码) is in the file", what)
		ok = false
	}
	return ok
}

// tradeOptions checks the command line's flow and period against the
// file: a China Customs export needs them (the period only without
// 数据年月), and any other file must not be given them, which would
// otherwise apply to nothing without a word.
func (r *reader) tradeOptions(lay *layout, headerRow int) bool {
	opts := r.opts
	given := opts.Flow != "" || !opts.Period.IsZero()
	if lay.trade == nil || lay.trade.format != gaccExport {
		if given {
			r.problems.add(headerRow, "", "--flow and --period describe a China Customs export (stats.customs.gov.cn), and this file is not one; import it without them, in a command of its own")
			return false
		}
		return true
	}
	tl, ok := lay.trade, true
	switch opts.Flow {
	case tradedash.FlowExport, tradedash.FlowImport:
		tl.flow = opts.Flow
	case "":
		r.problems.add(headerRow, "", "a China Customs export has no flow column: give the query's flow with --flow export or --flow import")
		ok = false
	default:
		r.problems.add(headerRow, "", "--flow %s: a China Customs export is exports or imports; give --flow export or --flow import", opts.Flow)
		ok = false
	}
	switch col := tl.ct["period"]; {
	case col >= 0 && !opts.Period.IsZero():
		r.problems.add(headerRow, lay.names[col], "the file gives each row's month in %s; leave --period out", quote(lay.names[col]))
		ok = false
	case col < 0 && opts.Period.IsZero():
		r.problems.add(headerRow, "", "a China Customs export without 数据年月 (Date of data) has no period: give the query's with --period (2024 for the year, 2024-10 for October, 2024-01..2024-10 for January to October)")
		ok = false
	}
	tl.period = opts.Period
	return ok
}

// gaccAgg is one trade flow of the export, summed over customs regimes.
type gaccAgg struct {
	t       tradedash.TradeFlow
	row     int
	rows    int
	regimes map[string]int // regime code -> its row
	mixed   bool           // quantities in different units: not summed
}

// gaccRow reads one row of the export into its flow's sum.
func (r *reader) gaccRow(cells []string) error {
	tl := r.lay.trade
	tl.gaccRows++
	get := func(f string) string { return tl.cell(cells, f) }
	col := func(f string) string { return r.tradeColumn(f, gaccFields) }
	t := tradedash.TradeFlow{Reporter: "CN", Flow: tl.flow, Qualifier: tradedash.Exact, Status: tradedash.TradeActual,
		Year: tl.period.Year, Month: tl.period.Month, YTD: tl.period.YTD}

	if tl.ct["period"] >= 0 {
		s := get("period")
		y, err := ParseYear(s[:min(4, len(s))])
		m, merr := strconv.Atoi(s[min(4, len(s)):])
		if len(s) != 6 || !isDigits(s) || err != nil || merr != nil || m < 1 || m > 12 {
			r.problem(col("period"), "not a month: %s; expected YYYYMM, as 202410", quote(s))
		}
		t.Year, t.Month = y, m
	}

	switch code := get("cmd"); {
	case tl.ct["cmd"] < 0:
		t.Commodity = tradedash.TotalCommodity
	case code == "":
		r.problem(col("cmd"), "the commodity code is empty")
	case !isDigits(code) || !codeFits("CN8", code):
		r.problem(col("cmd"), "%s is not a commodity code (2, 4, 6 or 8 digits)", quote(code))
	default:
		t.Commodity, t.Classification = code, "HS"
		if len(code) == 8 {
			t.Classification = "CN8"
		}
		t.Description = cleanText(get("cmdDesc"))
	}

	skip := ""
	code, name := get("partner"), get("partnerDsc")
	n, err := strconv.Atoi(code)
	switch c, known := reference.GACCCountry(n); {
	case code == "":
		r.problem(col("partner"), "the trading partner code is empty")
	case err != nil || n < 0:
		r.problem(col("partner"), "not a trading partner code: %s", quote(code))
	case n == 142:
		skip = "trade with China itself (partner 142: goods re-imported or re-exported) skipped: tradedash keeps trade between two countries"
	case n == 701 || n == 702 || n == 999 || n%100 == 99:
		skip = "partners that are not countries (701 unknown, 702 international organisations, 999 neutral packing, x99 other countries of a continent) skipped: tradedash keeps trade between countries"
	case known:
		t.Partner = c.Alpha2
	default:
		if c, err := reference.ResolveCountry(name); err == nil && c.Alpha2 != tradedash.AllCountries && name != "" {
			t.Partner = c.Alpha2
		} else {
			r.problem(col("partner"), "trading partner %s %s: tradedash's table of China Customs codes lacks the code, and the name is not a country it knows", code, quote(name))
		}
	}

	switch v := get("usd"); {
	case v == "":
		r.problem(col("usd"), "the value is empty")
	default:
		f, ok := gaccNumber(v)
		switch {
		case !ok:
			r.problem(col("usd"), "not an amount of US dollars: %s", quote(v))
		case f > maxTradeUSD:
			r.problem(col("usd"), "%s is implausible for one trade flow (more than 100 trillion US dollars)", quote(v))
		default:
			t.ValueUSD = f
		}
	}
	if unit, q := get("unit"), get("qty"); unit != "" && unit != "?" && q != "" {
		if f, ok := gaccNumber(q); !ok {
			r.problem(col("qty"), "not a quantity: %s", quote(q))
		} else {
			t.Quantity, t.QuantityUnit = &f, gaccUnit(unit)
		}
	}
	t.Source = r.opts.Source
	if t.Source == "" {
		t.Source = "China Customs statistics (stats.customs.gov.cn)"
	}
	r.checkStrays(cells)
	if len(r.rowProbs) > 0 {
		r.flushProblems()
		return nil
	}
	if skip != "" {
		r.skipTrade(skip, "")
		return nil
	}
	regime := get("regime")
	key := tradeKey(&t)
	a, seen := tl.gacc[key]
	if !seen {
		a = &gaccAgg{t: t, row: r.row, regimes: map[string]int{}}
		tl.gacc[key] = a
		tl.gaccOrder = append(tl.gaccOrder, key)
	} else {
		if first, dup := a.regimes[regime]; dup {
			what := "same trade flow"
			if tl.ct["regime"] >= 0 {
				what = "same trade flow and customs regime"
			}
			r.problem(col("usd"), "the %s as row %d (%s)", what, first, describeTrade(&t))
			r.flushProblems()
			return nil
		}
		a.t.ValueUSD += t.ValueUSD
		switch {
		case a.mixed:
		case a.t.Quantity == nil && t.Quantity == nil:
		case a.t.Quantity == nil || t.Quantity == nil || a.t.QuantityUnit != t.QuantityUnit:
			a.mixed, a.t.Quantity, a.t.QuantityUnit = true, nil, ""
		default:
			q := *a.t.Quantity + *t.Quantity
			a.t.Quantity = &q
		}
	}
	a.regimes[regime] = r.row
	a.rows++
	return nil
}

// endGACC sends the export's flows, summed, in the order of their first
// rows, and says what the file's end shows.
func (r *reader) endGACC() error {
	tl := r.lay.trade
	if tl.ct["cmd"] < 0 && tl.gaccRows > 0 {
		r.notices.add(0, "", "no commodity column (商品编码): the values are stored as all goods (TOTAL); if the query selected some commodities, they are not China's whole trade")
	}
	if tl.gaccRows == gaccMaxRows {
		r.notices.add(0, "", "exactly %d rows: the portal cuts a download there, so the file may lack rows; split the query (by month or partner) and import each part", gaccMaxRows)
	}
	summed, flows := 0, 0
	for _, key := range tl.gaccOrder {
		a := tl.gacc[key]
		if a.rows > 1 {
			summed += a.rows
			flows++
		}
		if a.mixed {
			r.notices.add(a.row, "", "quantities in different units for %s: the quantity is left out", describeTrade(&a.t))
		}
	}
	if summed > 0 {
		r.notices.add(0, "", "%d rows by customs regime (贸易方式) summed into %d %s: tradedash keeps no regime; the sum is the whole trade only if the query selected every regime", summed, flows, plural(flows, "trade flow", "trade flows"))
	}
	for _, key := range tl.gaccOrder {
		a := tl.gacc[key]
		r.row = a.row
		if err := r.sendTrade(a.t, r.lay.name(tl.ct["usd"], r.t)); err != nil {
			return err
		}
		r.sum.Rows += a.rows - 1
	}
	return nil
}

// gaccMaxRows is where the portal cuts a download.
const gaccMaxRows = 10_000

// gaccNumber reads a number of the export: whole digits with thousands
// separators ("5,848,714"), perhaps a decimal point.
func gaccNumber(s string) (float64, bool) {
	s = strings.ReplaceAll(s, ",", "")
	if s == "" || strings.Trim(s, "0123456789.") != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// gaccUnit writes the units UN Comtrade writes as it does; the rest as
// the file writes them.
func gaccUnit(u string) string {
	switch reference.Fold(u) {
	case "千克", "kilogram", "kilograms":
		return "kg"
	case "吨", "ton", "tons", "tonne", "tonnes":
		return "t"
	}
	return u
}

// Period is a trade period given on the command line for a file that has
// none (--period): a year, a month, or January to a month, cumulative.
type Period struct {
	Year  int
	Month int  // 1-12; 0 for the whole year
	YTD   bool // January to Month, cumulative
}

// IsZero reports whether no period is given.
func (p Period) IsZero() bool { return p.Year == 0 }

// String writes p as ParsePeriod reads it.
func (p Period) String() string {
	switch {
	case p.IsZero():
		return ""
	case p.YTD:
		return fmt.Sprintf("%d-01..%d-%02d", p.Year, p.Year, p.Month)
	case p.Month > 0:
		return fmt.Sprintf("%d-%02d", p.Year, p.Month)
	}
	return strconv.Itoa(p.Year)
}

// ParsePeriod reads the command line's --period: "2024" (the year),
// "2024-10" (October) or "2024-01..2024-10" (January to October,
// cumulative; "2024-01..2024-01" is January). "" is no period.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Period{}, nil
	}
	month := func(x string) (int, int, bool) {
		y, m, ok := strings.Cut(x, "-")
		if !ok || len(y) != 4 || len(m) != 2 || !isDigits(y) || !isDigits(m) {
			return 0, 0, false
		}
		yy, err := ParseYear(y)
		mm, _ := strconv.Atoi(m)
		return yy, mm, err == nil && mm >= 1 && mm <= 12
	}
	bad := fmt.Errorf("not a period: %s; write 2024 for the year, 2024-10 for October, or 2024-01..2024-10 for January to October", quote(s))
	if from, to, ok := strings.Cut(s, ".."); ok {
		y1, m1, ok1 := month(from)
		y2, m2, ok2 := month(to)
		switch {
		case !ok1 || !ok2:
			return Period{}, bad
		case y1 != y2 || m1 != 1 || m2 < m1:
			return Period{}, fmt.Errorf("period %s: only January to a month of the same year is kept (cumulative); give a single month or the year", quote(s))
		}
		return Period{Year: y2, Month: m2, YTD: m2 > 1}, nil
	}
	if len(s) == 4 && isDigits(s) {
		y, err := ParseYear(s)
		if err != nil {
			return Period{}, err
		}
		return Period{Year: y}, nil
	}
	if y, m, ok := month(s); ok {
		return Period{Year: y, Month: m}, nil
	}
	return Period{}, bad
}

// ParseFlow reads the command line's --flow for a China Customs export:
// export or import (出口, 进口, экспорт, импорт). "" is no flow.
func ParseFlow(s string) (tradedash.Flow, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	switch f := flowWords[reference.Fold(s)]; f {
	case tradedash.FlowExport, tradedash.FlowImport:
		return f, nil
	}
	return "", fmt.Errorf("--flow %s: give export or import (the flow of the China Customs query)", quote(s))
}
