// Command tradebench measures whether trade reads slow down as revisions
// of trade flows are kept: it imports N synthetic trade flows of one pair
// (internal/synth: RU and CN, monthly HS6 rows under yearly and chapter
// totals) through queries, as the importer does (Import.AddTradeFlow and
// CommitAll) into one database, and into another as a first version and
// three revisions re-importing every row with a tenth of the values
// changed each time; it times the pair page's reads uncached on both, in
// alternating rounds so that the load of a shared machine falls on both
// alike, and prints them side by side with their ratio against the 1.3x
// target of issue 9. Beside
// them: ClickHouse's own time (clickhouse-client --time, median of 20)
// for the same statements, and for the equivalent statements over a plain
// table holding only the current rows, with the same sort key: the floor.
//
//	go run ./queries/tradebench [-rows 1000000] [-runs 11]
//
// It starts its own managed ClickHouse in a temporary directory and stops
// it when done; it needs clickhouse-server and clickhouse-client on PATH.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"tradedash"
	"tradedash/internal/synth"
	"tradedash/localdb"
	"tradedash/queries"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "synthetic trade flows")
	runs := flag.Int("runs", 11, "reads per measurement (the median is printed)")
	flag.IntVar(&leg.comtradeRows, "comtrade-rows", 10_000_000, "rows of the synthetic Comtrade file imported")
	flag.DurationVar(&leg.duration, "duration", 10*time.Second, "length of each wrk run")
	flag.IntVar(&leg.conns, "connections", 32, "wrk connections of the cached run")
	flag.IntVar(&leg.rate, "rate", 2000, "requests per second of the cached run")
	flag.Parse()
	log.SetFlags(0)
	for _, tool := range []string{"clickhouse-client", "wrk", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("tradebench: %s not found (scripts/install-deps.sh installs it)", tool)
		}
	}
	if err := run(*rows, *runs); err != nil {
		log.Fatal("tradebench: ", err)
	}
}

// leg holds the flags of the Comtrade import and HTTP legs.
var leg struct {
	comtradeRows int
	duration     time.Duration
	conns, rate  int
}

// versions is how many times the rows are imported: the first import and
// three revisions, four versions of every value.
const versions = 4

// read is one read of the pair page, as the reader runs it and as SQL for
// clickhouse-client: over the current generation (table "") or over a
// plain table.
type read struct {
	name string
	run  func(context.Context, *queries.DB) (int, error)
	sql  func(table string) string
}

var (
	byYear  = queries.TradeFilter{Reporters: []string{"RU", "CN"}, Partners: []string{"CN", "RU"}}
	byMonth = queries.TradeFilter{Reporters: []string{"RU"}, Partners: []string{"CN"}, Monthly: true}
)

var reads = []read{
	{"pair by year (TradeFlows)",
		func(ctx context.Context, db *queries.DB) (int, error) {
			r, err := db.TradeFlows(ctx, byYear)
			return len(r), err
		},
		func(table string) string { return queries.TradeFlowsSQL(byYear, table) }},
	{"pair by month (TradeFlows, Monthly)",
		func(ctx context.Context, db *queries.DB) (int, error) {
			r, err := db.TradeFlows(ctx, byMonth)
			return len(r), err
		},
		func(table string) string { return queries.TradeFlowsSQL(byMonth, table) }},
	{"chapters of 2021 (TradeChapters)",
		func(ctx context.Context, db *queries.DB) (int, error) {
			r, err := db.TradeChapters(ctx, "RU", "CN", tradedash.FlowExport, 2021)
			return len(r), err
		},
		func(table string) string {
			return queries.TradeChaptersSQL("RU", "CN", tradedash.FlowExport, 2021, table)
		}},
}

// measured is one read's times at one number of versions.
type measured struct {
	read, own, floor time.Duration
	rows             int
}

