package view

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
)

// Limits on what one URL may ask for. They keep every query small and every
// page readable; a URL beyond them gets a 400, never a slow answer.
const (
	MaxCountries   = 12   // countries on one chart or table
	MaxValueLen    = 64   // bytes in one parameter value
	MaxValues      = 32   // values of one parameter, before de-duplication
	MinYear        = 1900 // the first year a URL may name
	MaxYear        = 2100 // the last year a URL may name
	DefaultCountry = "CN"
)

// DefaultExhibition is the exhibition a view shows when the URL names none:
// the founding example.
const DefaultExhibition = "innoprom"

// Params is what a URL asks a view for. It is the whole state of a page:
// Values turns it back into the query string that reproduces it.
//
// Lists keep the order the URL gave (a chart draws its lines in that order)
// without duplicates. An empty list means "the view's default".
type Params struct {
	Exhibitions []string // exhibition codes, e.g. "innoprom"
	Countries   []string // ISO 3166-1 alpha-2 codes, or tradedash.AllCountries
	Metrics     []string // current metric codes, e.g. "exhibitors" (a replaced code is read as its successor)
	// Bases limits figures to claims on these bases: each figure shows its
	// best claim among them ("audited and organiser only"). Empty means
	// every basis.
	Bases    []tradedash.Basis
	From, To int         // the year range, inclusive; 0 when open
	Sort     string      // the Data table's sort column, "-" prefixed for descending
	Lang     locale.Lang // "" when the URL names no language
}

// The query parameters Params reads.
const (
	ParamExhibition = "exhibition"
	ParamCountry    = "country"
	ParamMetric     = "metric"
	ParamBasis      = "basis"
	ParamFrom       = "from"
	ParamTo         = "to"
	ParamSort       = "sort"
	ParamLang       = "lang"
)

// Problem says what is wrong with a parameter.
type Problem int

// The problems ParseParams and the views report.
const (
	ProblemUnknown  Problem = iota + 1 // not a known code
	ProblemYear                        // not a year in MinYear..MaxYear
	ProblemRange                       // from is after to
	ProblemTooLong                     // a value longer than MaxValueLen
	ProblemTooMany                     // more values than the view allows
	ProblemBothMany                    // several countries and several exhibitions at once
	ProblemBadText                     // not valid UTF-8, or control characters
	ProblemSame                        // a pair of one country with itself
	ProblemOutside                     // a year outside the range the URL gives
)

// ParamError is a parameter a view cannot use. Its message is safe to show
// to the user; Message gives it in the user's language.
type ParamError struct {
	Param   string  // the query parameter, e.g. "country"
	Value   string  // the offending value, cut to MaxValueLen and made valid UTF-8
	Problem Problem // what is wrong with it
	Limit   int     // ProblemTooMany: how many values are allowed; ProblemTooLong: how many bytes
	Length  int     // ProblemTooLong: how many bytes the parameter has
	// Suggest are known values to offer for ProblemUnknown: the closest
	// ones, or all of them where there are few.
	Suggest []string
}

// Error is the text for logs and the command line, in English as they are;
// a reader is shown Message in the language of the page.
func (e *ParamError) Error() string {
	return fmt.Sprintf("parameter %s=%q: %s", e.Param, e.Value, e.Message(locale.EN))
}

