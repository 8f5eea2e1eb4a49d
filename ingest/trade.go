package ingest

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"

	"tradedash"
	"tradedash/reference"
)

// Trade files: a header decides which of four formats a file is.
//
//   - tradedash's own trade sheet, as an office writes it: reporter,
//     partner, flow, year, and a value with its unit in the header or the
//     cell ("240,1 млрд долл.", "2 401 亿美元", "value, USD bn"); month,
//     commodity, classification, qualifier, status, source and note are
//     optional, and so are the quantity and its unit (quantityUnitWords).
//     Headers in Russian, English or Chinese (tradeAliases). A
//     month cell "1-10" (or "янв.-окт.", "1-10月") is the cumulative
//     January to October. A value in another currency than the US dollar
//     (руб., RUB, 元 or 人民币 without 美元, EUR, €) is refused: tradedash
//     stores US dollars and converts nothing. A value with no currency in
//     its cell or its header is refused too.
//     The wide form has, instead of the value column, a column per year
//     ("2021", "2021 г.", "2021年") or per flow ("export", "экспорт",
//     "出口"), each with its unit in the header or the cells; an empty cell
//     is no value, not zero.
//   - a UN Comtrade Plus CSV download, or a saved API result (comtrade.go).
//   - a legacy UN Comtrade CSV (comtrade.un.org, retired 2021).
//   - an export of China Customs' statistics portal (gacc.go).
//
// Trade rows are never summed or derived: a total given by the source is
// kept as the turnover flow, and each commodity level stays its own key.

// tfield is what a column of the trade sheet holds, beyond the fields
// figures share (year, value, qualifier, status, source, note), which keep
// their figure columns in layout.col.
type tfield int

const (
	tReporter tfield = iota
	tPartner
	tFlow
	tMonth
	tCommodity
	tClassification
	tDescription
	tQuantity
	tQuantityUnit
	numTFields
)

var tfieldNames = [numTFields]string{"reporter", "partner", "flow", "month", "commodity", "classification", "description",
	"quantity", "quantity unit"}

// tradeAliases are the header names of the trade sheet's own columns.
var tradeAliases = map[tfield][]string{
	tReporter: {"reporter", "reporting country", "reporter country", "страна-отчитывающаяся", "отчитывающаяся страна",
		"страна отчитывающаяся", "страна-декларант", "申报国", "报告国", "申报国家"},
	tPartner: {"partner", "partner country", "trading partner", "страна-партнёр", "страна-партнер", "партнёр", "партнер",
		"страна партнер", "伙伴国", "贸易伙伴", "贸易伙伴国", "伙伴国家"},
	tFlow:  {"flow", "trade flow", "direction", "поток", "направление", "вид торговли", "流向", "贸易流向", "进出口"},
	tMonth: {"month", "months", "period", "месяц", "месяцы", "период", "月份", "月", "期间"},
	tCommodity: {"commodity", "commodity code", "hs", "hs code", "cmd", "код товара", "код тн вэд", "тн вэд",
		"товарная группа", "商品编码", "hs编码", "商品", "税则号"},
	tClassification: {"classification", "nomenclature", "классификация", "номенклатура", "分类", "商品分类"},
	tDescription: {"commodity name", "commodity description", "наименование товара", "описание товара", "товар",
		"商品名称", "商品描述"},
	// In a trade sheet 数量 is the quantity, as in China Customs' tables
	// (第一数量), not the value it is in a sheet of figures: a trade
	// value is 金额, 数值 or 贸易额. A 数量 header naming a currency is
	// refused rather than guessed (newTradeLayout).
	tQuantity: {"quantity", "qty", "количество", "кол-во", "数量", "第一数量"},
	tQuantityUnit: {"quantity unit", "qty unit", "unit of quantity", "единица количества", "единица измерения количества",
		"ед. изм. количества", "数量单位", "第一计量单位"},
}

// quantityUnitWords are the quantity unit's everyday names, which are also
// the names of a value's unit column that figures (and a trade sheet
// without quantities) ignore: in a trade sheet with a quantity column they
// head the quantity's unit.
var quantityUnitWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"unit", "units", "единица", "единица измерения", "ед. изм.", "ед изм", "ед.", "单位", "计量单位"} {
		m[reference.Fold(w)] = true
	}
	return m
}()

// tradeShared are header names of the fields trade shares with figures
// that the figures' vocabulary lacks: a value column named with its unit.
var tradeShared = map[field][]string{
	fValue: {"value_usd", "value usd", "trade value", "стоимость", "объем", "объём", "стоимостной объем", "объем торговли",
		"金额", "贸易额", "进出口额"},
}

var tradeHeaders = func() map[string]tfield {
	m := map[string]tfield{}
	for f, names := range tradeAliases {
		for _, n := range names {
			m[reference.Fold(n)] = f
		}
	}
	return m
}()

var tradeSharedHeaders = func() map[string]field {
	m := map[string]field{}
	for f, names := range tradeShared {
		for _, n := range names {
			m[reference.Fold(n)] = f
		}
	}
	return m
}()

