package ingest

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"tradedash"
	"tradedash/reference"
)

// UN Comtrade files (research/issue9.md §1, §2).
//
// A Comtrade Plus download (comtradeplus.un.org, 47 columns, typeCode to
// isAggregate) and a legacy Comtrade CSV (comtrade.un.org: the 35-column
// API layout, the 22-column bulk layout, or the stripped 11-column one) are
// read by their column names, in any order and case; a leading unnamed
// column (a saved pandas index) and the trailing comma of every row are
// ignored. Latin-1 files are read as Windows-1252 (see comtradeHeader).
//
// One row per key is kept, and nothing is summed:
//   - a breakdown row (second partner other than World, customs procedure
//     other than C00, a mode of transport or supply other than 0) repeats
//     part of its total row and is skipped with a notice; a breakdown
//     without its total row in the file is a problem;
//   - each commodity level (TOTAL, chapter, heading, subheading) is its own
//     key, with the classification edition (H0-H6, S1-S4) in it; TOTAL rows
//     carry no edition;
//   - flows X, M, RX, RM are kept (export, import, re-export, re-import);
//     the sub-flows DX, FM, MIP, XIP, MOP, XOP are parts of X and M and are
//     skipped with a notice;
//   - a reporter or partner that is not a country (a group such as "Other
//     Asia, nes" 490, "_X", "X1", "S19", "E19": areas tradedash cannot name
//     in its country key) is skipped with a notice naming it; partner World
//     (0, W00, WLD) is tradedash.World;
//   - annual rows (freqCode A, refMonth 52) are month 0, monthly rows months
//     1-12.
// Countries are taken from the alpha-3 column; the numeric code is read
// with Comtrade's own table (reference.ComtradeCountry: 842 is the United
// States) and must agree when it names a country.
// primaryValue is the value in US dollars (CIF for imports, FOB for
// exports); quantities with unit code -1 ("N/A") or "No Quantity" are
// none. Comtrade's estimation flags concern quantities and weights, not
// the value: they are kept in the note, and the value's status stays
// actual.

// comtradeFields maps each field the reader uses to the names its column
// has in the formats (folded).
var comtradeFields = map[string][]string{
	"type":        {"typeCode"},
	"freq":        {"freqCode"},
	"year":        {"refYear", "Year"},
	"month":       {"refMonth"},
	"period":      {"period"},
	"reporter":    {"reporterCode", "Reporter Code"},
	"reporterISO": {"reporterISO", "Reporter ISO"},
	"reporterDsc": {"reporterDesc", "Reporter"},
	"flow":        {"flowCode", "Trade Flow Code"},
	"partner":     {"partnerCode", "Partner Code"},
	"partnerISO":  {"partnerISO", "Partner ISO"},
	"partnerDsc":  {"partnerDesc", "Partner"},
	"partner2":    {"partner2Code", "Prtner2Code", "2nd Partner Code"},
	"class":       {"classificationCode", "Classification"},
	"cmd":         {"cmdCode", "Commodity Code"},
	"cmdDesc":     {"cmdDesc", "Commodity"},
	"aggr":        {"aggrLevel", "Aggregate Level"},
	"customs":     {"customsCode", "Customs Proc. Code"},
	"mos":         {"mosCode"},
	"mot":         {"motCode", "Mode of Transport Code"},
	"qtyUnitCode": {"qtyUnitCode", "Qty Unit Code", "Quantity Unit Code"},
	"qtyUnit":     {"qtyUnitAbbr", "Qty Unit"},
	"qty":         {"qty", "Qty", "Supplementary Quantity"},
	"qtyEst":      {"isQtyEstimated"},
	"value":       {"primaryValue", "Trade Value (US$)", "Value"},
	"flag":        {"legacyEstimationFlag", "Flag", "Estimation Code"},
}

// comtradeOther are the other columns of the formats, known and not read.
var comtradeOther = []string{"refPeriodId", "flowDesc", "partner2ISO", "partner2Desc", "Prtner2ISO", "Prtner2Desc",
	"classificationSearchCode", "isOriginalClassification", "isLeaf", "customsDesc", "motDesc", "altQtyUnitCode",
	"altQtyUnitAbbr", "altQty", "isAltQtyEstimated", "AtlQtyUnitCode", "AtlQtyUnitAbbr", "AtlQty", "isAtlQtyEstimated",
	"netWgt", "isNetWgtEstimated", "grossWgt", "isGrossWgtEstimated", "cifvalue", "fobvalue", "isReported", "isAggregate",
	"Period Desc.", "Is Leaf Code", "Trade Flow", "2nd Partner", "2nd Partner ISO", "Customs", "Mode of Transport",
	"Alt Qty Unit Code", "Alt Qty Unit", "Alt Qty", "Netweight (kg)", "Gross weight (kg)", "CIF Trade Value (US$)",
	"FOB Trade Value (US$)"}

