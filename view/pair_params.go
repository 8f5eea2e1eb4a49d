package view

import (
	"net/url"
	"strconv"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
)

// The pair shown when neither the URL nor the data names one: the
// founding example.
const (
	DefaultPairA = "RU"
	DefaultPairB = "CN"
)

// The query parameters PairParams reads, beside from, to and lang.
const (
	ParamA    = "a"
	ParamB    = "b"
	ParamBase = "base" // the indexed view's base year
	ParamYear = "year" // the commodity structure's year
)

// PairParams is the whole state of a pair page: Values turns it back into
// the query string that reproduces it.
type PairParams struct {
	A, B     string // ISO 3166-1 alpha-2; "" when the URL names none
	From, To int    // the year range, inclusive; 0 when open
	Base     int    // the indexed view's base year; 0 for the default
	Year     int    // the commodity structure's year; 0 for the latest with data
	// Bases limits the exhibition figures to claims on these bases, as
	// Params.Bases does; trade flows have no basis.
	Bases []tradedash.Basis
	Lang  locale.Lang
}

// ParsePairParams reads and validates the parameters of a pair URL. Both
// countries must be real countries (not the whole-exhibition code) and
// differ; the years are checked like ParseParams checks them, and the base
// year must lie in the range when the range is given. Errors are
// *ParamError.
func ParsePairParams(q url.Values) (PairParams, error) {
	var p PairParams
	var err error
	if p.A, err = pairCountry(q, ParamA); err != nil {
		return PairParams{}, err
	}
	if p.B, err = pairCountry(q, ParamB); err != nil {
		return PairParams{}, err
	}
	if p.A != "" && p.A == p.B {
		return PairParams{}, &ParamError{Param: ParamB, Value: p.B, Problem: ProblemSame}
	}
	for _, y := range []struct {
		name string
		to   *int
	}{{ParamFrom, &p.From}, {ParamTo, &p.To}, {ParamBase, &p.Base}, {ParamYear, &p.Year}} {
		if *y.to, err = year(q, y.name); err != nil {
			return PairParams{}, err
		}
	}
	if p.From != 0 && p.To != 0 && p.From > p.To {
		return PairParams{}, &ParamError{Param: ParamFrom, Value: strconv.Itoa(p.From), Problem: ProblemRange}
	}
	if p.Base != 0 && (p.From != 0 && p.Base < p.From || p.To != 0 && p.Base > p.To) {
		return PairParams{}, &ParamError{Param: ParamBase, Value: strconv.Itoa(p.Base), Problem: ProblemOutside}
	}
	if p.Bases, err = basesParam(q); err != nil {
		return PairParams{}, err
	}
	if p.Lang, err = LangParam(q); err != nil {
		return PairParams{}, err
	}
	return p, nil
}

// pairCountry reads one country of the pair.
func pairCountry(q url.Values, name string) (string, error) {
	s, err := single(q, name)
	if err != nil || s == "" {
		return "", err
	}
	c, ok := reference.CountryByCode(s)
	if !ok || c.Alpha2 == tradedash.AllCountries {
		return "", &ParamError{Param: name, Value: s, Problem: ProblemUnknown, Suggest: suggestCountries(s)}
	}
	return c.Alpha2, nil
}

// Values is the canonical query string of p.
func (p PairParams) Values() url.Values {
	q := url.Values{}
	set := func(name string, v int) {
		if v != 0 {
			q.Set(name, strconv.Itoa(v))
		}
	}
	if p.A != "" {
		q.Set(ParamA, p.A)
	}
	if p.B != "" {
		q.Set(ParamB, p.B)
	}
	set(ParamFrom, p.From)
	set(ParamTo, p.To)
	set(ParamBase, p.Base)
	set(ParamYear, p.Year)
	setBases(q, p.Bases)
	if p.Lang != "" {
		q.Set(ParamLang, string(p.Lang))
	}
	return q
}

// key is the cache key of the data p selects: everything but the language.
func (p PairParams) key() string {
	p.Lang = ""
	return p.Values().Encode()
}
