package localdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ClusterName is the cluster's name in remote_servers: the name ON CLUSTER
// DDL and Distributed tables give.
const ClusterName = "tradedash"

// ErrZooKeeperNotInstalled is returned (wrapped) by StartCluster when java or
// Debian's ZooKeeper jars are missing.
var ErrZooKeeperNotInstalled = errors.New("java or ZooKeeper not found; " +
	"install them with: apt-get install zookeeper default-jre-headless (Debian)")

// The jars ZooKeeper runs from, as Debian's zookeeper package installs them.
// zookeeper.jar's manifest lists its other dependencies; only a logging
// binding for slf4j must be added.
var zooKeeperJars = []string{
	"/usr/share/java/zookeeper.jar",
	"/usr/share/java/slf4j-log4j12.jar",
	"/usr/share/java/log4j-1.2.jar",
}

const (
	// clusterFile marks a cluster's directory and says what runs where;
	// a single server refuses a directory that has one.
	clusterFile = "cluster.json"
	// zkStartTimeout bounds the wait for ZooKeeper's "imok": the JVM's
	// start dominates, about 3.5 s on the shared 2-core machine.
	zkStartTimeout = 30 * time.Second
	// checkTimeout bounds Check when its context has no earlier deadline.
	checkTimeout = 60 * time.Second
	// defaultSessionTimeout is ZooKeeper's own usual session timeout.
	defaultSessionTimeout = 10 * time.Second
)

// ClusterOptions shape a local cluster; the zero value is 2 shards of 2
// replicas with 10 s ZooKeeper sessions.
type ClusterOptions struct {
	Shards, Replicas int
	// SessionTimeout is how long ZooKeeper keeps a node's session (and its
	// replicas' "is active" marks) after the node stops answering: a
	// killed replica cannot become active again before it has passed, so
	// tests make it short.
	SessionTimeout time.Duration
}

// Node is one clickhouse-server of a cluster, on loopback.
type Node struct {
	Shard   int    `json:"shard"`   // from 1, the {shard} macro
	Replica int    `json:"replica"` // from 1 within its shard
	Name    string `json:"name"`    // the {replica} macro: r1, r2, ... over the whole cluster

	TCPPort         int `json:"tcp_port"`
	HTTPPort        int `json:"http_port"`
	InterserverPort int `json:"interserver_port"`
}

// Addr returns the node's native-protocol address, 127.0.0.1:PORT.
func (n Node) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(n.TCPPort)) }

// Cluster is a local ClickHouse cluster: one ZooKeeper and Shards x Replicas
// clickhouse-server processes on loopback, each with its own directory
// under the cluster's, all with the users of the single server (writer and
// read-only reader, the same passwords on every node). Unlike the single
// server it is not shared between processes: it lives as long as the
// process that started it (its processes get SIGKILL when that process
// dies) and Stop stops it.
type Cluster struct {
	dir            string
	bin            string // clickhouse-server
	java           string
	creds          credentials
	zkPort         int
	nodes          []Node
	sessionTimeout time.Duration

	mu    sync.Mutex
	pids  []int    // by node; 0 while a node is not running
	zkPID int      // 0 while ZooKeeper is not running
	lock  *os.File // holds LOCK_EX on cluster.lock until Stop
}

// StartCluster starts a cluster under dir, creating dir if it is missing:
// ZooKeeper first, then every node, on free loopback ports. It returns when
// the cluster passes Check, or stops what it started and returns why.
// ctx bounds the start; the cluster outlives it and is stopped by Stop.
//
// dir must not be a single server's data directory; data, ZooKeeper's
// state and the passwords (credentials.json) stay in it between starts.
func StartCluster(ctx context.Context, dir string, opts ClusterOptions) (*Cluster, error) {
	c, err := newCluster(dir, opts)
	if err != nil {
		return nil, fmt.Errorf("start local ClickHouse cluster in %s: %w", dir, err)
	}
	if err := c.start(ctx); err != nil {
		c.Stop()
		return nil, fmt.Errorf("start local ClickHouse cluster in %s: %w", dir, err)
	}
	return c, nil
}