// lookupTradeHeader says what a trade sheet's header cell means: a
// trade-only column (tf >= 0) or a shared one (f). The whole text is tried
// first, then the part before a comma or parenthesis ("value, млрд долл.
// США"); rest is what follows it, the unit.
func lookupTradeHeader(text string) (tf tfield, f field, rest string, ok bool) {
	text = strings.TrimSpace(text)
	try := func(s string) (tfield, field, bool) {
		k := reference.Fold(s)
		if t, ok := tradeHeaders[k]; ok {
			return t, fNone, true
		}
		if f, ok := tradeSharedHeaders[k]; ok {
			return -1, f, true
		}
		if c, ok := vocab.headers[k]; ok {
			switch c.field {
			case fYear, fValue, fQualifier, fStatus, fSource, fNote, fIgnore:
				return -1, c.field, true
			}
		}
		return 0, fNone, false
	}
	if tf, f, ok := try(text); ok {
		return tf, f, "", true
	}
	if i := strings.IndexAny(text, ",([，（【"); i > 0 {
		if tf, f, ok := try(text[:i]); ok {
			rest := strings.TrimSpace(strings.Trim(strings.TrimSpace(text[i:]), ",([，（【)]）】"))
			return tf, f, rest, true
		}
	}
	return 0, fNone, "", false
}

// tradeWords counts the cells of a header row that only a trade file
// has: a reporter, partner or flow column, or a UN Comtrade column.
func tradeWords(cells []string) int {
	if gaccFormat(cells) {
		return len(cells)
	}
	n := 0
	for _, c := range cells {
		k := reference.Fold(c)
		if _, ok := comtradeNames[k]; ok {
			n++
			continue
		}
		if tf, _, _, ok := lookupTradeHeader(c); ok && tf >= 0 && tf <= tFlow {
			n++
		}
	}
	return n
}

// tradeFormat is which kind of trade file a header starts.
type tradeFormat int

const (
	tradeSheet tradeFormat = iota + 1
	comtradePlus
	comtradeLegacy
	gaccExport // China Customs' statistics portal (gacc.go)
)

// tradeLayout is what a trade header says beyond layout.col.
type tradeLayout struct {
	format tradeFormat
	tcol   [numTFields]int
	// The value column's unit from its header (see valueUnit).
	unit valueUnit
	// The quantity's unit from its header ("quantity, kg", "数量（吨）"),
	// for rows whose unit cell is empty.
	quantityUnit string
	// The wide form: a column per year or per flow, each with the unit of
	// its header.
	wide []wideColumn
	// Comtrade: the column of each Comtrade name (canonical, lower case),
	// -1 where the file has none.
	ct map[string]int

	dup       keySet   // keys sent, to find a key given twice
	totals    hashList // Comtrade Plus: keys of total rows
	breakdown keySet   // Comtrade Plus: keys of breakdown rows, with their first row
	skipped   map[string]int
	skipFirst map[string]int

	// China Customs: the command line's flow and period, and the flows
	// summed over customs regimes, in the order of their first rows.
	flow      tradedash.Flow
	period    Period
	gacc      map[string]*gaccAgg
	gaccOrder []string
	gaccRows  int
}

// valueUnit is the unit a value column's header gives: whether it names
// the US dollar (a currency refused is refused at the header), and the
// multiplier word ("млрд", "bn", "亿") that cells without one of their own
// get.
type valueUnit struct {
	usd  bool
	mult string
}

// wideColumn is a column of the wide trade sheet: the values of one year
// ("2021", "2021 г.", "2021年") or of one flow ("export", "экспорт", "出口").
type wideColumn struct {
	index int
	year  int
	flow  tradedash.Flow
	unit  valueUnit
}

// wideHeader says whether a header cell heads a column of the wide form: a
// year, or a flow, perhaps with the unit after a comma or parenthesis
// ("2021, млрд долл. США", "экспорт (млн долл.)", "出口（亿美元）").
func wideHeader(text string) (year int, flow tradedash.Flow, rest string, ok bool) {
	try := func(s string) (int, tradedash.Flow, bool) {
		if f, ok := flowWords[reference.Fold(s)]; ok {
			return 0, f, true
		}
		if y, err := ParseYear(strings.TrimSpace(s)); err == nil {
			return y, "", true
		}
		return 0, "", false
	}
	text = strings.TrimSpace(text)
	if y, f, ok := try(text); ok {
		return y, f, "", true
	}
	if i := strings.IndexAny(text, ",([，（【"); i > 0 {
		if y, f, ok := try(text[:i]); ok {
			return y, f, strings.TrimSpace(strings.Trim(strings.TrimSpace(text[i:]), ",([，（【)]）】")), true
		}
	}
	return 0, "", "", false
}

