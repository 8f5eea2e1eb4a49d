package ingest

import (
	"fmt"
	"strings"

	"tradedash"
	"tradedash/locale"
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
	fBasis        // figures: on what a figure rests (tradedash.Basis)
	fCertificate  // figures: the audit certificate or auditor of an audited figure
	fPreferred    // figures: the claim to show among a figure's claims
	numFields
)

// fieldNames are the canonical header names, used in messages and as the
// first alias of each field.
var fieldNames = [numFields]string{
	fYear: "year", fExhibition: "exhibition", fCountry: "country", fStatus: "status",
	fSource: "source", fNote: "note", fMetric: "metric", fValue: "value", fQualifier: "qualifier",
	fDate: "date", fTitleRU: "title_ru", fTitleEN: "title_en", fTitleZH: "title_zh",
	fBasis: "basis", fCertificate: "certificate", fPreferred: "preferred",
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
	fMetric:      {"metric", "показатель", "indicator", "metric code", "код показателя", "наименование показателя", "название показателя", "指标", "指标名称", "指标代码"},
	fValue:       {"value", "значение", "величина", "значение показателя", "数值", "数量", "值", "指标值"},
	fQualifier:   {"qualifier", "квалификатор", "точность", "precision", "accuracy", "признак точности", "精确度", "精度", "准确度"},
	fBasis:       {"basis", "основание", "основание данных", "тип источника", "source type", "数据依据", "来源类型"},
	fCertificate: {"certificate", "сертификат", "аудитор", "auditor", "审计证书", "审计机构"},
	fPreferred:   {"preferred", "предпочтительный", "предпочтительное", "首选"},
	fDate:        {"date", "дата", "дата события", "event date", "日期", "事件日期"},
	fTitleRU: {"title_ru", "название", "название (рус.)", "название на русском", "заголовок", "событие", "наименование", "title (ru)", "event (ru)",
		"俄文标题", "标题（俄文）", "事件（俄文）"},
	fTitleEN: {"title_en", "title", "название (англ.)", "название на английском", "english title", "event", "title (en)", "event (en)",
		"英文标题", "标题（英文）", "事件（英文）"},
	fTitleZH: {"title_zh", "标题", "中文标题", "事件", "标题（中文）", "事件（中文）", "事件名称", "title (zh)", "event (zh)",
		"chinese title", "название (кит.)", "название на китайском"},
}

