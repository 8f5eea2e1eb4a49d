// Package loadtest drives the benchmarks' HTTP legs: a dashboard on a free
// loopback port, and wrk against it. dashboard/bench and queries/tradebench
// share it.
package loadtest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tradedash/dashboard"
)

// Serve runs a dashboard on a free loopback port and returns its base URL
// and a function that stops it.
func Serve(cfg dashboard.Config) (string, func(), error) {
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

// Check makes sure u answers 200 with a body before it is measured (and
// warms the cache).
func Check(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	if n < 100 {
		return fmt.Errorf("GET %s: only %d bytes", u, n)
	}
	return nil
}

// Result is what wrk measured.
type Result struct {
	RPS      float64
	P50, P99 time.Duration
}

// Paced runs wrk against u at about rate requests per second. wrk paces a
// connection by a delay between its requests, to which the answer's time
// and wrk's own add: two short runs first measure what they add, and the
// measured run waits that much less.
func Paced(u string, d time.Duration, conns, rate int) (Result, error) {
	cycle := float64(conns) * 1000 / float64(rate) // ms between a connection's requests
	delay := cycle
	for range 2 {
		r, err := Wrk(u, 3*time.Second, conns, delay)
		if err != nil {
			return r, err
		}
		delay = max(0, delay-(float64(conns)*1000/r.RPS-cycle))
	}
	return Wrk(u, d, conns, delay)
}

// Wrk runs wrk against u for d over conns connections. A delay above zero
// (ms) makes every connection wait that long between its requests.
func Wrk(u string, d time.Duration, conns int, delay float64) (Result, error) {
	args := []string{"-t" + strconv.Itoa(min(conns, 2)), "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency"}
	if delay > 0 {
		script, err := os.CreateTemp("", "tradedash-bench-pace-*.lua")
		if err != nil {
			return Result{}, err
		}
		defer os.Remove(script.Name())
		_, err = fmt.Fprintf(script, "function delay() return %.3f end\n", delay)
		if cerr := script.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return Result{}, err
		}
		args = append(args, "-s", filepath.Clean(script.Name()))
	}
	out, err := exec.Command("wrk", append(args, u)...).CombinedOutput()
	if err != nil {
		return Result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	r, err := parse(out)
	if err != nil {
		return r, err
	}
	if strings.Contains(string(out), "Non-2xx") {
		return r, fmt.Errorf("wrk: non-2xx answers from %s\n%s", u, out)
	}
	return r, nil
}

var (
	rpsLine     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	latencyLine = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
)

// parse reads the rate and the 50th and 99th percentile latencies from
// wrk's --latency output.
func parse(out []byte) (Result, error) {
	var r Result
	m := rpsLine.FindSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("wrk: no Requests/sec in\n%s", out)
	}
	r.RPS, _ = strconv.ParseFloat(string(m[1]), 64)
	for _, m := range latencyLine.FindAllSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(string(m[2]), 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[string(m[3])]
		lat := time.Duration(v * float64(unit))
		if string(m[1]) == "50" {
			r.P50 = lat
		} else {
			r.P99 = lat
		}
	}
	return r, nil
}
