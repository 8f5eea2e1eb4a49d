package queries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// FigureFilter narrows a read of figures. Empty fields match everything.
type FigureFilter struct {
	Exhibitions []string
	Countries   []string
	Metrics     []string
	FromYear    int
	ToYear      int
}

// where builds the filter's conditions with bound arguments; nothing from
// the filter is ever spliced into the SQL text.
type where struct {
	conds []string
	args  []any
}

func (w *where) in(column string, values []string) {
	if len(values) == 0 {
		return
	}
	set := make([]any, len(values))
	for i, v := range values {
		set[i] = v
	}
	w.conds = append(w.conds, column+" IN ?")
	w.args = append(w.args, clickhouse.GroupSet{Value: set})
}

func (w *where) cond(c string, args ...any) {
	w.conds = append(w.conds, c)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(w.conds, " AND ")
}

func (f FigureFilter) where() *where {
	w := &where{}
	w.in("exhibition", f.Exhibitions)
	w.in("country", f.Countries)
	w.in("metric", f.Metrics)
	if f.FromYear > 0 {
		w.cond("year >= ?", f.FromYear)
	}
	if f.ToYear > 0 {
		w.cond("year <= ?", f.ToYear)
	}
	return w
}

// currentFigures selects the current value of every figure from a
// generation ({{.Generation}}: its id, or chosen inside the statement, see
// current.go) without touching the history, and the filter's conditions.
const currentFigures = `SELECT exhibition, country, metric, year,
		value, qualifier, status, source, note, import_id
	FROM figures_current
	WHERE generation = {{.Generation}}{{.Where}}
	ORDER BY exhibition, country, metric, year`

// aggregatedFigures selects the current value of every figure from the
// history: the one written by the latest visible import. It is what a
// generation holds, and what readers fall back to while there is none.
const aggregatedFigures = `SELECT exhibition, country, metric, year,
		argMax(value, import_id), argMax(qualifier, import_id), argMax(status, import_id),
		argMax(source, import_id), argMax(note, import_id), max(import_id)
	FROM figures
	WHERE import_id IN (` + visibleImports + `){{.Where}}
	GROUP BY exhibition, country, metric, year
	ORDER BY exhibition, country, metric, year`

// Figures returns the current figures that match f, ordered by exhibition,
// country, metric and year.
func (db *DB) Figures(ctx context.Context, f FigureFilter) ([]tradedash.Figure, error) {
	var out []tradedash.Figure
	err := db.EachFigure(ctx, f, func(fig tradedash.Figure) error {
		out = append(out, fig)
		return nil
	})
	return out, err
}

