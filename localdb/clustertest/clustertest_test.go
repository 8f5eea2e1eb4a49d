package clustertest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash/localdb"
	"tradedash/localdb/clustertest"
)

var shared *localdb.Cluster

// childEnv makes the test binary a child run with an empty PATH: "main" runs
// Main, "start" runs the tests without it, so that Start meets the missing
// programs.
const childEnv = "CLUSTERTEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "start" {
		os.Exit(m.Run())
	}
	clustertest.Main(m, &shared)
}

// ping connects to url and checks that both shards answer through it: the
// cluster() table function asks one replica of each shard.
func ping(t *testing.T, url string) {
	t.Helper()
	opts, err := clickhouse.ParseDSN(url)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var shards uint64
	err = conn.QueryRow(context.Background(),
		"SELECT count() FROM cluster('"+localdb.ClusterName+"', system.one)").Scan(&shards)
	if err != nil {
		t.Fatal(err)
	}
	if shards != 2 {
		t.Errorf("%d shards answered, want 2", shards)
	}
}

func TestMainStartsSharedCluster(t *testing.T) {
	if shared == nil {
		t.Fatal("Main did not set the cluster")
	}
	ping(t, shared.WriterURL())
}

func TestStart(t *testing.T) {
	c := clustertest.Start(t)
	if shared != nil && c.Dir() == shared.Dir() {
		t.Error("Start reused the binary's shared cluster")
	}
	ping(t, c.WriterURL())
}

// TestFailsWithoutPrograms runs this test binary with an empty PATH and
// checks that both Main and Start fail, not skip, and say how to install
// ClickHouse, java and ZooKeeper.
func TestFailsWithoutPrograms(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("the child only runs TestStart")
	}
	for _, mode := range []string{"main", "start"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestStart$", "-test.v")
			cmd.Env = append(os.Environ(), "PATH="+t.TempDir(), childEnv+"="+mode)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("test binary passed without clickhouse-server and java:\n%s", out)
			}
			for _, hint := range []string{
				"apt-get install clickhouse-server clickhouse-client",
				"apt-get install zookeeper default-jre-headless",
			} {
				if !strings.Contains(string(out), hint) {
					t.Errorf("no %q in:\n%s", hint, out)
				}
			}
			if strings.Contains(string(out), "SKIP") {
				t.Errorf("skipped instead of failing:\n%s", out)
			}
			t.Logf("%s", out)
		})
	}
}