// comtradeNames maps every folded Comtrade column name to the field it is
// read as ("" for a known column that is not read).
var comtradeNames = columnNames(comtradeFields, comtradeOther)

// columnNames maps every folded name of a format's columns to the field it
// is read as: fields' names to their field, other (known columns that are
// not read) to "".
func columnNames(fields map[string][]string, other []string) map[string]string {
	m := map[string]string{}
	for _, n := range other {
		m[reference.Fold(n)] = ""
	}
	for f, names := range fields {
		for _, n := range names {
			m[reference.Fold(n)] = f
		}
	}
	return m
}

// comtradeFormat recognizes a Comtrade header: Comtrade Plus has
// primaryValue and flowCode; the legacy layouts Trade Flow Code and
// Reporter Code.
func comtradeFormat(cells []string) tradeFormat {
	has := map[string]bool{}
	for _, c := range cells {
		has[reference.Fold(c)] = true
	}
	switch {
	case has["primaryvalue"] && has["flowcode"] && (has["reportercode"] || has["reporteriso"]):
		return comtradePlus
	case has[reference.Fold("Trade Flow Code")] && has[reference.Fold("Reporter Code")]:
		return comtradeLegacy
	}
	return 0
}

// comtradeHeader reports whether the first line of a file is a Comtrade
// header, read before the text is decoded: such a file that is not UTF-8 is
// Latin-1, as Comtrade's downloads are (research §1.2), whatever a
// detection by Russian or Chinese letters would say of a few accented
// names.
func comtradeHeader(head []byte) bool {
	line, _, _ := strings.Cut(string(head), "\n")
	return comtradeFormat(strings.Split(strings.TrimRight(line, "\r"), ",")) != 0
}

// comtradeColumns maps the Comtrade columns of a header.
func (tl *tradeLayout) comtradeColumns(l *layout, cells []string, problem func(column, format string, args ...any)) bool {
	for f := range comtradeFields {
		tl.ct[f] = -1
	}
	for i, c := range cells {
		k := reference.Fold(c)
		if k == "" {
			continue
		}
		f, known := comtradeNames[k]
		switch {
		case !known:
			l.unknown = append(l.unknown, i)
		case f == "":
			l.ignored[i] = true
		case tl.ct[f] >= 0 && !(f == "qty" && tl.format == comtradeLegacy):
			problem(l.names[i], "a second %s column; the first is %s", quote(c), quote(l.names[tl.ct[f]]))
			return false
		default:
			tl.ct[f] = i
		}
	}
	ok := true
	for _, need := range []string{"flow", "cmd", "value"} {
		if tl.ct[need] < 0 {
			problem("", "a UN Comtrade file without its %s column", comtradeFields[need][0])
			ok = false
		}
	}
	if tl.ct["year"] < 0 && tl.ct["period"] < 0 {
		problem("", "a UN Comtrade file without refYear or period")
		ok = false
	}
	if tl.ct["reporter"] < 0 && tl.ct["reporterISO"] < 0 || tl.ct["partner"] < 0 && tl.ct["partnerISO"] < 0 {
		problem("", "a UN Comtrade file without its reporter or partner columns")
		ok = false
	}
	return ok
}