// newTradeLayout reads a header row that tradeWords says is a trade
// header. It reports, through problem, every reason the file cannot be
// read with it.
func newTradeLayout(cells []string, t table, problem func(column, format string, args ...any)) (layout, bool) {
	l := layout{kind: Trade, names: make([]string, len(cells)), ignored: make([]bool, len(cells)), scale: make([]float64, len(cells))}
	for i := range l.col {
		l.col[i] = -1
	}
	tl := &tradeLayout{ct: map[string]int{}, dup: newKeySet(maphash.MakeSeed(), maxDupKeys),
		totals: hashList{seed: maphash.MakeSeed()}, skipped: map[string]int{}, skipFirst: map[string]int{}}
	// One seed, so that endTrade can look up breakdown keys among totals.
	tl.breakdown = newKeySet(tl.totals.seed, maxBreakdownKeys)
	for i := range tl.tcol {
		tl.tcol[i] = -1
	}
	l.trade = tl
	for i, c := range cells {
		text := cleanCell(c)
		l.names[i] = columnLabel(text)
		if l.names[i] == "" {
			l.names[i] = t.columnName(i)
		}
		l.scale[i] = 1
	}
	if f := comtradeFormat(cells); f != 0 {
		tl.format = f
		return l, tl.comtradeColumns(&l, cells, problem)
	}
	if gaccFormat(cells) {
		tl.format, tl.gacc = gaccExport, map[string]*gaccAgg{}
		return l, tl.gaccColumns(&l, cells, problem)
	}
	tl.format = tradeSheet
	// The wide form has no value column, and a column per year (without a
	// year column) or per flow (without a flow column).
	var hasValue, hasYear, hasFlow, hasQuantity bool
	for _, c := range cells {
		text := cleanCell(c)
		_, flow, _, isWide := wideHeader(text)
		tf, f, _, known := lookupTradeHeader(text)
		switch {
		case isWide && flow != "":
		case known && f == fValue:
			hasValue = true
		case known && f == fYear:
			hasYear = true
		case known && tf == tFlow:
			hasFlow = true
		case known && tf == tQuantity:
			hasQuantity = true
		}
	}
	ok := true
	for i, c := range cells {
		text := cleanCell(c)
		if text == "" {
			continue
		}
		if year, flow, rest, isWide := wideHeader(text); isWide && !hasValue && (flow != "" && !hasFlow || year != 0 && !hasYear) {
			w := wideColumn{index: i, year: year, flow: flow}
			w.unit, isWide = valueUnitOf(text, rest, func(format string, args ...any) { problem(l.names[i], format, args...) })
			ok = ok && isWide
			if len(tl.wide) > 0 && (tl.wide[0].year == 0) != (year == 0) {
				problem(l.names[i], "a column per year and a column per flow (%s): write one of the two wide forms, or the long form", quote(l.names[tl.wide[0].index]))
				ok = false
			}
			for _, o := range tl.wide {
				if o.year == year && o.flow == flow {
					problem(l.names[i], "a second column of %s; the first is %s", quote(text), quote(l.names[o.index]))
					ok = false
				}
			}
			tl.wide = append(tl.wide, w)
			if hasHan(text) {
				l.chinese = true
			}
			continue
		}
		tf, f, rest, known := lookupTradeHeader(text)
		if known && f == fIgnore && hasQuantity && quantityUnitWords[reference.Fold(text)] {
			tf, f = tQuantityUnit, fNone
		}
		switch {
		case !known:
			l.unknown = append(l.unknown, i)
		case f == fIgnore:
			l.ignored[i] = true
		case tf >= 0:
			if j := tl.tcol[tf]; j >= 0 {
				problem(l.names[i], "a second %s column; the first is %s", tfieldNames[tf], quote(l.names[j]))
				ok = false
				continue
			}
			tl.tcol[tf] = i
			if tf == tQuantity && rest != "" {
				if usd, foreign, _ := currencyOf(rest); usd || foreign != "" {
					problem(l.names[i], "%s is the quantity in a trade sheet, and its header names a currency; head the value column \"value\", \"значение\" or \"金额\"", quote(text))
					ok = false
				}
				tl.quantityUnit = rest
			}
		default:
			if j := l.col[f]; j >= 0 {
				problem(l.names[i], "a second %s column; the first is %s", fieldNames[f], quote(l.names[j]))
				ok = false
				continue
			}
			l.col[f] = i
			if f == fValue {
				var unitOK bool
				tl.unit, unitOK = valueUnitOf(text, rest, func(format string, args ...any) { problem(l.names[i], format, args...) })
				ok = ok && unitOK
			}
		}
		if hasHan(text) {
			l.chinese = true
		}
	}
	byFlow := len(tl.wide) > 0 && tl.wide[0].flow != ""
	byYear := len(tl.wide) > 0 && tl.wide[0].year != 0
	for _, need := range []tfield{tReporter, tPartner, tFlow} {
		if need == tFlow && byFlow {
			continue
		}
		if tl.tcol[need] < 0 {
			problem("", "no %s column; expected one of: %s", tfieldNames[need], strings.Join(tradeAliases[need][:min(6, len(tradeAliases[need]))], ", "))
			ok = false
		}
	}
	if l.col[fYear] < 0 && !byYear {
		problem("", "no year column; expected one of: %s, or a column per year (2021, 2022)", expected(fYear))
		ok = false
	}
	if l.col[fValue] < 0 && len(tl.wide) == 0 {
		problem("", "no value column; expected one of: %s (with its unit: \"value, USD bn\", \"значение, млрд долл. США\", \"数值（亿美元）\")", expected(fValue))
		ok = false
	}
	return l, ok
}

