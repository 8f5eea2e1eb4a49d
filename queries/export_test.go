package queries

import "time"

// SetAbandonedAfter changes how old an unfinished import must be to count
// as killed, for the duration of a test.
func SetAbandonedAfter(d time.Duration) (restore func()) {
	old := abandonedAfter
	abandonedAfter = d
	return func() { abandonedAfter = old }
}
