package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"

	"tradedash"
	"tradedash/reference"
)

// FuzzReadCSV reads arbitrary bytes as a file. Read must not panic, must
// return either records or Problems consistently, and every record it hands
// to the sink must be one the database may hold.
func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"figures-cp1251.csv", "figures-long-bom.csv", "figures-thousands-dot.csv", "figures.tsv", "figures-utf16.txt", "milestones.csv", "broken/problems.csv", "broken/unclosed-quote.csv",
		"figures-koi8r.csv", "figures-cp866.csv", "figures-cr-maccyrillic.csv", "figures-gbk.csv", "figures-cp1252.csv",
		"figures-zh.csv", "figures-zh-gbk.csv", "figures-zh-long.csv", "milestones-zh.csv",
		"trade-sheet-ru.csv", "trade-sheet-zh.csv", "trade-sheet-en.csv", "comtrade-plus-latin1.csv", "comtrade-legacy.csv",
		"comtrade-legacy-bulk.csv", "broken/trade-problems.csv", "broken/comtrade-plus-problems.csv",
		"gacc-export-zh-monthly.csv", "gacc-import-en-ytd.csv", "broken/gacc-no-flags.csv",
		"trade-wide-years-ru.csv", "trade-wide-years-zh.csv", "trade-wide-flows-ru.csv", "trade-wide-flows-en.csv",
		"broken/trade-wide-header.csv", "broken/trade-wide-problems.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("year;exhibition;country;companies;source\n2023;ИННОПРОМ-2023;КНР;более 400;https://a\n2023;ИННОПРОМ;Китай;400+;https://a\n"))
	f.Add([]byte("date,exhibition,title\n2016-07,innoprom,\"x\"\"y\"\n"))
	// A UTF-16 file cut inside its last character (issue 7, item 5).
	s := "год\tвыставка\tстрана\tкомпании\tисточник\r\n2018\tИННОПРОМ\tВсе\tоколо 600\th"
	u, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	f.Add(append([]byte{0xff, 0xfe}, u[:len(u)-1]...))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		sum, sent := checkRead(t, path)
		if sent > 0 && sum.Format == "CSV" && !slices.Contains(encodingNames, sum.Encoding) {
			t.Errorf("records read in an encoding not named: %q", sum.Encoding)
		}
		// Valid UTF-8 is never read in a code page: that would garble it.
		if sent > 0 && sum.Format == "CSV" && utf8.Valid(data) && !bytes.Contains(data, []byte{0}) &&
			sum.Encoding != "UTF-8" && sum.Encoding != "UTF-8 with BOM" {
			t.Errorf("valid UTF-8 read as %s", sum.Encoding)
		}
	})
}

// FuzzReadGACC reads arbitrary bytes as a China Customs export, with the
// flow and, once without and once with, the period the command line gives.
func FuzzReadGACC(f *testing.F) {
	for _, name := range []string{"gacc-export-zh-monthly.csv", "gacc-import-en-ytd.csv", "gacc-export-zh-year.csv",
		"broken/gacc-problems.csv", "broken/gacc-provinces.csv", "broken/gacc-rmb.csv", "broken/gacc-no-partner.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		checkReadWith(t, path, Options{Flow: tradedash.FlowExport})
		checkReadWith(t, path, Options{Flow: tradedash.FlowImport, Period: Period{Year: 2024, Month: 10, YTD: true}})
	})
}

// encodingNames are the names Summary.Encoding may give.
var encodingNames = []string{"UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1251", "KOI8-R", "MacCyrillic", "CP866", "GBK", "GB18030", "Windows-1252"}

// FuzzReadXLSX reads arbitrary workbooks. An input that starts like a zip
// ("PK") is the file itself; any other is the workbook's parts as text,
// each after a line "--- NAME" (see unpackForFuzz), packed into a zip here:
// mutations of compressed bytes only break the zip, mutations of its parts'
// XML reach the reader. Seeds are the workbooks in testdata, both ways.
func FuzzReadXLSX(f *testing.F) {
	books, err := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	if err != nil || len(books) == 0 {
		f.Fatal("no workbooks in testdata", err)
	}
	for _, name := range books {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 64<<10 {
			f.Add(b)
		}
		parts, err := unpackForFuzz(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(parts) < 64<<10 {
			f.Add(parts)
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			var err error
			if data, err = packForFuzz(data); err != nil {
				t.Skip() // not parts
			}
		}
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		checkRead(t, path)
		// A small workbook is read in milliseconds; seconds are a hang.
		if limit := fuzzHangLimit(); limit > 0 {
			if d := time.Since(start); d > limit {
				t.Errorf("reading %d bytes took %s", len(data), d)
			}
		}
	})
}

// fuzzHangLimit is how long FuzzReadXLSX lets one input take: 10 s while
// fuzzing (-fuzz), where a hang is what is looked for, and no limit when
// the seeds run as a plain test, which under -race on a loaded machine
// may be slow without hanging and must not fail for it.
func fuzzHangLimit() time.Duration {
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return 10 * time.Second
	}
	return 0
}