func newCluster(dir string, opts ClusterOptions) (*Cluster, error) {
	if opts.Shards <= 0 {
		opts.Shards = 2
	}
	if opts.Replicas <= 0 {
		opts.Replicas = 2
	}
	if opts.SessionTimeout <= 0 {
		opts.SessionTimeout = defaultSessionTimeout
	}
	// Every missing program at once, so one apt-get fixes all.
	var missing []error
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		missing = append(missing, ErrNotInstalled)
	}
	java, err := exec.LookPath("java")
	if err == nil {
		for _, jar := range zooKeeperJars {
			if _, err = os.Stat(jar); err != nil {
				break
			}
		}
	}
	if err != nil {
		missing = append(missing, ErrZooKeeperNotInstalled)
	}
	if len(missing) > 0 {
		return nil, errors.Join(missing...)
	}

	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// Cluster code never touches a single server's data.
	if _, err := os.Stat(filepath.Join(abs, "clickhouse")); err == nil {
		return nil, errors.New("it holds a single server's data (clickhouse/): give the cluster a directory of its own")
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, err
	}
	if err := os.Chmod(abs, 0o700); err != nil {
		return nil, err
	}
	// One cluster per directory: a second start would take the first's
	// processes for a crashed starter's and kill them. The kernel drops
	// the lock when its holder dies.
	lock, err := os.OpenFile(filepath.Join(abs, "cluster.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := flock(lock, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errors.New("another process runs a cluster in it")
		}
		return nil, err
	}
	creds, err := loadCredentials(filepath.Join(abs, "credentials.json"))
	if err != nil {
		lock.Close()
		return nil, err
	}
	c := &Cluster{dir: abs, bin: bin, java: java, creds: creds, sessionTimeout: opts.SessionTimeout, lock: lock}
	for s := 1; s <= opts.Shards; s++ {
		for r := 1; r <= opts.Replicas; r++ {
			c.nodes = append(c.nodes, Node{Shard: s, Replica: r, Name: "r" + strconv.Itoa(len(c.nodes)+1)})
		}
	}
	c.pids = make([]int, len(c.nodes))
	return c, nil
}

func (c *Cluster) start(ctx context.Context) error {
	// Processes left by a starter that died before its SIGKILL reached
	// them (or started by hand) would hold the data directories.
	c.killLeftovers()
	for attempt := 1; ; attempt++ {
		err := c.startAll(ctx)
		if err == nil {
			break
		}
		c.stopProcesses()
		// A port picked free may be taken before a process binds it;
		// every node's config names every node's port, so all move.
		if !errors.Is(err, errPortTaken) || attempt == startAttempts {
			return err
		}
	}
	return c.Check(ctx)
}