// EachFigure calls fn for every current figure that matches f, in the order
// of Figures, without holding them all in memory.
//
// The current generation is read in pages of growing size (firstPage
// figures, then four times as many each time). Each page takes two
// queries: one finds the key of the page's last figure, reading the key
// columns only, and one reads the figures up to that key, which the
// primary index narrows to the page's own granules. A full ORDER BY would
// sort every figure before the first one arrives (18.16 cannot read in key
// order), so a caller that wants the first thousands of a million figures
// gets them in a fraction of the time, and one that wants them all pays
// little more.
//
// The first query chooses the generation inside its statement
// (current.go) and returns it with the key, and the later ones read that
// generation: a generation does not change, so the pages fit together.
// One dropped while they were read (an export running for minutes after
// the data changed) is an error, never a short answer. When the first
// page is all there is, its figures are read in one statement that
// chooses the generation again (any current one gives the whole answer).
// While there is no generation, the history is aggregated in one query.
func (db *DB) EachFigure(ctx context.Context, f FigureFilter, fn func(tradedash.Figure) error) error {
	// When fn stops early (a page has its first rows, a download is over
	// its limit), the query is cancelled rather than read to the end:
	// closing rows would otherwise receive every row that is left.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fromHistory := func() error {
		w := f.where()
		_, err := db.eachFigure(ctx, cancel, aggregatedFigures, names{where: w}, fn)
		return err
	}
	var g uint64 // the generation the pages read, once the first page has ended at a key
	var after *figureKey
	for limit := firstPage; ; limit *= 4 {
		gen := figureSet.chosen
		if g != 0 {
			gen = strconv.FormatUint(g, 10)
		}
		w := f.where()
		if after != nil {
			c, a := after.cond(">")
			w.cond(c, a...)
		}
		q, err := sqlf(pageEnd, names{where: w, generation: gen})
		if err != nil {
			return wrap("figures", err)
		}
		var last figureKey
		err = db.conn.QueryRow(ctx, q, append(w.args, limit-1)...).Scan(&last.exhibition, &last.country, &last.metric, &last.year, &g)
		if g == 0 && noGeneration(err) {
			return fromHistory()
		}
		end := errors.Is(err, sql.ErrNoRows) // fewer than limit left: this page is the rest
		if err != nil && !end {
			return wrap("figures", err)
		}
		if !end {
			gen = strconv.FormatUint(g, 10)
			c, a := last.cond("<=")
			w.cond(c, a...)
		}
		n, err := db.eachFigure(ctx, cancel, currentFigures, names{where: w, generation: gen}, fn)
		if n == 0 && g == 0 && noGeneration(err) {
			return fromHistory()
		}
		if err != nil {
			return err
		}
		if end {
			break
		}
		after = &last
	}
	if g == 0 {
		return nil // one statement read them all
	}
	var dropped uint64
	err := db.conn.QueryRow(ctx, `SELECT count() FROM figures_generations
		WHERE generation = ? AND event = 'dropped'`, g).Scan(&dropped)
	if err != nil {
		return wrap("figures", err)
	}
	if dropped > 0 {
		return errors.New("figures: the data changed while they were read, and the version read is gone: read again")
	}
	return nil
}

// pageEnd selects the key of the last figure of a page of
// figures_current, and its generation: that of {{.Generation}}, the
// filter's conditions, and the offset of the page's last figure.
const pageEnd = `SELECT exhibition, country, metric, year, generation FROM figures_current
	WHERE generation = {{.Generation}}{{.Where}}
	ORDER BY exhibition, country, metric, year
	LIMIT 1 OFFSET ?`

// figureKey is a figure's place in the sorting key of figures_current.
type figureKey struct {
	exhibition, country, metric string
	year                        uint16
}

// cond compares the sorting key with k: op is ">" (after k) or "<=" (up
// to k). The comparison is spelled out column by column, which both
// 18.16 and current releases analyse against the primary index.
func (k figureKey) cond(op string) (string, []any) {
	strict := strings.TrimSuffix(op, "=")
	return `(exhibition ` + strict + ` ? OR exhibition = ? AND (country ` + strict + ` ? OR country = ? AND
		(metric ` + strict + ` ? OR metric = ? AND year ` + op + ` ?)))`,
		[]any{k.exhibition, k.exhibition, k.country, k.country, k.metric, k.metric, k.year}
}

// firstPage is the size of EachFigure's first page: more than a page of
// the dashboard shows.
var firstPage = 8192

// eachFigure runs one statement of figures with the names n (the
// conditions of n.where) and calls fn for each, returning how many it
// read.
func (db *DB) eachFigure(ctx context.Context, cancel func(), stmt string, n names,
	fn func(tradedash.Figure) error) (int, error) {
	query, err := sqlf(stmt, n)
	if err != nil {
		return 0, wrap("figures", err)
	}
	rows, err := db.conn.Query(ctx, query, n.where.args...)
	if err != nil {
		return 0, wrap("figures", err)
	}
	defer rows.Close()
	read := 0
	for rows.Next() {
		var fig tradedash.Figure
		var year uint16
		var q, s string
		if err := rows.Scan(&fig.Exhibition, &fig.Country, &fig.Metric, &year, &fig.Value,
			&q, &s, &fig.Source, &fig.Note, &fig.ImportID); err != nil {
			return read, wrap("figures", err)
		}
		fig.Year, fig.Qualifier, fig.Status = int(year), tradedash.Qualifier(q), tradedash.Status(s)
		read++
		if err := fn(fig); err != nil {
			cancel()
			return read, err
		}
	}
	return read, wrap("figures", rows.Err())
}

