// Package clustertest starts local ClickHouse clusters for tests. A test
// that needs the cluster fails when clickhouse-server, java or ZooKeeper is
// missing, with the install hint, rather than skipping: a skipped test would
// hide that it never ran.
package clustertest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"tradedash/localdb"
)

const (
	// startTimeout bounds a start in tests, generously for a loaded CI
	// machine: it takes about 3 s on the idle 2-core development machine.
	startTimeout = 2 * time.Minute
	// sessionTimeout is short, so that a killed replica is active again,
	// and a stopped ZooKeeper noticed, within seconds.
	sessionTimeout = 3 * time.Second
)

// Options are the cluster options of tests: 2 shards of 2 replicas, 3 s
// ZooKeeper sessions.
var Options = localdb.ClusterOptions{SessionTimeout: sessionTimeout}

// Start starts a cluster of its own for t in a temporary directory and
// stops it when t and its subtests end. Register it before opening
// connections, so that they close before the cluster stops.
func Start(t testing.TB) *localdb.Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	begin := time.Now()
	c, err := localdb.StartCluster(ctx, t.TempDir(), Options)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cluster started in %v", time.Since(begin).Round(time.Millisecond))
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// Main is for TestMain: it starts one cluster for the whole test binary,
// stores it in *dst, runs the tests and exits with their status, after
// stopping the cluster and removing its directory. If the cluster cannot
// start, it reports why and exits with status 1, so the package fails.
//
//	var cluster *localdb.Cluster
//
//	func TestMain(m *testing.M) { clustertest.Main(m, &cluster) }
func Main(m *testing.M, dst **localdb.Cluster) {
	os.Exit(run(m, dst))
}

func run(m *testing.M, dst **localdb.Cluster) int {
	dir, err := os.MkdirTemp("", "tradedash-cluster-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "clustertest:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	c, err := localdb.StartCluster(ctx, dir, Options)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: clustertest:", err)
		return 1
	}
	*dst = c
	code := m.Run()
	if err := c.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: clustertest:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}
