package queries

import (
	"context"
	"errors"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash"
)

// MetricsMigrationFile is the file name of the import that migration 007
// makes of the figures stored under replaced metric codes.
const MetricsMigrationFile = "migration 007: metric catalogue"

// migrateMetrics moves the current claims stored under replaced metric
// codes (tradedash.Metric.ReplacedBy) to the codes that replace them, as
// one ordinary import: each claim written under its new code, and a
// retraction of the old-code claim. History stays: the old imports keep
// their rows, and rolling the import back shows the old codes again.
//
// It runs once, when migration 007 is applied. A migrate that was cut
// short after the import committed, or that runs beside another, finds
// the other's import (any not failed or lost) and leaves it at that; two
// that start the import at once both claim an import id, and the one with
// the higher id gives way.
//
// The claims are written in the order of tradedash.ClaimBefore within
// each figure, on rows 1, 2, ...: all of one import, they are then ranked
// by row, so each figure keeps the claim it had chosen.
func (db *DB) migrateMetrics(ctx context.Context) error {
	var replaced []any
	var codes []string
	newCode := map[string]string{}
	for _, m := range tradedash.Metrics {
		if m.ReplacedBy != "" {
			replaced, codes = append(replaced, m.Code), append(codes, m.Code)
			newCode[m.Code] = m.ReplacedBy
		}
	}
	var stored uint64
	err := db.conn.QueryRow(ctx, `SELECT count() FROM figures
		WHERE metric IN ? AND import_id {{.In}} (`+visibleImports+`)`, clickhouse.GroupSet{Value: replaced}).Scan(&stored)
	if err != nil {
		return wrap("migrate metrics", err)
	}
	if stored == 0 {
		return nil
	}
	if n, err := db.metricsMigrations(ctx, 0); err != nil || n > 0 {
		return err
	}
	imp, err := db.BeginImport(ctx, ImportMeta{File: MetricsMigrationFile}, false)
	if err != nil {
		return err
	}
	if n, err := db.metricsMigrations(ctx, imp.ID()); err != nil || n > 0 {
		return errors.Join(err, imp.Abort(ctx, "another migrate runs migration 007"))
	}
	row := 1
	err = db.EachFigure(ctx, FigureFilter{Metrics: codes}, func(fig tradedash.Figure) error {
		claims := append([]tradedash.Figure{fig}, fig.Others...)
		for _, c := range claims {
			c.Others = nil
			moved := c
			moved.Metric = newCode[c.Metric]
			if err := imp.addClaim(ctx, moved, row, false); err != nil {
				return err
			}
			if err := imp.addClaim(ctx, c, row, true); err != nil {
				return err
			}
			row++
		}
		return nil
	})
	if err == nil {
		_, err = imp.Commit(ctx)
	}
	if err != nil {
		return errors.Join(fmt.Errorf("migrate metrics: %w", err), imp.Abort(ctx, err.Error()))
	}
	return nil
}

// metricsMigrations counts the imports of migrateMetrics that are not
// failed or lost, below id when it is not 0.
func (db *DB) metricsMigrations(ctx context.Context, below uint64) (uint64, error) {
	var n uint64
	err := db.conn.QueryRow(ctx, `SELECT count() FROM (
		SELECT import_id FROM import_events
		WHERE file = ? AND (toUInt64(?) = 0 OR import_id < ?)
		GROUP BY import_id
		HAVING countIf(event IN ('failed', 'lost')) = 0)`, MetricsMigrationFile, below, below).Scan(&n)
	return n, wrap("migrate metrics", err)
}
