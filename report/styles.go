package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"tradedash"
	"tradedash/locale"
)

// Number formats. Excel shows "#,##0" with the reader's own separators:
// "3 800" and "10,5" in Russian Excel, "3,800" and "10.5" in English and
// Chinese, so one file reads right in all.
const (
	fmtInteger = "#,##0"
	fmtDecimal = "#,##0.0##"
	fmtPercent = "0.0%"
	fmtYear    = "0"
)

// Colours: a plan or forecast sits on pale yellow in italics, apart from
// results, in print as on screen.
const (
	colorHeader   = "DCE6F1"
	colorPlanned  = "FFF2CC"
	colorPlanFont = "7F6000"
	colorLink     = "0563C1"
	colorMuted    = "595959"
)

// styles are the cell styles of a workbook, made once. Styles that depend
// on a figure (its qualifier, whether it is a result) are made on first use.
type styles struct {
	f        *excelize.File
	lang     locale.Lang
	title    int
	subtitle int
	label    int
	text     int
	wrap     int
	muted    int
	header   int
	headerR  int // a header over numbers: right-aligned, like them
	link     int
	linkLine int // a link on one line, overflowing into empty cells
	stamp    int
	center   int
	percent  int
	year     int
	// Data sheet cells, [0] for a result, [1] for a plan or forecast.
	dataYear, dataText, dataInt, dataDec, dataImport [2]int
	values                                           map[valueStyle]int
}

// valueStyle is what a figure's cell on a chart sheet or the summary shows
// besides its number.
type valueStyle struct {
	q       tradedash.Qualifier
	integer bool
	planned bool
}

func newStyles(f *excelize.File, lang locale.Lang) (*styles, error) {
	s := &styles{f: f, lang: lang, values: map[valueStyle]int{}}
	border := []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}}
	plan := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorPlanned}}
	planFont := &excelize.Font{Italic: true, Color: colorPlanFont}
	top := &excelize.Alignment{Vertical: "top"}
	// A result's text, year and import id on the Data sheet need no style
	// of their own (General shows 2015 as 2015): the default saves nine
	// attributes a row, a tenth of a large sheet.
	s.dataText[0], s.dataYear[0], s.dataImport[0] = 0, 0, 0
	for _, d := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 15}}},
		{&s.subtitle, excelize.Style{Font: &excelize.Font{Size: 12, Color: colorMuted}}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.text, excelize.Style{Alignment: top}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.muted, excelize.Style{Font: &excelize.Font{Italic: true, Color: colorMuted}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorHeader}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&s.headerR, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorHeader}},
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}}},
		{&s.link, excelize.Style{Font: &excelize.Font{Color: colorLink, Underline: "single"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.linkLine, excelize.Style{Font: &excelize.Font{Color: colorLink, Underline: "single"}, Alignment: top}},
		{&s.center, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.stamp, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
		{&s.percent, excelize.Style{CustomNumFmt: ptr(fmtPercent), Alignment: top}},
		{&s.year, excelize.Style{CustomNumFmt: ptr(fmtYear), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
		{&s.dataYear[1], excelize.Style{CustomNumFmt: ptr(fmtYear), Fill: plan, Font: planFont}},
		{&s.dataText[1], excelize.Style{Fill: plan, Font: planFont}},
		{&s.dataInt[0], excelize.Style{CustomNumFmt: ptr(fmtInteger)}},
		{&s.dataInt[1], excelize.Style{CustomNumFmt: ptr(fmtInteger), Fill: plan, Font: planFont}},
		{&s.dataDec[0], excelize.Style{CustomNumFmt: ptr(fmtDecimal)}},
		{&s.dataDec[1], excelize.Style{CustomNumFmt: ptr(fmtDecimal), Fill: plan, Font: planFont}},
		{&s.dataImport[1], excelize.Style{CustomNumFmt: ptr(fmtYear), Fill: plan, Font: planFont}},
	} {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, fmt.Errorf("report styles: %w", err)
		}
		*d.id = id
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// planned tells whether a figure is a plan or forecast: [1] in the style
// pairs.
func planned(f tradedash.Figure) int {
	if f.Status != tradedash.Actual && f.Status != "" {
		return 1
	}
	return 0
}

// whole reports whether v shows without decimals.
func whole(v float64) bool { return v == float64(int64(v)) }

// dataValue is the style of a Data sheet value: the number alone, the
// qualifier has its own column.
func (s *styles) dataValue(f tradedash.Figure) int {
	if whole(f.Value) {
		return s.dataInt[planned(f)]
	}
	return s.dataDec[planned(f)]
}

// value is the style of a figure's cell on a chart sheet or the summary:
// the number with its qualifier in the number format ("более 400",
// "400+"), so the cell stays a number that sums and charts, and reads like
// the dashboard.
func (s *styles) value(f tradedash.Figure) (int, error) {
	k := valueStyle{q: f.Qualifier, integer: whole(f.Value), planned: planned(f) == 1}
	if id, ok := s.values[k]; ok {
		return id, nil
	}
	num := fmtDecimal
	if k.integer {
		num = fmtInteger
	}
	num = qualifiedFormat(s.lang, f.Qualifier, num)
	st := excelize.Style{CustomNumFmt: &num, Alignment: &excelize.Alignment{Vertical: "top"}}
	if k.planned {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorPlanned}}
		st.Font = &excelize.Font{Italic: true, Color: colorPlanFont}
	}
	id, err := s.f.NewStyle(&st)
	if err != nil {
		return 0, fmt.Errorf("report styles: %w", err)
	}
	s.values[k] = id
	return id, nil
}

// qualifiedFormat is the number format num with a qualifier's words around
// it, as the dashboard writes the value (locale's value.over, ...):
// `"более "#,##0`, `#,##0"+"`, `"超过"#,##0`. Spaces in the words are
// no-break spaces, so the words never part from the number.
func qualifiedFormat(l locale.Lang, q tradedash.Qualifier, num string) string {
	switch q {
	case tradedash.Over, tradedash.Under, tradedash.About:
	default:
		return num
	}
	const mark = "\uE000" // a private-use character: never in a message
	before, after, ok := strings.Cut(l.T("value."+string(q), mark), mark)
	if !ok {
		return num
	}
	quote := func(s string) string {
		if s == "" {
			return ""
		}
		// A format's quoted text cannot hold a quote: none of these
		// words has one.
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `"`, ""), " ", "\u00a0") + `"`
	}
	return quote(before) + num + quote(after)
}

// printLayout sets a sheet to print on A4 landscape, fitted to the page
// width (and to one page tall when onePage is set).
func printLayout(f *excelize.File, sheet string, onePage bool) error {
	height := 0
	if onePage {
		height = 1
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return fmt.Errorf("report layout: %w", err)
	}
	err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(height),
	})
	if err != nil {
		return fmt.Errorf("report layout: %w", err)
	}
	return nil
}

// summed is the style of a value added up here rather than stated by the
// source (a turnover of exports plus imports): value's, in italics.
func (s *styles) summed(f tradedash.Figure) (int, error) {
	id, err := s.value(f)
	if err != nil {
		return 0, err
	}
	st, err := s.f.GetStyle(id)
	if err != nil {
		return 0, fmt.Errorf("report styles: %w", err)
	}
	font := excelize.Font{}
	if st.Font != nil {
		font = *st.Font
	}
	font.Italic = true
	st.Font = &font
	id, err = s.f.NewStyle(st)
	if err != nil {
		return 0, fmt.Errorf("report styles: %w", err)
	}
	return id, nil
}
