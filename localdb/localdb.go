// Package localdb runs the managed local clickhouse-server that tradedash uses
// when no --clickhouse URL is given.
//
// ClickHouse cannot live inside a Go process, but the Debian clickhouse-server
// starts in a fraction of a second with a generated config, so Start writes
// one under the data directory, starts the server from PATH and waits until
// it answers. Several tradedash processes on one data directory (a serve and
// an import) share one server; the last one to Close stops it.
//
// Sharing rests on two flock(2) locks under DIR/clickhouse: start.lock is held
// briefly around every start and stop decision, and every process using the
// server holds a shared lock on users.lock until it closes. The kernel drops
// both when a process dies, so a crash leaves no stale lock behind; the
// server itself runs in its own session, survives its starter, and is found
// again through server.json. The package uses /proc and is Linux-only, like
// the Debian package it drives.
//
// A long-running process (serve) calls Watch, which starts the server again
// when it dies, under the same protocol: on the same ports and with the same
// passwords, so that every process's connections reconnect by themselves.
// While any process uses the server, no start moves it to other ports.
//
// The reader user, which the web server holds, is restricted beyond
// read-only: a table function (url, remote, file, mysql, jdbc, odbc, merge,
// even numbers) would let it make the database host send requests or read
// its files. ClickHouse 18.16 has no grants; it refuses table functions only
// under readonly=1 (readonly=2 and allow_ddl=0 allow them, and per-user
// allow_databases does not cover them), so the reader's profile sets
// readonly=1. Under it 18.16 ignores the settings a client sends, the
// driver's per-query max_execution_time included, so the profile sets that
// bound itself. An operator of a current ClickHouse gives tradedash a
// reader made with SQL access control instead: readonly=2 in its profile
// (current releases refuse, rather than ignore, the driver's settings under
// readonly=1) and only `GRANT SELECT ON tradedash.* TO reader`. Table
// functions there need CREATE TEMPORARY TABLE and the source privileges
// (URL, REMOTE, FILE, MYSQL, ... or SOURCES), which such a user lacks; to
// be sure, `REVOKE CREATE TEMPORARY TABLE, SOURCES ON *.* FROM reader`, and
// limit the hosts url() may reach server-wide with <remote_url_allow_hosts>.
//
// StartCluster (cluster.go) runs a local cluster instead, for development
// and tests: ZooKeeper and 2 shards x 2 replicas of the same server, with
// the same users, launched by the same code in a directory of its own.
package localdb

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// ErrNotInstalled is returned (wrapped) by Start when clickhouse-server is not
// on PATH.
var ErrNotInstalled = errors.New("clickhouse-server not found on PATH; " +
	"install it with: apt-get install clickhouse-server clickhouse-client (Debian)")

// Database is the database that the URLs name. Start creates it, so the URLs
// work before any migration has run.
const Database = "tradedash"

// The users defined in the generated users.xml.
const (
	writerUser = "writer"
	readerUser = "reader"
)

const (
	// startTimeout bounds the wait for a fresh server to answer; it starts
	// in about 0.2 s, so 20 s means it is not coming.
	startTimeout = 20 * time.Second
	// stopTimeout is how long a server gets to shut down after SIGTERM
	// before SIGKILL; a clean shutdown takes well under a second.
	stopTimeout = 15 * time.Second
	// pingTimeout decides that a recorded server which accepts connections
	// but does not answer is hung.
	pingTimeout = 3 * time.Second
	// readerMaxExecution bounds every query of the reader on the server:
	// the longest a dashboard request waits (a download, two minutes) with
	// some margin. The reader cannot set it per query (see writeUsers).
	readerMaxExecution = 150 * time.Second
	// startAttempts covers the race in which another program takes a port
	// between our picking it and the server binding it.
	startAttempts = 3
)

// Server is a handle on the managed server. Each handle counts as one user of
// the server until it is closed.
type Server struct {
	files   files
	tcpPort int
	creds   credentials

	mu    sync.Mutex
	users *os.File // holds LOCK_SH on users.lock while the handle is open

	// pid is the server this handle last saw running; after Start only
	// the watcher goroutine uses it.
	pid int
	// watchCancel stops the watcher and watchDone is closed when it has
	// stopped; both nil when the handle is not watching.
	watchCancel context.CancelFunc
	watchDone   chan struct{}
}

