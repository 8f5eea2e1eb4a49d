// Package view computes what the dashboard shows, once, for every encoder
// that shows it: the HTML page, the chart options, the JSON API and the
// Excel report all render the same Overview, Compare or Data value.
//
// A view is built from a Source (a *queries.DB in production) by a Views,
// which caches results by the data's vintage: a repeated view costs no
// query, and a new import shows at once because it changes the key.
// Params, parsed and checked from a URL query, says which view to build;
// locale.Lang holds the vocabulary an encoder needs to show it in the
// reader's language.
package view

import (
	"context"
	"fmt"
	"sync"
	"time"

	"tradedash"
	"tradedash/queries"
)

// Source is what views read. *queries.DB satisfies it; tests may use a
// fake.
type Source interface {
	Vintage(ctx context.Context) (tradedash.Vintage, error)
	Figures(ctx context.Context, f queries.FigureFilter) ([]tradedash.Figure, error)
	EachFigure(ctx context.Context, f queries.FigureFilter, fn func(tradedash.Figure) error) error
	Milestones(ctx context.Context, f queries.MilestoneFilter) ([]tradedash.Milestone, error)
	Imports(ctx context.Context) ([]tradedash.Import, error)
	Coverage(ctx context.Context) ([]queries.Coverage, error)
	TradeFlows(ctx context.Context, f queries.TradeFilter) ([]tradedash.TradeFlow, error)
	TradeChapters(ctx context.Context, reporter, partner string, flow tradedash.Flow, year int) ([]tradedash.TradeFlow, error)
}

// Options tune a Views.
type Options struct {
	// CacheRows bounds the cache by the number of figures and milestones it
	// holds, a fair measure of its memory (a few hundred bytes each).
	// 0 disables the cache.
	CacheRows int
	// VintageTTL is how long a checked vintage is trusted before it is read
	// again. 0 reads it for every view: one tiny query.
	VintageTTL time.Duration
}

// DefaultOptions suit a dashboard server: about 50 MB of cache at most, and
// a new import visible within a second.
var DefaultOptions = Options{CacheRows: 200_000, VintageTTL: time.Second}

// Views builds views from a Source and caches them.
type Views struct {
	src   Source
	ttl   time.Duration
	cache *cache

	mu        sync.Mutex // guards the two fields below and serialises vintage reads
	vintage   tradedash.Vintage
	checkedAt time.Time
}

// New returns a Views reading from src.
func New(src Source, o Options) *Views {
	return &Views{src: src, ttl: o.VintageTTL, cache: newCache(o.CacheRows)}
}

// Vintage returns the last committed import, read at most once per
// VintageTTL. When the cached vintage is stale and the source does not
// answer, the error wraps tradedash.ErrUnavailable.
func (v *Views) Vintage(ctx context.Context) (tradedash.Vintage, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.ttl > 0 && !v.checkedAt.IsZero() && time.Since(v.checkedAt) < v.ttl {
		return v.vintage, nil
	}
	vin, err := v.src.Vintage(ctx)
	if err != nil {
		return tradedash.Vintage{}, fmt.Errorf("vintage: %w", err)
	}
	v.vintage, v.checkedAt = vin, time.Now()
	return vin, nil
}

// Cached returns the value of kind for key at the current vintage, building
// it with build on a miss; build returns the value and its weight in rows
// (a figure or milestone is one row, a kilobyte of output is one row too).
// Encoders use it to keep what they make of a view, such as a rendered
// page, under the same key and bound as the view itself. The value is
// shared between callers: treat it as read-only.
func Cached[T any](ctx context.Context, v *Views, kind, key string, build func(tradedash.Vintage) (T, int, error)) (T, error) {
	var zero T
	vin, err := v.Vintage(ctx)
	if err != nil {
		return zero, err
	}
	k := kind + "?" + key
	if x, ok := v.cache.get(vin.Version, k); ok {
		return x.(T), nil
	}
	x, rows, err := build(vin)
	if err != nil {
		return zero, err
	}
	v.cache.put(vin.Version, k, x, rows)
	return x, nil
}
