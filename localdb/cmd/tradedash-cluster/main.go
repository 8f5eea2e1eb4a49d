// Command tradedash-cluster runs a local ClickHouse cluster for development:
// ZooKeeper and four clickhouse-server processes (2 shards x 2 replicas) on
// loopback, under a directory of their own (`make cluster` gives
// ./cluster-data). It prints the URLs to give tradedash and stays in the
// foreground until Ctrl-C, then stops everything.
//
// It is a developer's tool beside tradedash, not one of its commands, so its
// few lines of output are in English.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"tradedash/localdb"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tradedash-cluster:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("tradedash-cluster", flag.ContinueOnError)
	dir := fs.String("dir", "cluster-data", "the cluster's data, configs and logs live in `DIR`; never a single server's data directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	// Ctrl-C (or a SIGTERM) ends the wait and stops the cluster; until
	// it is up, it ends the start.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	begin := time.Now()
	c, err := localdb.StartCluster(ctx, *dir, localdb.ClusterOptions{})
	if err != nil {
		return err
	}
	printCluster(out, c, time.Since(begin))
	<-ctx.Done()
	fmt.Fprintln(out, "stopping the cluster")
	return c.Stop()
}

func printCluster(out io.Writer, c *localdb.Cluster, took time.Duration) {
	fmt.Fprintf(out, "cluster %q up in %.1f s under %s\n", localdb.ClusterName, took.Seconds(), c.Dir())
	fmt.Fprintf(out, "  ZooKeeper  %s\n", c.ZooKeeperAddr())
	for _, n := range c.Nodes() {
		fmt.Fprintf(out, "  shard %d replica %d (%s)  %s  http %d  interserver %d\n",
			n.Shard, n.Replica, n.Name, n.Addr(), n.HTTPPort, n.InterserverPort)
	}
	fmt.Fprintf(out, `
writer URL: %[1]s
reader URL: %[2]s

Use them with tradedash, for example:
  tradedash --clickhouse '%[1]s' --cluster %[3]s import FILE
  tradedash --clickhouse '%[1]s' --clickhouse-reader '%[2]s' --cluster %[3]s serve --load-sample
The driver tries the first replica of each shard in turn.

Press Ctrl-C to stop the cluster.
`, c.WriterURL(), c.ReaderURL(), localdb.ClusterName)
}
