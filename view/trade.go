package view

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/reference"
)

// The query parameters TradeParams reads, beside from, to and lang.
const (
	ParamReporter = "reporter"
	ParamPartner  = "partner"
	ParamFlow     = "flow"
	ParamMonthly  = "monthly"
)

// TradeParams is what a /api/v1/trade URL asks for.
type TradeParams struct {
	Reporters []string // ISO alpha-2
	Partners  []string // ISO alpha-2 or tradedash.World
	Flows     []tradedash.Flow
	From, To  int
	Monthly   bool // month rows (year-to-date ones included) instead of whole years
	Lang      locale.Lang
}

// ParseTradeParams reads and validates a trade query like ParseParams reads
// a figures query: known codes only (a partner may be the world, WLD), at
// most MaxCountries reporters and partners, years in range. Errors are
// *ParamError.
func ParseTradeParams(q url.Values) (TradeParams, error) {
	var p TradeParams
	var err error
	country := func(world bool) func(string) (string, bool) {
		return func(s string) (string, bool) {
			if world && strings.EqualFold(s, tradedash.World) {
				return tradedash.World, true
			}
			c, ok := reference.CountryByCode(s)
			return c.Alpha2, ok && c.Alpha2 != tradedash.AllCountries
		}
	}
	if p.Reporters, err = listParam(q, ParamReporter, country(false), suggestCountries); err != nil {
		return TradeParams{}, err
	}
	if err := tooMany(ParamReporter, p.Reporters, MaxCountries); err != nil {
		return TradeParams{}, err
	}
	if p.Partners, err = listParam(q, ParamPartner, country(true), suggestCountries); err != nil {
		return TradeParams{}, err
	}
	if err := tooMany(ParamPartner, p.Partners, MaxCountries); err != nil {
		return TradeParams{}, err
	}
	flows, err := listParam(q, ParamFlow, func(s string) (string, bool) {
		for _, f := range tradedash.Flows {
			if strings.EqualFold(s, string(f)) {
				return string(f), true
			}
		}
		return "", false
	}, func(string) []string { return nil })
	if err != nil {
		return TradeParams{}, err
	}
	for _, f := range flows {
		p.Flows = append(p.Flows, tradedash.Flow(f))
	}
	if p.From, err = year(q, ParamFrom); err != nil {
		return TradeParams{}, err
	}
	if p.To, err = year(q, ParamTo); err != nil {
		return TradeParams{}, err
	}
	if p.From != 0 && p.To != 0 && p.From > p.To {
		return TradeParams{}, &ParamError{Param: ParamFrom, Value: strconv.Itoa(p.From), Problem: ProblemRange}
	}
	if s, err := single(q, ParamMonthly); err != nil {
		return TradeParams{}, err
	} else if s != "" {
		if p.Monthly, err = strconv.ParseBool(s); err != nil {
			return TradeParams{}, &ParamError{Param: ParamMonthly, Value: s, Problem: ProblemUnknown}
		}
	}
	if p.Lang, err = LangParam(q); err != nil {
		return TradeParams{}, err
	}
	return p, nil
}

// Values is the canonical query string of p.
func (p TradeParams) Values() url.Values {
	q := url.Values{}
	if len(p.Reporters) > 0 {
		q.Set(ParamReporter, strings.Join(p.Reporters, ","))
	}
	if len(p.Partners) > 0 {
		q.Set(ParamPartner, strings.Join(p.Partners, ","))
	}
	if len(p.Flows) > 0 {
		fs := make([]string, len(p.Flows))
		for i, f := range p.Flows {
			fs[i] = string(f)
		}
		q.Set(ParamFlow, strings.Join(fs, ","))
	}
	if p.From != 0 {
		q.Set(ParamFrom, strconv.Itoa(p.From))
	}
	if p.To != 0 {
		q.Set(ParamTo, strconv.Itoa(p.To))
	}
	if p.Monthly {
		q.Set(ParamMonthly, "true")
	}
	if p.Lang != "" {
		q.Set(ParamLang, string(p.Lang))
	}
	return q
}

// Trade is the current trade flows of all goods a TradeParams selects, at
// most MaxDataRows of them.
type Trade struct {
	Params    TradeParams
	Vintage   tradedash.Vintage
	Flows     []tradedash.TradeFlow // by reporter, partner, flow, year and month
	Truncated bool                  // more flows match than Flows holds
}

// Trade reads the trade flows p asks for, cached by vintage.
func (v *Views) Trade(ctx context.Context, p TradeParams) (*Trade, error) {
	p.Lang = ""
	return Cached(ctx, v, "trade", p.Values().Encode(), func(vin tradedash.Vintage) (*Trade, int, error) {
		flows, err := v.src.TradeFlows(ctx, queries.TradeFilter{
			Reporters: p.Reporters, Partners: p.Partners, Flows: p.Flows, From: p.From, To: p.To, Monthly: p.Monthly,
		})
		if err != nil {
			return nil, 0, fmt.Errorf("trade: %w", err)
		}
		t := &Trade{Params: p, Vintage: vin, Flows: flows}
		if len(flows) > MaxDataRows {
			t.Flows, t.Truncated = flows[:MaxDataRows], true
		}
		return t, len(t.Flows), nil
	})
}
