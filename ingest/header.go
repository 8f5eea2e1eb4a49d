package ingest

import (
	"strings"

	"tradedash"
	"tradedash/reference"
)

// field is what a column holds.
type field int

const (
	fNone   field = iota // not a known column
	fIgnore              // known and deliberately ignored: row numbers, units, import ids
	fYear
	fExhibition
	fCountry
	fStatus
	fSource
	fNote
	fMetric    // long form: the metric's name
	fValue     // long form: the value
	fQualifier // long form (or wide form): exact/over/under/about
	fDate      // milestones
	fTitleRU
	fTitleEN
	fMetricColumn // wide form: a column per metric; column.metric says which
	numFields
)

// fieldNames are the canonical header names, used in messages and as the
// first alias of each field.
var fieldNames = [numFields]string{
	fYear: "year", fExhibition: "exhibition", fCountry: "country", fStatus: "status",
	fSource: "source", fNote: "note", fMetric: "metric", fValue: "value", fQualifier: "qualifier",
	fDate: "date", fTitleRU: "title_ru", fTitleEN: "title_en",
}

// headerAliases are the header texts recognized for each field, in any case
// and with any punctuation (they are compared folded). "страна" is the
// country column, "страны" the countries metric.
var headerAliases = map[field][]string{
	fIgnore: {"№", "#", "no", "n", "nn", "№ п/п", "п/п", "номер", "номер строки", "row", "id", "import", "import id",
		"импорт", "version", "версия", "unit", "units", "единица", "единица измерения", "ед. изм.", "ед изм", "ед."},
	fYear: {"year", "год", "год проведения", "год выставки", "отчетный год", "year of exhibition", "exhibition year"},
	fExhibition: {"exhibition", "выставка", "exhibition name", "exhibition code", "название выставки", "код выставки",
		"мероприятие", "выставка-ярмарка", "ярмарка", "fair", "trade fair", "expo", "event name"},
	fCountry: {"country", "страна", "country code", "country name", "страна-участник", "страна-участница",
		"страна участия", "код страны", "название страны", "государство", "participating country"},
	fStatus:    {"status", "статус", "тип данных", "тип значения", "data type", "figure status", "факт/план", "план/факт"},
	fSource:    {"source", "источник", "источник (url)", "source url", "url", "ссылка", "link", "источник данных", "data source", "sources", "источники"},
	fNote:      {"note", "notes", "примечание", "примечания", "комментарий", "комментарии", "comment", "comments", "remark", "remarks", "пояснение", "description", "описание"},
	fMetric:    {"metric", "показатель", "indicator", "metric code", "код показателя", "наименование показателя", "название показателя"},
	fValue:     {"value", "значение", "величина", "значение показателя"},
	fQualifier: {"qualifier", "квалификатор", "точность", "precision", "accuracy", "признак точности"},
	fDate:      {"date", "дата", "дата события", "event date"},
	fTitleRU:   {"title_ru", "название", "название (рус.)", "название на русском", "заголовок", "событие", "наименование", "title (ru)", "event (ru)"},
	fTitleEN:   {"title_en", "title", "название (англ.)", "название на английском", "english title", "event", "title (en)", "event (en)"},
}

