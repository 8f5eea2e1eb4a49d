package queries

import "context"

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

// coverageSQL reads a figures generation ({{.Generation}}: chosen inside
// it, see current.go), a figure of several claims once;
// aggregatedCoverageSQL reads the current claims of the history while
// there is none (a figure whose claims are all retracted is gone).
const coverageSQL = `SELECT exhibition, country, metric, min(year), max(year), uniqExact(year)
	FROM figures_current
	WHERE generation = {{.Generation}}
	GROUP BY exhibition, country, metric
	ORDER BY exhibition, country, metric`

var aggregatedCoverageSQL = `SELECT exhibition, country, metric, min(year), max(year), uniqExact(year)
	FROM (` + latestClaims(`SELECT `+claimColumns+`, retracted FROM figures
		WHERE import_id {{.In}} (`+visibleImports+`)`, "") + `)
	GROUP BY exhibition, country, metric
	ORDER BY exhibition, country, metric`

// Coverage returns what the current figures cover, ordered by exhibition,
// country and metric.
func (db *DB) Coverage(ctx context.Context) ([]Coverage, error) {
	q, err := db.sqlf(coverageSQL, names{generation: figureSet.chosen})
	if err != nil {
		return nil, wrap("coverage", err)
	}
	out, err := db.coverage(ctx, q)
	if noGeneration(err) {
		return db.coverage(ctx, aggregatedCoverageSQL)
	}
	return out, err
}

func (db *DB) coverage(ctx context.Context, query string) ([]Coverage, error) {
	rows, err := db.conn.Query(ctx, query)
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

// CoverageSQL is the statement Coverage runs, the current generation
// chosen inside it, for timing it with clickhouse-client (see FiguresSQL).
func CoverageSQL() string {
	q, err := sqlf(coverageSQL, names{generation: figureSet.chosen})
	if err != nil {
		panic(err) // a constant statement
	}
	return q
}