// valueUnit reads the unit of the value column's header: "value, млрд
// долл. США", "значение (млн долл. США)", "数值（亿美元）", "value_usd",
// "value, USD bn".
func valueUnitOf(text, rest string, problem func(format string, args ...any)) (valueUnit, bool) {
	if k := reference.Fold(text); strings.Contains(k, "usd") && rest == "" {
		rest = text // value_usd, "value usd"
	}
	if rest == "" {
		return valueUnit{}, true
	}
	usd, foreign, left := currencyOf(rest)
	if foreign != "" {
		problem("the values are in %s (%s): tradedash stores US dollars and converts nothing; give the values in US dollars as the source states them", foreign, quote(text))
		return valueUnit{}, false
	}
	left = strings.TrimSpace(strings.Trim(strings.TrimSpace(left), ".,;:()（）"))
	if k := reference.Fold(left); k == "" || k == "usd" || k == "value usd" || k == "value" {
		return valueUnit{usd: usd}, true
	}
	p, err := parseValue("1 " + left)
	if err != nil || !p.scaled || p.unit != unitNone {
		problem("unknown unit %s in the value header; write it as \"value, USD bn\", \"значение, млрд долл. США\" or \"数值（亿美元）\"", quote(rest))
		return valueUnit{}, false
	}
	return valueUnit{usd: usd, mult: left}, true
}

// currencies: the US dollar as offices write it, longest first, and the
// currencies tradedash refuses, with the name a message gives them.
var (
	usdWords = []string{"долларов сша", "доллара сша", "долл. сша", "долл сша", "ам. долл.", "ам. долл", "долларов",
		"доллара", "доллар", "долл.", "долл", "дол.", "u.s. dollars", "us dollars", "us dollar", "dollars", "dollar",
		"us$", "usd", "$", "美元"}
	foreignWords = []struct{ word, name string }{
		{"рублей", "roubles"}, {"рубля", "roubles"}, {"рубль", "roubles"}, {"руб", "roubles"}, {"rub", "roubles"}, {"₽", "roubles"},
		{"юаней", "yuan"}, {"юаня", "yuan"}, {"юань", "yuan"}, {"cny", "yuan"}, {"rmb", "yuan"}, {"yuan", "yuan"},
		{"人民币", "yuan"}, {"元", "yuan"}, {"¥", "yuan or yen"},
		{"евро", "euros"}, {"eur", "euros"}, {"€", "euros"},
	}
)

// currencyOf finds the currency written in s: usd when it names the US
// dollar, foreign the name of another currency it names, and rest, s
// without the dollar's words.
func currencyOf(s string) (usd bool, foreign string, rest string) {
	t := strings.ToLower(normalizeSpaces(s))
	for _, w := range usdWords {
		if i := strings.Index(t, w); i >= 0 {
			t = t[:i] + " " + t[i+len(w):]
			usd = true
			break
		}
	}
	for _, w := range foreignWords {
		if strings.Contains(t, w.word) {
			return usd, w.name, t
		}
	}
	return usd, "", strings.TrimSpace(t)
}

// tradeValue reads a value cell of the trade sheet as US dollars; column
// names the cell's column, u is the unit its header gives.
func (r *reader) tradeValue(cells []string, s, column string, u valueUnit) (float64, tradedash.Qualifier, bool) {
	usd, foreign, rest := currencyOf(s)
	if foreign != "" {
		r.problem(column, "%s is in %s: tradedash stores US dollars and converts nothing; give the value in US dollars as the source states it", quote(s), foreign)
		return 0, "", false
	}
	if !usd && !u.usd {
		r.problem(column, "%s has no currency, and the value header names none: write the unit in the header (\"value, USD bn\", \"значение, млрд долл. США\", \"数值（亿美元）\") or in the cell", quote(s))
		return 0, "", false
	}
	p, err := parseValue(rest)
	if err == nil && !p.scaled && u.mult != "" {
		p, err = parseValue(rest + " " + u.mult)
	}
	if err != nil {
		r.problem(column, "%s", strings.Replace(err.Error(), quote(rest), quote(s), 1))
		return 0, "", false
	}
	if p.unit != unitNone {
		r.problem(column, "%s is not an amount of money", quote(s))
		return 0, "", false
	}
	v := p.value
	if p.mark == 0 {
		r.nums.seen(p.shows, r.row, column, s)
	} else {
		// "1.234 млрд": the rest of the file read so far must show how it
		// writes numbers. A trade value is not held back for later rows.
		w, _, _ := r.nums.evidence()
		if w == writesNothing {
			r.problem(column, "%s, and no value before it shows which; %s", ambiguity(s, &p), unambiguous(&p))
			return 0, "", false
		}
		v = p.reading(w)
	}
	q := p.q
	if s := r.cell(cells, fQualifier); s != "" {
		colQ, err := parseQualifier(s)
		switch {
		case err != nil:
			r.problem(r.lay.fieldName(fQualifier), "%s", err)
		case q != tradedash.Exact && colQ != tradedash.Exact && q != colQ:
			r.problem(column, "the value says %s but the qualifier column says %s", q, colQ)
		case colQ != tradedash.Exact:
			q = colQ
		}
	}
	if v > maxTradeUSD {
		r.problem(column, "%s is implausible for one trade flow (more than 100 trillion US dollars); check the unit", formatValue(v, tradedash.Exact))
		return 0, "", false
	}
	return v, q, true
}