// metricAliases name each metric, as a wide-form column header or as a
// long-form metric cell.
var metricAliases = map[string][]string{
	"companies": {"companies", "компании", "количество компаний", "число компаний", "компаний", "участники", "количество участников",
		"число участников", "участников", "экспоненты", "количество экспонентов", "число экспонентов", "экспонентов",
		"компании-участники", "exhibitors", "number of exhibitors", "number of companies", "participants", "number of participants"},
	"foreign_companies": {"foreign_companies", "foreign companies", "иностранные участники", "иностранные компании",
		"иностранные экспоненты", "зарубежные компании", "зарубежные участники", "количество иностранных компаний",
		"число иностранных компаний", "количество иностранных участников", "число иностранных участников",
		"foreign exhibitors", "foreign participants"},
	"area_m2": {"area_m2", "area", "area, m²", "area (m2)", "площадь", "площадь, м²", "площадь, кв. м", "площадь (м2)",
		"площадь экспозиции", "выставочная площадь", "площадь стенда", "общая площадь", "exhibition area", "stand area", "total area"},
	"visitors": {"visitors", "посетители", "количество посетителей", "число посетителей", "посещаемость", "посетителей",
		"number of visitors", "attendance"},
	"countries": {"countries", "страны", "число стран", "количество стран", "страны-участницы", "число стран-участниц",
		"количество стран-участниц", "стран", "number of countries", "participating countries"},
	"delegations": {"delegations", "делегации", "количество делегаций", "число делегаций", "иностранные делегации",
		"делегаций", "foreign delegations", "number of delegations"},
	"agreements": {"agreements", "соглашения", "количество соглашений", "число соглашений", "подписанные соглашения",
		"соглашений", "signed agreements", "number of agreements"},
}

// column is one recognized header cell.
type column struct {
	field  field
	metric int // index into tradedash.Metrics for fMetricColumn
}

// vocabulary maps folded header texts and metric names to what they mean.
type vocabulary struct {
	headers map[string]column
	metrics map[string]int // folded metric name -> index into tradedash.Metrics
}

var vocab = func() vocabulary {
	v := vocabulary{headers: map[string]column{}, metrics: map[string]int{}}
	for f, names := range headerAliases {
		for _, n := range names {
			v.headers[reference.Fold(n)] = column{field: f}
		}
	}
	for i, m := range tradedash.Metrics {
		for _, n := range append([]string{m.Code}, metricAliases[m.Code]...) {
			k := reference.Fold(n)
			v.metrics[k] = i
			v.headers[k] = column{field: fMetricColumn, metric: i}
		}
	}
	return v
}()

// lookupHeader says what a header cell means. The whole text is tried
// first ("Название (англ.)" is title_en), then the part before a comma or
// parenthesis ("Площадь, кв. м", "Источник (URL)", "Страна (код ISO)").
// A header of symbols only ("№", "#") is a row-number column.
func lookupHeader(text string) (column, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return column{}, false
	}
	k := reference.Fold(text)
	if k == "" {
		return column{field: fIgnore}, true
	}
	if c, ok := vocab.headers[k]; ok {
		return c, true
	}
	if i := strings.IndexAny(text, ",(["); i > 0 {
		if c, ok := vocab.headers[reference.Fold(text[:i])]; ok {
			return c, true
		}
	}
	return column{}, false
}

// lookupMetric resolves a long-form metric cell with the same aliases as the
// wide-form headers.
func lookupMetric(text string) (int, bool) {
	if c, ok := lookupHeader(text); ok && c.field == fMetricColumn {
		return c.metric, true
	}
	return 0, false
}

// headerScore counts the cells of a row that are known column names; the
// header row is the first with at least minHeaderScore.
func headerScore(cells []string) int {
	n := 0
	for _, c := range cells {
		if col, ok := lookupHeader(c); ok && col.field != fIgnore {
			n++
		}
	}
	return n
}

// minHeaderScore is how many known column names make a row the header: one
// could be a title ("Выставка"), two are a table.
const minHeaderScore = 2

// headerSearchRows is how far down the header is looked for: title rows,
// a date line and blank rows fit, a data row 500 rows down does not.
const headerSearchRows = 20

// expected lists accepted names of a field for a message.
func expected(f field) string {
	return strings.Join(headerAliases[f][:min(len(headerAliases[f]), 6)], ", ")
}

// metricList lists the metric codes for a message.
func metricList() string {
	codes := make([]string, len(tradedash.Metrics))
	for i, m := range tradedash.Metrics {
		codes[i] = m.Code
	}
	return strings.Join(codes, ", ")
}