// comtradeRow reads one row of a Comtrade file.
func (r *reader) comtradeRow(cells []string) error {
	tl := r.lay.trade
	get := func(f string) string { return tl.cell(cells, f) }
	col := func(f string) string { return r.tradeColumn(f, comtradeFields) }
	if typ := get("type"); typ != "" && typ != "C" {
		r.skipTrade("services (typeCode S) are not goods trade", "")
		return nil
	}
	t := tradedash.TradeFlow{Qualifier: tradedash.Exact, Status: tradedash.TradeActual}

	// The flow first: sub-flows are skipped whatever else they hold.
	flow := strings.ToUpper(get("flow"))
	switch flow {
	case "X", "2":
		t.Flow = tradedash.FlowExport
	case "M", "1":
		t.Flow = tradedash.FlowImport
	case "RX", "3":
		t.Flow = tradedash.FlowReExport
	case "RM", "4":
		t.Flow = tradedash.FlowReImport
	case "DX", "FM", "MIP", "XIP", "MOP", "XOP":
		r.skipTrade("sub-flows (DX domestic exports, FM foreign imports, MIP/XIP/MOP/XOP processing) skipped: they are parts of X and M", "")
		return nil
	case "":
		r.problem(col("flow"), "the flow is empty")
	default:
		r.problem(col("flow"), "unknown flow %s; expected X, M, RX or RM (1 to 4 in the legacy files)", quote(flow))
	}

	reporter, rSkip := r.comtradeArea(get("reporter"), get("reporterISO"), get("reporterDsc"), col("reporter"), false)
	partner, pSkip := r.comtradeArea(get("partner"), get("partnerISO"), get("partnerDsc"), col("partner"), true)
	t.Reporter, t.Partner = reporter, partner

	r.comtradePeriod(&t, get("freq"), get("year"), get("month"), get("period"), col)

	class := strings.ToUpper(get("class"))
	cmd := strings.ToUpper(get("cmd"))
	switch {
	case cmd == "TOTAL":
		t.Commodity = tradedash.TotalCommodity
		if a := get("aggr"); a != "" && a != "0" {
			r.problem(col("aggr"), "TOTAL with aggregate level %s", quote(a))
		}
	case cmd == "":
		r.problem(col("cmd"), "the commodity code is empty")
	case class == "HS" || knownClassification(class) && class != "CN8":
		t.Commodity, t.Classification = cmd, class
		t.Description = get("cmdDesc")
		switch {
		case strings.Trim(cmd, "0123456789") != "" || !codeFits(class, cmd):
			r.problem(col("cmd"), "%s is not a %s code (%s)", quote(cmd), class, codeLengths(class))
		case get("aggr") != "" && get("aggr") != strconv.Itoa(len(cmd)):
			r.problem(col("aggr"), "aggregate level %s does not fit commodity %s", quote(get("aggr")), cmd)
		}
	default:
		r.problem(col("class"), "classification %s is not read; expected H0 to H6 (HS editions) or S1 to S4 (SITC revisions)", quote(class))
	}

	value := get("value")
	if value == "" {
		r.problem(col("value"), "%s is empty", comtradeFields["value"][0])
	} else if v, err := strconv.ParseFloat(value, 64); err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		r.problem(col("value"), "%s is not an amount of US dollars: %s", comtradeFields["value"][0], quote(value))
	} else if v > maxTradeUSD {
		r.problem(col("value"), "%s is implausible for one trade flow (more than 100 trillion US dollars)", quote(value))
	} else {
		t.ValueUSD = v
	}
	unitCode, unit := get("qtyUnitCode"), get("qtyUnit")
	if q := get("qty"); q != "" && unitCode != "-1" && unit != "N/A" && unitCode != "1" && !strings.EqualFold(unit, "No Quantity") {
		if v, err := strconv.ParseFloat(q, 64); err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			r.problem(col("qty"), "not a quantity: %s", quote(q))
		} else {
			t.Quantity, t.QuantityUnit = &v, unit
		}
	}
	var notes []string
	if e := strings.ToLower(get("qtyEst")); e == "true" || e == "1" {
		notes = append(notes, "quantity estimated by UN Comtrade")
	}
	if f := get("flag"); f != "" && f != "0" {
		notes = append(notes, "UN Comtrade estimation flag "+f+" (quantity or weight)")
	}
	t.Note = strings.Join(notes, "; ")
	t.Source = r.opts.Source
	if t.Source == "" {
		t.Source = "UN Comtrade (comtradeplus.un.org)"
		if tl.format == comtradeLegacy {
			t.Source = "UN Comtrade (comtrade.un.org, legacy)"
		}
	}

	if len(r.rowProbs) > 0 {
		r.flushProblems()
		return nil
	}
	if rSkip != "" || pSkip != "" {
		r.skipTrade(strings.TrimSpace(rSkip+" "+pSkip), "")
		return nil
	}
	key := tradeKey(&t)
	if breakdown(get("partner2"), "0") || breakdown(get("customs"), "C00") || breakdown(get("mot"), "0") || breakdown(get("mos"), "0") {
		tl.breakdown.add(key, r.row)
		r.skipTrade("breakdown rows (by second partner, customs procedure or mode of transport) skipped: each repeats part of its total row, which is kept", "")
		return nil
	}
	tl.totals.add(key)
	r.checkStrays(cells)
	if len(r.rowProbs) > 0 {
		r.flushProblems()
		return nil
	}
	return r.sendTrade(t, col("value"))
}

// breakdown reports whether a breakdown column's cell is other than its
// total ("0", "C00"; empty in the legacy files).
func breakdown(cell, total string) bool { return cell != "" && cell != total }

