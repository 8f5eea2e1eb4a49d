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
	fTitleZH
	fMetricColumn // wide form: a column per metric; column.metric says which
	numFields
)

// fieldNames are the canonical header names, used in messages and as the
// first alias of each field.
var fieldNames = [numFields]string{
	fYear: "year", fExhibition: "exhibition", fCountry: "country", fStatus: "status",
	fSource: "source", fNote: "note", fMetric: "metric", fValue: "value", fQualifier: "qualifier",
	fDate: "date", fTitleRU: "title_ru", fTitleEN: "title_en", fTitleZH: "title_zh",
}

// headerAliases are the header texts recognized for each field, in any case
// and with any punctuation (they are compared folded). "страна" is the
// country column, "страны" the countries metric. Chinese writes both
// "国家" (the catalog's zh name of each): as a header "国家" is the country
// column, and the countries metric is written with a word that counts
// (国家数量, 国家数, 国家（个）); see metricCellAliases for the metric cell.
// The Chinese names are the catalog's (locale/messages/zh.json) first, then
// the ways a Chinese office heads the same column.
var headerAliases = map[field][]string{
	fIgnore: {"№", "#", "no", "n", "nn", "№ п/п", "п/п", "номер", "номер строки", "row", "id", "import", "import id",
		"импорт", "version", "версия", "unit", "units", "единица", "единица измерения", "ед. изм.", "ед изм", "ед.",
		"序号", "编号", "导入", "导入编号", "版本", "单位", "计量单位"},
	fYear: {"year", "год", "год проведения", "год выставки", "отчетный год", "year of exhibition", "exhibition year",
		"年份", "年", "年度", "举办年份", "展会年份"},
	fExhibition: {"exhibition", "выставка", "exhibition name", "exhibition code", "название выставки", "код выставки",
		"мероприятие", "выставка-ярмарка", "ярмарка", "fair", "trade fair", "expo", "event name",
		"展会", "展会名称", "展会代码", "展览会", "博览会", "展会活动"},
	fCountry: {"country", "страна", "country code", "country name", "страна-участник", "страна-участница",
		"страна участия", "код страны", "название страны", "государство", "participating country",
		"国家", "国家代码", "国家名称", "国别", "国家/地区", "国家或地区", "参展国", "参展国家"},
	fStatus: {"status", "статус", "тип данных", "тип значения", "data type", "figure status", "факт/план", "план/факт",
		"状态", "数据状态", "数据类型"},
	fSource: {"source", "источник", "источник (url)", "source url", "url", "ссылка", "link", "источник данных", "data source", "sources", "источники",
		"来源", "数据来源", "资料来源", "信息来源", "出处", "链接", "来源链接"},
	fNote: {"note", "notes", "примечание", "примечания", "комментарий", "комментарии", "comment", "comments", "remark", "remarks", "пояснение", "description", "описание",
		"备注", "说明", "注释", "附注"},
	fMetric:    {"metric", "показатель", "indicator", "metric code", "код показателя", "наименование показателя", "название показателя", "指标", "指标名称", "指标代码"},
	fValue:     {"value", "значение", "величина", "значение показателя", "数值", "数量", "值", "指标值"},
	fQualifier: {"qualifier", "квалификатор", "точность", "precision", "accuracy", "признак точности", "精确度", "精度", "准确度"},
	fDate:      {"date", "дата", "дата события", "event date", "日期", "事件日期"},
	fTitleRU: {"title_ru", "название", "название (рус.)", "название на русском", "заголовок", "событие", "наименование", "title (ru)", "event (ru)",
		"俄文标题", "标题（俄文）", "事件（俄文）"},
	fTitleEN: {"title_en", "title", "название (англ.)", "название на английском", "english title", "event", "title (en)", "event (en)",
		"英文标题", "标题（英文）", "事件（英文）"},
	fTitleZH: {"title_zh", "标题", "中文标题", "事件", "标题（中文）", "事件（中文）", "事件名称", "title (zh)", "event (zh)",
		"chinese title", "название (кит.)", "название на китайском"},
}