// tradeQuantity reads a quantity cell of the trade sheet, a number by the
// value's rules ("1 234,5", "1,5 тыс.", "12.345" once the file shows its
// decimal mark), without a qualifier or a unit of its own: the unit has
// its column.
func (r *reader) tradeQuantity(s, column string) (float64, bool) {
	p, err := parseValue(s)
	switch {
	case err != nil:
		r.problem(column, "not a quantity: %s", err)
		return 0, false
	case p.q != tradedash.Exact:
		r.problem(column, "%s: a quantity is a number as the source gives it, without \"over\", \"about\" or \"under\"", quote(s))
		return 0, false
	case p.unit != unitNone:
		r.problem(column, "%s: write the quantity's unit in the quantity unit column", quote(s))
		return 0, false
	}
	if p.mark == 0 {
		r.nums.seen(p.shows, r.row, column, s)
		return p.value, true
	}
	w, _, _ := r.nums.evidence()
	if w == writesNothing {
		r.problem(column, "%s, and no value before it shows which; %s", ambiguity(s, &p), unambiguous(&p))
		return 0, false
	}
	return p.reading(w), true
}

// maxTradeUSD is above any country's trade with the world in a year (the
// world's total is about 25 trillion US dollars): a larger value is a
// unit given twice.
const maxTradeUSD = 1e14

// flowWords are the ways a flow is written, folded.
var flowWords = map[string]tradedash.Flow{}

// tradeStatusWords are the ways a trade status is written, folded.
var tradeStatusWords = map[string]tradedash.TradeStatus{}

func init() {
	for f, words := range map[tradedash.Flow][]string{
		tradedash.FlowExport:   {"export", "exports", "x", "экспорт", "вывоз", "出口"},
		tradedash.FlowImport:   {"import", "imports", "m", "импорт", "ввоз", "进口"},
		tradedash.FlowReExport: {"re_export", "re-export", "re-exports", "reexport", "rx", "реэкспорт", "复出口", "再出口"},
		tradedash.FlowReImport: {"re_import", "re-import", "re-imports", "reimport", "rm", "реимпорт", "复进口", "再进口"},
		tradedash.FlowTurnover: {"turnover", "trade", "total trade", "trade turnover", "товарооборот", "оборот",
			"внешнеторговый оборот", "进出口", "进出口总额", "贸易额", "贸易总额", "双边贸易额", "进出口总值"},
	} {
		for _, w := range words {
			flowWords[reference.Fold(w)] = f
		}
	}
	for st, words := range map[tradedash.TradeStatus][]string{
		tradedash.TradeActual:      {"actual", "final", "факт", "фактические", "фактически", "окончательные", "实际", "实际数"},
		tradedash.TradePreliminary: {"preliminary", "prelim", "provisional", "предварительные", "предварительно", "предварительный", "初步", "初步数据", "快报"},
		tradedash.TradeRevised:     {"revised", "уточнённые", "уточненные", "уточнено", "пересмотренные", "修订", "修正", "修订数"},
		tradedash.TradeEstimate:    {"estimate", "estimated", "оценка", "оценочные", "估计", "估算"},
	} {
		for _, w := range words {
			tradeStatusWords[reference.Fold(w)] = st
		}
	}
}

// worldWords name the partner "all countries" of a reporter's total trade.
var worldWords = map[string]bool{"world": true, "wld": true, "w00": true, "мир": true, "世界": true, "all": true, "все": true}