// metricAliases name each current metric, as a wide-form column header or
// as a long-form metric cell. A count goes under a standard metric only
// when its name says so (экспоненты, exhibitors, 参展商); a name that does
// not ("компании", "площадь", "страны") goes to the metric "as reported"
// (participants_reported, space_reported_m2, countries_reported): a wrong
// category is a wrong number. The catalog's names (locale's metric.<code>
// in ru, en and zh) are added to these, so tradedash's own exports read
// back.
var metricAliases = map[string][]string{
	"exhibitors": {"экспоненты", "количество экспонентов", "число экспонентов", "экспонентов", "прямые экспоненты",
		"exhibitors", "direct exhibitors", "number of exhibitors",
		"参展商", "参展商数量", "参展商数", "展商", "展商数量", "直接参展商"},
	"main_exhibitors":       {"основные экспоненты", "main exhibitors", "主参展商"},
	"co_exhibitors":         {"соэкспоненты", "со-экспоненты", "co-exhibitors", "coexhibitors", "联合参展商"},
	"represented_companies": {"индиректные экспоненты", "косвенные экспоненты", "представленные компании", "indirect exhibitors", "represented companies", "被代表企业", "间接参展商"},
	"foreign_exhibitors": {"иностранные экспоненты", "зарубежные экспоненты", "количество иностранных экспонентов",
		"foreign exhibitors", "境外参展商", "外国参展商"},
	"exhibitor_countries": {"страны-экспоненты", "страны экспонентов", "exhibiting countries", "exhibitor countries",
		"参展国家数量", "参展国家数", "参展国数量", "参展国数"},
	"net_space_m2":          {"площадь нетто", "net space", "net area", "净面积", "净展览面积"},
	"gross_space_m2":        {"площадь брутто", "брутто", "gross space", "gross area", "gross", "毛面积", "总展览面积（毛）"},
	"special_show_space_m2": {"площадь специальных экспозиций", "special-show space", "special show space", "特别展区面积"},
	"visitors": {"посетители", "количество посетителей", "число посетителей", "посетителей", "number of visitors",
		"visitors", "观众", "观众人数", "观众数量", "参观人数", "参观者", "参观者人数"},
	"trade_visitors":    {"посетители-специалисты", "trade visitors", "专业观众"},
	"foreign_visitors":  {"иностранные посетители", "зарубежные посетители", "foreign visitors", "境外观众", "外国观众"},
	"visits":            {"посещения", "количество посещений", "число посещений", "visits", "number of visits", "参观人次"},
	"visitor_countries": {"страны посетителей", "visitor countries", "countries of visitors"},
	"delegations": {"delegations", "делегации", "количество делегаций", "число делегаций", "иностранные делегации",
		"делегаций", "foreign delegations", "number of delegations",
		"代表团", "代表团数量", "代表团数", "外国代表团"},
	"agreements": {"agreements", "соглашения", "количество соглашений", "число соглашений", "подписанные соглашения",
		"соглашений", "signed agreements", "number of agreements",
		"协议", "协议数量", "协议数", "签署协议", "签署协议数量", "签约协议"},
	"space_reported_m2": {"area", "area, m²", "area (m2)", "площадь", "площадь, м²", "площадь, кв. м", "площадь (м2)",
		"площадь экспозиции", "выставочная площадь", "площадь стенда", "общая площадь", "exhibition area", "stand area", "total area",
		"面积，平方米", "面积", "面积（平方米）", "平方米", "展位面积", "展览面积", "展出面积", "展区面积", "总面积"},
	"countries_reported": {"страны", "число стран", "количество стран", "страны-участницы", "число стран-участниц",
		"количество стран-участниц", "стран", "countries", "number of countries", "participating countries",
		"国家数量", "国家数", "国家（个）"},
}

// participantWords name counts of "participants" or "companies" that do
// not say they count exhibitors: read as the metric "as reported", with a
// notice that says how to head a column of exhibitors.
var participantWords = map[string][]string{
	"participants_reported": {"компании", "количество компаний", "число компаний", "компаний", "участники", "количество участников",
		"число участников", "участников", "компании-участники", "companies", "number of companies", "participants", "number of participants",
		"企业", "企业数量", "企业数", "参展企业", "参展企业数量", "参展企业数"},
	"foreign_participants_reported": {"иностранные участники", "иностранные компании", "зарубежные компании", "зарубежные участники",
		"количество иностранных компаний", "число иностранных компаний", "количество иностранных участников",
		"число иностранных участников", "foreign companies", "foreign participants",
		"外国企业", "外国企业数量", "外国参展企业", "外国参展企业数量", "境外企业", "境外参展企业"},
}

// attendanceWords are visits, not visitors: "посещаемость" counts entries.
// tradedash before the metric catalogue read them as visitors, so they
// come with a notice.
var attendanceWords = []string{"посещаемость", "attendance"}

// metricCellAliases name a metric only in a long-form metric cell, where
// no column is meant: Chinese has one word for "country" and "countries",
// and tradedash's own Chinese export before the metric catalogue wrote
// the countries metric as 国家 in its 指标 column. As a header the same
// word is the country column (headerAliases).
var metricCellAliases = map[string][]string{
	"countries_reported":  {"国家"},
	"exhibitor_countries": {"参展国家"},
}

// wordNote says what a notice tells about a metric's name in a file.
type wordNote uint8

const (
	noteNone         wordNote = iota
	noteReplaced              // a code of tradedash before the metric catalogue: companies, area_m2
	noteParticipants          // компании, участники: not said to be exhibitors
	noteAttendance            // посещаемость: visits, which older tradedash read as visitors
)

// column is one recognized header cell.
type column struct {
	field  field
	metric int // index into tradedash.Metrics of the current metric, for fMetricColumn
	note   wordNote
	old    string // the replaced code written, for noteReplaced
}

// vocabulary maps folded header texts and metric names to what they mean.
type vocabulary struct {
	headers map[string]column
	metrics map[string]column // folded metric-cell name -> its metric
}

