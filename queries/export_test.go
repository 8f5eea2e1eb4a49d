package queries

import (
	"context"
	"time"
)

// SetAbandonedAfter changes how old an unfinished import must be to count
// as killed, for the duration of a test.
func SetAbandonedAfter(d time.Duration) (restore func()) {
	old := abandonedAfter
	abandonedAfter = d
	return func() { abandonedAfter = old }
}

// SetHeartbeat changes how often imports write heartbeats and how old the
// last one may be before an import counts as dead, for a test.
func SetHeartbeat(every, stale time.Duration) (restore func()) {
	oldEvery, oldStale := heartbeatEvery, staleAfter
	heartbeatEvery, staleAfter = every, stale
	return func() { heartbeatEvery, staleAfter = oldEvery, oldStale }
}

// SetStaleAfter changes only how old the last heartbeat may be, for a test
// that changes it while an import's heartbeat runs (which reads
// heartbeatEvery).
func SetStaleAfter(stale time.Duration) (restore func()) {
	old := staleAfter
	staleAfter = stale
	return func() { staleAfter = old }
}

// StopHeartbeat makes an import fall silent, as a hung process or one on a
// host that died would.
func (imp *Import) StopHeartbeat() { imp.stopBeat() }

// SetFirstPage changes the size of EachFigure's first page, for a test.
func SetFirstPage(n int) (restore func()) {
	old := firstPage
	firstPage = n
	return func() { firstPage = old }
}

// SetBeforeLost makes RecoverKilled call f just before it writes an
// import's "lost" event, for a test.
func SetBeforeLost(f func(id uint64)) (restore func()) {
	old := beforeLost
	beforeLost = f
	return func() { beforeLost = old }
}

// SetBeforeFill makes buildGeneration call f with the base it chose just
// before it copies the base's rows, for a test.
func SetBeforeFill(f func(db *DB, base uint64)) (restore func()) {
	old := beforeFill
	beforeFill = f
	return func() { beforeFill = old }
}

// DropGeneration marks generation id dropped and drops its rows, as
// dropUnused does.
func (db *DB) DropGeneration(ctx context.Context, id uint64) error {
	return db.dropGenerations(ctx, []uint64{id})
}

// Generation returns the current generation, 0 when there is none.
func (db *DB) Generation(ctx context.Context) (uint64, error) { return db.generation(ctx) }

// SetGenerationRetention changes how long superseded generations are
// kept, for a test.
func SetGenerationRetention(d time.Duration) (restore func()) {
	old := generationRetention
	generationRetention = d
	return func() { generationRetention = old }
}

// GenerationCovers returns the imports each generation not dropped covers.
func (db *DB) GenerationCovers(ctx context.Context) ([][]uint64, error) {
	gens, err := db.generations(ctx)
	var out [][]uint64
	for _, g := range gens {
		out = append(out, g.covers)
	}
	return out, err
}

// MigrateTo applies the migrations up to version, leaving the database as
// the release that had only those left it.
func (db *DB) MigrateTo(ctx context.Context, version uint32) error { return db.migrateTo(ctx, version) }