// comtradeArea resolves a Comtrade reporter or partner: the alpha-3 code
// first, then the numeric code by Comtrade's table; World for the partner.
// skip says why the row is left out (an area that is not a country).
func (r *reader) comtradeArea(code, iso, desc, column string, partner bool) (string, string) {
	iso = strings.ToUpper(strings.TrimSpace(iso))
	n, numErr := strconv.Atoi(code)
	name := quote(strings.TrimSpace(iso + " " + desc))
	if iso == "W00" || iso == "WLD" || code != "" && numErr == nil && n == reference.ComtradeWorld {
		if partner {
			return tradedash.World, ""
		}
		return "", "reporters that are not countries (World) skipped"
	}
	var byCode reference.Country
	codeOK := false
	if code != "" {
		if numErr != nil {
			r.problem(column, "not an area code: %s", quote(code))
			return "", ""
		}
		byCode, codeOK = reference.ComtradeCountry(n)
	}
	if len(iso) == 3 {
		if c, ok := reference.CountryByCode(iso); ok && c.Alpha2 != tradedash.AllCountries {
			if codeOK && byCode.Alpha2 != c.Alpha2 {
				r.problem(column, "area code %s is %s in UN Comtrade's numbering, but the ISO column says %s", code, byCode.Alpha3, iso)
				return "", ""
			}
			return c.Alpha2, ""
		}
	}
	switch {
	case codeOK && iso == "":
		return byCode.Alpha2, ""
	case iso != "" || n == 490:
		what := "reporters"
		if partner {
			what = "partners"
		}
		return "", what + " that are not countries (groups or unspecified areas such as " + name + ") skipped: tradedash keeps trade between countries"
	}
	r.problem(column, "area code %s is not a country tradedash knows in UN Comtrade's numbering; download the file with its ISO columns", quote(code))
	return "", ""
}

// comtradePeriod reads the year and month of a Comtrade row: freqCode A
// with refMonth 52 (or 99) is a year, M with refMonth 1-12 a month; the
// legacy files give period YYYY or YYYYMM. period must agree.
func (r *reader) comtradePeriod(t *tradedash.TradeFlow, freq, year, month, period string, col func(string) string) {
	if year == "" && len(period) >= 4 {
		year = period[:4]
	}
	y, err := ParseYear(year)
	if err != nil {
		r.problem(col("year"), "%s", err)
		return
	}
	t.Year = y
	if freq == "" {
		freq = "A"
		if len(period) == 6 {
			freq = "M"
		}
	}
	switch freq {
	case "A":
		switch month {
		case "", "0", "52", "99":
		default:
			r.problem(col("month"), "an annual row (freqCode A) with refMonth %s; expected 52", quote(month))
			return
		}
		if period != "" && period != strconv.Itoa(y) {
			r.problem(col("period"), "period %s does not fit the year %d of an annual row", quote(period), y)
		}
	case "M":
		m := 0
		if month != "" {
			m, err = strconv.Atoi(month)
		} else if len(period) == 6 {
			m, err = strconv.Atoi(period[4:])
		}
		if err != nil || m < 1 || m > 12 {
			r.problem(col("month"), "a monthly row without a month 1 to 12: %s", quote(month+period))
			return
		}
		if period != "" && period != strconv.Itoa(y)+twoDigits(m) {
			r.problem(col("period"), "period %s does not fit %d-%s", quote(period), y, twoDigits(m))
		}
		t.Month = m
	default:
		r.problem(col("freq"), "unknown frequency %s; expected A or M", quote(freq))
	}
}

func twoDigits(m int) string {
	if m < 10 {
		return "0" + strconv.Itoa(m)
	}
	return strconv.Itoa(m)
}

// skipTrade counts a row left out on purpose; endTrade tells each reason
// once, with how many rows and the first.
func (r *reader) skipTrade(reason, _ string) {
	tl := r.lay.trade
	if tl.skipped[reason] == 0 {
		tl.skipFirst[reason] = r.row
	}
	tl.skipped[reason]++
}

// endTrade reports what the table's end shows: the rows skipped, and
// breakdown rows whose total row the file lacks; it sends a China Customs
// export's flows, which are summed to the end.
func (r *reader) endTrade() error {
	tl := r.lay.trade
	reasons := make([]string, 0, len(tl.skipped))
	for k := range tl.skipped {
		reasons = append(reasons, k)
	}
	slices.SortFunc(reasons, func(a, b string) int { return tl.skipFirst[a] - tl.skipFirst[b] })
	for _, k := range reasons {
		n := tl.skipped[k]
		r.notices.add(tl.skipFirst[k], "", "%d %s: %s", n, plural(n, "row", "rows"), k)
	}
	var missing []int
	if len(tl.breakdown.rows) > 0 {
		tl.totals.sort()
		for h, row := range tl.breakdown.rows {
			if !tl.totals.has(h) {
				missing = append(missing, int(row))
			}
		}
	}
	slices.Sort(missing)
	for _, row := range missing {
		r.problems.add(row, "", "a breakdown row (by second partner, customs procedure or mode of transport) without its total row in the file: download again with partner2 World, customs procedure C00 and mode of transport 0 (breakdownMode classic)")
	}
	if tl.dup.full() {
		r.notices.add(0, "", "more than %d trade flows: repeated keys beyond them are found when the import is stored", tl.dup.max)
	}
	if tl.format == gaccExport {
		return r.endGACC()
	}
	return nil
}
