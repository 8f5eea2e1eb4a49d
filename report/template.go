package report

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
	"tradedash/view"
)

// templateRows is how many rows of the template's Data sheet have the
// drop-down lists: a year's figures of every exhibition and country an
// office reports fit many times over.
const templateRows = 1000

// templateExample are the example rows of the instructions: China at
// INNOPROM-2023 as the organiser's article the project began with gives
// it ("более 400 китайских компаний, ассоциаций и регионов", so
// participants as reported, not exhibitors; an area not stated as net or
// gross), written the way the language writes values ("более 400",
// "400+", "超过400").
var templateExample = struct {
	year                int
	exhibition, country string
	figures             []tradedash.Figure
	status              tradedash.Status
	basis               tradedash.Basis
	source              string
}{
	year: 2023, exhibition: "innoprom", country: "CN",
	figures: []tradedash.Figure{
		{Metric: "participants_reported", Value: 400, Qualifier: tradedash.Over},
		{Metric: "space_reported_m2", Value: 10000},
	},
	status: tradedash.Actual,
	basis:  tradedash.Organiser,
	source: "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss",
}

// templateColumns are the Data sheet's columns, long form: one row per
// claim, so that each value has its own basis and source. The headers are
// those of the Data sheet of a report (dataColumns), which the importer
// reads; the qualifier goes in the value ("более 400"), and the import id
// is the database's.
var templateColumns = []struct {
	key   string
	width float64
}{
	{"col.year", 8}, {"col.exhibition", 26}, {"col.country", 24}, {"col.metric", 34}, {"col.value", 14},
	{"col.status", 12}, {"report.claims.col.basis", 16}, {"report.claims.col.certificate", 18},
	{"report.claims.col.preferred", 12}, {"col.source", 50}, {"col.note", 40},
}

// The template's columns by position, from 1.
const (
	tplYear = iota + 1
	tplExhibition
	tplCountry
	tplMetric
	tplValue
	tplStatus
	tplBasis
	tplCertificate
	tplPreferred
	tplSource
	tplNote
)

// templateHeaders are the Data sheet's headers in l.
func templateHeaders(l locale.Lang) []string {
	out := make([]string, len(templateColumns))
	for i, c := range templateColumns {
		out[i] = l.T(c.key)
	}
	return out
}

// templateHeaderLangs are the languages of the Data sheet's two header
// rows, which the importer reads as one: the template's language above
// English, which every version of the importer reads. The English
// template has the Russian headers above, those of the offices that send
// most files.
func templateHeaderLangs(l locale.Lang) [2]locale.Lang {
	if l == locale.EN {
		return [2]locale.Lang{locale.RU, locale.EN}
	}
	return [2]locale.Lang{l, locale.EN}
}

