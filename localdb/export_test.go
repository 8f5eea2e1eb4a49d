package localdb

import (
	"log/slog"
	"os"
	"strconv"
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

// PIDs lists the processes the cluster runs: its nodes', then ZooKeeper's;
// 0 for one that is not running.
func (c *Cluster) PIDs() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append(append([]int(nil), c.pids...), c.zkPID)
}

// IsRunningProcess reports whether pid is a live process, not a zombie.
func IsRunningProcess(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	return err == nil && len(b) > 0
}
