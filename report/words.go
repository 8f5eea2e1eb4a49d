package report

import (
	"fmt"
	"strings"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
)

// words is the vocabulary of a report in one language. The data's own
// vocabulary (metric names, statuses, qualifiers, numbers and dates) comes
// from locale.Lang, shared with the dashboard, so a report says what the page
// says.
type words struct {
	locale.Lang
}

func wordsFor(l locale.Lang) words { return words{Lang: l} }

// Message keys. Each has a Russian and an English text in texts.
const (
	sheetSummary = iota
	sheetTrend
	sheetCompare
	sheetData
	sheetSources
	titleReport
	titleCompareByCountry
	titleCompareByExhibition
	titleData
	labelFilters
	labelExhibition
	labelExhibitions
	labelCountry
	labelCountries
	labelMetrics
	labelYears
	labelYearsAll
	labelVintage
	labelVintageNone
	labelGenerated
	labelPermalink
	labelDataRows
	labelDataSheets
	labelContinued
	labelKeyFigures
	labelSheets
	labelSheetTrend
	labelSheetCompare
	labelSheetData
	labelSheetSources
	labelLegend
	labelNoData
	labelTruncatedSources
	labelAll
	labelShare
	labelShareTitle
	labelMilestones
	labelChartTrend
	labelChartNote
	labelCompareNote
	allExhibitors
	colYear
	colExhibition
	colCountry
	colMetric
	colValue
	colQualifier
	colStatus
	colSource
	colNote
	colImport
	colNumber
	colDate
	colEvent
	colFigures
	colLine
	numTexts
)

var texts = [numTexts][2]string{
	sheetSummary: {"Сводка", "Summary"},
	sheetTrend:   {"Динамика", "Trend"},
	sheetCompare: {"Сравнение", "Comparison"},
	// The importer finds a report's figures on a sheet named so (Data or
	// Данные), whatever else the workbook holds.
	sheetData:    {"Данные", "Data"},
	sheetSources: {"Источники", "Sources"},

	titleReport:              {"%s · %s: участие в цифрах", "%s · %s: participation in figures"},
	titleCompareByCountry:    {"Сравнение стран на выставке %s", "Countries compared at %s"},
	titleCompareByExhibition: {"%s на разных выставках", "%s across exhibitions"},
	titleData:                {"Данные выставочного сотрудничества", "Exhibition cooperation data"},

	labelFilters:          {"Параметры отчёта", "Report settings"},
	labelExhibition:       {"Выставка", "Exhibition"},
	labelExhibitions:      {"Выставки", "Exhibitions"},
	labelCountry:          {"Страна", "Country"},
	labelCountries:        {"Страны", "Countries"},
	labelMetrics:          {"Показатели", "Metrics"},
	labelYears:            {"Годы", "Years"},
	labelYearsAll:         {"все", "all"},
	labelVintage:          {"Данные на", "Data as of"},
	labelVintageNone:      {"данные ещё не загружены", "no data imported yet"},
	labelGenerated:        {"Отчёт сформирован", "Report generated"},
	labelPermalink:        {"Этот вид на дашборде", "This view on the dashboard"},
	labelDataRows:         {"Цифр на листе «%s»", "Figures on the %s sheet"},
	labelDataSheets:       {"Продолжение данных", "Data continued on"},
	labelContinued:        {"Цифр больше, чем помещается на лист Excel (%s строк): продолжение на листах %s.", "More figures than an Excel sheet holds (%s rows): continued on sheets %s."},
	labelKeyFigures:       {"Ключевые показатели", "Key figures"},
	labelSheets:           {"Листы отчёта", "Sheets of this report"},
	labelSheetTrend:       {"таблица по годам, график и вехи", "the figures by year, a chart and the milestones"},
	labelSheetCompare:     {"таблица по годам и график", "the figures by year and a chart"},
	labelSheetData:        {"все цифры с источниками; этот лист можно снова загрузить в tradedash", "every figure with its source; this sheet imports back into tradedash"},
	labelSheetSources:     {"все источники со ссылками", "every source, with links"},
	labelLegend:           {"Курсив на жёлтом фоне — план или прогноз, а не факт. «более», «около», «до» перед числом — число известно не точно.", "Italics on yellow are plans or forecasts, not results. “over”, “~”, “up to” before a number: the number is not exact."},
	labelNoData:           {"Для этого вида данных пока нет.", "There are no figures for this view yet."},
	labelTruncatedSources: {"… и другие: список ограничен %s источниками; источник каждой цифры — в столбце «Источник» листа «%s».", "… and more: the list stops at %s sources; every figure's source is in the Source column of the %s sheet."},
	labelAll:              {"Все", "All"},
	labelShare:            {"Доля", "Share"},
	labelShareTitle:       {"Доля среди всех иностранных участников, %", "Share of all foreign exhibitors, %"},
	labelMilestones:       {"Вехи", "Milestones"},
	labelChartTrend:       {"Динамика участия", "Participation over time"},
	labelChartNote:        {"Разрыв линии — год без данных. Вехи, объясняющие скачки, — в списке справа.", "A break in a line is a year without a figure. The milestones that explain the jumps are listed on the right."},
	labelCompareNote:      {"Разрыв линии — год без данных.", "A break in a line is a year without a figure."},
	allExhibitors:         {"Все участники", "All exhibitors"},

	colYear:       {"Год", "Year"},
	colExhibition: {"Выставка", "Exhibition"},
	colCountry:    {"Страна", "Country"},
	colMetric:     {"Показатель", "Metric"},
	colValue:      {"Значение", "Value"},
	colQualifier:  {"Точность", "Qualifier"},
	colStatus:     {"Статус", "Status"},
	colSource:     {"Источник", "Source"},
	colNote:       {"Примечание", "Note"},
	colImport:     {"Импорт", "Import"},
	colNumber:     {"№", "No."},
	colDate:       {"Дата", "Date"},
	colEvent:      {"Событие", "Event"},
	colFigures:    {"Цифр", "Figures"},
	colLine:       {"Ряд", "Series"},
}