// Start starts (or joins) the managed server whose state lives under dir,
// creating dir if it is missing. ctx bounds the wait for another process's
// start or stop and for the server to answer; the server outlives ctx and is
// stopped by the last Close.
func Start(ctx context.Context, dir string) (*Server, error) {
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		return nil, fmt.Errorf("start local ClickHouse: %w", ErrNotInstalled)
	}
	s, err := start(ctx, bin, dir)
	if err != nil {
		return nil, fmt.Errorf("start local ClickHouse in %s: %w", dir, err)
	}
	return s, nil
}

func start(ctx context.Context, bin, dir string) (*Server, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	f := files{root: abs, ch: filepath.Join(abs, "clickhouse")}
	if _, err := os.Stat(filepath.Join(abs, clusterFile)); err == nil {
		return nil, fmt.Errorf("it holds a local cluster (%s): give the single server a directory of its own", clusterFile)
	}
	if err := os.MkdirAll(f.root, 0o700); err != nil {
		return nil, err
	}
	// The server's own directory holds password hashes and data: owner only,
	// even if it was created looser before.
	if err := os.MkdirAll(f.ch, 0o700); err != nil {
		return nil, err
	}
	if err := os.Chmod(f.ch, 0o700); err != nil {
		return nil, err
	}

	unlock, err := lockExclusive(ctx, f.startLock())
	if err != nil {
		return nil, err
	}
	defer unlock()

	// Under start.lock, so two first starts do not write different passwords.
	creds, err := loadCredentials(f.credentials())
	if err != nil {
		return nil, err
	}
	st, started, err := ensureRunning(ctx, bin, f, creds)
	if err != nil {
		return nil, err
	}
	users, err := os.OpenFile(f.usersLock(), os.O_RDWR|os.O_CREATE, 0o600)
	if err == nil {
		// Never blocks: an exclusive holder also holds start.lock, which is ours.
		err = flock(users, syscall.LOCK_SH)
		if err != nil {
			users.Close()
		}
	}
	if err == nil {
		err = createDatabase(ctx, st.TCPPort, creds.Writer)
		if err != nil {
			users.Close()
		}
	}
	if err != nil {
		if started && lastUser(f) {
			stopServer(f)
		}
		return nil, err
	}
	return &Server{files: f, tcpPort: st.TCPPort, creds: creds, users: users, pid: st.PID}, nil
}

// WriterURL returns the URL of the user with full rights, for ingest and
// migrations: clickhouse://writer:PASS@127.0.0.1:PORT/tradedash.
func (s *Server) WriterURL() string { return s.url(writerUser, s.creds.Writer) }

// ReaderURL returns the URL of the read-only user for the web server:
// clickhouse://reader:PASS@127.0.0.1:PORT/tradedash. It may run queries but
// not write, change the schema or its settings, or call table functions
// (readonly=1).
func (s *Server) ReaderURL() string { return s.url(readerUser, s.creds.Reader) }

// TCPPort returns the loopback port of the native protocol.
func (s *Server) TCPPort() int { return s.tcpPort }

func (s *Server) url(user, password string) string { return dsn(user, password, s.tcpPort) }

// dsn returns the URL of Database for user on the loopback ports, several
// separated by commas as the driver takes them for failover.
func dsn(user, password string, ports ...int) string {
	hosts := make([]string, len(ports))
	for i, p := range ports {
		hosts[i] = net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
	}
	u := url.URL{
		Scheme: "clickhouse",
		User:   url.UserPassword(user, password),
		Host:   strings.Join(hosts, ","),
		Path:   "/" + Database,
	}
	return u.String()
}

// Close stops watching, leaves the server and stops it if this was the last
// tradedash handle on its directory, waiting until it has exited (about a
// second). Close the connections to it first: the server waits for open
// connections to notice the shutdown. Closing twice is harmless.
func (s *Server) Close() error {
	s.stopWatching()
	s.mu.Lock()
	defer s.mu.Unlock()
	users := s.users
	if users == nil {
		return nil
	}
	s.users = nil

	// Close has no context: waiting for another process's start is bounded
	// by startTimeout on its side.
	unlock, err := lockExclusive(context.Background(), s.files.startLock())
	if err != nil {
		users.Close()
		return fmt.Errorf("close local ClickHouse in %s: %w", s.files.root, err)
	}
	defer unlock()
	// Deferred after unlock, so it runs first: a Start waiting for
	// start.lock must find users.lock free of us.
	defer users.Close()
	// Converting our shared lock is not atomic in flock(2), so another
	// process might slip in between — but every taker of users.lock holds
	// start.lock, which we hold.
	if flock(users, syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return nil
	}
	if err := stopServer(s.files); err != nil {
		return fmt.Errorf("close local ClickHouse in %s: %w", s.files.root, err)
	}
	return nil
}

