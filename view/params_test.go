package view

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
)

// Every parameter's error names that parameter and the real reason: text
// that is not UTF-8 is not "too long", a long exhibition is not about
// countries, an unknown value comes with what to write instead.
func TestParamErrors(t *testing.T) {
	tests := []struct {
		query   string
		param   string
		problem Problem
		en, ru  []string // in the message
	}{
		{"metric=%ff%fe", ParamMetric, ProblemBadText, []string{"Parameter metric is not valid text"}, []string{"Параметр metric — не текст"}},
		{"lang=en%00", ParamLang, ProblemBadText, []string{"Parameter lang is not valid text"}, nil},
		{"exhibition=" + strings.Repeat("x", 8000), ParamExhibition, ProblemTooLong,
			[]string{"Parameter exhibition is too long: 8000 bytes, at most 2048 allowed."}, []string{"Параметр exhibition слишком длинный: 8000 байт"}},
		{"country=" + strings.Repeat("x", 100), ParamCountry, ProblemTooLong, []string{"Parameter country is too long: 100 bytes, at most 64 allowed."}, nil},
		{"exhibition=innoprm", ParamExhibition, ProblemUnknown, []string{"Unknown exhibition “innoprm”.", "Try: innoprom"}, []string{"Возможные значения:"}},
		{"exhibition=%D0%98%D0%BD%D0%BD%D0%BE%D0%BF%D1%80%D0%BE%D0%BC", ParamExhibition, ProblemUnknown, []string{"Try: innoprom."}, nil},
		{"exhibition=qqqq", ParamExhibition, ProblemUnknown, []string{"Try: innoprom, ", "canton_fair"}, nil},
		{"country=China", ParamCountry, ProblemUnknown, []string{"Unknown country code “China”", "Try: CN."}, nil},
		{"metric=visitor", ParamMetric, ProblemUnknown, []string{"Unknown metric “visitor”.", "Try: ", "visitors", "space_reported_m2"}, nil},
		{"basis=rumour", ParamBasis, ProblemUnknown, []string{"Invalid parameter basis: unknown value “rumour”.", "Try: unstated, audited, organiser, official, press, estimate."}, nil},
		{"sort=price", ParamSort, ProblemUnknown, []string{"Try: year, "}, nil},
		{"lang=zz", ParamLang, ProblemUnknown, []string{"Unknown language “zz”: use ru, en, zh."}, []string{"Неизвестный язык «zz»"}},
	}
	for _, tt := range tests {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseParams(q)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != tt.param || pe.Problem != tt.problem {
			t.Errorf("%.40s: err = %v, want %s problem %d", tt.query, err, tt.param, tt.problem)
			continue
		}
		for l, wants := range map[locale.Lang][]string{locale.EN: tt.en, locale.RU: tt.ru} {
			msg := pe.Message(l)
			for _, w := range wants {
				if !strings.Contains(msg, w) {
					t.Errorf("%.40s: %s message %q lacks %q", tt.query, l, msg, w)
				}
			}
		}
	}
}

func TestLangParam(t *testing.T) {
	for query, want := range map[string]locale.Lang{"": "", "lang=EN": locale.EN, "lang=ru": locale.RU, "other=x": ""} {
		q, _ := url.ParseQuery(query)
		if l, err := LangParam(q); err != nil || l != want {
			t.Errorf("LangParam(%q) = %q, %v; want %q", query, l, err, want)
		}
	}
	for _, query := range []string{"lang=zz", "lang=%ff", "lang=" + strings.Repeat("e", 65)} {
		q, _ := url.ParseQuery(query)
		var pe *ParamError
		if _, err := LangParam(q); !errors.As(err, &pe) || pe.Param != ParamLang {
			t.Errorf("LangParam(%.20q) error = %v, want one about lang", query, err)
		}
	}
}

func TestQueryTooLong(t *testing.T) {
	q := url.Values{"country": {"CN"}, "exhibition": {strings.Repeat("x", 8000)}, "lang": {"ru"}}
	e := QueryTooLong(q, 2048)
	if e.Param != ParamExhibition || e.Problem != ProblemTooLong || e.Length != 8000+len("exhibition")+2 || len(e.Value) > MaxValueLen+len("…") {
		t.Errorf("QueryTooLong = %+v", e)
	}
	if msg := e.Message(locale.EN); !strings.Contains(msg, "Parameter exhibition is too long") {
		t.Errorf("message %q", msg)
	}
	// The longest parameter may have any name: it is echoed without the
	// characters that would rewrite the message around it.
	q = url.Values{"a\u202e\x1bb": {strings.Repeat("x", 3000)}}
	if e := QueryTooLong(q, 2048); strings.ContainsAny(e.Param+e.Message(locale.EN), "\u202e\x1b") {
		t.Errorf("QueryTooLong echoes a control or format character: %q", e.Message(locale.EN))
	}
}

