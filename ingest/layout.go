package ingest

import (
	"strings"
	"unicode/utf8"

	"tradedash"
	"tradedash/reference"
)

// layout is what the header row says about the columns of a file.
type layout struct {
	kind    Kind
	col     [numFields]int // the column of each field; -1 when the file has none
	metrics []metricColumn // wide form: one column per metric
	names   []string       // how messages name each column: its header text, or letter/number
	unknown []int          // columns whose header nobody knows
	ignored []bool         // columns known and ignored ("№", units)
	scale   []float64      // the multiplier a column's header gives: 1000 for "Посетители, тыс. чел."
	// chinese says most known column names are written in Chinese: the
	// file writes numbers the Chinese way (see numbers.chineseWriting).
	chinese bool
	// trade is set for a trade file (kind Trade): its own columns.
	trade *tradeLayout
}

type metricColumn struct {
	index  int // column
	metric int // index into tradedash.Metrics
	col    column
}

// wide reports whether figures come one column per metric.
func (l *layout) wide() bool { return len(l.metrics) > 0 }

// name returns how messages name column i, also beyond the header.
func (l *layout) name(i int, t table) string {
	if i < len(l.names) {
		return l.names[i]
	}
	return t.columnName(i)
}

// labelInIgnored reports whether the first cell with text is in an ignored
// column, where a row-number column may hold "Итого".
func (l *layout) labelInIgnored(cells []string) bool {
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			return i < len(l.ignored) && l.ignored[i]
		}
	}
	return false
}

// fieldName names the column of a field for messages.
func (l *layout) fieldName(f field) string {
	if i := l.col[f]; i >= 0 {
		return l.names[i]
	}
	return fieldNames[f]
}

// newLayout reads a header row. It reports, through problem, every reason
// the file cannot be read with it, and returns ok=false if there is one.
func newLayout(cells []string, t table, problem func(column, format string, args ...any)) (layout, bool) {
	l := layout{names: make([]string, len(cells)), ignored: make([]bool, len(cells)), scale: make([]float64, len(cells))}
	for i := range l.col {
		l.col[i] = -1
	}
	ok := true
	seenMetric := map[int]int{}
	han, other := 0, 0 // known column names written in Chinese and otherwise
	for i, c := range cells {
		text := cleanCell(c)
		l.scale[i] = headerScale(text)
		l.names[i] = columnLabel(text)
		if l.names[i] == "" {
			l.names[i] = t.columnName(i)
		}
		col, known := lookupHeader(text)
		if known && col.field != fIgnore {
			if hasHan(text) {
				han++
			} else {
				other++
			}
		}
		switch {
		case text == "":
		case !known:
			l.unknown = append(l.unknown, i)
		case col.field == fIgnore:
			l.ignored[i] = true
		case col.field == fMetricColumn:
			if j, dup := seenMetric[col.metric]; dup {
				problem(l.names[i], "a second %s column; the first is %s", tradedash.Metrics[col.metric].Code, quote(l.names[j]))
				ok = false
				continue
			}
			seenMetric[col.metric] = i
			l.metrics = append(l.metrics, metricColumn{index: i, metric: col.metric, col: col})
		default:
			if j := l.col[col.field]; j >= 0 {
				hint := ""
				if col.field == fCountry && hasHan(text) {
					// 国家 twice: the second is meant as the countries metric.
					hint = "; for the number of countries write 国家数量"
				}
				problem(l.names[i], "a second %s column; the first is %s%s", fieldNames[col.field], quote(l.names[j]), hint)
				ok = false
				continue
			}
			l.col[col.field] = i
		}
	}

	l.chinese = han > other
	long := l.col[fMetric] >= 0 || l.col[fValue] >= 0
	milestone := l.col[fDate] >= 0 || l.col[fTitleRU] >= 0 || l.col[fTitleEN] >= 0 || l.col[fTitleZH] >= 0
	switch {
	case milestone && (long || l.wide()):
		problem("", "both figure columns (metric, value or a column per metric) and milestone columns (date, title): put milestones in a file of their own")
		return l, false
	case milestone && (l.col[fBasis] >= 0 || l.col[fCertificate] >= 0 || l.col[fPreferred] >= 0):
		problem("", "basis, certificate and preferred columns are for figures, not milestones: delete them or put the figures in a file of their own")
		return l, false
	case milestone:
		l.kind = Milestones
		if l.col[fDate] < 0 {
			problem("", "no date column; expected one of: %s", expected(fDate))
			ok = false
		}
		if l.col[fTitleRU] < 0 && l.col[fTitleEN] < 0 && l.col[fTitleZH] < 0 {
			problem("", "no title column; expected title_ru (%s), title_en (%s) or title_zh (%s)", expected(fTitleRU), expected(fTitleEN), expected(fTitleZH))
			ok = false
		}
	case long && l.wide():
		problem("", "both metric/value columns (long form) and a column per metric (wide form: %s); use one or the other", l.names[l.metrics[0].index])
		return l, false
	case long:
		l.kind = Figures
		if l.col[fMetric] < 0 {
			problem("", "a value column but no metric column; expected one of: %s", expected(fMetric))
			ok = false
		}
		if l.col[fValue] < 0 {
			problem("", "a metric column but no value column; expected one of: %s", expected(fValue))
			ok = false
		}
	case l.wide():
		l.kind = Figures
	default:
		problem("", "no figure columns; expected metric and value columns, or a column per metric (%s)", metricList())
		return l, false
	}
	if l.col[fExhibition] < 0 {
		problem("", "no exhibition column; expected one of: %s", expected(fExhibition))
		ok = false
	}
	return l, ok
}