// tradeRow validates one row of the trade sheet and sends it.
func (r *reader) tradeRow(cells []string) error {
	switch r.lay.trade.format {
	case comtradePlus, comtradeLegacy:
		return r.comtradeRow(cells)
	case gaccExport:
		return r.gaccRow(cells)
	}
	tl := r.lay.trade
	tcell := func(f tfield) string {
		i := tl.tcol[f]
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cleanCell(cells[i])
	}
	tname := func(f tfield) string { return r.lay.names[tl.tcol[f]] }
	t := tradedash.TradeFlow{Qualifier: tradedash.Exact, Status: tradedash.TradeActual}

	if s := tcell(tReporter); s == "" {
		r.problem(tname(tReporter), "reporter is empty: the country whose customs or statistics gave the value")
	} else if c, err := reference.ResolveCountry(s); err != nil || c.Alpha2 == tradedash.AllCountries {
		r.problem(tname(tReporter), "%s%s", countryErr(s, err), r.nameHint(s))
	} else {
		t.Reporter = c.Alpha2
	}
	switch s := tcell(tPartner); {
	case s == "":
		r.problem(tname(tPartner), "partner is empty; write the country, or \"world\" (мир, 世界) for trade with all countries")
	case worldWords[reference.Fold(s)]:
		t.Partner = tradedash.World
	default:
		if c, err := reference.ResolveCountry(s); err != nil {
			r.problem(tname(tPartner), "%s%s", countryErr(s, err), r.nameHint(s))
		} else {
			t.Partner = c.Alpha2
		}
	}
	if t.Reporter != "" && t.Reporter == t.Partner {
		r.problem(tname(tPartner), "the partner is the reporter itself")
	}
	switch s := tcell(tFlow); {
	case tl.tcol[tFlow] < 0: // the wide form by flow
	case s == "":
		r.problem(tname(tFlow), "flow is empty; write export, import, re-export, re-import or turnover (экспорт, импорт, товарооборот; 出口, 进口, 进出口总额)")
	default:
		f, ok := flowWords[reference.Fold(s)]
		if !ok {
			r.problem(tname(tFlow), "unknown flow %s; expected export, import, re-export, re-import or turnover (экспорт, импорт, реэкспорт, реимпорт, товарооборот; 出口, 进口, 进出口总额)", quote(s))
		}
		t.Flow = f
	}
	if l := len(tl.wide); l == 0 || tl.wide[0].year == 0 {
		t.Year = r.year(cells, 0)
	}
	if tl.tcol[tMonth] >= 0 {
		if s := tcell(tMonth); s != "" {
			m, ytd, err := parseTradeMonth(s)
			if err != nil {
				r.problem(tname(tMonth), "%s", err)
			}
			t.Month, t.YTD = m, ytd
		}
	}
	r.tradeCommodity(&t, tcell(tCommodity), tcell(tClassification), func() string {
		if tl.tcol[tCommodity] >= 0 {
			return tname(tCommodity)
		}
		return tname(tClassification)
	})
	if tl.tcol[tDescription] >= 0 {
		t.Description = cleanText(tcell(tDescription))
	}
	if s := tcell(tQuantity); s != "" && !isNoFigure(s) {
		if q, ok := r.tradeQuantity(s, tname(tQuantity)); ok {
			t.Quantity, t.QuantityUnit = &q, tl.quantityUnit
			if u := cleanText(tcell(tQuantityUnit)); u != "" {
				t.QuantityUnit = u
			}
		}
	}
	if s := r.cell(cells, fStatus); s != "" {
		st, ok := tradeStatusWords[reference.Fold(s)]
		if !ok {
			r.problem(r.lay.fieldName(fStatus), "unknown status %s; expected actual, preliminary, revised or estimate (факт, предварительные, уточнённые, оценка; 实际, 初步, 修订, 估计)", quote(s))
		}
		t.Status = st
	}
	if len(tl.wide) > 0 {
		return r.wideTradeRow(cells, t)
	}
	if s := r.cell(cells, fValue); s == "" || isNoFigure(s) {
		if s == "" {
			r.emptyCell(fValue, "value is empty")
		} else {
			r.problem(r.lay.fieldName(fValue), "no value (%s): leave the row out", quote(s))
		}
	} else {
		t.ValueUSD, t.Qualifier, _ = r.tradeValue(cells, s, r.lay.fieldName(fValue), tl.unit)
	}
	t.Source = r.source(cells)
	t.Note = r.text(cells, fNote, maxNote)
	if !r.settle(cells) {
		return nil
	}
	return r.sendTrade(t, r.lay.fieldName(fValue))
}

// wideTradeRow sends a row of the wide trade sheet: one trade flow per
// year or flow column with a value. An empty cell, or a dash or "н/д", is
// no value (not zero); a row with no value at all is skipped with a
// notice.
func (r *reader) wideTradeRow(cells []string, t tradedash.TradeFlow) error {
	tl := r.lay.trade
	type found struct {
		t      tradedash.TradeFlow
		column string
	}
	var flows []found
	for _, w := range tl.wide {
		if w.index >= len(cells) {
			continue
		}
		s := cleanCell(cells[w.index])
		if s == "" || isNoFigure(s) {
			continue
		}
		v := t
		if w.year != 0 {
			v.Year = w.year
		} else {
			v.Flow = w.flow
		}
		column := r.lay.names[w.index]
		var ok bool
		if v.ValueUSD, v.Qualifier, ok = r.tradeValue(cells, s, column, w.unit); ok {
			flows = append(flows, found{v, column})
		}
	}
	t.Source = r.source(cells)
	t.Note = r.text(cells, fNote, maxNote)
	if !r.settle(cells) {
		return nil
	}
	if len(flows) == 0 {
		r.skipTrade("rows without any value skipped (an empty cell is no value, not zero)", "")
		return nil
	}
	rows := r.sum.Rows
	for _, f := range flows {
		f.t.Source, f.t.Note = t.Source, t.Note
		if err := r.sendTrade(f.t, f.column); err != nil {
			return err
		}
	}
	r.sum.Rows = min(r.sum.Rows, rows+1) // one row, however many flows
	return nil
}