var vocab = func() vocabulary {
	v := vocabulary{headers: map[string]column{}, metrics: map[string]column{}}
	for f, names := range headerAliases {
		for _, n := range names {
			v.headers[reference.Fold(n)] = column{field: f}
		}
	}
	index := map[string]int{}
	for i, m := range tradedash.Metrics {
		index[m.Code] = i
	}
	addMetric := func(name, code string, note wordNote, old string, header bool) {
		c := column{field: fMetricColumn, metric: index[code], note: note, old: old}
		k := reference.Fold(name)
		if was, ok := v.metrics[k]; ok {
			if was.metric != c.metric {
				panic(fmt.Sprintf("ingest: metric name %q means both %s and %s", name, tradedash.Metrics[was.metric].Code, code))
			}
			return // the first meaning stays: "companies" is an old code before it is a word
		}
		v.metrics[k] = c
		if header {
			if was, ok := v.headers[k]; ok {
				panic(fmt.Sprintf("ingest: header %q means both field %s and metric %s", name, fieldNames[was.field], code))
			}
			v.headers[k] = c
		}
	}
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy != "" {
			addMetric(m.Code, m.ReplacedBy, noteReplaced, m.Code, true)
		}
	}
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy != "" {
			continue
		}
		addMetric(m.Code, m.Code, noteNone, "", true)
		for _, n := range metricAliases[m.Code] {
			addMetric(n, m.Code, noteNone, "", true)
		}
		for _, n := range participantWords[m.Code] {
			addMetric(n, m.Code, noteParticipants, "", true)
		}
		for _, n := range metricCellAliases[m.Code] {
			addMetric(n, m.Code, noteNone, "", false)
		}
	}
	for _, n := range attendanceWords {
		addMetric(n, "visits", noteAttendance, "", true)
	}
	// The catalog's names, current and replaced, as tradedash's exports
	// write them. A replaced code's name reads as its words do
	// ("Компании" is a participants word).
	for _, m := range tradedash.Metrics {
		code, note := m.Code, noteNone
		if m.ReplacedBy != "" {
			code = m.ReplacedBy
			if strings.Contains(code, "participants") {
				note = noteParticipants
			}
		}
		for _, l := range locale.Langs() {
			name := l.MetricName(m.Code)
			if name == m.Code {
				continue
			}
			if _, ok := v.metrics[reference.Fold(name)]; ok {
				continue // a word of the lists above already
			}
			_, isField := v.headers[reference.Fold(name)]
			addMetric(name, code, note, "", !isField)
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
func lookupMetric(text string) (column, bool) {
	if c, ok := lookupHeader(text); ok && c.field == fMetricColumn {
		return c, true
	}
	if c, ok := vocab.metrics[reference.Fold(text)]; ok {
		return c, true
	}
	return column{}, false
}

// metricNames suggests the metrics closest to an unknown name, named in
// the language of its script.
var metricNames = func() *reference.MetricNames {
	aliases := map[string][]string{}
	for code, names := range metricAliases {
		aliases[code] = append(aliases[code], names...)
	}
	for code, names := range participantWords {
		aliases[code] = append(aliases[code], names...)
	}
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy == "" {
			for _, l := range locale.Langs() {
				aliases[m.Code] = append(aliases[m.Code], l.MetricName(m.Code))
			}
		}
	}
	n, err := reference.NewMetricNames(aliases, func(code, lang string) string {
		l, ok := locale.Parse(lang)
		if !ok {
			l = locale.EN
		}
		return l.MetricName(code) + " (" + code + ")"
	})
	if err != nil {
		panic(fmt.Sprintf("ingest: %v", err))
	}
	return n
}()

// unknownMetric says a metric name is not known, with the closest names.
func unknownMetric(s string) string {
	msg := "unknown metric " + quote(s)
	if sug := metricNames.Suggest(s); len(sug) > 0 {
		return msg + "; did you mean " + orList(sug) + "?"
	}
	return msg + "; expected one of: " + metricList()
}

// orList joins names: "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
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

// metricList lists the current metric codes for a message.
func metricList() string {
	var codes []string
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy == "" {
			codes = append(codes, m.Code)
		}
	}
	return strings.Join(codes, ", ")
}
