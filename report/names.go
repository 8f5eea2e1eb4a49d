package report

import (
	"strconv"
	"strings"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
)

// The report's texts are messages of package locale (report.*, col.*,
// metric.*, ...), shared with the dashboard, so that a report says what the
// page says. These helpers put a few of them together.

// metricHeader names a metric with its unit, for a column header:
// "Компании, ед.", "企业（家）". The area's unit is in its name already
// ("Площадь, м²").
func metricHeader(l locale.Lang, code string) string {
	if u := l.MetricUnit(code); u != "" {
		return l.T("report.metric.unit", l.MetricName(code), u)
	}
	return l.MetricName(code)
}

// qualifierCell is a qualifier as the Data sheet and the CSV write it: empty
// for an exact figure, the dashboard's word otherwise ("более", "about").
// The importer reads these words back.
func qualifierCell(l locale.Lang, q tradedash.Qualifier) string {
	if q == tradedash.Exact || q == "" {
		return ""
	}
	return l.QualifierName(q)
}

// yearsText says which years a view covers: "2011–2025", "2011–2025年", or
// "all".
func yearsText(l locale.Lang, years []int, from, to int) string {
	switch {
	case len(years) > 0:
		first, last := years[0], years[len(years)-1]
		if first == last {
			return l.Year(first)
		}
		return l.T("report.years.range", strconv.Itoa(first), strconv.Itoa(last))
	case from != 0 && to != 0:
		return l.T("report.years.range", strconv.Itoa(from), strconv.Itoa(to))
	case from != 0:
		return l.T("report.years.from", strconv.Itoa(from))
	case to != 0:
		return l.T("report.years.to", strconv.Itoa(to))
	}
	return l.T("report.years.all")
}

// vintageText says which import the data is as of: "импорт № 5 от
// 25.11.2026 01:54 UTC".
func vintageText(l locale.Lang, v tradedash.Vintage) string {
	if v.ImportID == 0 {
		return l.T("report.vintage.none")
	}
	return l.T("report.vintage.import", strconv.FormatUint(v.ImportID, 10), l.Time(v.At))
}

// listNames joins the names of codes: "ИННОПРОМ, Российско-Китайское ЭКСПО".
func listNames(l locale.Lang, codes []string, name func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return strings.Join(out, l.T("report.list.sep"))
}

// quoteList quotes each name the language's way and joins them:
// "«Данные (2)», «Данные (3)»", "“数据 (2)”、“数据 (3)”".
func quoteList(l locale.Lang, names []string) string {
	out := make([]string, len(names))
	for i, s := range names {
		out[i] = l.T("report.quote", s)
	}
	return strings.Join(out, l.T("report.list.sep"))
}

// importNames says what the Data sheet and the CSV write in the exhibition
// and country columns: the reference data's name in the report's language
// when the importer resolves it back to the same code, else the code
// itself. It remembers each answer: a large export names a handful of
// codes a million times.
type importNames struct {
	l           locale.Lang
	exhibitions map[string]string
	countries   map[string]string
	lastEx      [2]string // the last code asked for and its answer
	lastCountry [2]string
	// words remembers the metric, status and qualifier words: a few
	// dozen, asked for once per row each.
	words map[wordKey]string
}

type wordKey struct {
	kind byte // 'm'etric, 's'tatus, 'q'ualifier, 'b'asis, 'p'referred
	code string
}

func newImportNames(l locale.Lang) *importNames {
	return &importNames{l: l, exhibitions: map[string]string{}, countries: map[string]string{}, words: map[wordKey]string{}}
}

// word returns name(code), remembered under kind and code.
func (n *importNames) word(kind byte, code string, name func() string) string {
	key := wordKey{kind, code}
	if s, ok := n.words[key]; ok {
		return s
	}
	s := name()
	if len(n.words) < 1000 {
		n.words[key] = s
	}
	return s
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
	name := n.l.Exhibition(code)
	if back, year, err := reference.ResolveExhibitionYear(name); err == nil && back.Code == code && year == 0 {
		s = name
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
	// The reference data's name, not l.Country: for the whole exhibition
	// the dashboard says "Все участники", and the importer reads the
	// reference's "Все страны", "All countries", "所有国家".
	if c, ok := reference.CountryByCode(code); ok {
		name := c.Name(string(n.l))
		if back, err := reference.ResolveCountry(name); err == nil && back.Alpha2 == code {
			s = name
		}
	}
	if len(n.countries) < 1000 {
		n.countries[code] = s
	}
	return s
}

// metric names a metric for the Data sheet and the CSV: the dashboard's
// name, which the importer reads as a metric.
func (n *importNames) metric(code string) string {
	return n.word('m', code, func() string { return n.l.MetricName(code) })
}

// status names a status as the dashboard does ("прогноз").
func (n *importNames) status(s tradedash.Status) string {
	return n.word('s', string(s), func() string { return n.l.StatusName(s) })
}

// basis names a claim's basis as the dashboard does ("организатор"), which
// the importer reads back; empty when the basis is not stated, as the
// importer reads an empty cell.
func (n *importNames) basis(b tradedash.Basis) string {
	if b == tradedash.Unstated || b == "" {
		return ""
	}
	return n.word('b', string(b), func() string { return n.l.BasisName(b) })
}

// preferred is the preferred column's cell: "да", "yes", "是" for a claim
// the file marked preferred, empty otherwise.
func (n *importNames) preferred(p bool) string {
	if !p {
		return ""
	}
	return n.word('p', "yes", func() string { return n.l.T("report.claims.yes") })
}

// qualifier is qualifierCell, remembered.
func (n *importNames) qualifier(q tradedash.Qualifier) string {
	return n.word('q', string(q), func() string { return qualifierCell(n.l, q) })
}