// metricAliases name each metric, as a wide-form column header or as a
// long-form metric cell.
var metricAliases = map[string][]string{
	"companies": {"companies", "компании", "количество компаний", "число компаний", "компаний", "участники", "количество участников",
		"число участников", "участников", "экспоненты", "количество экспонентов", "число экспонентов", "экспонентов",
		"компании-участники", "exhibitors", "number of exhibitors", "number of companies", "participants", "number of participants",
		"企业", "企业数量", "企业数", "参展企业", "参展企业数量", "参展企业数", "参展商", "参展商数量", "展商", "展商数量"},
	"foreign_companies": {"foreign_companies", "foreign companies", "иностранные участники", "иностранные компании",
		"иностранные экспоненты", "зарубежные компании", "зарубежные участники", "количество иностранных компаний",
		"число иностранных компаний", "количество иностранных участников", "число иностранных участников",
		"foreign exhibitors", "foreign participants",
		"外国企业", "外国企业数量", "外国参展企业", "外国参展企业数量", "外国参展商", "境外企业", "境外参展企业", "境外参展商"},
	"area_m2": {"area_m2", "area", "area, m²", "area (m2)", "площадь", "площадь, м²", "площадь, кв. м", "площадь (м2)",
		"площадь экспозиции", "выставочная площадь", "площадь стенда", "общая площадь", "exhibition area", "stand area", "total area",
		"面积，平方米", "面积", "面积（平方米）", "平方米", "展位面积", "展览面积", "展出面积", "展区面积", "总面积"},
	"visitors": {"visitors", "посетители", "количество посетителей", "число посетителей", "посещаемость", "посетителей",
		"number of visitors", "attendance",
		"观众", "观众人数", "观众数量", "参观人数", "参观者", "参观者人数"},
	"countries": {"countries", "страны", "число стран", "количество стран", "страны-участницы", "число стран-участниц",
		"количество стран-участниц", "стран", "number of countries", "participating countries",
		"国家数量", "国家数", "国家（个）", "参展国家数量", "参展国家数", "参展国数量", "参展国数"},
	"delegations": {"delegations", "делегации", "количество делегаций", "число делегаций", "иностранные делегации",
		"делегаций", "foreign delegations", "number of delegations",
		"代表团", "代表团数量", "代表团数", "外国代表团"},
	"agreements": {"agreements", "соглашения", "количество соглашений", "число соглашений", "подписанные соглашения",
		"соглашений", "signed agreements", "number of agreements",
		"协议", "协议数量", "协议数", "签署协议", "签署协议数量", "签约协议"},
}

// metricCellAliases name a metric only in a long-form metric cell, where
// no column is meant: Chinese has one word for "country" and "countries",
// and tradedash's own Chinese export writes the countries metric as 国家
// (the catalog's metric.countries) in its 指标 column. As a header the same
// word is the country column (headerAliases).
var metricCellAliases = map[string][]string{
	"countries": {"国家", "参展国家"},
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
		for _, n := range metricCellAliases[m.Code] {
			v.metrics[reference.Fold(n)] = i
		}
	}
	return v
}()

// lookupHeader says what a header cell means. The whole text is tried
// first ("Название (англ.)" is title_en), then the part before a comma or
// parenthesis, ASCII or full-width ("Площадь, кв. м", "Источник (URL)",
// "Страна (код ISO)", "观众（万人次）").
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
	if i := strings.IndexAny(text, ",([，（【"); i > 0 {
		if c, ok := vocab.headers[reference.Fold(text[:i])]; ok {
			return c, true
		}
	}
	return column{}, false
}

// lookupMetric resolves a long-form metric cell with the same aliases as the
// wide-form headers, and the metric-cell names (国家 is the countries
// metric here).
func lookupMetric(text string) (int, bool) {
	if c, ok := lookupHeader(text); ok && c.field == fMetricColumn {
		return c.metric, true
	}
	if i, ok := vocab.metrics[reference.Fold(text)]; ok {
		return i, true
	}
	return 0, false
}

// headerScore counts the cells of a row that are known column names; the
// header row is the first with at least minHeaderScore.
func headerScore(cells []string) int {
	n := tradeWords(cells)
	for _, c := range cells {
		if col, ok := lookupHeader(c); ok && col.field != fIgnore {
			n++
		} else if tf, _, _, ok := lookupTradeHeader(c); ok && tf > tFlow {
			n++ // month, commodity: trade words that tradeWords does not count
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