func run(rows, runs int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "tradedash-bench-trade-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := localdb.Start(ctx, dir)
	if err != nil {
		return err
	}
	defer srv.Close()

	// Two databases on one server: one holds the first version, the
	// other all four. Their reads are timed in alternating rounds, so
	// that the load of the machine (shared) falls on both alike.
	var dbs [2]*database
	var imports []time.Duration
	for i, n := range []int{1, versions} {
		d, err := open(ctx, srv, fmt.Sprintf("bench%d", n))
		if err != nil {
			return err
		}
		defer d.close()
		dbs[i] = d
		for v := range n {
			start := time.Now()
			if err := load(ctx, d.writer, rows, v); err != nil {
				return err
			}
			if n == versions {
				imports = append(imports, time.Since(start))
			}
			log.Printf("%s: version %d: %d trade flows imported and committed in %.1f s", d.name, v+1, rows, time.Since(start).Seconds())
		}
		if err := plainTable(d.writerURL); err != nil {
			return err
		}
	}
	if err := settle(dbs[0].writerURL); err != nil {
		return err
	}
	res, err := measure(ctx, dbs, runs)
	if err != nil {
		return err
	}
	one, many := res[0], res[1]

	fmt.Printf("\nTrade reads over %d synthetic trade flows (RU and CN), at 1 version and at %d versions of each\n", rows, versions)
	fmt.Printf("(%d revisions re-importing every row with a tenth of the values changed; %d rows of history).\n",
		versions-1, versions*rows)
	fmt.Printf("Go read: queries.DB as the read-only user, no result cache, median of %d rounds alternating between a\n", runs)
	fmt.Printf("database at 1 version and one at %d. ClickHouse: clickhouse-client --time, median of 20, of the same\n", versions)
	fmt.Printf("statement (current generation looked up inside), and of the same read over a plain table of the current\n")
	fmt.Printf("rows with the same sort key (the floor).\n\n")
	fmt.Printf("%-36s %5s %10s %10s %6s %12s   %9s %9s   %9s %9s\n", "read", "rows", "1 version", fmt.Sprintf("%d versions", versions),
		"ratio", "target", "CH 1v", "CH 4v", "floor 1v", "floor 4v")
	for i, r := range reads {
		ratio := float64(many[i].read) / float64(one[i].read)
		verdict := "ok"
		if ratio > 1.3 {
			verdict = "OVER"
		}
		fmt.Printf("%-36s %5d %10s %10s %6.2f %12s   %9s %9s   %9s %9s\n", r.name, many[i].rows, ms(one[i].read), ms(many[i].read),
			ratio, "<= 1.30 "+verdict, ms(one[i].own), ms(many[i].own), ms(one[i].floor), ms(many[i].floor))
	}
	fmt.Printf("\nimport and commit through queries (AddTradeFlow + CommitAll, generation built at commit):")
	for v, d := range imports {
		fmt.Printf(" v%d %.1f s", v+1, d.Seconds())
	}
	fmt.Println()

	// The Comtrade import and the HTTP reads, in a third database.
	ct, err := open(ctx, srv, "comtrade")
	if err != nil {
		return err
	}
	defer ct.close()
	imp, err := comtradeLeg(dir, ct, leg.comtradeRows)
	if err != nil {
		return err
	}
	imp.print()
	if err := settle(ct.writerURL); err != nil {
		return err
	}
	web, err := httpLeg(ct, leg.duration, leg.conns, leg.rate)
	if err != nil {
		return err
	}
	printHTTP(web, leg.duration, leg.conns, leg.rate)
	return nil
}

// database is one benchmark database, opened as writer and reader.
type database struct {
	name           string
	writer, reader *queries.DB
	writerURL      string
}

func open(ctx context.Context, srv *localdb.Server, name string) (*database, error) {
	d := &database{name: name, writerURL: inDatabase(srv.WriterURL(), name)}
	var err error
	if d.writer, err = queries.Open(ctx, d.writerURL); err != nil {
		return nil, err
	}
	if err := d.writer.Migrate(ctx); err != nil {
		d.writer.Close()
		return nil, err
	}
	if d.reader, err = queries.Open(ctx, inDatabase(srv.ReaderURL(), name)); err != nil {
		d.writer.Close()
		return nil, err
	}
	return d, nil
}

func (d *database) close() {
	d.reader.Close()
	d.writer.Close()
}

// load imports the rows as version v (0 is the first) through queries,
// as the importer does.
func load(ctx context.Context, db *queries.DB, rows, v int) error {
	imp, err := db.BeginImport(ctx, queries.ImportMeta{File: fmt.Sprintf("synthetic-trade-v%d.csv", v+1),
		SHA256: strings.Repeat("0", 64)}, false)
	if err != nil {
		return err
	}
	i := 0
	err = synth.TradeFlows(rows, 42, func(t tradedash.TradeFlow) error {
		err := imp.AddTradeFlow(ctx, synth.TradeRevision(t, i, v), i+2)
		i++
		return err
	})
	if err == nil {
		_, err = queries.CommitAll(ctx, []*queries.Import{imp})
	}
	if err != nil {
		_ = imp.Abort(ctx, err.Error())
	}
	return err
}

