package queries

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// TradeChange is one trade flow an import would change: its current and
// new record.
type TradeChange struct {
	Old, New tradedash.TradeFlow
	Row      int // the row of the new value in the file
}

// The import's trade flows (in its table, partition ?) beside the current
// ones of the same reporters, as stagedRows does for figures: from the
// current trade generation (arguments: the partition, the generation, the
// partition) or, while there is none, aggregated from the history (the
// partition twice). Rows with no current value have cur_import_id 0.
//
// NULL quantities are compared with isNull and ifNull, since NULL != x is
// NULL, and aggregated as latestQuantity does.
const (
	stagedTrade = `
	SELECT ` + tradeKey + `, description, value_usd, quantity, quantity_unit, qualifier, status, source, note, file_row,
		cur_description, cur_value, cur_quantity, cur_unit, cur_qualifier, cur_status, cur_source, cur_note, cur_import_id
	FROM (
		SELECT ` + tradeKey + `, ` + tradeValues + `, file_row
		FROM {{.Table}} WHERE import_id = ?
	) ANY LEFT JOIN (`
	tradeJoinedWithGeneration = stagedTrade + `
		SELECT ` + tradeKey + `,
			description AS cur_description, value_usd AS cur_value, quantity AS cur_quantity,
			quantity_unit AS cur_unit, qualifier AS cur_qualifier, status AS cur_status,
			source AS cur_source, note AS cur_note, import_id AS cur_import_id
		FROM trade_current
		WHERE generation = ? AND reporter IN (SELECT DISTINCT reporter FROM {{.LocalTable}} WHERE import_id = ?)
	) USING (` + tradeKey + `)`
	tradeJoinedWithHistory = stagedTrade + `
		SELECT ` + tradeKey + `,
			argMax(description, import_id) AS cur_description, argMax(value_usd, import_id) AS cur_value,
			` + latestQuantity + ` AS cur_quantity,
			argMax(quantity_unit, import_id) AS cur_unit, argMax(qualifier, import_id) AS cur_qualifier,
			argMax(status, import_id) AS cur_status, argMax(source, import_id) AS cur_source,
			argMax(note, import_id) AS cur_note, max(import_id) AS cur_import_id
		FROM trade_flows
		WHERE reporter IN (SELECT DISTINCT reporter FROM {{.LocalTable}} WHERE import_id = ?)
			AND import_id {{.In}} (` + visibleImports + `)
		GROUP BY ` + tradeKey + `
	) USING (` + tradeKey + `)`
)

// tradeDiffers is the condition on a joined row whose trade flow the
// import changes.
const tradeDiffers = `(value_usd != cur_value OR description != cur_description
	OR isNull(quantity) != isNull(cur_quantity) OR ifNull(quantity, 0) != ifNull(cur_quantity, 0)
	OR quantity_unit != cur_unit OR qualifier != cur_qualifier OR status != cur_status
	OR source != cur_source OR note != cur_note)`

const (
	tradeCountsHead = `SELECT count(), countIf(cur_import_id = 0),
		countIf(cur_import_id != 0 AND ` + tradeDiffers + `) FROM (`
	tradeChangesHead = `SELECT * FROM (`
	tradeChangesTail = `) WHERE cur_import_id != 0 AND ` + tradeDiffers + ` ORDER BY file_row`
)

var (
	// tradeDiffCounts counts the staged trade flows, the new ones and the
	// changed ones.
	tradeDiffCounts = diffStatement{tradeCountsHead + tradeJoinedWithGeneration + `)`,
		tradeCountsHead + tradeJoinedWithHistory + `)`}
	// tradeDiffChanges lists the changed trade flows in file order.
	tradeDiffChanges = diffStatement{tradeChangesHead + tradeJoinedWithGeneration + tradeChangesTail,
		tradeChangesHead + tradeJoinedWithHistory + tradeChangesTail}
)

// tradeStatement returns s for the import, in the form that reads the
// current trade generation when there is one, and its arguments.
func (imp *Import) tradeStatement(ctx context.Context, s diffStatement) (string, []any, error) {
	g, err := imp.db.tradeGeneration(ctx)
	if err != nil {
		return "", nil, err
	}
	stmt, args := s.withGeneration, []any{imp.part, g, imp.part}
	if g == 0 {
		stmt, args = s.withHistory, []any{imp.part, imp.part}
	}
	q, err := imp.db.sqlf(stmt, names{table: imp.tradeT})
	return q, args, err
}

// tradeCounts compares the staged trade flows with the current ones.
func (imp *Import) tradeCounts(ctx context.Context) (Counts, error) {
	q, args, err := imp.tradeStatement(ctx, tradeDiffCounts)
	if err != nil {
		return Counts{}, wrap("compare trade flows", err)
	}
	var rows, nw, changed uint64
	if err := imp.db.conn.QueryRow(ctx, q, args...).Scan(&rows, &nw, &changed); err != nil {
		return Counts{}, wrap("compare trade flows", err)
	}
	return Counts{Rows: int(rows), New: int(nw), Changed: int(changed)}, nil
}