// startAll picks the ports, writes cluster.json and starts ZooKeeper, then
// every node at once.
func (c *Cluster) startAll(ctx context.Context) error {
	ports, err := pickFreePorts(1 + 3*len(c.nodes))
	if err != nil {
		return err
	}
	c.zkPort = ports[0]
	for i := range c.nodes {
		n := &c.nodes[i]
		n.TCPPort, n.HTTPPort, n.InterserverPort = ports[1+3*i], ports[2+3*i], ports[3+3*i]
	}
	if err := c.writeClusterFile(); err != nil {
		return err
	}
	if err := c.StartZooKeeper(ctx); err != nil {
		return err
	}
	errs := make([]error, len(c.nodes))
	var wg sync.WaitGroup
	for i := range c.nodes {
		wg.Go(func() { errs[i] = c.startNode(ctx, i) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeClusterFile writes cluster.json: what runs where, for a person, and
// the mark that keeps a single server out of the directory.
func (c *Cluster) writeClusterFile() error {
	b, err := json.MarshalIndent(struct {
		Cluster       string    `json:"cluster"`
		ZooKeeperPort int       `json:"zookeeper_port"`
		Nodes         []Node    `json:"nodes"`
		StartedAt     time.Time `json:"started_at"`
	}{ClusterName, c.zkPort, c.nodes, time.Now().UTC()}, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(c.dir, clusterFile), append(b, '\n'))
}

// Dir returns the cluster's directory, absolute.
func (c *Cluster) Dir() string { return c.dir }

// Nodes returns the nodes, shard by shard.
func (c *Cluster) Nodes() []Node { return append([]Node(nil), c.nodes...) }

// ZooKeeperAddr returns ZooKeeper's client address, 127.0.0.1:PORT.
func (c *Cluster) ZooKeeperAddr() string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(c.zkPort))
}

// WriterURL returns the writer's URL naming the first replica of every
// shard, which the driver tries in turn:
// clickhouse://writer:PASS@127.0.0.1:P1,127.0.0.1:P3/tradedash.
func (c *Cluster) WriterURL() string { return dsn(writerUser, c.creds.Writer, c.firstReplicas()...) }

// ReaderURL is WriterURL for the read-only reader.
func (c *Cluster) ReaderURL() string { return dsn(readerUser, c.creds.Reader, c.firstReplicas()...) }

// NodeWriterURL returns the writer's URL of node i alone (an index into Nodes).
func (c *Cluster) NodeWriterURL(i int) string {
	return dsn(writerUser, c.creds.Writer, c.nodes[i].TCPPort)
}

// NodeReaderURL returns the reader's URL of node i alone.
func (c *Cluster) NodeReaderURL(i int) string {
	return dsn(readerUser, c.creds.Reader, c.nodes[i].TCPPort)
}

func (c *Cluster) firstReplicas() []int {
	var ports []int
	for _, n := range c.nodes {
		if n.Replica == 1 {
			ports = append(ports, n.TCPPort)
		}
	}
	return ports
}

// nodeFiles places node i's server under DIR/rN; credentials.json, shared
// by all, is in DIR.
func (c *Cluster) nodeFiles(i int) files {
	return files{root: c.dir, ch: filepath.Join(c.dir, c.nodes[i].Name)}
}

// startNode starts node i's server on its ports, with its data, and
// records its pid; it returns when the server answers.
//
// A node whose server refuses its parts after a crash (see
// unexpectedParts) is started once more with the force_restore_data
// flag, ClickHouse's documented recovery: the server then sets aside
// under detached/ what ZooKeeper does not know and fetches what it
// misses from the other replica, and removes the flag once started.
func (c *Cluster) startNode(ctx context.Context, i int) error {
	f := c.nodeFiles(i)
	n := c.nodes[i]
	if err := os.MkdirAll(f.ch, 0o700); err != nil {
		return err
	}
	start := func() (state, error) {
		return launch(ctx, c.bin, f, c.creds, n.TCPPort, n.HTTPPort, nodeConfig{xml: c.nodeXML(n), tied: true})
	}
	st, err := start()
	if err != nil && strings.Contains(err.Error(), unexpectedParts) {
		slog.Warn("localdb: a node refused its parts after a crash; starting it with flags/force_restore_data", "node", n.Name)
		flags := filepath.Join(f.data(), "flags")
		if err := os.MkdirAll(flags, 0o700); err != nil {
			return fmt.Errorf("node %s: %w", n.Name, err)
		}
		if err := os.WriteFile(filepath.Join(flags, "force_restore_data"), nil, 0o600); err != nil {
			return fmt.Errorf("node %s: %w", n.Name, err)
		}
		waitPortsFree(ctx, portWait, n.TCPPort, n.HTTPPort, n.InterserverPort)
		st, err = start()
	}
	if err != nil {
		return fmt.Errorf("node %s: %w", n.Name, err)
	}
	c.mu.Lock()
	c.pids[i] = st.PID
	c.mu.Unlock()
	return nil
}

// nodeXML is what a node's config.xml adds to the single server's: the
// interserver port replicas fetch parts through, ZooKeeper, the DDL queue,
// its macros and the cluster. Each replica names the writer and its
// password: without them 18.16 connects to other shards as "default",
// which does not exist (measured). So config.xml holds a plain password,
// like credentials.json, and is 0600 like it.
func (c *Cluster) nodeXML(n Node) string {
	var b strings.Builder
	fmt.Fprintf(&b, `    <interserver_http_port>%d</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <zookeeper>
        <node><host>127.0.0.1</host><port>%d</port></node>
        <session_timeout_ms>%d</session_timeout_ms>
    </zookeeper>
    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
    <macros><shard>%d</shard><replica>%s</replica></macros>
    <remote_servers>
        <%s>
`, n.InterserverPort, c.zkPort, c.sessionTimeout.Milliseconds(), n.Shard, xmlText(n.Name), ClusterName)
	for s := 1; s <= c.nodes[len(c.nodes)-1].Shard; s++ {
		b.WriteString("            <shard>\n                <internal_replication>true</internal_replication>\n")
		for _, r := range c.nodes {
			if r.Shard == s {
				fmt.Fprintf(&b, "                <replica><host>127.0.0.1</host><port>%d</port><user>%s</user><password>%s</password></replica>\n",
					r.TCPPort, writerUser, xmlText(c.creds.Writer))
			}
		}
		b.WriteString("            </shard>\n")
	}
	fmt.Fprintf(&b, "        </%s>\n    </remote_servers>\n", ClusterName)
	return b.String()
}

// Kill kills node i (an index into Nodes) with SIGKILL, as a crash would,
// and returns when it is gone.
func (c *Cluster) Kill(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	pid := c.pids[i]
	flag := c.nodeFiles(i).configFlag()
	if pid == 0 || !hasArg(pid, flag) {
		return fmt.Errorf("kill node %s: not running", c.nodes[i].Name)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill node %s: %w", c.nodes[i].Name, err)
	}
	if !waitGone(pid, flag, 5*time.Second) {
		return fmt.Errorf("kill node %s: pid %d still runs", c.nodes[i].Name, pid)
	}
	c.pids[i] = 0
	return nil
}

// Restart stops node i if it runs and starts it again on its ports, with
// its data; it returns when the node answers. Its replicated tables may
// stay read-only a while longer, until ZooKeeper has dropped the killed
// process's session.
func (c *Cluster) Restart(ctx context.Context, i int) error {
	c.mu.Lock()
	pid := c.pids[i]
	c.pids[i] = 0
	c.mu.Unlock()
	n := c.nodes[i]
	if pid != 0 {
		if err := stopProcess(pid, c.nodeFiles(i).configFlag(), stopTimeout); err != nil {
			return fmt.Errorf("restart node %s: %w", n.Name, err)
		}
	}
	// A killed process's sockets are freed a moment after it is gone.
	waitPortsFree(ctx, portWait, n.TCPPort, n.HTTPPort, n.InterserverPort)
	err := c.startNode(ctx, i)
	if err != nil {
		return fmt.Errorf("restart %w", err)
	}
	return nil
}

// unexpectedParts is how clickhouse-server (18.16 and current) says it
// will not attach a replicated table whose parts on disk differ from
// ZooKeeper's list by more than replicated_max_ratio_of_wrong_parts. A
// part the killed process wrote but never registered (its insert failed)
// is such a difference, and in a table of a few rows one is enough.
const unexpectedParts = "doesn't look like the set of parts in ZooKeeper"

// Stop stops every node, then ZooKeeper, each with SIGTERM and, if it has
// not exited after 15 s, SIGKILL; it returns when none is left, and leaves
// the directory to another start. Stopping a stopped cluster does nothing.
func (c *Cluster) Stop() error {
	err := c.stopProcesses()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lock != nil {
		c.lock.Close()
		c.lock = nil
	}
	return err
}

func (c *Cluster) stopProcesses() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	errs := make([]error, len(c.nodes)+2)
	var wg sync.WaitGroup
	for i, pid := range c.pids {
		if pid != 0 {
			wg.Go(func() { errs[i] = stopProcess(pid, c.nodeFiles(i).configFlag(), stopTimeout) })
		}
		c.pids[i] = 0
	}
	wg.Wait()
	if c.zkPID != 0 {
		errs[len(c.nodes)] = stopProcess(c.zkPID, c.zkConfig(), stopTimeout)
		c.zkPID = 0
	}
	// Nothing that carries our configs may survive, recorded or not.
	if left := c.leftovers(); len(left) > 0 {
		errs[len(c.nodes)+1] = fmt.Errorf("processes %v still run", left)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stop local ClickHouse cluster in %s: %w", c.dir, err)
	}
	return nil
}

// leftovers lists the live processes that run a config of this cluster.
func (c *Cluster) leftovers() []int {
	var pids []int
	for i := range c.nodes {
		pids = append(pids, ourServers(c.nodeFiles(i))...)
	}
	return append(pids, processesWith(c.zkConfig())...)
}

func (c *Cluster) killLeftovers() {
	for _, pid := range c.leftovers() {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	for i := range c.nodes {
		for _, pid := range ourServers(c.nodeFiles(i)) {
			waitGone(pid, c.nodeFiles(i).configFlag(), 5*time.Second)
		}
	}
	for _, pid := range processesWith(c.zkConfig()) {
		waitGone(pid, c.zkConfig(), 5*time.Second)
	}
}

// processesWith lists the live processes with arg on their command line.
func processesWith(arg string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && hasArg(pid, arg) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func (c *Cluster) zkDir() string    { return filepath.Join(c.dir, "zookeeper") }
func (c *Cluster) zkConfig() string { return filepath.Join(c.zkDir(), "zoo.cfg") }

// StopZooKeeper stops ZooKeeper (SIGTERM) and returns when it is gone. The
// nodes keep answering; their replicated tables turn read-only once they
// notice.
func (c *Cluster) StopZooKeeper() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.zkPID == 0 {
		return nil
	}
	err := stopProcess(c.zkPID, c.zkConfig(), stopTimeout)
	c.zkPID = 0
	if err != nil {
		return fmt.Errorf("stop ZooKeeper: %w", err)
	}
	return nil
}

// StartZooKeeper starts ZooKeeper on its port, with its data, unless it
// runs; it returns when ZooKeeper answers "ruok".
func (c *Cluster) StartZooKeeper(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.zkPID != 0 && hasArg(c.zkPID, c.zkConfig()) {
		return nil
	}
	waitPortsFree(ctx, portWait, c.zkPort)
	pid, err := c.launchZooKeeper(ctx)
	if err != nil {
		return fmt.Errorf("start ZooKeeper: %w", err)
	}
	c.zkPID = pid
	return nil
}

// launchZooKeeper runs Debian's ZooKeeper standalone without its init
// scripts: java with our conf directory first on the classpath, so that
// our log4j.properties wins over /etc/zookeeper/conf's.
func (c *Cluster) launchZooKeeper(ctx context.Context) (int, error) {
	dir := c.zkDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		return 0, err
	}
	// No server.N lines: QuorumPeerMain runs standalone. tickTime 500
	// allows sessions down to 1 s (two ticks); the four-letter "ruok" is
	// the readiness check.
	cfg := fmt.Sprintf(`# Generated by tradedash; rewritten at every start.
tickTime=500
maxSessionTimeout=60000
dataDir=%s
clientPort=%d
clientPortAddress=127.0.0.1
admin.enableServer=false
maxClientCnxns=0
4lw.commands.whitelist=ruok
`, filepath.Join(dir, "data"), c.zkPort)
	if err := writeFile(c.zkConfig(), []byte(cfg)); err != nil {
		return 0, err
	}
	logFile := filepath.Join(dir, "zookeeper.log")
	log4j := fmt.Sprintf(`# Generated by tradedash.
log4j.rootLogger=INFO, F
log4j.appender.F=org.apache.log4j.RollingFileAppender
log4j.appender.F.File=%s
log4j.appender.F.MaxFileSize=10MB
log4j.appender.F.MaxBackupIndex=3
log4j.appender.F.layout=org.apache.log4j.PatternLayout
log4j.appender.F.layout.ConversionPattern=%%d{ISO8601} %%-5p [%%t:%%C{1}@%%L] - %%m%%n
`, logFile)
	if err := writeFile(filepath.Join(dir, "log4j.properties"), []byte(log4j)); err != nil {
		return 0, err
	}
	stdout := filepath.Join(dir, "stdout.log")
	out, err := os.OpenFile(stdout, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, err
	}
	logs := newLogTail(logFile, stdout)
	cmd := exec.Command(c.java,
		// A small heap and the serial collector keep it near 80 MB and
		// off the second core; C1 only shortens the JVM's start.
		"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
		"-Dzookeeper.log.dir="+dir,
		"-cp", strings.Join(append([]string{dir}, zooKeeperJars...), ":"),
		"org.apache.zookeeper.server.quorum.QuorumPeerMain", c.zkConfig())
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGKILL}
	err = cmd.Start()
	out.Close()
	if err != nil {
		return 0, fmt.Errorf("run %s: %w", c.java, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()

	ctx, cancel := context.WithTimeout(ctx, zkStartTimeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-exited:
			err := errors.New("ZooKeeper exited")
			if strings.Contains(logs.String(), "Address already in use") {
				err = fmt.Errorf("%w: %w", err, errPortTaken)
			}
			return 0, fmt.Errorf("%w; its log says:\n%s", err, logs)
		case <-ctx.Done():
			cmd.Process.Kill()
			<-exited
			return 0, fmt.Errorf("ZooKeeper did not answer on %s: %w; its log says:\n%s", c.ZooKeeperAddr(), ctx.Err(), logs)
		case <-tick.C:
			if ruok(c.ZooKeeperAddr()) {
				return cmd.Process.Pid, nil
			}
		}
	}
}

// ruok asks ZooKeeper whether it runs without error.
func ruok(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := io.WriteString(conn, "ruok"); err != nil {
		return false
	}
	b, _ := io.ReadAll(conn)
	return string(b) == "imok"
}

// Check waits until the cluster is healthy: every node answers, reaches
// ZooKeeper (system.zookeeper), lists every node in system.clusters and
// reaches every shard as writer (cluster()), and an ON CLUSTER DDL
// (creating Database) returns success from every node.
// It gives up when ctx is done, or after a minute.
func (c *Cluster) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	for i, n := range c.nodes {
		if err := c.checkNode(ctx, n); err != nil {
			return fmt.Errorf("node %s (%s): %w", c.nodes[i].Name, n.Addr(), err)
		}
	}
	return c.checkDDL(ctx)
}

