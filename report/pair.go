package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/view"
)

// PagePair is two countries' cooperation: trade as each side reports it,
// participation both ways, the milestones of both.
const PagePair Page = "pair"

// pairPage is the report of the bilateral page: the mirror table and its
// chart on the Trade sheet, participation both ways, the milestones of
// both countries, and the trade flows on the Data sheet, in tradedash's
// own trade sheet format, so that it imports back unchanged.
//
// The participation figures stay on their own sheet and are not
// importable from this workbook: the importer reads one table of one
// kind from a workbook (the Data sheet and its continuations), and the
// Data sheet here holds trade. The overview's or the data page's report
// gives the figures in importable form.
type pairPage struct{ p *view.Pair }

func preparePair(ctx context.Context, views *view.Views, req Request) (prepared, error) {
	pr, err := views.Pair(ctx, req.Pair)
	if err != nil {
		return prepared{}, err
	}
	p := pr.Params
	both := []string{p.A, p.B}
	annual := queries.TradeFilter{Reporters: both, Partners: both, From: p.From, To: p.To}
	monthly := annual
	monthly.Monthly = true
	return prepared{
		page: pairPage{pr}, params: view.Params{From: p.From, To: p.To}, vintage: pr.Vintage,
		// What the page shows: all goods, by year and by month, every
		// flow, as either side reports its trade with the other.
		trade: []queries.TradeFilter{annual, monthly},
	}, nil
}

func (pairPage) path() string { return view.PathPair }

func (pg pairPage) query(p view.Params) url.Values {
	q := pg.p.Params
	q.Lang = p.Lang
	return q.Values()
}

func (pg pairPage) nameParts() []string {
	return []string{"pair", pg.p.Params.A + "-" + pg.p.Params.B}
}

func (pg pairPage) years() []int { return pg.p.Years }

func (pg pairPage) title(l locale.Lang) string {
	return l.T("report.pair.title", l.Country(pg.p.Params.A), l.Country(pg.p.Params.B))
}

func (pairPage) subtitle(locale.Lang) string { return "" }

func (pg pairPage) settings(l locale.Lang, _ view.Params) []setting {
	return append([]setting{{l.T("report.countries"), listNames(l, []string{pg.p.Params.A, pg.p.Params.B}, l.Country)}},
		basisSettings(l, pg.p.Params.Bases)...)
}

func (pg pairPage) milestones() []tradedash.Milestone { return pg.p.Milestones }

// keyFigures are each side's latest turnover with the other, and the gap
// between the two reports in the latest year both give one.
func (pg pairPage) keyFigures(l locale.Lang) []keyFigure {
	var out []keyFigure
	for _, r := range pg.p.Reports {
		for i := len(r.Years) - 1; i >= 0; i-- {
			y := r.Years[i]
			if y.Total == nil {
				continue
			}
			label := l.T("report.pair.key.turnover", l.Country(r.Reporter))
			first := y.Turnover
			if y.Summed {
				label = l.T("report.pair.key.summed", l.Country(r.Reporter))
				first = y.Export
			}
			k := keyFigure{label: label, fig: tradeFigure(*first)}
			k.fig.Year, k.fig.Value = y.Year, *y.Total
			if y.Summed {
				k.fig.Qualifier = tradedash.Exact
				if y.Approx {
					k.fig.Qualifier = tradedash.About
				}
			}
			k.status = tradeStatusCell(l, first.Status)
			out = append(out, k)
			break
		}
	}
	for i := len(pg.p.Mirror) - 1; i >= 0; i-- {
		m := pg.p.Mirror[i]
		if m.Direction != view.DirTurnover || m.Gap == nil {
			continue
		}
		a, b := l.Country(pg.p.Params.A), l.Country(pg.p.Params.B)
		k := keyFigure{label: l.T("report.pair.key.gap", a, b), fig: tradedash.Figure{Year: m.Year, Value: *m.Gap, Status: tradedash.Actual}}
		k.status = "–"
		if m.GapPercent != nil {
			k.status = l.Change(*m.GapPercent)
		}
		out = append(out, k)
		break
	}
	return out
}

// tradeFigure is a trade value as a figure, for the styles: an exact
// final value looks like a fact, a preliminary one or an estimate like a
// plan (italics on yellow), a bound keeps its qualifier.
func tradeFigure(t tradedash.TradeFlow) tradedash.Figure {
	f := tradedash.Figure{Year: t.Year, Value: t.ValueUSD, Qualifier: t.Qualifier, Status: tradedash.Actual, Source: t.Source}
	if t.Status != tradedash.TradeActual && t.Status != tradedash.TradeRevised && t.Status != "" {
		f.Status = tradedash.Forecast
	}
	return f
}

