package ingest

import (
	"fmt"
	"strings"

	"tradedash"
	"tradedash/reference"
)

// statusWords are the ways a status is written, compared folded.
var statusWords = map[string]tradedash.Status{}

// qualifierColumnWords are the ways a qualifier column cell is written.
var qualifierColumnWords = map[string]tradedash.Qualifier{}

func init() {
	for st, words := range map[tradedash.Status][]string{
		tradedash.Actual: {"actual", "fact", "factual", "actual result", "result", "факт", "фактически", "фактический",
			"фактическое", "фактические", "итог", "итоги", "результат",
			"实际", "实际值", "实际数", "实际数据", "实绩"},
		tradedash.Planned: {"planned", "plan", "plans", "план", "планируется", "планируемый", "планируемое", "плановый",
			"плановое", "запланировано", "в плане",
			"计划", "计划值", "计划数", "拟"},
		tradedash.Forecast: {"forecast", "expected", "expectation", "estimate", "projected", "прогноз", "прогнозный",
			"прогнозное", "ожидается", "ожидаемый", "ожидаемое", "ожидание", "оценка",
			"预测", "预测值", "预计", "预期", "估计", "估算"},
	} {
		for _, w := range words {
			statusWords[reference.Fold(w)] = st
		}
	}
	for q, words := range map[tradedash.Qualifier][]string{
		tradedash.Exact: {"exact", "точно", "точное", "точное значение", "=", "精确", "准确", "确切"},
		tradedash.Over: {"over", "more than", "at least", "более", "свыше", "больше", "не менее", ">", "≥", "+",
			"超过", "以上", "多于", "不少于", "至少", "逾"},
		tradedash.Under: {"under", "up to", "at most", "less than", "до", "менее", "меньше", "не более", "<", "≤",
			"至多", "不超过", "最多", "以下", "少于", "不到"},
		tradedash.About: {"about", "approx", "approximately", "около", "примерно", "приблизительно", "~", "≈",
			"约", "大约", "左右", "约为"},
	} {
		for _, w := range words {
			// Folding drops signs, so they are kept as written too.
			qualifierColumnWords[w] = q
			qualifierColumnWords[reference.Fold(w)] = q
		}
	}
	delete(qualifierColumnWords, "")
}

// ParseStatus reads a status cell: actual/planned/forecast in English,
// Russian (факт, фактически, план, планируется, прогноз, ожидается) or
// Chinese (实际, 计划, 预测, 预计), in any case. An empty cell is actual: most
// figures are results.
func ParseStatus(s string) (tradedash.Status, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return tradedash.Actual, nil
	case "actual", "planned", "forecast":
		return tradedash.Status(s), nil
	}
	if st, ok := statusWords[reference.Fold(s)]; ok {
		return st, nil
	}
	return "", fmt.Errorf("unknown status %s; expected actual (факт, 实际), planned (план, 计划) or forecast (прогноз, 预测)", quote(s))
}

// parseQualifier reads a qualifier column cell; empty is exact.
func parseQualifier(s string) (tradedash.Qualifier, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return tradedash.Exact, nil
	}
	if q, ok := qualifierColumnWords[s]; ok {
		return q, nil
	}
	if q, ok := qualifierColumnWords[reference.Fold(s)]; ok {
		return q, nil
	}
	return "", fmt.Errorf("unknown qualifier %s; expected exact (精确), over (более, 超过), under (до, 至多) or about (около, 约)", quote(s))
}