// WriteTemplate writes the data-entry workbook an official fills in for
// the next year: the Data sheet in the long form, one row per figure and
// source, with headers in l and in English and drop-down lists for the
// exhibition, the country, the metric (the current metrics), the status,
// the basis and the preferred mark; an instructions sheet that says what
// each column means, with example rows; the metrics' definitions; and the
// lists themselves on a hidden sheet. A filled template imports with
// `tradedash import` as it is. l chooses the language of the sheets, lists
// and instructions; a language tradedash does not speak is the default.
func WriteTemplate(w io.Writer, l locale.Lang, now time.Time) error {
	if _, ok := locale.Parse(string(l)); !ok {
		l = locale.Default
	}
	wb, data, instructions, lists, err := newTemplateBook(l)
	if err != nil {
		return err
	}
	defer wb.f.Close()
	f := wb.f
	definitions := l.T("report.def.sheet")
	if _, err := f.NewSheet(definitions); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	// The definitions before the hidden lists.
	if err := f.MoveSheet(definitions, lists); err != nil {
		return fmt.Errorf("template: %w", err)
	}

	// The lists: every exhibition and country by a name the importer
	// resolves, in the language's alphabetical order; the current metrics
	// in the catalogue's order, by the names the importer reads.
	names := newImportNames(l)
	var exhibitions []string
	for _, e := range reference.Exhibitions() {
		exhibitions = append(exhibitions, names.exhibition(e.Code))
	}
	var countries []string
	for _, c := range reference.Countries() {
		countries = append(countries, names.country(c.Alpha2))
	}
	collate.New(language.Make(l.Tag())).SortStrings(countries)
	countries = append([]string{names.country(tradedash.AllCountries)}, countries...)
	var metrics []string
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy == "" {
			metrics = append(metrics, names.metric(m.Code))
		}
	}
	statuses := []string{l.StatusName(tradedash.Actual), l.StatusName(tradedash.Planned), l.StatusName(tradedash.Forecast)}
	var bases []string
	for _, b := range tradedash.Bases {
		if b != tradedash.Unstated {
			bases = append(bases, names.basis(b))
		}
	}
	preferred := []string{l.T("report.claims.yes"), l.T("report.claims.no")}
	if err := wb.listsSheet(lists, exhibitions, countries, statuses, metrics, bases, preferred); err != nil {
		return err
	}

	// The Data sheet.
	hl := templateHeaderLangs(l)
	headers := [2][]string{templateHeaders(hl[0]), templateHeaders(hl[1])}
	for i, h := range headers {
		if err := wb.header(data, 1, 1+i, h); err != nil {
			return err
		}
	}
	for i, c := range templateColumns {
		if err := f.SetColWidth(data, colName(i+1), colName(i+1), c.width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	intStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtInteger)})
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := f.SetColStyle(data, colName(tplValue), intStyle); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 2, XSplit: 1, TopLeftCell: "B3", ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	rows := func(col int) string {
		return fmt.Sprintf("%s3:%s%d", colName(col), colName(col), 2+templateRows)
	}
	yearDV := excelize.NewDataValidation(true)
	yearDV.SetSqref(rows(tplYear))
	if err := yearDV.SetRange(view.MinYear, view.MaxYear, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	yearDV.SetInput(l.T("col.year"), l.T("template.year.prompt"))
	yearDV.SetError(excelize.DataValidationErrorStyleStop, l.T("col.year"),
		l.T("template.year.error", strconv.Itoa(view.MinYear), strconv.Itoa(view.MaxYear)))
	dvs := []*excelize.DataValidation{yearDV}
	for _, list := range []struct {
		col, listCol, n int
		title           string
	}{
		{tplExhibition, 1, len(exhibitions), l.T("col.exhibition")},
		{tplCountry, 2, len(countries), l.T("col.country")},
		{tplMetric, 4, len(metrics), l.T("col.metric")},
		{tplStatus, 3, len(statuses), l.T("col.status")},
		{tplBasis, 5, len(bases), l.T("report.claims.col.basis")},
		{tplPreferred, 6, len(preferred), l.T("report.claims.col.preferred")},
	} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rows(list.col))
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", lists, colName(list.listCol), colName(list.listCol), list.n))
		dv.SetInput(list.title, l.T("template.list.prompt"))
		// A warning, not a stop: "КНР" or a code is as good as the list's
		// name, "пресса" as "СМИ", and the importer checks every value
		// anyway.
		dv.SetError(excelize.DataValidationErrorStyleWarning, list.title, l.T("template.list.warning"))
		dvs = append(dvs, dv)
	}
	for _, dv := range dvs {
		if err := f.AddDataValidation(data, dv); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}

	// The instructions, and the example rows under them.
	ins := instructions
	howTo := []string{
		l.T("template.howto.title"),
		l.T("report.template.howto.1", data),
		l.T("report.template.howto.2"),
		l.T("report.template.howto.3", names.country(tradedash.AllCountries)),
		l.T("report.template.howto.4", definitions, names.metric("participants_reported"), names.metric("space_reported_m2")),
		l.T("report.template.howto.5"),
		l.T("report.template.howto.6"),
		l.T("report.template.howto.7"),
		l.T("report.template.howto.8"),
		l.T("report.template.howto.9"),
		l.T("report.template.howto.10"),
	}
	row, err := wb.instructions(ins, howTo, len(headers[0]), l.T("report.template.example"), headers[:])
	if err != nil {
		return err
	}
	ex := templateExample
	for i, fig := range ex.figures {
		example := make([]string, len(templateColumns))
		example[tplExhibition-1] = names.exhibition(ex.exhibition)
		example[tplCountry-1] = names.country(ex.country)
		example[tplMetric-1] = names.metric(fig.Metric)
		example[tplValue-1] = l.Value(fig)
		example[tplStatus-1] = l.StatusName(ex.status)
		example[tplBasis-1] = names.basis(ex.basis)
		example[tplSource-1] = ex.source
		if err := f.SetCellInt(ins, cell(tplYear, row+3+i), int64(ex.year)); err != nil {
			return fmt.Errorf("template: %w", err)
		}
		for j, v := range example {
			if v == "" {
				continue
			}
			if err := f.SetCellStr(ins, cell(j+1, row+3+i), v); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	for i, c := range templateColumns {
		if err := f.SetColWidth(ins, colName(i+1), colName(i+1), c.width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	if err := wb.definitionsSheet(definitions); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: l.T("report.title.data"), Creator: "tradedash", Language: l.Tag(),
		Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339),
	}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("template: save: %w", err)
	}
	return nil
}

