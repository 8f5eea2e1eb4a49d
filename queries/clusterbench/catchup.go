package main

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"tradedash/internal/synth"
	"tradedash/localdb"
)

// catchUpTimeout bounds the wait for the restarted replica.
const catchUpTimeout = 10 * time.Minute

// caughtUp is what the catch-up leg measured.
type caughtUp struct {
	node, peer string
	rows       int
	imp        importRun     // the import while the node was down
	loaded     time.Duration // the file loaded by clickhouse-client while it was down
	answered   time.Duration // from Restart until the node answers
	caughtUp   time.Duration // from Restart until it has caught up
	tables     int
	localRows  uint64 // rows in the node's replicated tables, caught up
}

// The rows a killed replica misses. tradedash refuses to import while a
// replica is down (its migrations wait for every node, its imports check
// every replica before they commit), so the same file is loaded into a
// replicated plain table as well, through a Distributed table: the file's
// 47 columns in file order (CSVWithNames maps columns by position in
// ClickHouse 18.16), sorted by tradedash's key as the file holds it, as
// queries/tradebench's yardstick.
const (
	plainTables = `CREATE TABLE ` + database + `.plain_local ON CLUSTER ` + localdb.ClusterName + ` (typeCode String, freqCode String,
		refPeriodId String, refYear UInt16, refMonth UInt8, period String, reporterCode String, reporterISO String,
		reporterDesc String, flowCode String, flowDesc String, partnerCode String, partnerISO String,
		partnerDesc String, partner2Code String, partner2ISO String, partner2Desc String, classificationCode String,
		classificationSearchCode String, isOriginalClassification String, cmdCode String, cmdDesc String,
		aggrLevel String, isLeaf String, customsCode String, customsDesc String, mosCode String, motCode String,
		motDesc String, qtyUnitCode String, qtyUnitAbbr String, qty Float64, isQtyEstimated String,
		altQtyUnitCode String, altQtyUnitAbbr String, altQty String, isAltQtyEstimated String, netWgt Float64,
		isNetWgtEstimated String, grossWgt String, isGrossWgtEstimated String, cifvalue Float64,
		fobvalue Float64, primaryValue Float64, legacyEstimationFlag String, isReported String,
		isAggregate String)
		ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/` + database + `/plain_local', '{replica}')
		ORDER BY (reporterISO, partnerISO, flowCode, refYear, refMonth, classificationCode, cmdCode);
		CREATE TABLE ` + database + `.plain ON CLUSTER ` + localdb.ClusterName + ` AS ` + database + `.plain_local
		ENGINE = Distributed(` + localdb.ClusterName + `, ` + database + `, plain_local, rand());`
	plainLoad = "INSERT INTO plain FORMAT CSVWithNames"
)