// Message explains the problem in l, naming the parameter and quoting the
// value. The value is user input: encoders must escape it as any text.
func (e *ParamError) Message(l locale.Lang) string {
	v := e.Value
	switch e.Problem {
	case ProblemUnknown:
		var msg string
		switch e.Param {
		case ParamExhibition, ParamCountry, ParamMetric, ParamSort:
			msg = l.T("param.unknown."+e.Param, v)
		case ParamA, ParamB, ParamReporter, ParamPartner:
			msg = l.T("param.unknown.country", v)
		case ParamFlow:
			flows := make([]string, len(tradedash.Flows))
			for i, f := range tradedash.Flows {
				flows[i] = string(f)
			}
			msg = l.T("trade.param.flow", v, strings.Join(flows, ", "))
		case ParamMonthly:
			msg = l.T("trade.param.monthly", v)
		case ParamLang:
			langs := make([]string, 0, 3)
			for _, k := range locale.Langs() {
				langs = append(langs, string(k))
			}
			msg = l.T("param.unknown.lang", v, strings.Join(langs, ", "))
		default:
			msg = l.T("param.unknown", e.Param, v)
		}
		if len(e.Suggest) > 0 {
			msg += " " + l.T("param.suggest", strings.Join(e.Suggest, ", "))
		}
		return msg
	case ProblemYear:
		return l.T("param.year", e.Param, v, strconv.Itoa(MinYear), strconv.Itoa(MaxYear))
	case ProblemRange:
		return l.T("param.range")
	case ProblemTooLong:
		if e.Length > 0 && e.Limit > 0 {
			return l.T("param.toolong.bytes", e.Param, strconv.Itoa(e.Length), strconv.Itoa(e.Limit))
		}
		return l.T("param.toolong", e.Param)
	case ProblemBadText:
		return l.T("param.badtext", e.Param)
	case ProblemTooMany:
		return l.T("param.toomany", e.Param, strconv.Itoa(e.Limit))
	case ProblemBothMany:
		return l.T("param.bothmany")
	case ProblemSame:
		return l.T("pair.param.same", v)
	case ProblemOutside:
		return l.T("pair.param.outside", e.Param, v)
	}
	return l.T("param.invalid", e.Param)
}

// ParseParams reads and validates the view parameters of a URL query. Only
// known codes pass (exhibitions and countries as reference knows them,
// metrics as tradedash knows them), so nothing from the URL reaches a query
// unchecked. Lists may repeat the parameter (country=CN&country=KZ) or
// separate values by commas (country=CN,KZ). Other parameters are ignored.
//
// Every error is a *ParamError naming the parameter at fault and why: text
// that is not UTF-8 (ProblemBadText) is told apart from text that is too
// long, and an unknown value comes with the known values closest to it.
func ParseParams(q url.Values) (Params, error) {
	var p Params
	var err error
	if p.Exhibitions, err = listParam(q, ParamExhibition, func(s string) (string, bool) {
		e, ok := reference.ExhibitionByCode(strings.ToLower(s))
		return e.Code, ok
	}, suggestExhibitions); err != nil {
		return Params{}, err
	}
	if p.Countries, err = listParam(q, ParamCountry, func(s string) (string, bool) {
		c, ok := reference.CountryByCode(s) // alpha-2, alpha-3 or ALL, any case
		return c.Alpha2, ok
	}, suggestCountries); err != nil {
		return Params{}, err
	}
	// An old link's replaced code (metric=companies) is read as the metric
	// its figures now are, never refused.
	if p.Metrics, err = listParam(q, ParamMetric, func(s string) (string, bool) {
		m, ok := tradedash.CurrentMetric(strings.ToLower(s))
		return m.Code, ok
	}, func(string) []string { return metricCodes() }); err != nil {
		return Params{}, err
	}
	if p.Bases, err = basesParam(q); err != nil {
		return Params{}, err
	}
	if p.From, err = year(q, ParamFrom); err != nil {
		return Params{}, err
	}
	if p.To, err = year(q, ParamTo); err != nil {
		return Params{}, err
	}
	if p.From != 0 && p.To != 0 && p.From > p.To {
		return Params{}, &ParamError{Param: ParamFrom, Value: strconv.Itoa(p.From), Problem: ProblemRange}
	}
	if s, err := single(q, ParamSort); err != nil {
		return Params{}, err
	} else if s != "" {
		if !slices.Contains(SortColumns, strings.TrimPrefix(s, "-")) {
			return Params{}, &ParamError{Param: ParamSort, Value: s, Problem: ProblemUnknown, Suggest: SortColumns}
		}
		p.Sort = s
	}
	if p.Lang, err = LangParam(q); err != nil {
		return Params{}, err
	}
	return p, nil
}