func (pg pairPage) sheets(l locale.Lang) []*chartSheet {
	return []*chartSheet{
		{name: l.T("report.pair.sheet.trade"), about: l.T("report.pair.sheets.trade"), write: pg.writeTrade},
		{name: l.T("report.pair.sheet.participation"), about: l.T("report.pair.sheets.participation"), write: pg.writeParticipation},
		{name: l.T("report.pair.sheet.milestones"), about: l.T("report.pair.sheets.milestones"), write: pg.writeMilestones},
	}
}

// fmtBillions shows dollars in billions on the chart's axis: the cells
// keep whole dollars.
const fmtBillions = "#,##0,,,"

// writeTrade writes the mirror table under the chart: for every year, each
// reporter's exports, imports and turnover as it reports them, and the gap
// between the two turnovers, in whole dollars and numbers; the chart draws
// the two turnovers from those cells.
func (pg pairPage) writeTrade(wb *workbook, sheet string) error {
	pr, f, l, st := pg.p, wb.f, wb.l, wb.st
	a, b := l.Country(pr.Params.A), l.Country(pr.Params.B)
	title := l.T("report.pair.trade.title", a, b)
	if err := wb.top(sheet, title, l.T("report.sentences", l.T("report.pair.trade.note"), l.T("report.pair.trade.legend"))); err != nil {
		return err
	}
	headers := []string{l.T("col.year")}
	for _, r := range pr.Reports {
		c := l.Country(r.Reporter)
		for _, key := range []string{"flow.export", "flow.import", "flow.turnover"} {
			headers = append(headers, l.T("report.pair.col.reported", l.T(key), c))
		}
	}
	headers = append(headers, l.T("report.pair.col.gap", a, b), l.T("report.pair.col.gappct", b))
	if err := wb.header(sheet, 1, tableRow, headers); err != nil {
		return err
	}
	if err := wb.rightAlign(sheet, 2, tableRow, len(headers)-1); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, cell(1, tableRow-1), l.T("report.pair.trade.unit")); err != nil {
		return fmt.Errorf("report trade: %w", err)
	}
	if err := f.SetCellStyle(sheet, cell(1, tableRow-1), cell(1, tableRow-1), st.label); err != nil {
		return fmt.Errorf("report trade: %w", err)
	}
	gaps := map[int]view.MirrorRow{}
	for _, m := range pr.Mirror {
		if m.Direction == view.DirTurnover {
			gaps[m.Year] = m
		}
	}
	put := func(c string, v float64, style int) error {
		if err := f.SetCellFloat(sheet, c, v, -1, 64); err != nil {
			return fmt.Errorf("report trade: %w", err)
		}
		if err := f.SetCellStyle(sheet, c, c, style); err != nil {
			return fmt.Errorf("report trade: %w", err)
		}
		return nil
	}
	hasData := false
	for i, y := range pr.Years {
		row := tableRow + 1 + i
		if err := put(cell(1, row), float64(y), st.year); err != nil {
			return err
		}
		for j, r := range pr.Reports {
			ty := r.Years[i]
			for k, t := range []*tradedash.TradeFlow{ty.Export, ty.Import} {
				if t == nil {
					continue
				}
				style, err := st.value(tradeFigure(*t))
				if err != nil {
					return err
				}
				if err := put(cell(2+3*j+k, row), t.ValueUSD, style); err != nil {
					return err
				}
			}
			if ty.Total == nil {
				continue
			}
			hasData = true
			fig := tradedash.Figure{Value: *ty.Total, Status: tradedash.Actual}
			if ty.Turnover != nil {
				fig = tradeFigure(*ty.Turnover)
			} else if ty.Approx {
				fig.Qualifier = tradedash.About
			}
			style, err := st.value(fig)
			if err != nil {
				return err
			}
			if ty.Summed {
				// Exports plus imports, added here: italic, as the
				// note says.
				if style, err = st.summed(fig); err != nil {
					return err
				}
			}
			if err := put(cell(4+3*j, row), *ty.Total, style); err != nil {
				return err
			}
		}
		if m, ok := gaps[y]; ok && m.Gap != nil {
			style, err := st.value(tradedash.Figure{Value: *m.Gap, Status: tradedash.Actual})
			if err != nil {
				return err
			}
			if err := put(cell(8, row), *m.Gap, style); err != nil {
				return err
			}
			if m.GapPercent != nil {
				if err := put(cell(9, row), *m.GapPercent/100, st.percent); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", yearColWidth); err != nil {
		return fmt.Errorf("report trade: %w", err)
	}
	if err := f.SetColWidth(sheet, "B", colName(len(headers)), seriesColWidth); err != nil {
		return fmt.Errorf("report trade: %w", err)
	}
	if err := f.SetRowHeight(sheet, tableRow, 45); err != nil {
		return fmt.Errorf("report trade: %w", err)
	}
	if hasData {
		var ss []excelize.ChartSeries
		for j := range pr.Reports {
			ss = append(ss, series(sheet, 4+3*j, len(pr.Years), palette[j], []string{"circle", "square"}[j]))
		}
		ch := wb.lineChart(title, ss, l.T("report.pair.axis"))
		ch.YAxis.NumFmt.CustomNumFmt = fmtBillions
		if err := f.AddChart(sheet, cell(1, chartRow), ch); err != nil {
			return fmt.Errorf("report chart: %w", err)
		}
	} else if err := wb.noData(sheet); err != nil {
		return err
	}
	for _, r := range pr.Reports {
		for _, y := range r.Years {
			for _, t := range []*tradedash.TradeFlow{y.Export, y.Import, y.Turnover} {
				if t != nil {
					wb.sources.add(t.Source)
				}
			}
		}
	}
	if err := wb.milestones(sheet, pr.Milestones); err != nil {
		return err
	}
	return printLayout(f, sheet, true)
}

// writeParticipation lists each country's figures at the exhibitions the
// other hosts: B at A's, then A at B's.
func (pg pairPage) writeParticipation(wb *workbook, sheet string) error {
	f, l, st := wb.f, wb.l, wb.st
	if err := wb.top(sheet, l.T("report.pair.part.title"), l.T("report.sentences", l.T("pair.part.hint"), l.T("report.legend"))); err != nil {
		return err
	}
	row := 4
	set := func(col int, v any, style int) error {
		c := cell(col, row)
		var err error
		switch v := v.(type) {
		case string:
			err = f.SetCellStr(sheet, c, v)
		case float64:
			err = f.SetCellFloat(sheet, c, v, -1, 64)
		case int:
			err = f.SetCellInt(sheet, c, int64(v))
		}
		if err != nil {
			return fmt.Errorf("report participation: %w", err)
		}
		return f.SetCellStyle(sheet, c, c, style)
	}
	for _, pa := range pg.p.Participation {
		if err := set(1, l.T("pair.part.heading", l.Country(pa.Guest), l.Country(pa.Host)), st.subtitle); err != nil {
			return err
		}
		row++
		if err := wb.header(sheet, 1, row, []string{l.T("col.year"), l.T("col.exhibition"), l.T("report.pair.col.city"),
			l.T("col.metric"), l.T("col.value"), l.T("col.status"), l.T("report.claims.col.basis"), l.T("col.source")}); err != nil {
			return err
		}
		if err := wb.rightAlign(sheet, 5, row, 1); err != nil {
			return err
		}
		row++
		n := 0
		for _, s := range pa.Series {
			for _, fig := range s.Figures() {
				style, err := st.value(fig)
				if err != nil {
					return err
				}
				for _, c := range []struct {
					col   int
					v     any
					style int
				}{
					{1, fig.Year, st.year}, {2, l.Exhibition(fig.Exhibition), st.text}, {3, l.City(fig.Exhibition), st.text},
					{4, metricHeader(l, fig.Metric), st.text}, {5, fig.Value, style}, {6, l.StatusName(fig.Status), st.text},
					{7, figureBasis(l, fig, l.T("report.sheet.sources")), st.wrap}, {8, fig.Source, st.wrap},
				} {
					if err := set(c.col, c.v, c.style); err != nil {
						return err
					}
				}
				wb.sources.add(fig.Source)
				wb.claims.add(fig)
				row++
				n++
			}
		}
		if n == 0 {
			if err := set(1, l.T("report.nodata"), st.muted); err != nil {
				return err
			}
			row++
		}
		row++
	}
	for i, width := range []float64{yearColWidth, 30, 18, 22, 14, 10, 22, 70} {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("report participation: %w", err)
		}
	}
	return printLayout(f, sheet, true)
}