// catchUp kills the last shard's second replica with SIGKILL, imports a
// file of rows rows into the cluster while it is down with tradedash and
// loads it into the replicated plain table with clickhouse-client,
// restarts the replica and polls it (system.replicas, and the counts of
// every replicated table against its shard's other replica) until it has
// caught up.
func catchUp(ctx context.Context, cl *localdb.Cluster, bin, dir string, rows int) (caughtUp, error) {
	nodes := cl.Nodes()
	victim, peer := len(nodes)-1, -1
	for i, n := range nodes {
		if n.Shard == nodes[victim].Shard && i != victim {
			peer = i
			break
		}
	}
	cu := caughtUp{node: nodes[victim].Name, peer: nodes[peer].Name, rows: rows}
	file := filepath.Join(dir, fmt.Sprintf("synthetic-comtrade-catchup-%d.csv", rows))
	if err := synth.WriteComtrade(file, rows, 43); err != nil {
		return cu, err
	}
	defer os.Remove(file)

	node, err := openNode(cl.NodeWriterURL(victim))
	if err != nil {
		return cu, err
	}
	defer node.Close()
	other, err := openNode(cl.NodeWriterURL(peer))
	if err != nil {
		return cu, err
	}
	defer other.Close()

	first := inDatabase(cl.NodeWriterURL(0))
	if _, err := client(first, "", "--multiquery", "--query", plainTables); err != nil {
		return cu, err
	}
	if err := cl.Kill(victim); err != nil {
		return cu, err
	}
	log.Printf("catch-up: %s killed", cu.node)
	if cu.imp, err = importFile(bin, inDatabase(cl.WriterURL()), []string{"--cluster", localdb.ClusterName}, file); err != nil {
		return cu, err
	}
	log.Printf("catch-up: tradedash import with %s down: exit %d in %.1f s: %s", cu.node, cu.imp.code, cu.imp.took.Seconds(), cu.imp.summary)
	start := time.Now()
	if _, err := client(first, file, "--insert_distributed_sync", "1", "--query", plainLoad); err != nil {
		return cu, err
	}
	cu.loaded = time.Since(start)
	log.Printf("catch-up: clickhouse-client %s with %s down: %.1f s", plainLoad, cu.node, cu.loaded.Seconds())

	start = time.Now()
	if err := cl.Restart(ctx, victim); err != nil {
		return cu, err
	}
	cu.answered = time.Since(start)
	deadline := start.Add(catchUpTimeout)
	for {
		done, err := inStep(ctx, node, other, &cu)
		if err != nil && time.Now().After(deadline) {
			return cu, err
		}
		if done {
			break
		}
		if time.Now().After(deadline) {
			return cu, fmt.Errorf("catch-up: %s has not caught up after %v", cu.node, catchUpTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
	cu.caughtUp = time.Since(start)
	log.Printf("catch-up: %s answers after %.1f s, caught up after %.1f s", cu.node, cu.answered.Seconds(), cu.caughtUp.Seconds())
	return cu, nil
}

// inStep tells whether node has caught up with other, its shard's other
// replica: every replicated table of the database writable, with an empty
// queue, no delay and every replica active, and holding as many rows as on
// other. The restarting replica pulls ZooKeeper's log into its queue
// before it leaves read-only mode, so an empty queue then means nothing
// is left to fetch.
func inStep(ctx context.Context, node, other driver.Conn, cu *caughtUp) (bool, error) {
	var tables, readonly, queue, delay, inactive uint64
	err := node.QueryRow(ctx, `SELECT count(), sum(is_readonly), sum(queue_size), max(absolute_delay),
			sum(active_replicas != total_replicas)
		FROM system.replicas WHERE database = ?`, database).Scan(&tables, &readonly, &queue, &delay, &inactive)
	if err != nil {
		return false, err
	}
	if tables == 0 || readonly+queue+delay+inactive > 0 {
		return false, nil
	}
	rows, err := node.Query(ctx, `SELECT name FROM system.tables WHERE database = ? AND engine LIKE 'Replicated%'`, database)
	if err != nil {
		return false, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return false, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	var total uint64
	for _, n := range names {
		q := "SELECT count() FROM " + database + "." + n
		var a, b uint64
		if err := node.QueryRow(ctx, q).Scan(&a); err != nil {
			return false, err
		}
		if err := other.QueryRow(ctx, q).Scan(&b); err != nil {
			return false, err
		}
		if a != b {
			return false, nil
		}
		total += a
	}
	cu.tables, cu.localRows = len(names), total
	return true, nil
}

// client runs clickhouse-client as the user of dbURL, in its database,
// with the file named in (if any) as its input, and returns its output.
func client(dbURL, in string, args ...string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", err
	}
	password, _ := u.User.Password()
	cmd := exec.Command("clickhouse-client", append([]string{"--host", u.Hostname(), "--port", u.Port(),
		"--user", u.User.Username(), "--password", password, "--database", strings.TrimPrefix(u.Path, "/")}, args...)...)
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return "", err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("clickhouse-client %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// openNode connects to one node as the writer.
func openNode(dsn string) (driver.Conn, error) {
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	opts.Auth.Database = database
	opts.DialTimeout = time.Second
	opts.MaxOpenConns = 2
	return clickhouse.Open(opts)
}

func (cu caughtUp) print() {
	fmt.Printf("\nCatch-up: %s (the second replica of the last shard) killed with SIGKILL; a synthetic %d-row Comtrade\n", cu.node, cu.rows)
	fmt.Printf("file imported into the cluster while it was down: exit %d after %s: %s\n", cu.imp.code, secs(cu.imp.took),
		strings.TrimSpace(cu.imp.summary))
	fmt.Printf("and loaded with clickhouse-client %s (a ReplicatedMergeTree plain table behind a Distributed one,\n", plainLoad)
	fmt.Printf("insert_distributed_sync=1) while it was down: %s.\n", secs(cu.loaded))
	fmt.Printf("restarted: answering after %s; caught up after %s (every replicated table of %s writable, queue_size 0,\n",
		secs(cu.answered), secs(cu.caughtUp), database)
	fmt.Printf("absolute_delay 0, every replica active, and its %d tables holding the same counts as %s: %d rows).\n",
		cu.tables, cu.peer, cu.localRows)
}
