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
			"фактическое", "фактические", "итог", "итоги", "результат"},
		tradedash.Planned: {"planned", "plan", "plans", "план", "планируется", "планируемый", "планируемое", "плановый",
			"плановое", "запланировано", "в плане"},
		tradedash.Forecast: {"forecast", "expected", "expectation", "estimate", "projected", "прогноз", "прогнозный",
			"прогнозное", "ожидается", "ожидаемый", "ожидаемое", "ожидание", "оценка"},
	} {
		for _, w := range words {
			statusWords[reference.Fold(w)] = st
		}
	}
	for q, words := range map[tradedash.Qualifier][]string{
		tradedash.Exact: {"exact", "точно", "точное", "точное значение", "="},
		tradedash.Over:  {"over", "more than", "at least", "более", "свыше", "больше", "не менее", ">", "≥", "+"},
		tradedash.Under: {"under", "up to", "at most", "less than", "до", "менее", "меньше", "не более", "<", "≤"},
		tradedash.About: {"about", "approx", "approximately", "около", "примерно", "приблизительно", "~", "≈"},
	} {
		for _, w := range words {
			// Folding drops signs, so they are kept as written too.
			qualifierColumnWords[w] = q
			qualifierColumnWords[reference.Fold(w)] = q
		}
	}
	delete(qualifierColumnWords, "")
}

// ParseStatus reads a status cell: actual/planned/forecast in English or
// Russian (факт, фактически, план, планируется, прогноз, ожидается), in any
// case. An empty cell is actual: most figures are results.
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
	return "", fmt.Errorf("unknown status %s; expected actual (факт), planned (план) or forecast (прогноз)", quote(s))
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
	return "", fmt.Errorf("unknown qualifier %s; expected exact, over (более), under (до) or about (около)", quote(s))
}