// writeMilestones lists the milestones of both countries by date, with
// their sources.
func (pg pairPage) writeMilestones(wb *workbook, sheet string) error {
	f, l, st := wb.f, wb.l, wb.st
	title := l.T("report.pair.milestones.title", l.Country(pg.p.Params.A), l.Country(pg.p.Params.B))
	if err := f.SetCellStr(sheet, "A1", title); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", st.title); err != nil {
		return fmt.Errorf("report milestones: %w", err)
	}
	if err := wb.header(sheet, 1, 3, []string{l.T("col.id"), l.T("col.date"), l.T("col.country"), l.T("col.title"), l.T("col.source")}); err != nil {
		return err
	}
	for i, m := range pg.p.Milestones {
		row := 4 + i
		title, from := l.MilestoneTitle(m)
		if from != l {
			title = l.T("report.milestone.other", title, from.Name())
		}
		for _, c := range []struct {
			col   int
			text  string
			style int
		}{
			{2, l.Date(m.Date, m.Precision), st.text}, {3, l.Country(m.Country), st.text}, {4, title, st.wrap}, {5, m.Source, st.wrap},
		} {
			if err := f.SetCellStr(sheet, cell(c.col, row), c.text); err != nil {
				return fmt.Errorf("report milestones: %w", err)
			}
			if err := f.SetCellStyle(sheet, cell(c.col, row), cell(c.col, row), c.style); err != nil {
				return fmt.Errorf("report milestones: %w", err)
			}
		}
		if err := f.SetCellInt(sheet, cell(1, row), int64(i+1)); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(1, row), cell(1, row), st.center); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
		lines := (utf8.RuneCountInString(title) + titleChars - 1) / titleChars
		if err := f.SetRowHeight(sheet, row, 15*float64(max(lines, 1))); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
	}
	if len(pg.p.Milestones) == 0 {
		if err := f.SetCellStr(sheet, "A4", l.T("report.nodata")); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
	}
	for i, width := range []float64{5, 15, 16, titleChars + 4, 60} {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("report milestones: %w", err)
		}
	}
	return printLayout(f, sheet, false)
}

