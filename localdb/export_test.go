package localdb

import (
	"log/slog"
	"time"
)

// PID returns the pid recorded for the server, for tests that check sharing
// and stopping.
func (s *Server) PID() int {
	st, _ := readState(s.files)
	return st.PID
}

// IsRunning reports whether pid is a live server on dir's config.
func IsRunning(dir string, pid int) bool {
	return isOurServer(pid, files{root: dir, ch: dir + "/clickhouse"})
}

// WatchEvery is Watch with another check interval.
func (s *Server) WatchEvery(log *slog.Logger, every time.Duration) { s.watch(log, every) }

// Running lists the live servers on dir's config.
func Running(dir string) []int {
	return ourServers(files{root: dir, ch: dir + "/clickhouse"})
}
