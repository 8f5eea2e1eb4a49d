package localdb_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash/localdb"
)

// helperEnv makes the test binary act as a tradedash process that starts the
// server in the named directory and then waits to be killed.
const helperEnv = "LOCALDB_TEST_HELPER_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		s, err := localdb.Start(context.Background(), dir)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready", s.TCPPort())
		select {}
	}
	os.Exit(m.Run())
}

func start(t *testing.T, dir string) *localdb.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	begin := time.Now()
	s, err := localdb.Start(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start took %v", time.Since(begin).Round(time.Millisecond))
	// Registered before any connection's cleanup, so it runs after them:
	// the server is stopped with no client attached. Closing twice is fine.
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func connect(t *testing.T, rawURL string) driver.Conn {
	t.Helper()
	opts, err := clickhouse.ParseDSN(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func mustClose(t *testing.T, s *localdb.Server) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkStopped fails if the server with pid still runs: the last Close
// returns only once it has exited.
func checkStopped(t *testing.T, dir string, pid int) {
	t.Helper()
	if localdb.IsRunning(dir, pid) {
		t.Fatalf("server pid %d still running after the last Close", pid)
	}
}

func TestWriterQueries(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)

	ctx := context.Background()
	conn := connect(t, s.WriterURL())
	if err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS t (year UInt16, value Float64) ENGINE = MergeTree ORDER BY year`); err != nil {
		t.Fatal(err)
	}
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO t (year, value)")
	if err != nil {
		t.Fatal(err)
	}
	for y := 2010; y < 2020; y++ {
		if err := batch.Append(uint16(y), float64(y)/2); err != nil {
			t.Fatal(err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}
	var n uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 10 {
		t.Errorf("count() = %d, want 10", n)
	}
	var db string
	if err := conn.QueryRow(ctx, "SELECT currentDatabase()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	if db != localdb.Database {
		t.Errorf("currentDatabase() = %q, want %q", db, localdb.Database)
	}
}

func TestReaderIsReadOnly(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)

	ctx := context.Background()
	w := connect(t, s.WriterURL())
	if err := w.Exec(ctx, `CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a`); err != nil {
		t.Fatal(err)
	}
	batch, err := w.PrepareBatch(ctx, "INSERT INTO t (a)")
	if err != nil {
		t.Fatal(err)
	}
	batch.Append(uint8(7))
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}

	r := connect(t, s.ReaderURL())
	// The driver sends max_execution_time for a context deadline; the
	// reader's readonly=1 ignores it rather than refusing the query.
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var a uint8
	if err := r.QueryRow(qctx, "SELECT a FROM t").Scan(&a); err != nil {
		t.Fatalf("reader SELECT with a deadline: %v", err)
	}
	if a != 7 {
		t.Errorf("reader read %d, want 7", a)
	}

	for _, q := range []string{
		"CREATE TABLE u (a UInt8) ENGINE = Memory",
		"DROP TABLE t",
		"CREATE DATABASE other",
		"TRUNCATE TABLE t",
		"SET readonly = 0",
	} {
		if err := r.Exec(ctx, q); err == nil {
			t.Errorf("reader may run %q", q)
		}
	}
	if b, err := r.PrepareBatch(ctx, "INSERT INTO t (a)"); err == nil {
		b.Append(uint8(8))
		if err := b.Send(); err == nil {
			t.Error("reader may INSERT")
		}
	}
	var n uint64
	if err := w.QueryRow(ctx, "SELECT count() FROM t").Scan(&n); err != nil || n != 1 {
		t.Errorf("after the reader's attempts: count() = %d, %v; want 1", n, err)
	}
}

func TestNoPasswordlessUser(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)

	for _, user := range []string{"default", "writer", "reader"} {
		conn := connect(t, fmt.Sprintf("clickhouse://%s@127.0.0.1:%d/", user, s.TCPPort()))
		if err := conn.Ping(context.Background()); err == nil {
			t.Errorf("user %q connects without a password", user)
		}
	}
}

func TestURLNamesExistingDatabase(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)

	// The server refuses a connection whose database does not exist; Start
	// creates it so that both URLs work before the first migration.
	missing := strings.Replace(s.WriterURL(), "/"+localdb.Database, "/no_such_db", 1)
	if err := connect(t, missing).Ping(context.Background()); err == nil {
		t.Error("connected to a database that does not exist; Start need not create it")
	}
	if err := connect(t, s.ReaderURL()).Ping(context.Background()); err != nil {
		t.Errorf("reader: %v", err)
	}
}

func TestSharedServer(t *testing.T) {
	dir := t.TempDir()
	a := start(t, dir)
	b := start(t, dir)
	if a.PID() != b.PID() || a.TCPPort() != b.TCPPort() {
		t.Fatalf("two servers: pid %d port %d, pid %d port %d", a.PID(), a.TCPPort(), b.PID(), b.TCPPort())
	}
	if a.WriterURL() != b.WriterURL() {
		t.Errorf("writer URLs differ: %s, %s", a.WriterURL(), b.WriterURL())
	}
	pid := a.PID()

	mustClose(t, a)
	if err := a.Close(); err != nil {
		t.Errorf("second Close of one handle: %v", err)
	}
	if !localdb.IsRunning(dir, pid) {
		t.Fatal("server stopped while a second handle was open")
	}
	if err := connect(t, b.WriterURL()).Exec(context.Background(), "CREATE TABLE kept (a UInt8) ENGINE = TinyLog"); err != nil {
		t.Fatalf("after the first Close: %v", err)
	}

	mustClose(t, b)
	checkStopped(t, dir, pid)
	if _, err := os.Stat(filepath.Join(dir, "clickhouse", "server.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("server.json after the last Close: %v", err)
	}

	// And it starts again, on the same port, with the same data.
	c := start(t, dir)
	if c.TCPPort() != a.TCPPort() {
		t.Errorf("restart moved the port from %d to %d", a.TCPPort(), c.TCPPort())
	}
	var n uint64
	if err := connect(t, c.ReaderURL()).QueryRow(context.Background(), "SELECT count() FROM kept").Scan(&n); err != nil {
		t.Errorf("table lost in the restart: %v", err)
	}
}

// startHelper runs the test binary as another tradedash process that starts
// the server in dir, and returns it once the server answers.
func startHelper(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if !strings.HasPrefix(line, "ready") {
		t.Fatalf("helper process: %q, %v", line, err)
	}
	return cmd
}

func kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

func TestKilledProcessLeavesOrphanToReuse(t *testing.T) {
	dir := t.TempDir()
	kill(t, startHelper(t, dir))

	// The killed process's server keeps running and answers: reuse it.
	s := start(t, dir)
	pid := s.PID()
	if err := connect(t, s.WriterURL()).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The killed process held no lock any more, so this Close is the last.
	mustClose(t, s)
	checkStopped(t, dir, pid)
}

func TestConcurrentStarts(t *testing.T) {
	dir := t.TempDir()
	// Processes racing to start on a fresh directory end up on one server.
	const n = 3
	ports := make(chan string, n)
	helpers := make([]*exec.Cmd, n)
	for i := range helpers {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		helpers[i] = cmd
		go func() {
			line, _ := bufio.NewReader(out).ReadString('\n')
			ports <- strings.TrimSpace(line)
		}()
	}
	defer func() {
		for _, cmd := range helpers {
			kill(t, cmd)
		}
		// Their server is now an orphan: the next user's Close stops it.
		start(t, dir).Close()
	}()
	// And goroutines of this process join in, each handle counting once.
	handles := make(chan *localdb.Server, n)
	for range n {
		go func() {
			s, err := localdb.Start(context.Background(), dir)
			if err != nil {
				t.Error(err)
			}
			handles <- s
		}()
	}
	first := <-ports
	if !strings.HasPrefix(first, "ready ") {
		t.Fatalf("helper: %q", first)
	}
	for range n - 1 {
		if p := <-ports; p != first {
			t.Errorf("helpers disagree: %q and %q", first, p)
		}
	}
	var pid int
	for range n {
		s := <-handles
		if s == nil {
			continue
		}
		if got := "ready " + strconv.Itoa(s.TCPPort()); got != first {
			t.Errorf("in-process handle: %q, helper: %q", got, first)
		}
		pid = s.PID()
		if err := s.Close(); err != nil {
			t.Error(err)
		}
		if !localdb.IsRunning(dir, pid) {
			t.Fatal("server stopped while helper processes use it")
		}
	}
}

func TestKilledProcessWithHungOrphan(t *testing.T) {
	dir := t.TempDir()
	kill(t, startHelper(t, dir))
	orphan := recordedPID(t, dir)
	// Leave the orphan running but unresponsive, as a hung server would be.
	if err := syscall.Kill(orphan, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(orphan, syscall.SIGKILL) })

	s := start(t, dir)
	if s.PID() == orphan {
		t.Fatal("reused a server that does not answer")
	}
	if localdb.IsRunning(dir, orphan) {
		t.Error("the hung server is still running")
	}
	if err := connect(t, s.WriterURL()).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// recordedPID reads the pid that server.json records.
func recordedPID(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "clickhouse", "server.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ PID int }
	if err := json.Unmarshal(b, &st); err != nil || st.PID == 0 {
		t.Fatalf("server.json %s: %v", b, err)
	}
	return st.PID
}

func TestStaleStateIsNotSignalled(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)
	mustClose(t, s)

	// A pid file naming an unrelated live process (here: a sleep) must not
	// make Start signal it.
	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { sleeper.Process.Kill(); sleeper.Wait() }()
	state := fmt.Sprintf(`{"pid": %d, "tcp_port": %d, "http_port": 1}`, sleeper.Process.Pid, s.TCPPort())
	if err := os.WriteFile(filepath.Join(dir, "clickhouse", "server.json"), []byte(state), 0o600); err != nil {
		t.Fatal(err)
	}
	s = start(t, dir)
	if s.PID() == sleeper.Process.Pid {
		t.Fatal("took an unrelated process for the server")
	}
	if err := sleeper.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the unrelated process was signalled: %v", err)
	}
}

func TestTakenPortIsReplaced(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)
	port := s.TCPPort()
	mustClose(t, s)

	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s = start(t, dir)
	if s.TCPPort() == port {
		t.Fatalf("still on port %d, which another program holds", port)
	}
	if err := connect(t, s.ReaderURL()).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := localdb.Start(context.Background(), t.TempDir())
	if !errors.Is(err, localdb.ErrNotInstalled) {
		t.Fatalf("Start without clickhouse-server: %v, want ErrNotInstalled", err)
	}
	if !strings.Contains(err.Error(), "apt-get install clickhouse-server clickhouse-client") {
		t.Errorf("no install hint in %q", err)
	}
}

func TestCredentialsFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // Start creates it
	s := start(t, dir)

	for path, want := range map[string]os.FileMode{
		dir:                                    0o700,
		filepath.Join(dir, "clickhouse"):       0o700,
		filepath.Join(dir, "credentials.json"): 0o600,
		filepath.Join(dir, "clickhouse", "users.xml"): 0o600,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	creds, err := os.ReadFile(filepath.Join(dir, "credentials.json"))
	if err != nil {
		t.Fatal(err)
	}
	users, err := os.ReadFile(filepath.Join(dir, "clickhouse", "users.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(users), "password_sha256_hex") {
		t.Error("users.xml does not use password_sha256_hex")
	}
	for _, u := range []string{s.WriterURL(), s.ReaderURL()} {
		opts, err := clickhouse.ParseDSN(u)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(creds), opts.Auth.Password) {
			t.Errorf("password of %s is not in credentials.json", opts.Auth.Username)
		}
		if strings.Contains(string(users), opts.Auth.Password) {
			t.Errorf("plain password of %s is in users.xml", opts.Auth.Username)
		}
	}
}

func TestFailedStartShowsLog(t *testing.T) {
	dir := t.TempDir()
	// A file where the server wants its data directory makes it exit.
	if err := os.MkdirAll(filepath.Join(dir, "clickhouse"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "clickhouse", "data"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	_, err := localdb.Start(context.Background(), dir)
	if err == nil {
		t.Fatal("Start succeeded with a file in place of the data directory")
	}
	t.Logf("after %v: %v", time.Since(begin).Round(time.Millisecond), err)
	if !strings.Contains(err.Error(), "its log says") || !strings.Contains(err.Error(), "clickhouse/data") {
		t.Errorf("the error does not show the server's log: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "clickhouse", "server.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("server.json after a failed start: %v", err)
	}
}

// TestReaderCannotReachOut: read-only is not enough for a user the web
// server holds. Table functions would let it make the database host send
// requests (url, remote, mysql, ...) or read its files (file), so the
// reader may not call any, whatever settings it sends along; its own
// queries, with the deadline the dashboard sets, still run.
func TestReaderCannotReachOut(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)

	var hits atomic.Int64
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprintln(w, "reached")
	}))
	defer web.Close()
	userFiles := filepath.Join(dir, "clickhouse", "data", "user_files")
	if err := os.MkdirAll(userFiles, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(userFiles, "secret.csv"), []byte("reached\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w := connect(t, s.WriterURL())
	if err := w.Exec(context.Background(), `CREATE TABLE t (a UInt8) ENGINE = TinyLog`); err != nil {
		t.Fatal(err)
	}
	// The writer can, so a refusal below is the reader's restriction, not
	// a broken query.
	for _, q := range []string{
		"SELECT toString(count()) FROM url('" + web.URL + "/', CSV, 'a String')",
		"SELECT toString(count()) FROM file('secret.csv', CSV, 'a String')",
		fmt.Sprintf("SELECT toString(count()) FROM remote('127.0.0.1:%d', system.one, 'writer', '%s')", s.TCPPort(), writerPassword(t, s)),
	} {
		var n string
		if err := w.QueryRow(context.Background(), q).Scan(&n); err != nil || n != "1" {
			t.Fatalf("writer: %s: %q, %v", q, n, err)
		}
	}
	hits.Store(0)

	r := connect(t, s.ReaderURL())
	refused := []string{
		"SELECT * FROM url('" + web.URL + "/', CSV, 'a String')",
		"SELECT * FROM url('" + web.URL + "/', CSV, 'a String') SETTINGS readonly = 0",
		fmt.Sprintf("SELECT * FROM remote('127.0.0.1:%d', system.one)", s.TCPPort()),
		fmt.Sprintf("SELECT * FROM remoteSecure('127.0.0.1:%d', system.one)", s.TCPPort()),
		"SELECT * FROM file('secret.csv', CSV, 'a String')",
		"SELECT * FROM mysql('127.0.0.1:1', 'db', 't', 'u', 'p')",
		"SELECT * FROM jdbc('jdbc:mysql://127.0.0.1:1/db', 'db', 't')",
		"SELECT * FROM odbc('DSN=x', 'db', 't')",
		"SELECT * FROM merge('system', '^one$')",
		"SELECT * FROM numbers(3)",
	}
	for _, q := range refused {
		for name, ctx := range map[string]context.Context{
			"with a deadline": deadline(t, 10*time.Second),
			"asking for readonly=0": clickhouse.Context(deadline(t, 10*time.Second),
				clickhouse.WithSettings(clickhouse.Settings{"readonly": 0, "allow_ddl": 1})),
		} {
			rows, err := r.Query(ctx, q)
			if err == nil {
				n := 0
				for rows.Next() {
					n++
				}
				err = rows.Err()
				rows.Close()
				if err == nil {
					t.Errorf("reader %s: %s ran and gave %d rows", name, q, n)
					continue
				}
			}
			var ex *clickhouse.Exception
			if !errors.As(err, &ex) || ex.Code != 164 { // READONLY
				t.Errorf("reader %s: %s: %v, want code 164 (readonly)", name, q, err)
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the reader's queries made %d requests from the database host", n)
	}
	var a uint64
	if err := r.QueryRow(deadline(t, 10*time.Second), "SELECT count() FROM t").Scan(&a); err != nil {
		t.Errorf("reader's own query: %v", err)
	}
	// Its settings are the profile's, whatever the driver sends: the
	// profile, not the query, bounds its time.
	var limit string
	if err := r.QueryRow(deadline(t, 10*time.Second),
		"SELECT value FROM system.settings WHERE name = 'max_execution_time'").Scan(&limit); err != nil || limit != "150" {
		t.Errorf("reader's max_execution_time = %q, %v; want the profile's 150", limit, err)
	}
}

func deadline(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// writerPassword reads the writer's password from credentials.json.
func writerPassword(t *testing.T, s *localdb.Server) string {
	t.Helper()
	opts, err := clickhouse.ParseDSN(s.WriterURL())
	if err != nil {
		t.Fatal(err)
	}
	return opts.Auth.Password
}

// syncBuffer collects a watcher's log while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	begin := time.Now()
	for !cond() {
		if time.Since(begin) > within {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(begin)
}

func killServer(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

// TestWatchRestartsKilledServer: a watching handle brings a killed server
// back on the same port, and a connection made before reconnects.
func TestWatchRestartsKilledServer(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)
	var log syncBuffer
	s.Watch(slog.New(slog.NewTextHandler(&log, nil)))
	r := connect(t, s.ReaderURL())
	if err := r.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	pid, port := s.PID(), s.TCPPort()
	killServer(t, pid)
	took := waitFor(t, 30*time.Second, "the reader's connection answers again", func() bool {
		return r.Ping(context.Background()) == nil
	})
	t.Logf("the server answered again %v after SIGKILL", took.Round(time.Millisecond))
	// The log line follows the restart by a moment.
	waitFor(t, 5*time.Second, "the log tells of the restart", func() bool {
		return strings.Contains(log.String(), `msg="managed ClickHouse restarted"`)
	})
	if s.PID() == pid || !localdb.IsRunning(dir, s.PID()) {
		t.Errorf("server pid %d after the restart (killed: %d)", s.PID(), pid)
	}
	if got := recordedPort(t, dir); got != port {
		t.Errorf("the restarted server listens on %d, not %d", got, port)
	}
	if out := log.String(); !strings.Contains(out, "managed ClickHouse stopped") ||
		!strings.Contains(out, "msg=\"managed ClickHouse restarted\" pid="+strconv.Itoa(s.PID())) {
		t.Errorf("the log does not tell:\n%s", out)
	}
	// Close stops the watcher first: the server stops and stays stopped.
	newPID := s.PID()
	mustClose(t, s)
	checkStopped(t, dir, newPID)
	time.Sleep(500 * time.Millisecond)
	if pids := localdb.Running(dir); len(pids) != 0 {
		t.Errorf("servers %v run after the last Close", pids)
	}
}

// TestWatchAdoptsRestartByAnotherProcess: when another process has
// restarted the server first, the watcher uses that one and starts none.
func TestWatchAdoptsRestartByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)
	port := s.TCPPort()
	killServer(t, s.PID())
	waitFor(t, 10*time.Second, "the killed server is gone", func() bool { return !localdb.IsRunning(dir, s.PID()) })
	// Another tradedash process (here a second handle) starts it again,
	// on the ports the first one's connections use.
	b := start(t, dir)
	if b.TCPPort() != port {
		t.Fatalf("restarted on port %d while a process uses %d", b.TCPPort(), port)
	}
	var log syncBuffer
	s.Watch(slog.New(slog.NewTextHandler(&log, nil)))
	waitFor(t, 10*time.Second, "the watcher adopts the server", func() bool {
		return strings.Contains(log.String(), "restarted by another tradedash process")
	})
	if pids := localdb.Running(dir); len(pids) != 1 || pids[0] != b.PID() {
		t.Errorf("servers %v, want only %d", pids, b.PID())
	}
	if strings.Contains(log.String(), `msg="managed ClickHouse restarted" `) {
		t.Errorf("the watcher started a server of its own:\n%s", log.String())
	}
}

// TestWatchBacksOff: while the server's port is taken the watcher cannot
// restart it there (other processes' connections name it), so it retries
// with growing waits, and restarts it once the port is free.
func TestWatchBacksOff(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)
	port := s.TCPPort()
	var log syncBuffer
	s.Watch(slog.New(slog.NewTextHandler(&log, nil)))
	pid := s.PID()
	killServer(t, pid)
	waitFor(t, 10*time.Second, "the killed server is gone", func() bool { return !localdb.IsRunning(dir, pid) })
	var l net.Listener
	waitFor(t, 10*time.Second, "the port is ours", func() bool {
		var err error
		l, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		return err == nil || localdb.IsRunning(dir, s.PID())
	})
	if l == nil {
		t.Fatal("the watcher restarted the server before the port could be taken")
	}
	waitFor(t, 20*time.Second, "three failed restarts", func() bool {
		return strings.Count(log.String(), "restart failed") >= 3
	})
	l.Close()
	waitFor(t, 20*time.Second, "a restart once the port is free", func() bool {
		return strings.Contains(log.String(), `msg="managed ClickHouse restarted"`)
	})
	out := log.String()
	for _, want := range []string{"retry_in=500ms", "retry_in=1s", "retry_in=2s", "port already in use"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	if got := recordedPort(t, dir); got != port {
		t.Errorf("restarted on port %d, not %d", got, port)
	}
}

// recordedPort reads the tcp port that server.json records.
func recordedPort(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "clickhouse", "server.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		TCPPort int `json:"tcp_port"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st.TCPPort
}