// headerScale reads a multiplier in a header: "Посетители, тыс. чел.",
// "Площадь, тыс. кв. м", "Visitors ('000)", "Visitors, thousands", and the
// Chinese unit after the name: "观众（万人次）", "面积，万平方米" (万 is ten
// thousand, 亿 a hundred million).
func headerScale(text string) float64 {
	if strings.Contains(text, "'000") || strings.Contains(text, "’000") {
		return 1000
	}
	words := strings.Fields(reference.Fold(text))
	for i, w := range words {
		switch w {
		case "тыс", "тысяч", "тысячи", "thousand", "thousands", "thous", "ths":
			return 1000
		case "млн", "миллионов", "million", "millions", "mln":
			return 1e6
		}
		// Chinese writes no spaces: the unit is a word of its own only
		// after the name, and begins with its multiplier.
		switch {
		case i == 0:
		case strings.HasPrefix(w, "万"):
			return 1e4
		case strings.HasPrefix(w, "亿"):
			return 1e8
		}
	}
	return 1
}

// columnLabel makes header text fit to name a column in messages: no
// control characters, valid UTF-8, at most 40 characters.
func columnLabel(text string) string {
	s := strings.ToValidUTF8(cleanText(text), "\uFFFD")
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return s
}

// mergeHeader combines a two-row header, as spreadsheets with merged cells
// produce: a group title ("Показатели", merged across) above the metric
// names, and "Год" merged down two rows so the second row is empty there.
// The second row's text wins where it has any.
func mergeHeader(first, second []string) []string {
	out := make([]string, max(len(first), len(second)))
	copy(out, first)
	for i, s := range second {
		if strings.TrimSpace(s) != "" {
			out[i] = s
		}
	}
	return out
}

// unitRowWords are what a row of units under a header says: "ед.", "м²",
// "тыс. чел.", "%". They are compared folded.
var unitRowWords = map[string]bool{}

func init() {
	for _, w := range []string{"ед", "ед.", "единиц", "шт", "шт.", "чел", "чел.", "человек", "тыс", "тыс.", "тыс. чел.",
		"млн", "м²", "м2", "кв. м", "кв.м", "тыс. кв. м", "тыс. м²", "units", "pcs", "people", "persons", "m²", "m2", "sq. m",
		"sqm", "thousand", "'000", "number", "кол-во", "количество", "да/нет", "текст", "text", "код", "code", "url", "гггг", "yyyy",
		"家", "个", "人", "人次", "名", "项", "平方米", "㎡", "万人", "万人次", "万平方米", "数量", "文本", "代码"} {
		unitRowWords[reference.Fold(w)] = true
	}
}

// isUnitsRow reports whether the row under a header gives units: every cell
// with text is a unit ("ед.", "м²", "%").
func isUnitsRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if k := reference.Fold(c); k != "" && !unitRowWords[k] {
			return false
		}
		n++
	}
	return n > 0
}

// isSubHeader reports whether the row under a header row continues it:
// every cell with text is a known column name.
func isSubHeader(cells []string) bool {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		col, ok := lookupHeader(c)
		if !ok || col.field == fIgnore {
			return false
		}
		n++
	}
	return n > 0
}