// countryErr is the message for a reporter or partner that is not a
// country.
func countryErr(s string, err error) string {
	if err == nil {
		return fmt.Sprintf("%s is not a country", quote(s))
	}
	return err.Error()
}

// tradeCommodity fills in the commodity and its classification from the
// sheet's cells: no commodity is all goods (TOTAL); an HS section is a
// Roman numeral ("XVI"); a code is 2, 4 or 6 digits of the HS, or of the
// classification the row names (H0-H6, S1-S4, CN8).
func (r *reader) tradeCommodity(t *tradedash.TradeFlow, code, class string, column func() string) {
	switch k := reference.Fold(code); k {
	case "", "total", "all", "all commodities", "всего", "все товары", "总值", "全部商品", "总计":
		t.Commodity = tradedash.TotalCommodity
		return
	}
	c := strings.ToUpper(strings.ReplaceAll(code, " ", ""))
	if reference.IsHSSection(c) {
		t.Commodity, t.Classification = c, "HS"
		return
	}
	c = strings.ReplaceAll(c, ".", "")
	class = strings.ToUpper(strings.TrimSpace(class))
	if class == "" {
		class = "HS"
	}
	digits := len(c) > 0 && strings.Trim(c, "0123456789") == ""
	switch {
	case !digits:
		r.problem(column(), "unknown commodity %s; expected TOTAL, an HS section (I to XXI) or a code of 2, 4 or 6 digits", quote(code))
	case !knownClassification(class):
		r.problem(column(), "unknown classification %s; expected HS, H0 to H6 (HS editions), S1 to S4 (SITC revisions) or CN8", quote(class))
	case !codeFits(class, c):
		r.problem(column(), "%s is not a %s code (%s)", quote(code), class, codeLengths(class))
	}
	t.Commodity, t.Classification = c, class
}

func knownClassification(c string) bool {
	switch c {
	case "HS", "H0", "H1", "H2", "H3", "H4", "H5", "H6", "S1", "S2", "S3", "S4", "CN8":
		return true
	}
	return false
}

// codeFits reports whether a code has a length its classification uses:
// HS chapters, headings and subheadings (2, 4, 6 digits), SITC levels (1 to
// 5 digits), China's 8-digit tariff codes and their HS parts.
func codeFits(class, code string) bool {
	n := len(code)
	switch {
	case class[0] == 'S':
		return n >= 1 && n <= 5
	case class == "CN8":
		return n == 2 || n == 4 || n == 6 || n == 8
	}
	return n == 2 || n == 4 || n == 6
}

func codeLengths(class string) string {
	switch {
	case class[0] == 'S':
		return "1 to 5 digits"
	case class == "CN8":
		return "2, 4, 6 or 8 digits"
	}
	return "2, 4 or 6 digits"
}

// parseTradeMonth reads a month cell: "10", "октябрь", "Oct", "10月" is
// October alone; "1-10", "01–10", "январь-октябрь", "1-10月" is January to
// October, cumulative; "", "0", "year" and "год" are the whole year.
func parseTradeMonth(s string) (int, bool, error) {
	t := strings.TrimSpace(strings.ToLower(normalizeSpaces(s)))
	t = strings.TrimSuffix(t, "月")
	switch t {
	case "", "0", "year", "год", "全年", "annual":
		return 0, false, nil
	}
	one := func(x string) (int, bool) {
		x = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(x), "."))
		x = strings.TrimSuffix(x, "月")
		if n, err := strconv.Atoi(x); err == nil && n >= 1 && n <= 12 {
			return n, true
		}
		if m, ok := months[reference.Fold(x)]; ok {
			return int(m), true
		}
		return 0, false
	}
	if a, b, ok := strings.Cut(t, "-"); ok {
		from, ok1 := one(a)
		to, ok2 := one(b)
		switch {
		case !ok1 || !ok2:
		case from != 1:
			return 0, false, fmt.Errorf("months %s: only periods from January are kept (January to a month, cumulative); give single months or the whole year", quote(s))
		case to == 1:
			return 1, false, nil
		default:
			return to, true, nil
		}
	} else if m, ok := one(t); ok {
		return m, false, nil
	}
	return 0, false, fmt.Errorf("not a month: %s; write 1 to 12, a month's name, or 1-10 for January to October", quote(s))
}

