package queries

import (
	"context"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// Coverage says which current figures exist for one exhibition, country and
// metric: the choices the dashboard offers in its filters, and the countries
// a comparison shows when the user names none.
type Coverage struct {
	Exhibition string
	Country    string
	Metric     string
	FirstYear  int
	LastYear   int
	Figures    int // years with a figure
}

// coverageSQL reads the current generation, its first argument (a figure
// appears once in it); aggregatedCoverageSQL reads the history while there
// is none: a figure is current in some version exactly when a visible
// import wrote it, so the visible rows alone answer it.
const (
	coverageSQL = `SELECT exhibition, country, metric, min(year), max(year), count()
	FROM figures_current
	WHERE generation = ?
	GROUP BY exhibition, country, metric
	ORDER BY exhibition, country, metric`
	aggregatedCoverageSQL = `SELECT exhibition, country, metric, min(year), max(year), uniqExact(year)
	FROM figures
	WHERE import_id IN (` + visibleImports + `)
	GROUP BY exhibition, country, metric
	ORDER BY exhibition, country, metric`
)

// Coverage returns what the current figures cover, ordered by exhibition,
// country and metric.
func (db *DB) Coverage(ctx context.Context) ([]Coverage, error) {
	g, err := db.generation(ctx)
	if err != nil {
		return nil, err
	}
	query, args := coverageSQL, []any{g}
	if g == 0 {
		query, args = aggregatedCoverageSQL, nil
	}
	rows, err := db.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, wrap("coverage", err)
	}
	defer rows.Close()
	var out []Coverage
	for rows.Next() {
		var c Coverage
		var first, last uint16
		var n uint64
		if err := rows.Scan(&c.Exhibition, &c.Country, &c.Metric, &first, &last, &n); err != nil {
			return nil, wrap("coverage", err)
		}
		c.FirstYear, c.LastYear, c.Figures = int(first), int(last), int(n)
		out = append(out, c)
	}
	return out, wrap("coverage", rows.Err())
}

// FiguresSQL is the statement Figures runs for f, with its arguments
// written in as literals and the current generation looked up inside it:
// for measuring ClickHouse's own time for the same reads with
// clickhouse-client (the dashboard benchmark's floor). It is never used to
// run a query from user input.
func FiguresSQL(f FigureFilter) string {
	w := f.where()
	sql := strings.Replace(currentFigures, "%s", w.sql(), 1)
	sql = strings.Replace(sql, "?", "("+currentGeneration+")", 1)
	for _, a := range w.args {
		sql = strings.Replace(sql, "?", literal(a), 1)
	}
	return sql
}

// CoverageSQL is the statement Coverage runs, the current generation
// looked up inside it.
func CoverageSQL() string {
	return strings.Replace(coverageSQL, "?", "("+currentGeneration+")", 1)
}

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

// Yardstick statements for the import benchmark: the plain table that
// clickhouse-client loads the same CSV into (the columns of
// internal/synth's file, the figures' sorting key, no versions), and the
// load itself. Like FiguresSQL they are for measuring, never for serving.
const (
	YardstickTableSQL = `CREATE TABLE plain (exhibition String, country String, metric String,
		year UInt16, value String, status String, source String)
		ENGINE = MergeTree ORDER BY (exhibition, country, metric, year)`
	YardstickLoadSQL = "INSERT INTO plain FORMAT CSVWithNames"
)