// tradeTemplateColumns are the trade template's Data sheet columns: the
// pair report's trade sheet (tradeColumns) but the import id, which the
// database gives.
var tradeTemplateColumns = tradeColumns[:len(tradeColumns)-1]

// templateTradeExample is the trade template's example row: China's
// turnover with Russia in 2023 as China's customs reported it, from the
// sample data (sample-data/russia-china-trade.csv).
var templateTradeExample = struct {
	reporter, partner string
	flow              tradedash.Flow
	year              int
	source            string
}{"CN", "RU", tradedash.FlowTurnover, 2023,
	"https://sputnikglobe.com/20240307/china-russia-trade-in-january-february-2024-up-to-3701bln-1117180822.html"}

// WriteTradeTemplate writes the data-entry workbook for trade flows: the
// trade sheet on the Data sheet, with headers in l above English, drop-down
// lists for the reporter, the partner, the flow and the status, and an
// instructions sheet with an example row. It is a workbook of its own, not
// a second sheet of WriteTemplate's: the importer reads one table from a
// workbook, the Data sheet (and its continuations), so figures and trade
// go in two files, each imported as it is.
func WriteTradeTemplate(w io.Writer, l locale.Lang, now time.Time) error {
	if _, ok := locale.Parse(string(l)); !ok {
		l = locale.Default
	}
	wb, data, instructions, lists, err := newTemplateBook(l)
	if err != nil {
		return err
	}
	defer wb.f.Close()
	f := wb.f

	names := newImportNames(l)
	var countries []string
	for _, c := range reference.Countries() {
		if c.Alpha2 != tradedash.AllCountries {
			countries = append(countries, names.country(c.Alpha2))
		}
	}
	collate.New(language.Make(l.Tag())).SortStrings(countries)
	partners := append([]string{l.T("report.pair.data.world")}, countries...)
	var flows []string
	for _, fl := range tradedash.Flows {
		flows = append(flows, l.T("report.pair.data.flow."+string(fl)))
	}
	var statuses []string
	for _, s := range []tradedash.TradeStatus{tradedash.TradeActual, tradedash.TradePreliminary, tradedash.TradeRevised, tradedash.TradeEstimate} {
		statuses = append(statuses, tradeStatusCell(l, s))
	}
	if err := wb.listsSheet(lists, countries, partners, flows, statuses); err != nil {
		return err
	}

	hl := templateHeaderLangs(l)
	var headers [2][]string
	for i, hlang := range hl {
		for _, c := range tradeTemplateColumns {
			headers[i] = append(headers[i], hlang.T(c.key))
		}
	}
	for i, h := range headers {
		if err := wb.header(data, 1, 1+i, h); err != nil {
			return err
		}
	}
	for i, c := range tradeTemplateColumns {
		if err := f.SetColWidth(data, colName(i+1), colName(i+1), c.width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	// Codes keep their leading zeros: the commodity column is text.
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := f.SetColStyle(data, "F", textStyle); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	rows := func(col int) string {
		return fmt.Sprintf("%s3:%s%d", colName(col), colName(col), 2+templateRows)
	}
	yearDV := excelize.NewDataValidation(true)
	yearDV.SetSqref(rows(4))
	if err := yearDV.SetRange(view.MinYear, view.MaxYear, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	yearDV.SetError(excelize.DataValidationErrorStyleStop, l.T("col.year"),
		l.T("template.year.error", strconv.Itoa(view.MinYear), strconv.Itoa(view.MaxYear)))
	dvs := []*excelize.DataValidation{yearDV}
	for _, list := range []struct {
		col, listCol, n int
		title           string
		stop            bool
	}{
		{1, 1, len(countries), l.T("report.pair.col.reporter"), false},
		{2, 2, len(partners), l.T("report.pair.col.partner"), false},
		// The flow and the status are closed lists: the importer knows
		// no other words, and the list says which it knows.
		{3, 3, len(flows), l.T("report.pair.col.flow"), true},
		{11, 4, len(statuses), l.T("col.status"), true},
	} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rows(list.col))
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", lists, colName(list.listCol), colName(list.listCol), list.n))
		dv.SetInput(list.title, l.T("template.list.prompt"))
		if list.stop {
			dv.SetError(excelize.DataValidationErrorStyleStop, list.title, l.T("template.trade.list.error"))
		} else {
			dv.SetError(excelize.DataValidationErrorStyleWarning, list.title, l.T("template.list.warning"))
		}
		dvs = append(dvs, dv)
	}
	for _, dv := range dvs {
		if err := f.AddDataValidation(data, dv); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}

	ins := instructions
	howTo := []string{
		l.T("template.trade.howto.title"),
		l.T("template.trade.howto.1", data),
		l.T("template.trade.howto.2"),
		l.T("template.trade.howto.3", l.T("report.pair.data.world")),
		l.T("template.trade.howto.4"),
		l.T("template.trade.howto.5"),
		l.T("template.howto.7"),
		l.T("template.howto.8"),
	}
	row, err := wb.instructions(ins, howTo, len(headers[0]), l.T("template.trade.example"), headers[:])
	if err != nil {
		return err
	}
	ex := templateTradeExample
	example := []any{names.country(ex.reporter), names.country(ex.partner), l.T("report.pair.data.flow." + string(ex.flow)), ex.year,
		"", "", "", "", l.T("template.trade.example.value"), "", tradeStatusCell(l, tradedash.TradeActual), ex.source, ""}
	for i, v := range example {
		c := cell(i+1, row+3)
		if s, ok := v.(string); ok {
			err = f.SetCellStr(ins, c, s)
		} else {
			err = f.SetCellValue(ins, c, v)
		}
		if err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	for i, c := range tradeTemplateColumns {
		if err := f.SetColWidth(ins, colName(i+1), colName(i+1), c.width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: l.T("template.trade.title"), Creator: "tradedash", Language: l.Tag(),
		Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339),
	}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("template: save: %w", err)
	}
	return nil
}

// instructions writes howTo on the sheet ins: a title, then one paragraph a
// line, each merged across width columns; under them the label of the
// example and the header rows it is written under. It returns the row the
// example goes in.
func (wb *workbook) instructions(ins string, howTo []string, width int, label string, headers [][]string) (int, error) {
	f := wb.f
	for i, line := range howTo {
		style := wb.st.wrap
		if i == 0 {
			style = wb.st.title
		}
		c := cell(1, i+1)
		if err := f.SetCellStr(ins, c, line); err != nil {
			return 0, fmt.Errorf("template: %w", err)
		}
		if err := f.SetCellStyle(ins, c, c, style); err != nil {
			return 0, fmt.Errorf("template: %w", err)
		}
		if i > 0 {
			if err := f.MergeCell(ins, c, cell(width, i+1)); err != nil {
				return 0, fmt.Errorf("template: %w", err)
			}
			if err := f.SetRowHeight(ins, i+1, 30); err != nil {
				return 0, fmt.Errorf("template: %w", err)
			}
		}
	}
	row := len(howTo) + 2
	if err := f.SetCellStr(ins, cell(1, row), label); err != nil {
		return 0, fmt.Errorf("template: %w", err)
	}
	if err := f.SetCellStyle(ins, cell(1, row), cell(1, row), wb.st.label); err != nil {
		return 0, fmt.Errorf("template: %w", err)
	}
	for i, h := range headers {
		if err := wb.header(ins, 1, row+1+i, h); err != nil {
			return 0, err
		}
	}
	return row, nil
}

// newTemplateBook starts a data-entry workbook in l: its Data sheet, the
// instructions sheet and the lists sheet, by their names in l.
func newTemplateBook(l locale.Lang) (wb *workbook, data, instructions, lists string, err error) {
	f := excelize.NewFile()
	st, err := newStyles(f, l)
	if err != nil {
		f.Close()
		return nil, "", "", "", err
	}
	data = dataSheetName(l, 1)
	instructions, lists = l.T("template.sheet.instructions"), l.T("template.sheet.lists")
	if err := f.SetSheetName("Sheet1", data); err != nil {
		f.Close()
		return nil, "", "", "", fmt.Errorf("template: %w", err)
	}
	for _, s := range []string{instructions, lists} {
		if _, err := f.NewSheet(s); err != nil {
			f.Close()
			return nil, "", "", "", fmt.Errorf("template: %w", err)
		}
	}
	return &workbook{f: f, l: l, st: st}, data, instructions, lists, nil
}

// listsSheet writes each list in a column of the sheet lists, which the
// Data sheet's drop-downs name, and hides it.
func (wb *workbook) listsSheet(lists string, columns ...[]string) error {
	for col, list := range columns {
		for i, s := range list {
			if err := wb.f.SetCellStr(lists, cell(col+1, i+1), s); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	if err := wb.f.SetSheetVisible(lists, false); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	return nil
}
