package locale

import (
	"tradedash"
	"tradedash/reference"
)

// MetricName names a metric, with its unit: "Площадь, м²". A metric
// tradedash does not know is shown by its code.
func (l Lang) MetricName(code string) string { return l.orCode("metric."+code, code) }

// MetricUnit names what a count measures, for column headers ("ед.",
// "people"), or "" for a metric whose name says it ("Площадь, м²").
func (l Lang) MetricUnit(code string) string {
	if !l.known("unit." + code) {
		return ""
	}
	return l.T("unit." + code)
}

// StatusName names a figure's status: "прогноз", "forecast", "预测".
func (l Lang) StatusName(s tradedash.Status) string {
	return l.orCode("status."+string(s), string(s))
}

// QualifierName names a qualifier for a table column: "более", "over".
func (l Lang) QualifierName(q tradedash.Qualifier) string {
	return l.orCode("qualifier."+string(q), string(q))
}

// Country names a country in l, from the reference data; ALL is the whole
// exhibition. An unknown code is shown as it is.
func (l Lang) Country(code string) string {
	if code == tradedash.AllCountries {
		return l.T("country.all")
	}
	if c, ok := reference.CountryByCode(code); ok {
		return c.Name(string(l))
	}
	return code
}

// Exhibition names an exhibition in l, from the reference data.
func (l Lang) Exhibition(code string) string {
	if e, ok := reference.ExhibitionByCode(code); ok {
		return e.Name(string(l))
	}
	return code
}

// City names the city (or cities) of an exhibition in l.
func (l Lang) City(code string) string {
	if e, ok := reference.ExhibitionByCode(code); ok {
		return e.City(string(l))
	}
	return ""
}

// MilestoneTitle is a milestone's title in l, or, when it has none in l,
// in English, then in Russian, then in Chinese; from says which language the title is in,
// so a page can say that it is not l's.
func (l Lang) MilestoneTitle(m tradedash.Milestone) (title string, from Lang) {
	titles := map[Lang]string{RU: m.TitleRU, EN: m.TitleEN, ZH: m.TitleZH}
	for _, c := range []Lang{l, EN, RU, ZH} {
		if s := titles[c]; s != "" {
			return s, c
		}
	}
	return "", l
}

// known reports whether any language has key.
func (l Lang) known(key string) bool {
	return l.Has(key) || Default.Has(key)
}

func (l Lang) orCode(key, code string) string {
	if !l.known(key) {
		return code
	}
	return l.T(key)
}

// MetricDefinition says what a metric counts, from the metric catalogue
// (reference/metrics.csv), in l; "" for a code the catalogue lacks.
func (l Lang) MetricDefinition(code string) string {
	m, ok := reference.MetricByCode(code)
	if !ok {
		return ""
	}
	return m.Definition(string(l))
}

// BasisName names a figure's basis: "аудит", "organiser", "媒体报道".
func (l Lang) BasisName(b tradedash.Basis) string {
	return l.orCode("basis."+string(b), string(b))
}