// settle waits, at most two minutes, until the server merges no parts, so
// that background merges after the imports do not fall on the reads.
func settle(dbURL string) error {
	for range 120 {
		out, err := clientOut(dbURL, `SELECT count() FROM system.merges`)
		if err != nil {
			return err
		}
		if strings.TrimSpace(out) == "0" {
			return nil
		}
		time.Sleep(time.Second)
	}
	return nil
}

// measure times every read on both databases: through the reader, in
// alternating rounds (the median of runs), and with clickhouse-client
// over the current generation and over the plain table.
func measure(ctx context.Context, dbs [2]*database, runs int) ([2][]measured, error) {
	var out [2][]measured
	times := make([][2][]time.Duration, len(reads))
	for j := range dbs {
		out[j] = make([]measured, len(reads))
	}
	for range runs {
		for i, r := range reads {
			for j, d := range dbs {
				start := time.Now()
				n, err := r.run(ctx, d.reader)
				if err != nil {
					return out, fmt.Errorf("%s: %s: %w", d.name, r.name, err)
				}
				times[i][j] = append(times[i][j], time.Since(start))
				out[j][i].rows = n
			}
		}
	}
	for i, r := range reads {
		for j, d := range dbs {
			slices.Sort(times[i][j])
			out[j][i].read = times[i][j][runs/2]
			var err error
			if out[j][i].own, err = clientTime(d.writerURL, r.sql("")); err != nil {
				return out, err
			}
			if out[j][i].floor, err = clientTime(d.writerURL, r.sql("trade_plain")); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// plainTable (re)creates trade_plain: trade_current's columns and sort
// key, holding the current trade flows only, all as generation 0.
func plainTable(dbURL string) error {
	const columns = `reporter, partner, flow, year, month, ytd, classification, commodity,
		description, value_usd, quantity, quantity_unit, qualifier, status, source, note, import_id`
	_, err := client(dbURL, `DROP TABLE IF EXISTS trade_plain;
		CREATE TABLE trade_plain AS trade_current;
		INSERT INTO trade_plain (generation, `+columns+`)
			SELECT toUInt64(0), `+columns+` FROM trade_current
			WHERE generation = (`+queries.TradeGenerationSQL()+`);
		OPTIMIZE TABLE trade_plain FINAL;`)
	return err
}

// clientTime runs the statement 20 times with clickhouse-client --time
// and returns the median of its server-side times.
func clientTime(dbURL, stmt string) (time.Duration, error) {
	return clientTimes(dbURL, []string{stmt})
}

// clientTimes runs the statements 20 times each with clickhouse-client
// --time and returns the median of their summed server-side times.
func clientTimes(dbURL string, stmts []string) (time.Duration, error) {
	const runs = 20
	var all strings.Builder
	for range runs {
		for _, s := range stmts {
			all.WriteString(s + ";\n")
		}
	}
	stderr, err := client(dbURL, all.String(), "--time", "--format", "Null")
	if err != nil {
		return 0, err
	}
	var times []float64
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		if v, err := strconv.ParseFloat(strings.TrimSpace(sc.Text()), 64); err == nil {
			times = append(times, v)
		}
	}
	if len(times) != runs*len(stmts) {
		return 0, fmt.Errorf("clickhouse-client --time: %d times for %d queries:\n%s", len(times), runs*len(stmts), stderr)
	}
	sums := make([]float64, runs)
	for i, v := range times {
		sums[i/len(stmts)] += v
	}
	slices.Sort(sums)
	return time.Duration(sums[runs/2] * float64(time.Second)), nil
}

// client runs queries with clickhouse-client as the user of dbURL and
// returns what it wrote on stderr.
func client(dbURL, queries string, args ...string) (string, error) {
	_, stderr, err := clientRun(dbURL, queries, args...)
	return stderr, err
}

// clientOut runs a query with clickhouse-client and returns its result.
func clientOut(dbURL, query string) (string, error) {
	out, _, err := clientRun(dbURL, query)
	return out, err
}

func clientRun(dbURL, queries string, args ...string) (string, string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", "", err
	}
	password, _ := u.User.Password()
	cmd := exec.Command("clickhouse-client", append([]string{"--host", u.Hostname(), "--port", u.Port(),
		"--user", u.User.Username(), "--password", password, "--database", strings.TrimPrefix(u.Path, "/"),
		"--multiquery", "--query", queries}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("clickhouse-client: %v\n%s%s", err, out, stderr.String())
	}
	return string(out), stderr.String(), nil
}

func inDatabase(raw, db string) string {
	u, err := url.Parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	u.Path = "/" + db
	return u.String()
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}
