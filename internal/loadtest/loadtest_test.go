package loadtest

import (
	"testing"
	"time"
)

// TestParse reads wrk 4's --latency output as Debian's wrk prints it.
func TestParse(t *testing.T) {
	out := []byte(`Running 2s test @ http://127.0.0.1:8080/
  2 threads and 32 connections
  Latency Distribution
     50%  463.00us
     75%  712.00us
     90%    1.21ms
     99%    5.57ms
  37412 requests in 2.00s, 95.12MB read
Requests/sec:  18695.31
Transfer/sec:     47.53MB
`)
	r, err := parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.RPS != 18695.31 || r.P50 != 463*time.Microsecond || r.P99 != 5570*time.Microsecond {
		t.Errorf("parse = %+v", r)
	}
	if _, err := parse([]byte("unable to connect")); err == nil {
		t.Error("output without a rate parsed")
	}
}
