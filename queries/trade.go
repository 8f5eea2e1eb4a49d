package queries

import (
	"context"
	"fmt"
	"math"
	"strings"

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

// tradeValues are a trade flow's stored columns after its key, in the
// order scanTradeFlow reads them.
const tradeValues = `description, value_usd, quantity, quantity_unit, qualifier, status, source, note, import_id`

// tradeLatest is the current value of every column of tradeValues among
// the rows of one key: the latest import's. A Nullable column's NULL must
// win when it is the latest (a later file gave no quantity), but argMax
// skips NULLs: so the latest row's isNull and its value with NULL as 0 are
// taken apart (latestQuantity). An argMax over a one-element tuple would
// keep NULLs too, but 18.16 merges its states from several shards wrong
// (a NULL comes back as a tiny number), and a Distributed table's
// aggregate merges them.
const tradeLatest = `argMax(description, import_id), argMax(value_usd, import_id) AS current_value,
		` + latestQuantity + `, argMax(quantity_unit, import_id),
		argMax(qualifier, import_id), argMax(status, import_id),
		argMax(source, import_id), argMax(note, import_id), max(import_id)`

// latestQuantity is the quantity of the latest import among the rows of a
// key, NULL when that import gave none (see tradeLatest).
const latestQuantity = `if(argMax(isNull(quantity), import_id) = 1, NULL, argMax(ifNull(quantity, 0), import_id))`

// tradeSet is the trade flows' generations (current.go). A trade
// generation covers the visible imports that wrote trade flows
// (trade_imports), so that an import of figures or milestones alone leaves
// it current.
var tradeSet = newCurrentSet(currentSet{
	history: "trade_flows", current: "trade_current", log: "trade_generations",
	key: tradeKey, values: tradeValues, latest: tradeLatest,
	covers: `SELECT arraySort(groupArray(import_id)) FROM (` + visibleImports + `)
		WHERE import_id IN (SELECT import_id FROM trade_imports)`,
})

// tradeGeneration returns the current trade generation, 0 when readers
// must aggregate the history.
func (db *DB) tradeGeneration(ctx context.Context) (uint64, error) {
	return db.generationOf(ctx, tradeSet)
}

// currentTrade selects the current trade flows from a trade generation
// ({{.Generation}}: its id, or tradeSet.chosen) without touching the
// history; {{.Table}} is trade_current (or, for the benchmark's floor, a
// plain table of the same columns whose rows all have generation 0).
const currentTrade = `SELECT ` + tradeKey + `, description, value_usd AS current_value,
		quantity, quantity_unit, qualifier, status, source, note, import_id
	FROM {{.Table}}
	WHERE generation = {{.Generation}}{{.Where}}`

// aggregatedTrade selects the current value of every trade flow of the
// imports {{.Where}} leaves in from the history: the one written by the
// latest visible import. It is what a generation holds, and what readers
// fall back to while there is none.
const aggregatedTrade = `SELECT ` + tradeKey + `, ` + tradeLatest + `
	FROM trade_flows
	WHERE import_id {{.In}} (` + visibleImports + `){{.Where}}
	GROUP BY ` + tradeKey

// TradeFlows returns the current trade flows that match f, sorted by
// reporter, partner, flow (in the order of tradedash.Flows), year and
// month.
func (db *DB) TradeFlows(ctx context.Context, f TradeFilter) ([]tradedash.TradeFlow, error) {
	return db.tradeFlows(ctx, "trade flows", f.where(), tradeFlowsOrder)
}

const tradeFlowsOrder = `ORDER BY reporter, partner, flow, year, month, ytd, classification`

// TradeChapters returns the current rows of one reporter/partner/flow/year
// whose commodity is an HS chapter (two digits), sorted by value
// descending, plus the TOTAL row if stored, which comes first. The rows
// are the whole year's (Month 0, not YTD).
func (db *DB) TradeChapters(ctx context.Context, reporter, partner string, flow tradedash.Flow, year int) ([]tradedash.TradeFlow, error) {
	return db.tradeFlows(ctx, "trade chapters", chaptersWhere(reporter, partner, flow, year), tradeChaptersOrder)
}

func chaptersWhere(reporter, partner string, flow tradedash.Flow, year int) *where {
	w := &where{}
	w.cond("reporter = ? AND partner = ? AND flow = ? AND year = ? AND month = 0 AND ytd = 0", reporter, partner, string(flow), year)
	w.cond("(commodity = ? OR length(commodity) = 2 AND match(commodity, '^[0-9][0-9]$'))", tradedash.TotalCommodity)
	return w
}

const tradeChaptersOrder = `ORDER BY commodity != 'TOTAL', current_value DESC, commodity, classification`

// tradeFlows reads the current trade flows w selects, in the order
// orderBy gives: from the current trade generation, chosen inside the
// statement (current.go), or aggregated from the history while there is
// none.
func (db *DB) tradeFlows(ctx context.Context, what string, w *where, orderBy string) ([]tradedash.TradeFlow, error) {
	out, err := db.tradeFlowsOf(ctx, tradeSet.chosen, what, w, orderBy)
	if noGeneration(err) {
		return db.tradeFlowsOf(ctx, "", what, w, orderBy)
	}
	return out, err
}

// tradeFlowsOf reads them from generation g (an id, or tradeSet.chosen),
// or from the history when g is "".
func (db *DB) tradeFlowsOf(ctx context.Context, g string, what string, w *where, orderBy string) ([]tradedash.TradeFlow, error) {
	stmt, n := currentTrade, names{table: "trade_current", where: w, generation: g}
	if g == "" {
		stmt, n = `SELECT * FROM (`+aggregatedTrade+`)`, names{where: w}
	}
	q, err := db.sqlf(stmt+` `+orderBy, n)
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

// TradeFlowsSQL and TradeChaptersSQL are the statements TradeFlows and
// TradeChapters run, with their arguments written in as literals: over
// table with generation 0 when table is given (a plain table of
// trade_current's columns, the benchmark's floor), else over
// trade_current with the current generation looked up inside (see
// FiguresSQL). They are never used to run a query from user input.
func TradeFlowsSQL(f TradeFilter, table string) string {
	return tradeSQL(f.where(), tradeFlowsOrder, table)
}

// TradeChaptersSQL: see TradeFlowsSQL.
func TradeChaptersSQL(reporter, partner string, flow tradedash.Flow, year int, table string) string {
	return tradeSQL(chaptersWhere(reporter, partner, flow, year), tradeChaptersOrder, table)
}

// TradeGenerationSQL selects the current trade generation, for the
// benchmark's statements (see TradeFlowsSQL).
func TradeGenerationSQL() string { return tradeSet.currentSQL }

func tradeSQL(w *where, orderBy, table string) string {
	g := tradeSet.chosen
	if table != "" {
		g = "0"
	} else {
		table = "trade_current"
	}
	sql, err := sqlf(currentTrade+` `+orderBy, names{table: table, where: w, generation: g})
	if err != nil {
		panic(err) // a fixed table name and the filter's conditions
	}
	for _, a := range w.args {
		sql = strings.Replace(sql, "?", literal(a), 1)
	}
	return sql
}

// scanner is a row of a query.
type scanner interface{ Scan(dest ...any) error }

// scanTradeFlow reads a row of tradeKey and tradeValues.
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

// tradeColumns holds a batch of trade flows column by column, as
// stageColumns does figures.
type tradeColumns struct {
	reporter, partner, classification, commodity, description, unit, source, note []string
	flow, qualifier, status                                                       []int8
	year                                                                          []uint16
	month, ytd                                                                    []uint8
	value                                                                         []float64
	quantity                                                                      []*float64
	row                                                                           []uint32
}

func (c tradeColumns) len() int { return len(c.row) }

// stageTrade writes a batch of staged trade flows into the import's
// partition of its table.
const stageTrade = `INSERT INTO {{.Table}} (` + tradeKey + `, description, value_usd, quantity, quantity_unit,
	qualifier, status, source, note, import_id, file_row)`

func (c tradeColumns) insert(imp *Import) (string, string) { return stageTrade, imp.tradeT }

func (c tradeColumns) columns(part uint64) []any {
	return []any{c.reporter, c.partner, c.flow, c.year, c.month, c.ytd, c.classification, c.commodity,
		c.description, c.value, c.quantity, c.unit, c.qualifier, c.status, c.source, c.note,
		partIDs(part, c.len()), c.row}
}

// AddTradeFlow stages one validated trade flow of the import; row is its
// row in the file. Its key must be new to the import: TradeDuplicates
// finds the rows that repeat one, and a commit refuses them.
func (imp *Import) AddTradeFlow(ctx context.Context, t tradedash.TradeFlow, row int) error {
	flow, err := enumIndex(tradedash.Flows, t.Flow)
	if err != nil {
		return fmt.Errorf("flow: %w", err)
	}
	q, err := enumIndex(tradedash.Qualifiers, t.Qualifier)
	if err != nil {
		return fmt.Errorf("qualifier: %w", err)
	}
	s, err := enumIndex(tradedash.TradeStatuses, t.Status)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if t.Year < 1 || t.Year > math.MaxUint16 || t.Month < 0 || t.Month > 12 || t.YTD && t.Month == 0 {
		return fmt.Errorf("period %d-%d (year to date: %v) cannot be stored", t.Year, t.Month, t.YTD)
	}
	var ytd uint8
	if t.YTD {
		ytd = 1
	}
	var quantity *float64
	if t.Quantity != nil {
		v := *t.Quantity
		quantity = &v
	}
	c := &imp.trade
	c.reporter = append(c.reporter, imp.intern(t.Reporter))
	c.partner = append(c.partner, imp.intern(t.Partner))
	c.flow = append(c.flow, flow)
	c.year = append(c.year, uint16(t.Year))
	c.month = append(c.month, uint8(t.Month))
	c.ytd = append(c.ytd, ytd)
	c.classification = append(c.classification, imp.intern(t.Classification))
	c.commodity = append(c.commodity, t.Commodity)
	c.description = append(c.description, t.Description)
	c.value = append(c.value, t.ValueUSD)
	c.quantity = append(c.quantity, quantity)
	c.unit = append(c.unit, imp.intern(t.QuantityUnit))
	c.qualifier = append(c.qualifier, q)
	c.status = append(c.status, s)
	c.source = append(c.source, imp.intern(t.Source))
	c.note = append(c.note, imp.intern(t.Note))
	c.row = append(c.row, uint32(row))
	imp.tradeRows++
	imp.tradeOK = false
	if c.len() >= stageSize {
		return imp.flush(ctx)
	}
	return nil
}
