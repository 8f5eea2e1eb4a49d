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
	// Bases keeps the claims on these bases only: a figure then shows
	// its best claim among them, and one with none is left out.
	Bases []tradedash.Basis
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

// where is the filter's conditions on the rows of a generation, whose
// every row is a current claim.
func (f FigureFilter) where() *where {
	w := f.figureWhere()
	w.in("basis", f.bases())
	return w
}

// figureWhere is the filter's conditions on figures, not on their claims:
// those that may narrow the history before its claims are aggregated.
func (f FigureFilter) figureWhere() *where {
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

// bases is the filter's bases as strings, for where.in.
func (f FigureFilter) bases() []string {
	out := make([]string, len(f.Bases))
	for i, b := range f.Bases {
		out[i] = string(b)
	}
	return out
}

// currentFigures selects the current claims of every figure from a
// generation ({{.Generation}}: its id, or chosen inside the statement, see
// current.go) without touching the history, and the filter's conditions.
// A figure's claims come together, in no order (eachFigure ranks them).
const currentFigures = `SELECT ` + claimColumns + `
	FROM figures_current
	WHERE generation = {{.Generation}}{{.Where}}
	ORDER BY exhibition, country, metric, year`

// aggregatedFigures selects the current claims of every figure from the
// history, the current one chosen among those the filter keeps
// ({{.Having}}: the bases). It is what a generation holds, and what
// readers fall back to while there is none.
var aggregatedFigures = claimRows(latestClaims(`SELECT `+claimColumns+`, retracted FROM figures
	WHERE import_id {{.In}} (`+visibleImports+`){{.Where}}`, `{{.Having}}`)) + `
	ORDER BY exhibition, country, metric, year`

// Figures returns the current figures that match f, ordered by exhibition,
// country, metric and year: of each, its current claim (ClaimBefore among
// those f keeps) with the others in Others, ranked.
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
		having := &where{}
		having.in("c_basis", f.bases())
		_, err := db.eachFigure(ctx, cancel, aggregatedFigures, names{where: f.figureWhere(), having: having}, fn)
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
		q, err := db.sqlf(pageEnd, names{where: w, generation: gen})
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

// eachFigure runs one statement of claims with the names n (the
// conditions of n.where, then n.having) and calls fn for each figure, its
// current claim with the others in Others, returning how many rows it
// read. The statement returns a figure's claims together; the current one
// is the first of them by ClaimBefore (of those the filter keeps).
func (db *DB) eachFigure(ctx context.Context, cancel func(), stmt string, n names,
	fn func(tradedash.Figure) error) (int, error) {
	query, err := db.sqlf(stmt, n)
	if err != nil {
		return 0, wrap("figures", err)
	}
	var args []any
	if n.where != nil {
		args = append(args, n.where.args...)
	}
	if n.having != nil {
		args = append(args, n.having.args...)
	}
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return 0, wrap("figures", err)
	}
	defer rows.Close()
	read := 0
	var claims []tradedash.Figure // of one figure
	emit := func() error {
		if len(claims) == 0 {
			return nil
		}
		fig := rankClaims(claims)
		claims = claims[:0]
		if err := fn(fig); err != nil {
			cancel()
			return err
		}
		return nil
	}
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return read, wrap("figures", err)
		}
		read++
		if len(claims) > 0 && !sameFigureKey(&claims[0], &c) {
			if err := emit(); err != nil {
				return read, err
			}
		}
		claims = append(claims, c)
	}
	if err := rows.Err(); err != nil {
		return read, wrap("figures", err)
	}
	return read, emit()
}

// scanClaim reads a row of claimColumns.
func scanClaim(rows scanner) (tradedash.Figure, error) {
	var c tradedash.Figure
	var year uint16
	var q, s, b, sourceKey string
	var preferred uint8
	var row uint32
	if err := rows.Scan(&c.Exhibition, &c.Country, &c.Metric, &year, &s, &sourceKey,
		&c.Value, &q, &b, &c.Certificate, &preferred, &c.Source, &c.Note, &c.ImportID, &row); err != nil {
		return c, err
	}
	c.Year, c.FileRow = int(year), int(row)
	c.Qualifier, c.Status, c.Basis = tradedash.Qualifier(q), tradedash.Status(s), tradedash.Basis(b)
	c.Preferred = preferred != 0
	return c, nil
}

// sameFigureKey tells whether two claims are of one figure.
func sameFigureKey(a, b *tradedash.Figure) bool {
	return a.Exhibition == b.Exhibition && a.Country == b.Country && a.Metric == b.Metric && a.Year == b.Year
}

// rankClaims returns the current claim among the claims of one figure
// (tradedash.ChooseClaim) with the others in Others, ranked by
// tradedash.ClaimBefore. claims is reused afterwards, so Others is a copy.
func rankClaims(claims []tradedash.Figure) tradedash.Figure {
	chosen := tradedash.ChooseClaim(claims)
	fig := claims[chosen]
	if len(claims) == 1 {
		return fig
	}
	fig.Others = make([]tradedash.Figure, 0, len(claims)-1)
	for i := range claims {
		if i != chosen {
			fig.Others = append(fig.Others, claims[i])
		}
	}
	tradedash.SortClaims(fig.Others)
	return fig
}

// FigureHistory returns every value the claims of a figure have had in
// visible imports, oldest first: the history behind its current claims. A
// version that repeats the one before it of the same claim is left out:
// history lists changes. A retraction (see migrateMetrics) is no value and
// is left out too.
func (db *DB) FigureHistory(ctx context.Context, exhibition, country, metric string, year int) ([]tradedash.Figure, error) {
	rows, err := db.conn.Query(ctx, `SELECT `+claimColumns+`
		FROM figures
		WHERE exhibition = ? AND country = ? AND metric = ? AND year = ? AND retracted = 0
			AND import_id {{.In}} (`+visibleImports+`)
		ORDER BY import_id, file_row`, exhibition, country, metric, year)
	if err != nil {
		return nil, wrap("figure history", err)
	}
	defer rows.Close()
	var out []tradedash.Figure
	last := map[tradedash.ClaimKey]tradedash.Figure{}
	for rows.Next() {
		fig, err := scanClaim(rows)
		if err != nil {
			return nil, wrap("figure history", err)
		}
		k := fig.Claim()
		if prev, ok := last[k]; ok && sameFigure(prev, fig) {
			continue
		}
		last[k] = fig
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

// sameFigure tells whether two versions of a claim say the same thing.
func sameFigure(a, b tradedash.Figure) bool {
	return a.Value == b.Value && a.Qualifier == b.Qualifier && a.Status == b.Status &&
		a.Source == b.Source && a.Note == b.Note && a.Basis == b.Basis &&
		a.Certificate == b.Certificate && a.Preferred == b.Preferred
}