// The hang check of FuzzReadXLSX applies only while fuzzing.
func TestFuzzHangLimit(t *testing.T) {
	f := flag.Lookup("test.fuzz")
	if f == nil {
		t.Fatal("no -test.fuzz flag")
	}
	old := f.Value.String()
	t.Cleanup(func() { f.Value.Set(old) })
	for _, tt := range []struct {
		fuzz string
		want time.Duration
	}{{"", 0}, {"FuzzReadXLSX", 10 * time.Second}} {
		if err := f.Value.Set(tt.fuzz); err != nil {
			t.Fatal(err)
		}
		if got := fuzzHangLimit(); got != tt.want {
			t.Errorf("-fuzz=%q: limit %s, want %s", tt.fuzz, got, tt.want)
		}
	}
}

// unpackForFuzz writes a workbook's parts as text: "--- NAME" on a line,
// then the part.
func unpackForFuzz(path string) ([]byte, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var b bytes.Buffer
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "--- %s\n", f.Name)
		b.Write(content)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// packForFuzz makes a zip of parts written by unpackForFuzz.
func packForFuzz(data []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(data, []byte("--- "))
	if !ok {
		return nil, errors.New("not parts")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, part := range bytes.Split(rest, []byte("\n--- ")) {
		name, content, _ := bytes.Cut(part, []byte("\n"))
		w, err := zw.Create(string(name))
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(content); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// checkRead reads a file and checks what Read returns and sends: it must
// not panic, must return either records or Problems consistently, every
// problem must say where it is, and every record it hands to the sink must
// be one the database may hold.
func checkRead(t *testing.T, path string) (sum Summary, sent int) {
	t.Helper()
	return checkReadWith(t, path, Options{})
}

// checkReadWith is checkRead with the command line's options.
func checkReadWith(t *testing.T, path string, opts Options) (sum Summary, sent int) {
	t.Helper()
	var rec recorder
	sum, err := Read(context.Background(), path, opts, &rec)
	sent = len(rec.figures) + len(rec.milestones) + len(rec.trade)
	var ps Problems
	switch {
	case err == nil:
		if sent != sum.Records || sent == 0 {
			t.Errorf("no error, but %d records sent and %d counted", sent, sum.Records)
		}
	case errors.As(err, &ps):
		if len(ps) == 0 || sent > sum.Records {
			t.Errorf("%d problems, %d records sent, %d counted", len(ps), sent, sum.Records)
		}
		for _, p := range ps {
			checkMessage(t, p)
			if !strings.HasPrefix(p.File, path) && !strings.HasPrefix(p.Msg, "... and ") {
				t.Errorf("problem without its file: %q", p.Error())
			}
		}
	default:
		t.Errorf("error that is not Problems: %v", err)
	}
	for _, n := range sum.Skipped {
		checkMessage(t, n)
	}
	for _, fig := range rec.figures {
		checkFigure(t, fig)
	}
	for _, m := range rec.milestones {
		checkMilestone(t, m)
	}
	return sum, sent
}

// checkMessage fails on a message that could hide or rewrite text on a
// terminal: raw control characters or invalid UTF-8.
func checkMessage(t *testing.T, p Problem) {
	t.Helper()
	s := p.Error()
	if p.Msg == "" || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f }) {
		t.Errorf("bad message %q", s)
	}
}

func checkFigure(t *testing.T, f tradedash.Figure) {
	t.Helper()
	m, ok := tradedash.MetricByCode(f.Metric)
	_, okC := reference.CountryByCode(f.Country)
	_, okE := reference.ExhibitionByCode(f.Exhibition)
	switch {
	case !ok, !okC, !okE, f.Year < minYear, f.Year > maxYear,
		math.IsNaN(f.Value), f.Value < 0, f.Value > limits[f.Metric], m.Integer && f.Value != math.Trunc(f.Value),
		!validQualifier(f.Qualifier), !validStatus(f.Status), f.Source == "", !cleanStored(f.Source), !cleanStored(f.Note):
		t.Errorf("invalid figure sent: %+v", f)
	}
}

func checkMilestone(t *testing.T, m tradedash.Milestone) {
	t.Helper()
	_, okC := reference.CountryByCode(m.Country)
	_, okE := reference.ExhibitionByCode(m.Exhibition)
	if !okC || !okE || m.Date.Year() < minYear || m.Date.Year() > maxYear || m.TitleRU == "" && m.TitleEN == "" && m.TitleZH == "" ||
		m.Source == "" || !cleanStored(m.TitleRU) || !cleanStored(m.TitleEN) || !cleanStored(m.TitleZH) || !cleanStored(m.Note) ||
		m.TitleZH != "" && !hasHan(m.TitleZH) {
		t.Errorf("invalid milestone sent: %+v", m)
	}
}

func validQualifier(q tradedash.Qualifier) bool {
	for _, v := range tradedash.Qualifiers {
		if q == v {
			return true
		}
	}
	return false
}

func validStatus(s tradedash.Status) bool {
	for _, v := range tradedash.Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// cleanStored reports whether a stored text is valid UTF-8 without control
// characters or ends of spaces.
func cleanStored(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, isUnwanted) && strings.TrimSpace(s) == s
}