// tradeColumns are the columns of the pair's Data sheet and CSV: the trade
// sheet the importer reads (ingest/trade.go), headers in the report's
// language, the value's unit in its header. "import" it knows to ignore.
var tradeColumns = []struct {
	key   string
	width float64
}{
	{"report.pair.col.reporter", 18}, {"report.pair.col.partner", 18}, {"report.pair.col.flow", 14}, {"col.year", 7},
	{"report.pair.col.month", 8}, {"report.pair.col.commodity", 10}, {"report.pair.col.classification", 10},
	{"report.pair.col.description", 30}, {"report.pair.col.value", 18}, {"col.qualifier", 11}, {"col.status", 14},
	{"col.source", 60}, {"col.note", 40}, {"report.pair.col.quantity", 14}, {"report.pair.col.quantityunit", 12},
	{"col.import", 9},
}

// The columns of tradeColumns that tradeCells gives as numbers styled as
// values (the others are numbers styled as years and ids).
const (
	tradeValueColumn    = 8
	tradeQuantityColumn = 13
)

// tradeHeader is the header row of the pair's Data sheet and CSV in l.
func tradeHeader(l locale.Lang) []string {
	out := make([]string, len(tradeColumns))
	for i, c := range tradeColumns {
		out[i] = l.T(c.key)
	}
	return out
}

// tradeStatusCell is a trade status as the Data sheet writes it: a word
// the importer reads back.
func tradeStatusCell(l locale.Lang, s tradedash.TradeStatus) string {
	if s == "" {
		s = tradedash.TradeActual
	}
	return l.T("report.pair.data.status." + string(s))
}

// tradeCells are one trade flow's cells in tradeColumns' order: texts, and
// numbers as float64 (nil for an empty cell).
func tradeCells(l locale.Lang, names *importNames, t tradedash.TradeFlow) []any {
	partner := names.country(t.Partner)
	if t.Partner == tradedash.World {
		partner = l.T("report.pair.data.world")
	}
	var month, quantity any
	if t.Quantity != nil {
		quantity = *t.Quantity
	}
	switch {
	case t.YTD:
		month = "1-" + strconv.Itoa(t.Month)
	case t.Month > 0:
		month = float64(t.Month)
	}
	return []any{
		names.country(t.Reporter), partner, l.T("report.pair.data.flow." + string(t.Flow)), float64(t.Year), month,
		t.Commodity, t.Classification, t.Description, t.ValueUSD, qualifierCell(l, t.Qualifier),
		tradeStatusCell(l, t.Status), t.Source, t.Note, quantity, t.QuantityUnit, float64(t.ImportID),
	}
}