// FigureHistory returns every value a figure has had in visible imports,
// oldest first: the history behind its current value. An import that
// repeated the value before it is left out: history lists changes.
func (db *DB) FigureHistory(ctx context.Context, exhibition, country, metric string, year int) ([]tradedash.Figure, error) {
	rows, err := db.conn.Query(ctx, `SELECT value, qualifier, status, source, note, import_id
		FROM figures
		WHERE exhibition = ? AND country = ? AND metric = ? AND year = ?
			AND import_id IN (`+visibleImports+`)
		ORDER BY import_id`, exhibition, country, metric, year)
	if err != nil {
		return nil, wrap("figure history", err)
	}
	defer rows.Close()
	var out []tradedash.Figure
	for rows.Next() {
		fig := tradedash.Figure{Exhibition: exhibition, Country: country, Metric: metric, Year: year}
		var q, s string
		if err := rows.Scan(&fig.Value, &q, &s, &fig.Source, &fig.Note, &fig.ImportID); err != nil {
			return nil, wrap("figure history", err)
		}
		fig.Qualifier, fig.Status = tradedash.Qualifier(q), tradedash.Status(s)
		if n := len(out); n > 0 && sameFigure(out[n-1], fig) {
			continue
		}
		out = append(out, fig)
	}
	return out, wrap("figure history", rows.Err())
}

// Vintage returns the last committed import and a version that changes with
// every commit and rollback, so caches can key on it.
func (db *DB) Vintage(ctx context.Context) (tradedash.Vintage, error) {
	var v tradedash.Vintage
	err := db.conn.QueryRow(ctx, `SELECT
			maxIf(import_id, visible), maxIf(at, visible),
			countIf(event IN ('committed', 'rolled_back'))
		FROM (
			SELECT import_id, at, event,
				event = 'committed' AND import_id IN (`+visibleImports+`) AS visible
			FROM import_events
		)`).Scan(&v.ImportID, &v.At, &v.Version)
	if err != nil {
		return v, wrap("vintage", err)
	}
	if v.ImportID == 0 {
		v.At = time.Time{}
	}
	return v, nil
}

// FiguresSQL is the statement Figures runs for f, with its arguments
// written in as literals and the current generation looked up inside it:
// for measuring ClickHouse's own time for the same reads with
// clickhouse-client (the dashboard benchmark's floor), which is why it is
// the production statement itself and not a copy beside the benchmark.
// It is never used to run a query from user input.
func FiguresSQL(f FigureFilter) string {
	w := f.where()
	sql, err := sqlf(currentFigures, names{where: w, generation: figureSet.chosen})
	if err != nil {
		panic(err) // no names but the filter's conditions: cannot fail
	}
	for _, a := range w.args {
		sql = strings.Replace(sql, "?", literal(a), 1)
	}
	return sql
}

// literal writes a bound argument as ClickHouse would read it, for
// FiguresSQL.
func literal(a any) string {
	switch v := a.(type) {
	case string:
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
	case clickhouse.GroupSet:
		parts := make([]string, len(v.Value))
		for i, x := range v.Value {
			parts[i] = literal(x)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	default:
		return fmt.Sprint(v)
	}
}

// sameFigure tells whether two versions of a figure say the same thing.
func sameFigure(a, b tradedash.Figure) bool {
	return a.Value == b.Value && a.Qualifier == b.Qualifier && a.Status == b.Status &&
		a.Source == b.Source && a.Note == b.Note
}