// EachTradeChange calls fn for every trade flow the import would change,
// in file order.
func (imp *Import) EachTradeChange(ctx context.Context, fn func(TradeChange) error) error {
	if err := imp.wait(ctx); err != nil {
		return err
	}
	if imp.tradeRows == 0 {
		return nil
	}
	q, args, err := imp.tradeStatement(ctx, tradeDiffChanges)
	if err != nil {
		return wrap("changed trade flows", err)
	}
	rows, err := imp.db.conn.Query(ctx, q, args...)
	if err != nil {
		return wrap("changed trade flows", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch TradeChange
		var flow, q, s, oq, os string
		var year uint16
		var month, ytd uint8
		var row uint32
		n, o := &ch.New, &ch.Old
		if err := rows.Scan(&n.Reporter, &n.Partner, &flow, &year, &month, &ytd, &n.Classification, &n.Commodity,
			&n.Description, &n.ValueUSD, &n.Quantity, &n.QuantityUnit, &q, &s, &n.Source, &n.Note, &row,
			&o.Description, &o.ValueUSD, &o.Quantity, &o.QuantityUnit, &oq, &os, &o.Source, &o.Note, &o.ImportID); err != nil {
			return wrap("changed trade flows", err)
		}
		n.Flow, n.Year, n.Month, n.YTD = tradedash.Flow(flow), int(year), int(month), ytd != 0
		n.Qualifier, n.Status, ch.Row = tradedash.Qualifier(q), tradedash.TradeStatus(s), int(row)
		o.Reporter, o.Partner, o.Flow, o.Year, o.Month, o.YTD = n.Reporter, n.Partner, n.Flow, n.Year, n.Month, n.YTD
		o.Classification, o.Commodity = n.Classification, n.Commodity
		o.Qualifier, o.Status = tradedash.Qualifier(oq), tradedash.TradeStatus(os)
		if err := fn(ch); err != nil {
			return err
		}
	}
	return wrap("changed trade flows", rows.Err())
}

// TradeDuplicate is a trade flow that one import gives on several rows:
// which of them is meant is for the person to say.
type TradeDuplicate struct {
	Key  tradedash.TradeFlow // the key only: Reporter .. Commodity
	Rows []int               // the rows of the file that give it, ascending
}

func (d TradeDuplicate) String() string {
	return fmt.Sprintf("%s, %s, %s, %s, %s", d.Key.Reporter, d.Key.Partner, d.Key.Flow, tradePeriod(d.Key), tradeCommodity(d.Key))
}

// tradePeriod writes a trade flow's period: "2023", "2023-05", "2023-01..10".
func tradePeriod(t tradedash.TradeFlow) string {
	switch {
	case t.YTD:
		return fmt.Sprintf("%d-01..%02d", t.Year, t.Month)
	case t.Month > 0:
		return fmt.Sprintf("%d-%02d", t.Year, t.Month)
	}
	return fmt.Sprint(t.Year)
}

// tradeCommodity writes a trade flow's commodity with its classification.
func tradeCommodity(t tradedash.TradeFlow) string {
	if t.Classification == "" {
		return t.Commodity
	}
	return t.Classification + " " + t.Commodity
}

// The trade keys the import's partition (?) holds more than once: how many
// rows repeat one, and the first ? of them with their rows, in file order.
const (
	tradeDuplicateCount = `SELECT toUInt64(sum(n - 1)) FROM (
		SELECT count() AS n FROM {{.Table}} WHERE import_id = ?
		GROUP BY ` + tradeKey + ` HAVING n > 1)`
	tradeDuplicateRows = `SELECT ` + tradeKey + `, arraySort(groupArray(file_row))
		FROM {{.Table}} WHERE import_id = ?
		GROUP BY ` + tradeKey + ` HAVING count() > 1
		ORDER BY min(file_row)
		LIMIT ?`
)

// TradeDuplicates returns the trade flows the import gives on more than
// one row, at most limit of them, and how many rows repeat a trade flow
// of an earlier row in all. They are found in ClickHouse, among the rows
// already sent, so a file of millions of rows needs no index in memory.
// An import with duplicates cannot commit.
func (imp *Import) TradeDuplicates(ctx context.Context, limit int) ([]TradeDuplicate, int, error) {
	if err := imp.wait(ctx); err != nil {
		return nil, 0, err
	}
	if imp.tradeRows == 0 || imp.tradeOK {
		return nil, 0, nil
	}
	q, err := imp.db.sqlf(tradeDuplicateCount, names{table: imp.tradeT})
	if err != nil {
		return nil, 0, wrap("repeated trade flows", err)
	}
	var n uint64
	if err := imp.db.conn.QueryRow(ctx, q, imp.part).Scan(&n); err != nil {
		return nil, 0, wrap("repeated trade flows", err)
	}
	if n == 0 {
		imp.tradeOK = true
		return nil, 0, nil
	}
	if limit <= 0 {
		return nil, int(n), nil
	}
	if q, err = imp.db.sqlf(tradeDuplicateRows, names{table: imp.tradeT}); err != nil {
		return nil, 0, wrap("repeated trade flows", err)
	}
	rows, err := imp.db.conn.Query(ctx, q, imp.part, limit)
	if err != nil {
		return nil, 0, wrap("repeated trade flows", err)
	}
	defer rows.Close()
	var out []TradeDuplicate
	for rows.Next() {
		var d TradeDuplicate
		var fileRows []uint32
		if err := scanTradeKey(rows, &d.Key, &fileRows); err != nil {
			return nil, 0, wrap("repeated trade flows", err)
		}
		for _, r := range fileRows {
			d.Rows = append(d.Rows, int(r))
		}
		out = append(out, d)
	}
	return out, int(n), wrap("repeated trade flows", rows.Err())
}

// scanTradeKey reads a row that starts with tradeKey into k, and the rest
// into more.
func scanTradeKey(r scanner, k *tradedash.TradeFlow, more ...any) error {
	var flow string
	var year uint16
	var month, ytd uint8
	dest := append([]any{&k.Reporter, &k.Partner, &flow, &year, &month, &ytd, &k.Classification, &k.Commodity}, more...)
	if err := r.Scan(dest...); err != nil {
		return err
	}
	k.Flow, k.Year, k.Month, k.YTD = tradedash.Flow(flow), int(year), int(month), ytd != 0
	return nil
}

// TradeConflict is a trade flow that two files of one import command give
// differently, as Conflict is for figures.
type TradeConflict struct {
	First, Second         tradedash.TradeFlow
	FirstRow, SecondRow   int
	FirstFile, SecondFile string
}

// conflictingTrade selects, from the staged trade flows of the partitions
// ?, those that more than one of them give and not all alike, with every
// version, at most ? of them. groupArray and uniqExact skip NULLs (a row
// whose quantity is NULL would vanish from the arrays, or from the
// count), so quantities go through isNull and ifNull.
const conflictingTrade = `SELECT ` + tradeKey + `,
		groupArray(import_id), groupArray(file_row), groupArray(description), groupArray(value_usd),
		groupArray(isNull(quantity)), groupArray(ifNull(quantity, 0)), groupArray(quantity_unit),
		groupArray(toString(qualifier)), groupArray(toString(status)), groupArray(source), groupArray(note)
	FROM {{.Table}} WHERE import_id IN ?
	GROUP BY ` + tradeKey + `
	HAVING uniqExact(import_id) > 1 AND uniqExact(description, value_usd, isNull(quantity), ifNull(quantity, 0),
		quantity_unit, qualifier, status, source, note) > 1
	ORDER BY ` + tradeKey + `
	LIMIT ?`

// TradeConflicts returns the trade flows that several imports (of one
// command, all dry runs or none) give differently, at most limit of them.
func TradeConflicts(ctx context.Context, imps []*Import, limit int) ([]TradeConflict, error) {
	if len(imps) < 2 {
		return nil, nil
	}
	order := map[uint64]int{} // partition -> position on the command line
	parts := make([]any, 0, len(imps))
	trade := false
	for i, imp := range imps {
		if err := imp.wait(ctx); err != nil {
			return nil, err
		}
		order[imp.part] = i
		parts = append(parts, imp.part)
		trade = trade || imp.tradeRows > 0
	}
	if !trade {
		return nil, nil
	}
	db := imps[0].db
	q, err := db.sqlf(conflictingTrade, names{table: imps[0].tradeT})
	if err != nil {
		return nil, wrap("trade conflicts", err)
	}
	rows, err := db.conn.Query(ctx, q, clickhouse.GroupSet{Value: parts}, limit)
	if err != nil {
		return nil, wrap("trade conflicts", err)
	}
	defer rows.Close()
	var out []TradeConflict
	for rows.Next() {
		var key tradedash.TradeFlow
		var ids []uint64
		var fileRows []uint32
		var values, quantities []float64
		var nulls []uint8
		var descs, units, qs, ss, sources, notes []string
		if err := scanTradeKey(rows, &key, &ids, &fileRows, &descs, &values, &nulls, &quantities, &units,
			&qs, &ss, &sources, &notes); err != nil {
			return nil, wrap("trade conflicts", err)
		}
		at := func(i int) tradedash.TradeFlow {
			t := key
			t.Description, t.ValueUSD, t.QuantityUnit = descs[i], values[i], units[i]
			if nulls[i] == 0 {
				q := quantities[i]
				t.Quantity = &q
			}
			t.Qualifier, t.Status = tradedash.Qualifier(qs[i]), tradedash.TradeStatus(ss[i])
			t.Source, t.Note = sources[i], notes[i]
			return t
		}
		first, second := firstTwo(ids, order)
		out = append(out, TradeConflict{First: at(first), Second: at(second),
			FirstRow: int(fileRows[first]), SecondRow: int(fileRows[second]),
			FirstFile: imps[order[ids[first]]].meta.File, SecondFile: imps[order[ids[second]]].meta.File})
	}
	return out, wrap("trade conflicts", rows.Err())
}