// tradeFlows reads the report's trade flows.
func (rep *Report) tradeFlows(ctx context.Context, o Options) ([]tradedash.TradeFlow, error) {
	var out []tradedash.TradeFlow
	for _, tf := range rep.trade {
		flows, err := rep.figures.TradeFlows(ctx, tf)
		if err != nil {
			return nil, fmt.Errorf("report trade: %w", err)
		}
		out = append(out, flows...)
		if o.MaxRows > 0 && len(out) > o.MaxRows {
			return nil, &LimitError{Kind: LimitRows, Limit: o.MaxRows}
		}
	}
	return out, nil
}

// tradeDataSheet writes the pair's trade flows to the Data sheet.
func (rep *Report) tradeDataSheet(ctx context.Context, wb *workbook, o Options) (Info, error) {
	f, l, st := wb.f, wb.l, wb.st
	sheet := dataSheetName(l, 1)
	flows, err := rep.tradeFlows(ctx, o)
	if err != nil {
		return Info{}, err
	}
	if err := wb.header(sheet, 1, 1, tradeHeader(l)); err != nil {
		return Info{}, err
	}
	names := newImportNames(l)
	for i, t := range flows {
		row := 2 + i
		wb.sources.add(t.Source)
		p := planned(tradeFigure(t))
		for j, v := range tradeCells(l, names, t) {
			c := cell(j+1, row)
			var style int
			switch v := v.(type) {
			case string:
				if v == "" {
					continue
				}
				err, style = f.SetCellStr(sheet, c, v), st.dataText[p]
			case float64:
				err, style = f.SetCellFloat(sheet, c, v, -1, 64), st.dataYear[p]
				if j == tradeValueColumn || j == tradeQuantityColumn {
					style = st.dataValue(tradedash.Figure{Value: v, Status: tradeFigure(t).Status})
				}
			default:
				continue
			}
			if err != nil {
				return Info{}, fmt.Errorf("report data: %w", err)
			}
			if err := f.SetCellStyle(sheet, c, c, style); err != nil {
				return Info{}, fmt.Errorf("report data: %w", err)
			}
		}
	}
	for i, c := range tradeColumns {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), c.width); err != nil {
			return Info{}, fmt.Errorf("report data: %w", err)
		}
	}
	if err := f.SetRowHeight(sheet, 1, 30); err != nil {
		return Info{}, fmt.Errorf("report data: %w", err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return Info{}, fmt.Errorf("report data: %w", err)
	}
	ref := "A1:" + cell(len(tradeColumns), 1+max(len(flows), 1))
	if err := f.AutoFilter(sheet, ref, nil); err != nil {
		return Info{}, fmt.Errorf("report data: %w", err)
	}
	if err := printLayout(f, sheet, false); err != nil {
		return Info{}, err
	}
	return Info{Rows: len(flows), DataSheets: []string{sheet}}, nil
}

// writeTradeCSV writes the pair's trade flows as CSV with the Data sheet's
// columns, as WriteCSV writes figures.
func (rep *Report) writeTradeCSV(ctx context.Context, cw *csv.Writer, sep rune, o Options) (int, error) {
	flows, err := rep.tradeFlows(ctx, o)
	if err != nil {
		return 0, err
	}
	if err := cw.Write(tradeHeader(rep.lang)); err != nil {
		return 0, fmt.Errorf("report csv: %w", err)
	}
	names := newImportNames(rep.lang)
	rec := make([]string, len(tradeColumns))
	for _, t := range flows {
		for j, v := range tradeCells(rep.lang, names, t) {
			switch v := v.(type) {
			case string:
				rec[j] = neutralize(v)
			case float64:
				if j == tradeValueColumn || j == tradeQuantityColumn {
					rec[j] = string(csvNumber(nil, v, sep == ';'))
				} else {
					rec[j] = strconv.FormatFloat(v, 'f', -1, 64)
				}
			default:
				rec[j] = ""
			}
		}
		if err := cw.Write(rec); err != nil {
			return 0, fmt.Errorf("report csv: %w", err)
		}
	}
	return len(flows), nil
}
