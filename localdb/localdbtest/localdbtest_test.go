package localdbtest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"

	"tradedash/localdb"
	"tradedash/localdb/localdbtest"
)

var shared *localdb.Server

// childEnv makes the test binary a child run with an empty PATH: "main" runs
// Main, "start" runs the tests without it, so that Start meets the missing
// server.
const childEnv = "LOCALDBTEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "start" {
		os.Exit(m.Run())
	}
	localdbtest.Main(m, &shared)
}

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
	if err := conn.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestMainStartsSharedServer(t *testing.T) {
	if shared == nil {
		t.Fatal("Main did not set the server")
	}
	ping(t, shared.ReaderURL())
}

func TestStart(t *testing.T) {
	s := localdbtest.Start(t)
	if shared != nil && s.TCPPort() == shared.TCPPort() {
		t.Error("Start reused the binary's shared server")
	}
	ping(t, s.WriterURL())
}

// TestFailsWithoutClickHouse runs this test binary with an empty PATH and
// checks that both Main and Start fail, not skip, and say how to install the
// server.
func TestFailsWithoutClickHouse(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("the child only runs TestStart")
	}
	for _, mode := range []string{"main", "start"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestStart$", "-test.v")
			cmd.Env = append(os.Environ(), "PATH="+t.TempDir(), childEnv+"="+mode)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("test binary passed without clickhouse-server:\n%s", out)
			}
			if !strings.Contains(string(out), "apt-get install clickhouse-server clickhouse-client") {
				t.Errorf("no install hint in:\n%s", out)
			}
			if strings.Contains(string(out), "SKIP") {
				t.Errorf("skipped instead of failing:\n%s", out)
			}
			t.Logf("%s", out)
		})
	}
}