// files names everything localdb keeps under the data directory.
type files struct {
	root string // the data directory given to Start
	ch   string // root/clickhouse, everything of the server
}

func (f files) credentials() string { return filepath.Join(f.root, "credentials.json") }
func (f files) config() string      { return filepath.Join(f.ch, "config.xml") }
func (f files) usersXML() string    { return filepath.Join(f.ch, "users.xml") }
func (f files) data() string        { return filepath.Join(f.ch, "data") + "/" }
func (f files) logDir() string      { return filepath.Join(f.ch, "log") }
func (f files) log() string         { return filepath.Join(f.ch, "log", "server.log") }
func (f files) errLog() string      { return filepath.Join(f.ch, "log", "server.err.log") }
func (f files) stdoutLog() string   { return filepath.Join(f.ch, "log", "stdout.log") }
func (f files) state() string       { return filepath.Join(f.ch, "server.json") }
func (f files) startLock() string   { return filepath.Join(f.ch, "start.lock") }
func (f files) usersLock() string   { return filepath.Join(f.ch, "users.lock") }

// configFlag is the argument that identifies our server among all processes.
func (f files) configFlag() string { return "--config-file=" + f.config() }

// credentials are the generated plain passwords, kept in a 0600 file so that
// later starts (and a person with clickhouse-client) can use them.
type credentials struct {
	Writer string `json:"writer_password"`
	Reader string `json:"reader_password"`
}

