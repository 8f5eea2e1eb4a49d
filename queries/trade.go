package queries

import (
	"context"
	"errors"

	"tradedash"
)

// TradeFilter selects current trade flows.
type TradeFilter struct {
	Reporters []string         // ISO alpha-2; empty: all
	Partners  []string         // ISO alpha-2 or tradedash.World; empty: all
	Flows     []tradedash.Flow // empty: all
	From, To  int              // years; 0: open
	Commodity string           // "" means tradedash.TotalCommodity
	Monthly   bool             // false: whole-year rows only (Month 0, not YTD); true: month rows only (Month > 0), YTD included
}

func (f TradeFilter) where() *where {
	w := &where{}
	w.in("reporter", f.Reporters)
	w.in("partner", f.Partners)
	if len(f.Flows) > 0 {
		flows := make([]string, len(f.Flows))
		for i, fl := range f.Flows {
			flows[i] = string(fl)
		}
		w.in("flow", flows)
	}
	if f.From > 0 {
		w.cond("year >= ?", f.From)
	}
	if f.To > 0 {
		w.cond("year <= ?", f.To)
	}
	commodity := f.Commodity
	if commodity == "" {
		commodity = tradedash.TotalCommodity
	}
	w.cond("commodity = ?", commodity)
	if f.Monthly {
		w.cond("month > 0")
	} else {
		w.cond("month = 0 AND ytd = 0")
	}
	return w
}

// tradeKey is the key of a trade flow, the sorting key of its tables.
const tradeKey = `reporter, partner, flow, year, month, ytd, classification, commodity`

// tradeColumns are a trade flow's stored columns after its key, in the
// order tradeFlowScan reads them.
const tradeColumns = `description, value_usd, quantity, quantity_unit, qualifier, status, source, note, import_id`

// aggregatedTrade selects the current value of every trade flow of the
// imports {{.Where}} leaves in from the history: the one written by the
// latest visible import. A Nullable column's NULL must win when it is the
// latest (a later file gave no quantity): argMax skips NULLs, and a
// one-element tuple is not Nullable, so argMax over it keeps them.
const aggregatedTrade = `SELECT ` + tradeKey + `,
		argMax(description, import_id), argMax(value_usd, import_id) AS current_value,
		tupleElement(argMax(tuple(quantity), import_id), 1), argMax(quantity_unit, import_id),
		argMax(qualifier, import_id), argMax(status, import_id),
		argMax(source, import_id), argMax(note, import_id), max(import_id)
	FROM trade_flows
	WHERE import_id IN (` + visibleImports + `){{.Where}}
	GROUP BY ` + tradeKey

// TradeFlows returns the current trade flows that match f, sorted by
// reporter, partner, flow (in the order of tradedash.Flows), year and
// month.
func (db *DB) TradeFlows(ctx context.Context, f TradeFilter) ([]tradedash.TradeFlow, error) {
	w := f.where()
	return db.tradeFlows(ctx, "trade flows", w, `ORDER BY reporter, partner, flow, year, month, ytd, classification`)
}

// TradeChapters returns the current rows of one reporter/partner/flow/year
// whose commodity is an HS chapter (two digits), sorted by value
// descending, plus the TOTAL row if stored, which comes first. The rows
// are the whole year's (Month 0, not YTD).
func (db *DB) TradeChapters(ctx context.Context, reporter, partner string, flow tradedash.Flow, year int) ([]tradedash.TradeFlow, error) {
	w := &where{}
	w.cond("reporter = ? AND partner = ? AND flow = ? AND year = ? AND month = 0 AND ytd = 0", reporter, partner, string(flow), year)
	w.cond("(commodity = ? OR length(commodity) = 2 AND match(commodity, '^[0-9][0-9]$'))", tradedash.TotalCommodity)
	return db.tradeFlows(ctx, "trade chapters", w, `ORDER BY commodity != 'TOTAL', current_value DESC, commodity, classification`)
}

// tradeFlows reads the current trade flows w selects, in the order
// orderBy gives.
func (db *DB) tradeFlows(ctx context.Context, what string, w *where, orderBy string) ([]tradedash.TradeFlow, error) {
	q, err := sqlf(`SELECT * FROM (`+aggregatedTrade+`) `+orderBy, names{where: w})
	if err != nil {
		return nil, wrap(what, err)
	}
	rows, err := db.conn.Query(ctx, q, w.args...)
	if err != nil {
		return nil, wrap(what, err)
	}
	defer rows.Close()
	var out []tradedash.TradeFlow
	for rows.Next() {
		t, err := scanTradeFlow(rows)
		if err != nil {
			return nil, wrap(what, err)
		}
		out = append(out, t)
	}
	return out, wrap(what, rows.Err())
}

// scanner is a row of a query.
type scanner interface{ Scan(dest ...any) error }

// scanTradeFlow reads a row of tradeKey and tradeColumns.
func scanTradeFlow(r scanner) (tradedash.TradeFlow, error) {
	var t tradedash.TradeFlow
	var flow, q, s string
	var year uint16
	var month, ytd uint8
	if err := r.Scan(&t.Reporter, &t.Partner, &flow, &year, &month, &ytd, &t.Classification, &t.Commodity,
		&t.Description, &t.ValueUSD, &t.Quantity, &t.QuantityUnit, &q, &s, &t.Source, &t.Note, &t.ImportID); err != nil {
		return t, err
	}
	t.Flow, t.Year, t.Month, t.YTD = tradedash.Flow(flow), int(year), int(month), ytd != 0
	t.Qualifier, t.Status = tradedash.Qualifier(q), tradedash.TradeStatus(s)
	return t, nil
}

// AddTradeFlow stages one trade flow of the import.
//
// Trade flows are not stored yet (issue 9 is under way): every one is
// refused, so a trade file is rejected whole and nothing of it is written.
func (imp *Import) AddTradeFlow(ctx context.Context, t tradedash.TradeFlow, row int) error {
	return errors.New("trade flows cannot be stored yet")
}