// LangParam reads the lang parameter alone, for pages that take no other
// ("" when the URL names no language). An unknown language is an error like
// any other parameter's, not a silent fallback.
func LangParam(q url.Values) (locale.Lang, error) {
	s, err := single(q, ParamLang)
	if err != nil || s == "" {
		return "", err
	}
	l, ok := locale.Parse(s)
	if !ok {
		return "", &ParamError{Param: ParamLang, Value: s, Problem: ProblemUnknown}
	}
	return l, nil
}

// listParam reads a list parameter and canonicalises every value with known,
// which reports false for a value it does not know; suggest then gives the
// known values to offer instead.
func listParam(q url.Values, name string, known func(string) (string, bool), suggest func(string) []string) ([]string, error) {
	raw := q[name]
	if len(raw) > MaxValues {
		return nil, &ParamError{Param: name, Problem: ProblemTooMany, Limit: MaxValues}
	}
	var out []string
	for _, r := range raw {
		if len(r) > MaxValueLen*MaxValues {
			return nil, tooLong(name, r, MaxValueLen*MaxValues)
		}
		for s := range strings.SplitSeq(r, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if err := checkValue(name, s); err != nil {
				return nil, err
			}
			if len(out) >= MaxValues {
				return nil, &ParamError{Param: name, Problem: ProblemTooMany, Limit: MaxValues}
			}
			c, ok := known(s)
			if !ok {
				return nil, &ParamError{Param: name, Value: s, Problem: ProblemUnknown, Suggest: suggest(s)}
			}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// single reads a parameter that takes one value; a repeated one keeps the last.
func single(q url.Values, name string) (string, error) {
	vs := q[name]
	if len(vs) == 0 {
		return "", nil
	}
	if len(vs) > MaxValues {
		return "", &ParamError{Param: name, Problem: ProblemTooMany, Limit: 1}
	}
	s := strings.TrimSpace(vs[len(vs)-1])
	return s, checkValue(name, s)
}

// checkValue refuses a value that is not text (invalid UTF-8 from a
// percent-encoded byte, or control characters) and then one that is too
// long, in that order, so the message gives the real reason.
func checkValue(name, s string) error {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return &ParamError{Param: name, Value: cut(s), Problem: ProblemBadText}
	}
	if len(s) > MaxValueLen {
		return tooLong(name, s, MaxValueLen)
	}
	return nil
}

// tooLong is the error of a parameter whose value s is over limit bytes.
func tooLong(name, s string, limit int) *ParamError {
	return &ParamError{Param: name, Value: cut(s), Problem: ProblemTooLong, Limit: limit, Length: len(s)}
}

// QueryTooLong names the parameter that makes a query string longer than
// limit bytes: the one with the most bytes. A server that refuses long
// query strings before parsing them uses it, so the user learns which
// parameter to shorten rather than a general complaint.
func QueryTooLong(q url.Values, limit int) *ParamError {
	name, size := "", -1
	for k, vs := range q {
		n := 0
		for _, v := range vs {
			n += len(k) + len(v) + 2
		}
		if n > size || n == size && k < name {
			name, size = k, n
		}
	}
	if size < 0 {
		return &ParamError{Param: "?", Problem: ProblemTooLong, Limit: limit}
	}
	e := &ParamError{Param: cut(name), Problem: ProblemTooLong, Limit: limit, Length: size}
	if vs := q[name]; len(vs) > 0 {
		e.Value = cut(vs[len(vs)-1])
	}
	return e
}

// cut shortens s for an error message without splitting a character, and
// replaces what is not UTF-8, control characters and invisible format
// characters (a right-to-left override would reorder the message).
func cut(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return '�'
		}
		return r
	}, strings.ToValidUTF8(s, "�"))
	if len(s) <= MaxValueLen {
		return s
	}
	for i := MaxValueLen; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return ""
}

