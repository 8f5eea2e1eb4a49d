package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"tradedash/reference"
)

// progressBar draws a one-line bar on a terminal while a large file is
// read. It draws nothing when stderr is not a terminal (a pipe, a log, CI)
// or when the file is read quickly.
type progressBar struct {
	w       io.Writer
	name    string
	on      bool
	start   time.Time
	last    time.Time
	visible bool
}

func newProgressBar(w io.Writer, file string) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, name: reference.Printable(filepath.Base(file)), on: ok && term.IsTerminal(int(f.Fd())), start: time.Now()}
}

func (p *progressBar) Update(done, total int64) {
	if !p.on || total <= 0 {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < 500*time.Millisecond || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.visible = now, true
	const width = 30
	frac := float64(done) / float64(total)
	if frac > 1 {
		frac = 1
	}
	filled := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %d/%d MB", p.name, strings.Repeat("#", filled),
		strings.Repeat(" ", width-filled), frac*100, done>>20, total>>20)
}

func (p *progressBar) Finish() {
	if p.visible {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