// FuzzParams checks ParseParams on any query: a valid view or an error
// naming a parameter of the query, never a panic; the parameter named is
// really at fault (it fails alone, with the same problem); and what passes
// is known codes only, valid UTF-8, none over-long, reproduced by Values.
func FuzzParams(f *testing.F) {
	for _, s := range []string{
		"", "exhibition=INNOPROM&country=cn,by&country=CN&metric=area_m2&from=2015&to=2024&lang=EN&sort=-year",
		"metric=companies,exhibitors&basis=press,Audited", "basis=rumour",
		"metric=%ff%fe", "country=%3Cscript%3E", "from=2020&to=2019", "lang=zz", "sort=-value",
		"exhibition=" + strings.Repeat("x", 3000), "country=CN,,KZ,%20,ALL", "from=+2015", "to=2015.0",
		"lang=%00", "country=cn&country=" + strings.Repeat("CN,", 40), "exhibition=Иннопром",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := ParseParams(q)
		if err != nil {
			checkParamError(t, q, err)
			return
		}
		checkParams(t, raw, p)
		again, err := ParseParams(p.Values())
		if err != nil || !equalParams(again, p) {
			t.Errorf("%q: round trip %+v, %v; want %+v", raw, again, err, p)
		}
	})
}

func checkParamError(t *testing.T, q url.Values, err error) {
	t.Helper()
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("%v: error %v is not a ParamError", q, err)
	}
	if _, ok := q[pe.Param]; !ok {
		t.Fatalf("%v: error names %q, which the query does not have: %v", q, pe.Param, err)
	}
	if !utf8.ValidString(pe.Value) || len(pe.Value) > MaxValueLen+len("…") || strings.ContainsFunc(pe.Value, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		t.Errorf("%v: error value %q is not short clean text", q, pe.Value)
	}
	for _, l := range locale.Langs() {
		if msg := pe.Message(l); msg == "" || !utf8.ValidString(msg) {
			t.Errorf("%v: message %q", q, msg)
		}
	}
	if pe.Problem == ProblemRange {
		if _, ok := q[ParamTo]; !ok {
			t.Errorf("%v: a range error without %s", q, ParamTo)
		}
		return
	}
	// The parameter named fails alone with the same problem: the error is
	// about it, not about another parameter read before it.
	_, alone := ParseParams(url.Values{pe.Param: q[pe.Param]})
	var pa *ParamError
	if !errors.As(alone, &pa) || pa.Param != pe.Param || pa.Problem != pe.Problem {
		t.Errorf("%v: error %v, but %s alone gives %v", q, err, pe.Param, alone)
	}
}

func checkParams(t *testing.T, raw string, p Params) {
	t.Helper()
	check := func(param string, vs []string, known func(string) bool) {
		for _, v := range vs {
			if !utf8.ValidString(v) || len(v) > MaxValueLen || !known(v) {
				t.Errorf("%q: %s filter has %q", raw, param, v)
			}
		}
		if len(vs) > MaxValues {
			t.Errorf("%q: %d values of %s", raw, len(vs), param)
		}
	}
	check(ParamExhibition, p.Exhibitions, func(s string) bool { e, ok := reference.ExhibitionByCode(s); return ok && e.Code == s })
	check(ParamCountry, p.Countries, func(s string) bool { c, ok := reference.CountryByCode(s); return ok && c.Alpha2 == s })
	check(ParamMetric, p.Metrics, func(s string) bool {
		m, ok := tradedash.MetricByCode(s)
		return ok && m.Code == s && m.ReplacedBy == ""
	})
	for _, b := range p.Bases {
		if !slices.Contains(tradedash.Bases, b) {
			t.Errorf("%q: basis filter has %q", raw, b)
		}
	}
	if p.From != 0 && (p.From < MinYear || p.From > MaxYear) || p.To != 0 && (p.To < MinYear || p.To > MaxYear) || p.From != 0 && p.To != 0 && p.From > p.To {
		t.Errorf("%q: years %d..%d", raw, p.From, p.To)
	}
	if _, ok := locale.Parse(string(p.Lang)); p.Lang != "" && !ok {
		t.Errorf("%q: lang %q", raw, p.Lang)
	}
	if p.Sort != "" {
		check(ParamSort, []string{p.Sort}, func(s string) bool {
			for _, c := range SortColumns {
				if s == c || s == "-"+c {
					return true
				}
			}
			return false
		})
	}
}

func equalParams(a, b Params) bool {
	return a.Values().Encode() == b.Values().Encode()
}
