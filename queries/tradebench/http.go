package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/dashboard"
	"tradedash/queries"
	"tradedash/reference"
	"tradedash/view"
)

// The HTTP leg drives the pair page and /api/v1/trade over the imported
// Comtrade rows with wrk on loopback: uncached (one connection, the
// median against ClickHouse's own time for the same statements plus 10
// ms) and cached (paced at -rate requests per second, p99 under 5 ms).
// serve, check and wrk are copied from dashboard/bench, a main package
// that cannot be imported.

// httpTarget is one URL and the statements the dashboard runs for it.
type httpTarget struct {
	name, path string
	stmts      []string
	what       string // the statements, briefly
}

// httpTargets are the pair page of RU and CN and its yearly trade from
// the API. The page's statements are those view.Pair runs on a cold
// cache: yearly and monthly trade of the pair, the participation figures
// at both countries' exhibitions, and the chapters each side exports in
// the latest year (2023 in the synthetic data); its milestones read is
// left out (queries has no SQL for it; the bench has no milestones).
func httpTargets() []httpTarget {
	both := []string{"RU", "CN"}
	var exs []string
	for _, e := range reference.Exhibitions() {
		hosts := e.HostCountries()
		if slices.Contains(hosts, "RU") || slices.Contains(hosts, "CN") {
			exs = append(exs, e.Code)
		}
	}
	const year = 2023
	return []httpTarget{
		{"GET /pair?a=RU&b=CN", "/pair?a=RU&b=CN", []string{
			queries.TradeFlowsSQL(queries.TradeFilter{Reporters: both, Partners: both}, ""),
			queries.TradeFlowsSQL(queries.TradeFilter{Reporters: both, Partners: both, Monthly: true}, ""),
			queries.FiguresSQL(queries.FigureFilter{Exhibitions: exs, Countries: both, Metrics: view.PairMetrics}),
			queries.TradeChaptersSQL("RU", "CN", tradedash.FlowExport, year, ""),
			queries.TradeChaptersSQL("CN", "RU", tradedash.FlowExport, year, ""),
		}, "trade by year + by month + figures + chapters x2"},
		{"GET /api/v1/trade", "/api/v1/trade?reporter=RU,CN&partner=CN,RU", []string{
			queries.TradeFlowsSQL(queries.TradeFilter{Reporters: both, Partners: both}, ""),
		}, "trade by year"},
	}
}

// httpResult is one target's measurements.
type httpResult struct {
	floor            time.Duration
	uncached, cached wrkResult
}

func httpLeg(d *database, duration time.Duration, conns, rate int) ([]httpResult, error) {
	cachedURL, stopCached, err := serve(dashboard.Config{DB: d.reader})
	if err != nil {
		return nil, err
	}
	defer stopCached()
	uncachedURL, stopUncached, err := serve(dashboard.Config{DB: d.reader, Views: view.Options{CacheRows: -1, VintageTTL: time.Second}})
	if err != nil {
		return nil, err
	}
	defer stopUncached()
	var out []httpResult
	for _, tg := range httpTargets() {
		var r httpResult
		if r.floor, err = clientTimes(d.writerURL, tg.stmts); err != nil {
			return nil, err
		}
		for _, u := range []string{uncachedURL + tg.path, cachedURL + tg.path} {
			if err := check(u); err != nil {
				return nil, err
			}
		}
		if r.uncached, err = wrk(uncachedURL+tg.path, duration, 1, 0); err != nil {
			return nil, err
		}
		time.Sleep(2 * time.Second) // let the server drain
		if r.cached, err = wrkPaced(cachedURL+tg.path, duration, conns, rate); err != nil {
			return nil, err
		}
		time.Sleep(2 * time.Second)
		log.Printf("http: %s: uncached p50 %s, cached p99 %s at %.0f req/s", tg.name, ms(r.uncached.p50), ms(r.cached.p99), r.cached.rps)
		out = append(out, r)
	}
	return out, nil
}