func (c *Cluster) checkNode(ctx context.Context, n Node) error {
	var last error
	for {
		last = func() error {
			conn, err := open(n.TCPPort, c.creds.Writer, "", pingTimeout)
			if err != nil {
				return err
			}
			defer conn.Close()
			var znodes uint64
			if err := conn.QueryRow(ctx, "SELECT count() FROM system.zookeeper WHERE path = '/'").Scan(&znodes); err != nil {
				return fmt.Errorf("ZooKeeper: %w", err)
			}
			var hosts uint64
			if err := conn.QueryRow(ctx, "SELECT count() FROM system.clusters WHERE cluster = ?", ClusterName).Scan(&hosts); err != nil {
				return err
			}
			if int(hosts) != len(c.nodes) {
				return fmt.Errorf("system.clusters lists %d hosts of cluster %s, not %d", hosts, ClusterName, len(c.nodes))
			}
			// A query on every shard logs in to the others as writer.
			var shards uint64
			if err := conn.QueryRow(ctx, "SELECT count() FROM cluster('"+ClusterName+"', system.one)").Scan(&shards); err != nil {
				return err
			}
			if want := c.nodes[len(c.nodes)-1].Shard; int(shards) != want {
				return fmt.Errorf("%d shards answered, not %d", shards, want)
			}
			return nil
		}()
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return last
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// checkDDL creates Database ON CLUSTER: the distributed DDL queue works
// only if every node reaches ZooKeeper and finds itself in the cluster.
func (c *Cluster) checkDDL(ctx context.Context) error {
	conn, err := open(c.nodes[0].TCPPort, c.creds.Writer, "", checkTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.Query(ctx, "CREATE DATABASE IF NOT EXISTS "+Database+" ON CLUSTER "+ClusterName)
	if err != nil {
		return fmt.Errorf("create database %s on cluster %s: %w", Database, ClusterName, err)
	}
	defer rows.Close()
	done := 0
	for rows.Next() {
		var (
			host              string
			port              uint16
			status            int64
			msg               string
			remaining, active uint64
		)
		if err := rows.Scan(&host, &port, &status, &msg, &remaining, &active); err != nil {
			return fmt.Errorf("create database %s on cluster %s: %w", Database, ClusterName, err)
		}
		if status != 0 {
			return fmt.Errorf("create database %s on cluster %s: %s:%d: %s", Database, ClusterName, host, port, msg)
		}
		done++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("create database %s on cluster %s: %w", Database, ClusterName, err)
	}
	if done != len(c.nodes) {
		return fmt.Errorf("create database %s on cluster %s: %d of %d hosts answered", Database, ClusterName, done, len(c.nodes))
	}
	return nil
}