// t returns the text of key in the report's language.
func (w words) t(key int) string {
	if w.Lang == locale.EN {
		return texts[key][1]
	}
	return texts[key][0]
}

// tf formats the text of key.
func (w words) tf(key int, args ...any) string { return fmt.Sprintf(w.t(key), args...) }

// units name what a count measures, for column headers: "Компании, ед.".
// The area's unit is in its name already ("Площадь, м²").
var units = map[string][2]string{
	"companies":         {"ед.", "number"},
	"foreign_companies": {"ед.", "number"},
	"visitors":          {"чел.", "people"},
	"countries":         {"ед.", "number"},
	"delegations":       {"ед.", "number"},
	"agreements":        {"ед.", "number"},
}

// metricHeader names a metric with its unit, for a column header.
func (w words) metricHeader(code string) string {
	name := w.MetricName(code)
	if u, ok := units[code]; ok {
		if w.Lang == locale.EN {
			return name + ", " + u[1]
		}
		return name + ", " + u[0]
	}
	return name
}

// qualifierCell is a qualifier as the Data sheet and the CSV write it: empty
// for an exact figure, the dashboard's word otherwise ("более", "about").
// The importer reads these words back.
func (w words) qualifierCell(q tradedash.Qualifier) string {
	if q == tradedash.Exact || q == "" {
		return ""
	}
	return w.QualifierName(q)
}

// yearsText says which years a view covers: "2011–2025", or "all".
func (w words) yearsText(years []int, from, to int) string {
	switch {
	case len(years) > 0:
		if years[0] == years[len(years)-1] {
			return fmt.Sprint(years[0])
		}
		return fmt.Sprintf("%d–%d", years[0], years[len(years)-1])
	case from != 0 && to != 0:
		return fmt.Sprintf("%d–%d", from, to)
	case from != 0:
		return fmt.Sprintf("%d–", from)
	case to != 0:
		return fmt.Sprintf("–%d", to)
	}
	return w.t(labelYearsAll)
}

// names joins the names of codes: "ИННОПРОМ, Российско-Китайское ЭКСПО".
func names(codes []string, name func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return strings.Join(out, ", ")
}

// importNames says what the Data sheet and the CSV write in the exhibition
// and country columns: the name in the report's language when the importer
// resolves it back to the same code, else the code itself. It remembers
// each answer: a large export names a handful of codes a million times.
type importNames struct {
	w           words
	exhibitions map[string]string
	countries   map[string]string
	lastEx      [2]string // the last code asked for and its answer
	lastCountry [2]string
}

func newImportNames(w words) *importNames {
	return &importNames{w: w, exhibitions: map[string]string{}, countries: map[string]string{}}
}

func (n *importNames) exhibition(code string) string {
	if code == n.lastEx[0] {
		return n.lastEx[1]
	}
	s := n.exhibitionName(code)
	n.lastEx = [2]string{code, s}
	return s
}

func (n *importNames) exhibitionName(code string) string {
	if s, ok := n.exhibitions[code]; ok {
		return s
	}
	s := code
	if e, ok := reference.ExhibitionByCode(code); ok {
		name := e.Name(string(n.w.Lang))
		if back, year, err := reference.ResolveExhibitionYear(name); err == nil && back.Code == code && year == 0 {
			s = name
		}
	}
	if len(n.exhibitions) < 1000 {
		n.exhibitions[code] = s
	}
	return s
}

func (n *importNames) country(code string) string {
	if code == n.lastCountry[0] {
		return n.lastCountry[1]
	}
	s := n.countryName(code)
	n.lastCountry = [2]string{code, s}
	return s
}

func (n *importNames) countryName(code string) string {
	if s, ok := n.countries[code]; ok {
		return s
	}
	s := code
	name := n.w.countryName(code)
	if code == tradedash.AllCountries {
		// "Все участники" is the dashboard's phrase; the importer reads
		// "все страны"/"all countries" for the whole exhibition.
		name = map[locale.Lang]string{locale.RU: "Все страны", locale.EN: "All countries"}[n.w.Lang]
	}
	if back, err := reference.ResolveCountry(name); err == nil && back.Alpha2 == code {
		s = name
	}
	if len(n.countries) < 1000 {
		n.countries[code] = s
	}
	return s
}

// metric names a metric for the Data sheet and the CSV: the dashboard's
// name, which the importer reads as a metric.
func (n *importNames) metric(code string) string { return n.w.MetricName(code) }

// city names the city of an exhibition.
func (w words) city(code string) string {
	if e, ok := reference.ExhibitionByCode(code); ok {
		return e.City(string(w.Lang))
	}
	return ""
}
