package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressBarQuietWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, "figures.csv")
	p.start = time.Now().Add(-time.Minute)
	p.Update(50<<20, 100<<20)
	p.Finish()
	if buf.Len() != 0 {
		t.Fatalf("a progress bar was drawn into a pipe: %q", buf.String())
	}
}

func TestProgressBarDrawsAndClears(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, "/tmp/figures.csv")
	p.on = true // as on a terminal
	p.Update(1<<20, 100<<20)
	if buf.Len() != 0 {
		t.Fatal("a quick read must not flash a bar")
	}
	p.start = time.Now().Add(-time.Minute)
	p.Update(50<<20, 100<<20)
	out := buf.String()
	if !strings.Contains(out, "figures.csv [###############               ]  50% 50/100 MB") {
		t.Fatalf("bar: %q", out)
	}
	p.Finish()
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Fatalf("the bar is not cleared: %q", buf.String())
	}
}

// TestProgressBarEscapesTheName: the bar's own \r and erase are the only
// control characters it writes; the file's name is escaped.
func TestProgressBarEscapesTheName(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, "/tmp/line1\nFAKE \x1b[31m\u202e.csv")
	p.on = true
	p.start = time.Now().Add(-time.Minute)
	p.Update(50<<20, 100<<20)
	out := buf.String()
	if !strings.HasPrefix(out, "\r\"line1\\nFAKE \\x1b[31m\\u202e.csv\" [###") {
		t.Fatalf("bar: %q", out)
	}
	if c := rawControl(strings.TrimPrefix(out, "\r")); c != "" {
		t.Fatalf("bar prints a raw %s: %q", c, out)
	}
}
