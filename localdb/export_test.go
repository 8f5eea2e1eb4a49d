package localdb

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
