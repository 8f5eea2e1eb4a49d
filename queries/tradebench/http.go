package main

import (
	"fmt"
	"log"
	"slices"
	"time"

	"tradedash"
	"tradedash/dashboard"
	"tradedash/internal/loadtest"
	"tradedash/queries"
	"tradedash/reference"
	"tradedash/view"
)

// The HTTP leg drives the pair page and /api/v1/trade over the imported
// Comtrade rows with wrk on loopback: uncached (one connection, the
// median against ClickHouse's own time for the same statements plus 10
// ms) and cached (paced at -rate requests per second, p99 under 5 ms).
// The dashboard and wrk are driven by internal/loadtest, as
// dashboard/bench drives them.

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
	uncached, cached loadtest.Result
}

func httpLeg(d *database, duration time.Duration, conns, rate int) ([]httpResult, error) {
	cachedURL, stopCached, err := loadtest.Serve(dashboard.Config{DB: d.reader})
	if err != nil {
		return nil, err
	}
	defer stopCached()
	uncachedURL, stopUncached, err := loadtest.Serve(dashboard.Config{DB: d.reader, Views: view.Options{CacheRows: -1, VintageTTL: time.Second}})
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
			if err := loadtest.Check(u); err != nil {
				return nil, err
			}
		}
		if r.uncached, err = loadtest.Wrk(uncachedURL+tg.path, duration, 1, 0); err != nil {
			return nil, err
		}
		time.Sleep(2 * time.Second) // let the server drain
		if r.cached, err = loadtest.Paced(cachedURL+tg.path, duration, conns, rate); err != nil {
			return nil, err
		}
		time.Sleep(2 * time.Second)
		log.Printf("http: %s: uncached p50 %s, cached p99 %s at %.0f req/s", tg.name, ms(r.uncached.P50), ms(r.cached.P99), r.cached.RPS)
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
			ms(r.uncached.P50), ms(r.uncached.P99), "<= "+ms(r.floor+10*time.Millisecond)+" "+verdict(r.uncached.P50 <= r.floor+10*time.Millisecond),
			r.uncached.RPS, tg.what)
		paced := ""
		if r.cached.RPS < 0.95*float64(rate) {
			paced = fmt.Sprintf(" (below the %d asked: OVER)", rate)
		}
		fmt.Printf("%-22s %10s %10s %10s %16s   cached, %.0f req/s%s\n", "", "", ms(r.cached.P50), ms(r.cached.P99),
			"< 5 ms "+verdict(r.cached.P99 < 5*time.Millisecond && paced == ""), r.cached.RPS, paced)
	}
}
