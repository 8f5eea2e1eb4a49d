//go:build unix

package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestStreamMemoryFlat pipes a large CSV through a named pipe, so the file
// never exists whole anywhere, and checks that the heap stays small while
// it is read. 64 MB by default; TRADEDASH_STREAM_MB=1024 streams 1 GB.
func TestStreamMemoryFlat(t *testing.T) {
	mb := 64
	if s := os.Getenv("TRADEDASH_STREAM_MB"); s != "" {
		mb, _ = strconv.Atoi(s)
	}
	path := filepath.Join(t.TempDir(), "stream.csv")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		w := bufio.NewWriterSize(f, 1<<20)
		fmt.Fprintln(w, "year,exhibition,country,metric,value,status,source,note")
		// 200 years x 5 metrics of distinct figures, then the same rows
		// again and again: repeats are collapsed, so the duplicate index
		// stays small and anything else that grew would show.
		var block []byte
		metrics := []string{"exhibitors", "visitors", "exhibitor_countries", "delegations", "agreements"}
		for y := 1900; y < 2100; y++ {
			for _, m := range metrics {
				block = fmt.Appendf(block, "%d,innoprom,CN,%s,%d,actual,https://expo.innoprom.com/ru/media/news/%d,\n", y, m, y%250, y)
			}
		}
		for written := 0; written < mb<<20; written += len(block) {
			if _, err := w.Write(block); err != nil {
				t.Error(err)
				return
			}
		}
		w.Flush()
	}()

	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}()
	var sink countSink
	sum, err := Read(context.Background(), path, Options{}, &sink)
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	if sink.figures != 1000 || sum.SkippedCount == 0 {
		t.Errorf("figures %d, skipped %d", sink.figures, sum.SkippedCount)
	}
	if p := peak.Load(); p > 32<<20 {
		t.Errorf("heap grew to %d MB while streaming %d MB", p>>20, mb)
	} else {
		t.Logf("peak heap %.1f MB while streaming %d MB", float64(p)/(1<<20), mb)
	}
}