func printHTTP(res []httpResult, duration time.Duration, conns, rate int) {
	fmt.Printf("\nThe pair page and /api/v1/trade over those rows, on loopback with wrk (%s a run): uncached with one\n", duration)
	fmt.Printf("connection, its median against ClickHouse's own time for the same statements (clickhouse-client --time,\n")
	fmt.Printf("median of 20 of their sum) + 10 ms; cached paced at %d req/s over %d connections, p99 under 5 ms.\n\n", rate, conns)
	fmt.Printf("%-22s %10s %10s %10s %16s   %s\n", "endpoint", "ClickHouse", "p50", "p99", "target", "run")
	for i, tg := range httpTargets() {
		r := res[i]
		fmt.Printf("%-22s %10s %10s %10s %16s   uncached, one connection, %.0f req/s; ClickHouse: %s\n", tg.name, ms(r.floor),
			ms(r.uncached.p50), ms(r.uncached.p99), "<= "+ms(r.floor+10*time.Millisecond)+" "+verdict(r.uncached.p50 <= r.floor+10*time.Millisecond),
			r.uncached.rps, tg.what)
		paced := ""
		if r.cached.rps < 0.95*float64(rate) {
			paced = fmt.Sprintf(" (below the %d asked: OVER)", rate)
		}
		fmt.Printf("%-22s %10s %10s %10s %16s   cached, %.0f req/s%s\n", "", "", ms(r.cached.p50), ms(r.cached.p99),
			"< 5 ms "+verdict(r.cached.p99 < 5*time.Millisecond && paced == ""), r.cached.rps, paced)
	}
}

// serve runs a dashboard on a free loopback port.
func serve(cfg dashboard.Config) (string, func(), error) {
	app, err := dashboard.New(cfg)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go func() { _ = app.Listener(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = app.ShutdownWithTimeout(5 * time.Second) }, nil
}

// check makes sure u answers 200 before it is measured (and warms the
// cache).
func check(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != fiber.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	if n < 100 {
		return fmt.Errorf("GET %s: only %d bytes", u, n)
	}
	return nil
}

type wrkResult struct {
	rps      float64
	p50, p99 time.Duration
}

var (
	rpsLine     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	latencyLine = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
)

// wrkPaced runs wrk against u at about rate requests per second. wrk
// paces a connection by a delay between its requests, to which the
// answer's time and wrk's own add: a short run first measures what they
// add, and the measured run waits that much less.
func wrkPaced(u string, d time.Duration, conns, rate int) (wrkResult, error) {
	cycle := float64(conns) * 1000 / float64(rate) // ms between a connection's requests
	delay := cycle
	for range 2 {
		r, err := wrk(u, 3*time.Second, conns, delay)
		if err != nil {
			return r, err
		}
		delay = max(0, delay-(float64(conns)*1000/r.rps-cycle))
	}
	return wrk(u, d, conns, delay)
}

// wrk runs wrk against u. A delay above zero (ms) makes every connection
// wait that long between its requests.
func wrk(u string, d time.Duration, conns int, delay float64) (wrkResult, error) {
	args := []string{"-t" + strconv.Itoa(min(conns, 2)), "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency"}
	if delay > 0 {
		script := filepath.Join(os.TempDir(), "tradedash-bench-trade-pace.lua")
		if err := os.WriteFile(script, fmt.Appendf(nil, "function delay() return %.3f end\n", delay), 0o644); err != nil {
			return wrkResult{}, err
		}
		defer os.Remove(script)
		args = append(args, "-s", script)
	}
	out, err := exec.Command("wrk", append(args, u)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	var r wrkResult
	m := rpsLine.FindSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("wrk: no Requests/sec in\n%s", out)
	}
	r.rps, _ = strconv.ParseFloat(string(m[1]), 64)
	for _, m := range latencyLine.FindAllSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(string(m[2]), 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[string(m[3])]
		lat := time.Duration(v * float64(unit))
		if string(m[1]) == "50" {
			r.p50 = lat
		} else {
			r.p99 = lat
		}
	}
	if strings.Contains(string(out), "Non-2xx") {
		return r, fmt.Errorf("wrk: non-2xx answers from %s\n%s", u, out)
	}
	return r, nil
}
