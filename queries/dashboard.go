package queries

import (
	"context"
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

// Coverage returns what the current figures cover, ordered by exhibition,
// country and metric. A figure is current in some version exactly when a
// visible import wrote it, so the visible rows alone answer this.
func (db *DB) Coverage(ctx context.Context) ([]Coverage, error) {
	rows, err := db.conn.Query(ctx, `SELECT exhibition, country, metric, min(year), max(year), uniqExact(year)
		FROM figures
		WHERE import_id IN (`+visibleImports+`)
		GROUP BY exhibition, country, metric
		ORDER BY exhibition, country, metric`)
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
