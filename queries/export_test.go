package queries

import "time"

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