func loadCredentials(path string) (credentials, error) {
	var c credentials
	b, err := os.ReadFile(path)
	if err == nil {
		if err := json.Unmarshal(b, &c); err != nil {
			return c, fmt.Errorf("read %s: %w", path, err)
		}
		if c.Writer != "" && c.Reader != "" {
			// A copy or an editor may have loosened the mode.
			return c, os.Chmod(path, 0o600)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return c, err
	}
	// rand.Text: 128 random bits in base32, safe in a URL without escaping.
	c = credentials{Writer: rand.Text(), Reader: rand.Text()}
	b, err = json.MarshalIndent(c, "", "  ")
	if err != nil {
		return c, err
	}
	return c, writeFile(path, append(b, '\n'))
}

// state is server.json: what a joining process needs to find the server.
type state struct {
	PID       int       `json:"pid"`
	TCPPort   int       `json:"tcp_port"`
	HTTPPort  int       `json:"http_port"`
	StartedAt time.Time `json:"started_at"`
}

func readState(f files) (state, bool) {
	var st state
	b, err := os.ReadFile(f.state())
	if err != nil || json.Unmarshal(b, &st) != nil || st.PID <= 0 {
		return state{}, false
	}
	return st, true
}

// ensureRunning returns the state of a server that answers, starting one if
// needed. started reports whether this call started it. The caller holds
// start.lock.
func ensureRunning(ctx context.Context, bin string, f files, creds credentials) (st state, started bool, err error) {
	// A ping failing for a done ctx must not condemn a healthy orphan.
	if err := ctx.Err(); err != nil {
		return st, false, err
	}
	if st, ok := readState(f); ok && isOurServer(st.PID, f) {
		if !lastUser(f) {
			// Another live process uses it: it may be busy, but it is not
			// ours to replace. Give it the time a start would get.
			if err := ping(ctx, st.TCPPort, creds.Writer, startTimeout); err != nil {
				return st, false, fmt.Errorf("the server (pid %d) that another tradedash process uses does not answer: %w", st.PID, err)
			}
			return st, false, nil
		}
		if ping(ctx, st.TCPPort, creds.Writer, pingTimeout) == nil {
			return st, false, nil // an orphan left by a crash: reuse it
		}
		if err := ctx.Err(); err != nil {
			return st, false, err
		}
		// An orphan that hangs, or one started with other passwords:
		// nobody uses it, so replace it.
	}
	// Kill every server on our config: the recorded one that did not answer,
	// and any started by a process that died before writing server.json.
	// Only one can own the data directory, so none may stay.
	for _, pid := range ourServers(f) {
		if err := stopProcess(pid, f.configFlag(), pingTimeout); err != nil {
			return st, false, err
		}
	}
	if err := os.Remove(f.state()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return st, false, err
	}

	tcp, http := previousPorts(f)
	// A process that uses the server (a serve whose server died) holds its
	// address in its connection pools: while one does, the server comes
	// back on the same ports or not at all, and the start is retried.
	keep := tcp > 0 && !lastUser(f)
	for attempt := 1; ; attempt++ {
		if !portFree(tcp) || !portFree(http) || tcp == http {
			switch {
			case keep && tcp != http && waitPortsFree(ctx, portWait, tcp, http):
			case keep:
				return st, false, fmt.Errorf("ports %d and %d, which running tradedash processes connect to: %w", tcp, http, errPortTaken)
			default:
				if tcp, http, err = pickPorts(); err != nil {
					return st, false, err
				}
			}
		}
		st, err = launch(ctx, bin, f, creds, tcp, http, nodeConfig{})
		if err == nil {
			return st, true, nil
		}
		if !errors.Is(err, errPortTaken) || attempt == startAttempts {
			return st, false, err
		}
		if !keep {
			tcp, http = 0, 0
		}
	}
}

// errPortTaken marks a start that failed because a port was taken between
// picking and binding it.
var errPortTaken = errors.New("port already in use")

// nodeConfig is what a node of a local cluster adds to a single server's
// launch; the zero value is the single server.
type nodeConfig struct {
	// xml is inserted into config.xml: interserver port, ZooKeeper,
	// macros, remote_servers.
	xml string
	// tied makes the server die with the process that started it, so that
	// a test binary killed at its timeout leaves no cluster behind. Linux
	// sends the signal when the starting thread exits; Go keeps its threads
	// until the process ends, unless a goroutine exits locked to one.
	tied bool
}

// launch writes the config, starts a fresh server and waits until it answers.
func launch(ctx context.Context, bin string, f files, creds credentials, tcp, http int, node nodeConfig) (state, error) {
	if err := writeConfig(f, tcp, http, node.xml); err != nil {
		return state{}, err
	}
	if err := writeUsers(f, creds); err != nil {
		return state{}, err
	}
	if err := os.MkdirAll(f.logDir(), 0o700); err != nil {
		return state{}, err
	}
	out, err := os.OpenFile(f.stdoutLog(), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return state{}, err
	}
	// Remember where this run's messages begin, to show only them on failure.
	logs := newLogTail(f.errLog(), f.stdoutLog())

	// Not exec.CommandContext: the server must outlive ctx and this process.
	cmd := exec.Command(bin, f.configFlag())
	cmd.Dir = f.ch
	// Straight to a file, not a pipe: a pipe would break when we exit while
	// others still use the server.
	cmd.Stdout, cmd.Stderr = out, out
	// Its own session, so a Ctrl-C or SIGHUP meant for the starting
	// terminal does not stop a server other processes still use.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if node.tied {
		cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	}
	err = cmd.Start()
	out.Close()
	if err != nil {
		return state{}, fmt.Errorf("run %s: %w", bin, err)
	}
	// Reaps the server whenever it stops while this process runs; closing
	// exited lets any number of waiters see that.
	var exitErr error
	exited := make(chan struct{})
	go func() { exitErr = cmd.Wait(); close(exited) }()

	st := state{PID: cmd.Process.Pid, TCPPort: tcp, HTTPPort: http, StartedAt: time.Now().UTC()}
	b, err := json.MarshalIndent(st, "", "  ")
	if err == nil {
		err = writeFile(f.state(), append(b, '\n'))
	}
	if err == nil {
		err = waitReady(ctx, st, creds, exited, logs)
		if errors.Is(err, errExited) {
			err = fmt.Errorf("%w (%v); its log says:\n%s", err, exitErr, logs)
		}
	}
	if err != nil {
		cmd.Process.Kill()
		<-exited
		os.Remove(f.state())
		return state{}, err
	}
	return st, nil
}

// errExited reports a server that exited before it answered.
var errExited = errors.New("clickhouse-server exited")

func waitReady(ctx context.Context, st state, creds credentials, exited <-chan struct{}, logs logTail) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			if strings.Contains(logs.String(), "Address already in use") {
				return fmt.Errorf("%w: %w", errExited, errPortTaken)
			}
			return errExited
		case <-ctx.Done():
			return fmt.Errorf("clickhouse-server did not answer on 127.0.0.1:%d: %w; its log says:\n%s",
				st.TCPPort, ctx.Err(), logs.String())
		case <-tick.C:
			// A refused connection fails at once; the timeout only matters
			// if the server accepts and then stalls.
			if ping(ctx, st.TCPPort, creds.Writer, time.Second) == nil {
				return nil
			}
		}
	}
}

