package localdb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"time"
)

const (
	// watchInterval is how often a watching handle checks that the server
	// process is alive: a read of /proc, cheap enough to do often, so that
	// the dashboard's outage after a crash is about a second.
	watchInterval = 250 * time.Millisecond
	// The wait before retrying a failed restart doubles from minBackoff up
	// to maxBackoff, so a server that cannot start (a full disk, a broken
	// package upgrade) is not hammered but is back soon after the cause.
	minBackoff = 500 * time.Millisecond
	maxBackoff = 10 * time.Second
)

// Watch keeps the server running for as long as this handle is open: when
// the clickhouse-server process dies (killed, crashed, out of memory), it
// starts it again on the same ports with the same passwords, so connection
// pools built on WriterURL and ReaderURL reconnect by themselves. It keeps
// to the sharing protocol: the restart decision is taken under start.lock,
// and a server that another tradedash process restarted first is adopted,
// not replaced. A failed restart is retried after 0.5 s, then after twice
// as long each time, up to 10 s. Each stop, restart, adoption and failure
// is logged to log.
//
// Watch returns at once; Close stops the watching. Only a long-running
// process needs it (serve); several handles may watch one server.
func (s *Server) Watch(log *slog.Logger) { s.watch(log, watchInterval) }

func (s *Server) watch(log *slog.Logger, every time.Duration) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users == nil || s.watchCancel != nil {
		return // closed, or already watching
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.watchCancel, s.watchDone = cancel, done
	go func() {
		defer close(done)
		s.watchLoop(ctx, log, every)
	}()
}

// stopWatching stops the watcher, if any, and waits until it has stopped:
// a restart under way is abandoned and its server killed.
func (s *Server) stopWatching() {
	s.mu.Lock()
	cancel, done := s.watchCancel, s.watchDone
	s.watchCancel, s.watchDone = nil, nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (s *Server) watchLoop(ctx context.Context, log *slog.Logger, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if isOurServer(s.pid, s.files) {
			continue
		}
		down := time.Now()
		log.Warn("managed ClickHouse stopped; restarting it", "pid", s.pid, "dir", s.files.root)
		for backoff := minBackoff; ; backoff = min(2*backoff, maxBackoff) {
			pid, started, err := s.restart(ctx)
			if err == nil {
				msg := "managed ClickHouse restarted"
				if !started {
					msg = "managed ClickHouse restarted by another tradedash process; using it"
				}
				log.Info(msg, "pid", pid, "port", s.tcpPort, "down", time.Since(down).Round(time.Millisecond))
				s.pid = pid
				break
			}
			if ctx.Err() != nil {
				return
			}
			log.Error("managed ClickHouse restart failed", "err", err, "retry_in", backoff)
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
		}
	}
}

// restart brings the server back, or finds that another process already
// has, under start.lock like every start. started reports whether this
// call started it.
func (s *Server) restart(ctx context.Context) (pid int, started bool, err error) {
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		return 0, false, ErrNotInstalled
	}
	unlock, err := lockExclusive(ctx, s.files.startLock())
	if err != nil {
		return 0, false, err
	}
	defer unlock()
	// This handle's passwords, not credentials.json read afresh: the URLs
	// the pools hold carry them.
	st, started, err := ensureRunning(ctx, bin, s.files, s.creds)
	if err != nil {
		return 0, false, err
	}
	if st.TCPPort != s.tcpPort {
		// ensureRunning keeps the ports while a process uses the server,
		// and this one does; so this is a server started by hand.
		return 0, false, fmt.Errorf("the server (pid %d) listens on port %d, not %d: %w",
			st.PID, st.TCPPort, s.tcpPort, errMoved)
	}
	return st.PID, started, nil
}

// errMoved reports a server that came back on other ports than the ones
// this process's connections use.
var errMoved = errors.New("restart tradedash to follow it")