// suggestExhibitions offers the codes of the exhibitions a value may mean:
// the one it names ("Иннопром" is innoprom), else the closest names, else
// every code (there are few).
func suggestExhibitions(s string) []string {
	e, err := reference.ResolveExhibition(s)
	if err == nil {
		return []string{e.Code}
	}
	var ue *reference.UnknownError
	if errors.As(err, &ue) && len(ue.Suggestions) > 0 {
		return ue.Suggestions
	}
	var codes []string
	for _, e := range reference.Exhibitions() {
		codes = append(codes, e.Code)
	}
	return codes
}

// suggestCountries offers the code of the country a value names ("China"
// is CN) or the closest names with their codes. There are too many
// countries to list them all.
func suggestCountries(s string) []string {
	c, err := reference.ResolveCountry(s)
	if err == nil {
		return []string{c.Alpha2}
	}
	var ue *reference.UnknownError
	if errors.As(err, &ue) {
		return ue.Suggestions
	}
	return nil
}

// metricCodes lists the current metric codes, the ones a link should use.
func metricCodes() []string {
	var codes []string
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy == "" {
			codes = append(codes, m.Code)
		}
	}
	return codes
}

func basisCodes() []string {
	codes := make([]string, len(tradedash.Bases))
	for i, b := range tradedash.Bases {
		codes[i] = string(b)
	}
	return codes
}

func year(q url.Values, name string) (int, error) {
	s, err := single(q, name)
	if err != nil || s == "" {
		return 0, err
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < MinYear || y > MaxYear {
		return 0, &ParamError{Param: name, Value: s, Problem: ProblemYear}
	}
	return y, nil
}

// Values is the canonical query string of p: a copied link with it
// reproduces the view, and two URLs that mean the same give the same Values.
func (p Params) Values() url.Values {
	q := url.Values{}
	if len(p.Exhibitions) > 0 {
		q.Set(ParamExhibition, strings.Join(p.Exhibitions, ","))
	}
	if len(p.Countries) > 0 {
		q.Set(ParamCountry, strings.Join(p.Countries, ","))
	}
	if len(p.Metrics) > 0 {
		q.Set(ParamMetric, strings.Join(p.Metrics, ","))
	}
	setBases(q, p.Bases)
	if p.From != 0 {
		q.Set(ParamFrom, strconv.Itoa(p.From))
	}
	if p.To != 0 {
		q.Set(ParamTo, strconv.Itoa(p.To))
	}
	if p.Sort != "" {
		q.Set(ParamSort, p.Sort)
	}
	if p.Lang != "" {
		q.Set(ParamLang, string(p.Lang))
	}
	return q
}

// key is the cache key of the data p selects: everything but the language
// and the sort order, which only change how the same result is shown.
func (p Params) key() string {
	p.Lang, p.Sort = "", ""
	return p.Values().Encode()
}

// tooMany reports a list longer than max as a ParamError.
func tooMany(param string, vs []string, max int) error {
	if len(vs) > max {
		return &ParamError{Param: param, Value: strings.Join(vs, ","), Problem: ProblemTooMany, Limit: max}
	}
	return nil
}

// orDefault returns vs, or def when vs is empty.
func orDefault(vs, def []string) []string {
	if len(vs) == 0 {
		return def
	}
	return vs
}

// basesParam reads the basis parameter: the bases a view is limited to.
func basesParam(q url.Values) ([]tradedash.Basis, error) {
	codes, err := listParam(q, ParamBasis, func(s string) (string, bool) {
		b := tradedash.Basis(strings.ToLower(s))
		return string(b), slices.Contains(tradedash.Bases, b)
	}, func(string) []string { return basisCodes() })
	if err != nil {
		return nil, err
	}
	var bases []tradedash.Basis
	for _, b := range codes {
		bases = append(bases, tradedash.Basis(b))
	}
	return bases, nil
}

// setBases sets the basis parameter of q to bases, when there are any.
func setBases(q url.Values, bases []tradedash.Basis) {
	if len(bases) == 0 {
		return
	}
	bs := make([]string, len(bases))
	for i, b := range bases {
		bs[i] = string(b)
	}
	q.Set(ParamBasis, strings.Join(bs, ","))
}