// sendTrade checks a valid trade flow against the keys seen before and
// sends it: the same key twice in one file is a problem at the second row,
// whatever the values.
func (r *reader) sendTrade(t tradedash.TradeFlow, column string) error {
	tl := r.lay.trade
	if first, dup := tl.dup.add(tradeKey(&t), r.row); dup {
		r.problem(column, "the same trade flow as row %d (%s): one value per reporter, partner, flow, period and commodity", first, describeTrade(&t))
		r.flushProblems()
		return nil
	}
	r.sum.Records++
	r.sum.Rows++
	if r.problems.total > 0 {
		return nil
	}
	if err := r.sink.TradeFlow(r.ctx, t, r.row); err != nil {
		return fmt.Errorf("%s:%d: %w", printable(r.file), r.row, err)
	}
	return nil
}

// tradeKey is the key of a trade flow, as storage keeps one value per key.
func tradeKey(t *tradedash.TradeFlow) string {
	return fmt.Sprintf("%s|%s|%s|%d|%d|%t|%s|%s", t.Reporter, t.Partner, t.Flow, t.Year, t.Month, t.YTD, t.Classification, t.Commodity)
}

// describeTrade names a trade flow in a message: "CN→RU export 2023 TOTAL".
func describeTrade(t *tradedash.TradeFlow) string {
	period := strconv.Itoa(t.Year)
	switch {
	case t.YTD:
		period += fmt.Sprintf(" Jan-%02d", t.Month)
	case t.Month > 0:
		period += fmt.Sprintf("-%02d", t.Month)
	}
	cmd := t.Commodity
	if t.Classification != "" {
		cmd = t.Classification + " " + cmd
	}
	return fmt.Sprintf("%s→%s %s %s %s", t.Reporter, t.Partner, t.Flow, period, cmd)
}

// keySet remembers keys by a 64-bit hash, with the row each was first
// seen in, about 45 bytes a key with the map's own. Past max keys it stops
// remembering (full). Two different keys with the same hash (about one
// chance in 10^7 at two million keys) would be taken for one key.
type keySet struct {
	seed maphash.Seed
	rows map[uint64]int32
	max  int
}

// maxDupKeys is how many keys a file's repeats are looked for in while it
// is read, for an office sheet's exact feedback at its row; storage finds
// every repeat anyway (TradeDuplicates), so a large download need not pay
// for a set of all its keys. A variable so that a test can lower it.
var maxDupKeys = 100_000

// maxBreakdownKeys caps the Comtrade Plus breakdown rows remembered; a
// classic download has none.
const maxBreakdownKeys = 2_000_000

func newKeySet(seed maphash.Seed, max int) keySet {
	return keySet{seed: seed, rows: map[uint64]int32{}, max: max}
}

// add remembers key at row, or returns the row it was first seen in.
func (s *keySet) add(key string, row int) (int, bool) {
	h := maphash.String(s.seed, key)
	if first, ok := s.rows[h]; ok {
		return int(first), true
	}
	if len(s.rows) < s.max {
		s.rows[h] = int32(row)
	}
	return 0, false
}

func (s *keySet) full() bool { return len(s.rows) >= s.max }

// hashChunk is the length of a hashList's chunks: a fixed size, so that
// growing never copies what is there, as a doubling slice would.
const hashChunk = 1 << 20

// hashList remembers keys by a 64-bit hash, without a cap and in 8 bytes
// a key: the total rows of a Comtrade Plus download, which may be tens of
// millions. Lookups come at the end, after sort.
type hashList struct {
	seed   maphash.Seed
	chunks [][]uint64
}

func (l *hashList) add(key string) {
	n := len(l.chunks)
	if n == 0 || len(l.chunks[n-1]) == hashChunk {
		l.chunks = append(l.chunks, make([]uint64, 0, hashChunk))
		n++
	}
	l.chunks[n-1] = append(l.chunks[n-1], maphash.String(l.seed, key))
}

// sort makes has usable; the list takes no more adds after it.
func (l *hashList) sort() {
	for _, c := range l.chunks {
		slices.Sort(c)
	}
}

// has reports whether a hash (with the list's seed) was added, once sorted.
func (l *hashList) has(h uint64) bool {
	for _, c := range l.chunks {
		if _, ok := slices.BinarySearch(c, h); ok {
			return true
		}
	}
	return false
}

// lookupExhibitionColumn returns the index of a header's exhibition
// column, or -1: a file with one holds figures, whatever else it has.
func lookupExhibitionColumn(cells []string) int {
	for i, c := range cells {
		if col, ok := lookupHeader(c); ok && col.field == fExhibition {
			return i
		}
	}
	return -1
}

// cell is the cleaned text of field f (a key of ct) in a row of a
// Comtrade or China Customs export, "" when the file has no such column.
func (tl *tradeLayout) cell(cells []string, f string) string {
	i := tl.ct[f]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cleanCell(cells[i])
}

// tradeColumn names field f's column for a message: the file's header,
// or the format's own name (fields[f][0]) when the file lacks it.
func (r *reader) tradeColumn(f string, fields map[string][]string) string {
	if i := r.lay.trade.ct[f]; i >= 0 {
		return r.lay.names[i]
	}
	return fields[f][0]
}