// ping checks that a server answers on the native protocol as writer.
func ping(ctx context.Context, port int, password string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := open(port, password, "", timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Ping(ctx)
}

// createDatabase makes Database exist: the server refuses a connection whose
// URL names a database that does not exist, so without it ReaderURL would be
// useless until the first migration.
func createDatabase(ctx context.Context, port int, password string) error {
	conn, err := open(port, password, "", pingTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+Database); err != nil {
		return fmt.Errorf("create database %s: %w", Database, err)
	}
	return nil
}

func open(port int, password, database string, timeout time.Duration) (clickhouse.Conn, error) {
	return clickhouse.Open(&clickhouse.Options{
		Addr:        []string{net.JoinHostPort("127.0.0.1", strconv.Itoa(port))},
		Auth:        clickhouse.Auth{Username: writerUser, Password: password, Database: database},
		DialTimeout: timeout,
		ReadTimeout: timeout,
	})
}

// lastUser reports, under start.lock, whether no process holds users.lock.
func lastUser(f files) bool {
	u, err := os.OpenFile(f.usersLock(), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return false
	}
	defer u.Close()
	return flock(u, syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// stopServer stops the recorded server, if it is still ours, and forgets it.
// The caller holds start.lock and knows it is the last user.
func stopServer(f files) error {
	// Read afresh: the server may have been replaced since this handle
	// started, after a crash.
	if st, ok := readState(f); ok && isOurServer(st.PID, f) {
		if err := stopProcess(st.PID, f.configFlag(), stopTimeout); err != nil {
			return err
		}
	}
	if err := os.Remove(f.state()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// stopProcess sends SIGTERM to pid, if it is still the process whose command
// line holds arg (a server's configFlag), waits up to grace for it to exit,
// then kills it.
func stopProcess(pid int, arg string, grace time.Duration) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	p.Signal(syscall.SIGTERM)
	// A server stopped with SIGSTOP would hold SIGTERM pending for ever.
	p.Signal(syscall.SIGCONT)
	if waitGone(pid, arg, grace) {
		return nil
	}
	p.Signal(syscall.SIGKILL)
	if waitGone(pid, arg, 5*time.Second) {
		return nil
	}
	return fmt.Errorf("process %d (%s) does not stop", pid, arg)
}

func waitGone(pid int, arg string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for hasArg(pid, arg) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// isOurServer reports whether pid is a live clickhouse-server running our
// config, so that a stale pid reused by another program is never signalled.
// A zombie has an empty cmdline and so counts as gone.
func isOurServer(pid int, f files) bool { return hasArg(pid, f.configFlag()) }

// hasArg reports whether pid is a live process with arg on its command line.
func hasArg(pid int, arg string) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	for _, a := range bytes.Split(b, []byte{0}) {
		if string(a) == arg {
			return true
		}
	}
	return false
}

// ourServers lists every live process running our config.
func ourServers(f files) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && isOurServer(pid, f) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// previousPorts returns the ports of the last config, so that a restarted
// server keeps its address while nothing else took it.
func previousPorts(f files) (tcp, http int) {
	var c struct {
		TCP  int `xml:"tcp_port"`
		HTTP int `xml:"http_port"`
	}
	b, err := os.ReadFile(f.config())
	if err != nil || xml.Unmarshal(b, &c) != nil {
		return 0, 0
	}
	return c.TCP, c.HTTP
}

// portWait is how long a start waits for the ports of a server that just
// died: the kernel frees a killed process's sockets a moment after /proc
// shows it gone, and a start in that moment would fail for nothing.
const portWait = 3 * time.Second

// waitPortsFree waits until every port is free, at most for d; false when
// one is still taken then, or ctx is done.
func waitPortsFree(ctx context.Context, d time.Duration, ports ...int) bool {
	deadline := time.Now().Add(d)
	for {
		if !slices.ContainsFunc(ports, func(p int) bool { return !portFree(p) }) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func portFree(port int) bool {
	if port <= 0 {
		return false
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// pickPorts asks the kernel for two distinct free loopback ports.
func pickPorts() (tcp, http int, err error) {
	ports, err := pickFreePorts(2)
	if err != nil {
		return 0, 0, err
	}
	return ports[0], ports[1], nil
}

// pickFreePorts asks the kernel for n distinct free loopback ports.
func pickFreePorts(n int) ([]int, error) {
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("pick a free port: %w", err)
		}
		// Held open until all are picked, so they differ.
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

// writeConfig writes config.xml: loopback only, no dictionaries or query log,
// small caches, logs to files. A single server has no interserver port,
// ZooKeeper or clusters; a cluster node gives them as extra.
func writeConfig(f files, tcp, http int, extra string) error {
	x := xmlText
	config := fmt.Sprintf(`<?xml version="1.0"?>
<!-- Generated by tradedash; rewritten at every start of the server. -->
<yandex>
    <logger>
        <level>information</level>
        <log>%s</log>
        <errorlog>%s</errorlog>
        <size>10M</size>
        <count>3</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>%d</tcp_port>
    <http_port>%d</http_port>
    <path>%s</path>
    <tmp_path>%s</tmp_path>
    <user_files_path>%s</user_files_path>
    <format_schema_path>%s</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>67108864</mark_cache_size>
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
    <mlock_executable>false</mlock_executable>
%s</yandex>
`, x(f.log()), x(f.errLog()), tcp, http,
		x(f.data()), x(f.data()+"tmp/"), x(f.data()+"user_files/"), x(f.data()+"format_schemas/"), extra)
	return writeFile(f.config(), []byte(config))
}

// xmlText escapes s for an XML element's text.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeUsers writes users.xml. There is no default user, so nothing connects
// without a password; both users are limited to loopback.
func writeUsers(f files, c credentials) error {
	hash := func(p string) string {
		h := sha256.Sum256([]byte(p))
		return hex.EncodeToString(h[:])
	}
	users := fmt.Sprintf(`<?xml version="1.0"?>
<!-- Generated by tradedash; the passwords are in ../credentials.json. -->
<yandex>
    <profiles>
        <!-- The server's own settings. A connection checks for shutdown
             every poll_interval seconds (default 10), so an idle pooled
             connection would hold up stopping the server that long. -->
        <default>
            <poll_interval>1</poll_interval>
        </default>
        <!-- readonly=1, not 2: 18.16 forbids table functions (url, remote,
             file, mysql, ...) only under readonly=1, and under it ignores
             the settings a client sends, max_execution_time included, so
             the profile bounds the query time itself. -->
        <reader>
            <readonly>1</readonly>
            <allow_ddl>0</allow_ddl>
            <max_execution_time>%[5]d</max_execution_time>
        </reader>
    </profiles>
    <users>
        <%[1]s>
            <password_sha256_hex>%[2]s</password_sha256_hex>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </%[1]s>
        <%[3]s>
            <password_sha256_hex>%[4]s</password_sha256_hex>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>reader</profile>
            <quota>default</quota>
        </%[3]s>
    </users>
    <quotas>
        <default/>
    </quotas>
</yandex>
`, writerUser, hash(c.Writer), readerUser, hash(c.Reader), int(readerMaxExecution.Seconds()))
	return writeFile(f.usersXML(), []byte(users))
}

// writeFile replaces path atomically with a 0600 file, so that a reader (the
// server reloading users.xml, a joining process reading server.json) never
// sees half of it.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// lockExclusive takes LOCK_EX on path, polling so that ctx can end the wait.
func lockExclusive(ctx context.Context, path string) (unlock func(), err error) {
	lf, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err := flock(lf, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { lf.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			lf.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			lf.Close()
			return nil, fmt.Errorf("wait for %s: %w", path, ctx.Err())
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// logTail shows what the server wrote to its logs since it was created.
type logTail struct {
	paths   []string
	offsets []int64
}

func newLogTail(paths ...string) logTail {
	t := logTail{paths: paths, offsets: make([]int64, len(paths))}
	for i, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			t.offsets[i] = fi.Size()
		}
	}
	return t
}

// String returns the last lines written to each log, at most 4 KiB of each.
func (t logTail) String() string {
	const max = 4096
	var b strings.Builder
	for i, p := range t.paths {
		lf, err := os.Open(p)
		if err != nil {
			continue
		}
		off := t.offsets[i]
		if fi, err := lf.Stat(); err == nil && fi.Size() < off {
			off = 0 // rotated
		} else if err == nil && fi.Size()-off > max {
			off = fi.Size() - max
		}
		lf.Seek(off, io.SeekStart)
		data, _ := io.ReadAll(io.LimitReader(lf, max))
		lf.Close()
		if s := strings.TrimSpace(string(data)); s != "" {
			fmt.Fprintf(&b, "%s:\n%s\n", p, s)
		}
	}
	if b.Len() == 0 {
		return "(nothing)"
	}
	return strings.TrimRight(b.String(), "\n")
}
