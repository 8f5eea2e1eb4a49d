package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"tradedash"
)

// readProblems reads a file expecting Problems, and returns their lines.
func readProblems(t *testing.T, path string, opts Options) ([]string, *recorder) {
	t.Helper()
	var rec recorder
	_, err := Read(context.Background(), path, opts, &rec)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Read(%s) error = %v, want Problems", path, err)
	}
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return lines, &rec
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const header = "year,exhibition,country,exhibitors,source\n"

// TestHugeLine checks that a cell or a row past its limit is refused where
// it starts, and that a long cell is told apart from a quote left open.
func TestHugeLine(t *testing.T) {
	const cellMsg = "a cell longer than 1 MB, the limit for a cell (a source or a note is a few thousand characters at most); reading stopped here"
	for name, tc := range map[string]struct{ content, want string }{
		// A line of 3 MB without a newline.
		"line": {header + "2023,innoprom,CN,400,https://a.example\n" + strings.Repeat("x", 3<<20), ":3:year: " + cellMsg},
		// A quoted source of 5 MB, closed.
		"quoted cell": {header + "2023,innoprom,CN,400,https://a.example\n2024,innoprom,CN,300,\"" + strings.Repeat("x", 5<<20) + "\"\n",
			":3:source: " + cellMsg},
		// An unquoted note of 5 MB.
		"unquoted cell": {"year;exhibition;country;exhibitors;source;note\n2024;innoprom;CN;300;https://a.example;" +
			strings.Repeat("по данным ТАСС ", 5<<20/20) + "\n", ":2:note: " + cellMsg},
		// A quote opened in row 3 and never closed, then 3 MB of rows.
		"quote": {header + "2023,innoprom,CN,400,https://a.example\n2024,innoprom,\"CN,300,https://a.example\n" +
			strings.Repeat("2024,innoprom,CN,300,https://a.example\n", 3<<20/38),
			":3:country: a quoted cell that starts here runs on for more than 1 MB and 28564 lines: probably its closing quote (\") is missing; reading stopped here"},
		// 2 MB of short cells in one row.
		"row": {header + "2023,innoprom,CN,400,https://a.example" + strings.Repeat(",", 3<<20) + "\n", ":2: a row longer than 2 MB, the limit for a row; reading stopped here"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, "big.csv", []byte(tc.content))
			lines, _ := readProblems(t, path, Options{})
			if len(lines) != 1 || lines[0] != path+tc.want {
				t.Errorf("problems = %q\nwant %q", lines, path+tc.want)
			}
		})
	}
}

// TestZipBomb reads a real workbook whose sheet unpacks to 300 MB of
// spaces: a 400 KB file that must be refused, not unpacked.
func TestZipBomb(t *testing.T) {
	src, err := zip.OpenReader(filepath.Join("testdata", "figures.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, f := range src.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := f.Open()
		content, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/worksheets/sheet1.xml" {
			// Whitespace after the declaration keeps the XML valid.
			decl, rest, _ := bytes.Cut(content, []byte("?>"))
			w.Write(append(decl, "?>"...))
			space := bytes.Repeat([]byte(" "), 1<<20)
			for range 300 {
				w.Write(space)
			}
			content = rest
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "bomb.xlsx", buf.Bytes())
	lines, rec := readProblems(t, path, Options{})
	want := path + ": not a table: the workbook unpacks to more than 200 MB (damaged, or a zip bomb)"
	if len(lines) != 1 || lines[0] != want || len(rec.figures) != 0 {
		t.Errorf("problems = %q\nwant %q", lines, want)
	}
}

func TestNotAnXLSX(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	path := writeTemp(t, "renamed.csv", buf.Bytes())
	lines, _ := readProblems(t, path, Options{})
	if len(lines) != 1 || !strings.HasPrefix(lines[0], path+": not a table: a zip file that is not an .xlsx workbook") {
		t.Errorf("problems = %q", lines)
	}
}

// TestEncodings checks that the encoding is decided at the first non-ASCII
// byte, and that UTF-8 spoilt far into a file is reported where it is.
func TestEncodings(t *testing.T) {
	ascii := header
	codes := strings.Fields("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX")
	for i := range 3000 { // about 110 KB of ASCII before any Cyrillic
		ascii += fmt.Sprintf("%d,innoprom,%s,%d,https://a.example/%d\n", 1900+i%200, codes[i/200], i%200, i)
	}
	cp, _ := charmap.Windows1251.NewEncoder().String("2023,ИННОПРОМ,Китай,400,https://a.example/кириллица\n")

	t.Run("cp1251 after 110 KB of ASCII", func(t *testing.T) {
		path := writeTemp(t, "late.csv", []byte(ascii+cp))
		var rec recorder
		sum, err := Read(context.Background(), path, Options{}, &rec)
		last := rec.figures[len(rec.figures)-1]
		if err != nil || sum.Encoding != "Windows-1251" || last.Country != "CN" || last.Source != "https://a.example/кириллица" {
			t.Errorf("encoding %q, last figure %+v, error %v", sum.Encoding, last, err)
		}
	})
	t.Run("UTF-8 then cp1251", func(t *testing.T) {
		utf := header + "2023,ИННОПРОМ,Китай,400,https://a.example\n" + ascii[len(header):]
		path := writeTemp(t, "mixed.csv", []byte(utf+cp))
		lines, _ := readProblems(t, path, Options{})
		want := fmt.Sprintf("%s:%d:exhibition: not valid UTF-8", path, strings.Count(utf, "\n")+1)
		if len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
			t.Errorf("problems = %q\nwant %s...", lines, want)
		}
	})
}

func TestSourceOption(t *testing.T) {
	path := writeTemp(t, "s.csv", []byte("year,exhibition,country,exhibitors,source\n2023,innoprom,CN,400,\n2024,innoprom,CN,300,https://own.example\n"))
	var rec recorder
	if _, err := Read(context.Background(), path, Options{Source: "--source text"}, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.figures[0].Source != "--source text" || rec.figures[1].Source != "https://own.example" {
		t.Errorf("sources = %q, %q", rec.figures[0].Source, rec.figures[1].Source)
	}
	path = writeTemp(t, "n.csv", []byte("year,exhibition,country,companies\n2023,innoprom,CN,400\n"))
	if _, err := Read(context.Background(), path, Options{Source: "S1"}, &rec); err != nil {
		t.Errorf("no source column with --source: %v", err)
	}
}

// TestManyProblems checks that the list is cut at 200 and ends with a count
// of the rest.
func TestManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	for i := range 1000 {
		fmt.Fprintf(&b, "%d,innoprom,Китаи,400,https://a.example\n", 1900+i%200)
	}
	path := writeTemp(t, "many.csv", []byte(b.String()))
	lines, _ := readProblems(t, path, Options{})
	if len(lines) != 201 || lines[200] != "... and 800 more problems" {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	sum, _ := Read(context.Background(), path, Options{}, &recorder{})
	if sum.ProblemCount != 1000 {
		t.Errorf("ProblemCount = %d, want 1000", sum.ProblemCount)
	}
}

// failingSink fails at its nth record.
type failingSink struct{ n int }

var errSink = errors.New("database went away")

func (s *failingSink) Figure(context.Context, tradedash.Figure, int) error {
	if s.n--; s.n == 0 {
		return errSink
	}
	return nil
}
func (s *failingSink) Milestone(context.Context, tradedash.Milestone, int) error { return nil }
func (s *failingSink) TradeFlow(context.Context, tradedash.TradeFlow, int) error { return nil }

func TestSinkErrorStops(t *testing.T) {
	_, err := Read(context.Background(), filepath.Join("testdata", "figures-long-bom.csv"), Options{}, &failingSink{n: 3})
	if !errors.Is(err, errSink) || !strings.Contains(err.Error(), "figures-long-bom.csv:5") {
		t.Errorf("error = %v, want the sink's error at row 5", err)
	}
	// A figure held back for the file's evidence fails where it is sent,
	// at the end, with its own row: "10,000" m² on row 3.
	_, err = Read(context.Background(), filepath.Join("testdata", "figures-long-bom.csv"), Options{}, &failingSink{n: 8})
	if !errors.Is(err, errSink) || !strings.Contains(err.Error(), "figures-long-bom.csv:3") {
		t.Errorf("error = %v, want the sink's error at row 3", err)
	}
}

// TestNoRecordsAfterProblem checks that the sink hears nothing after the
// first problem: the caller will discard the import anyway.
func TestNoRecordsAfterProblem(t *testing.T) {
	path := writeTemp(t, "p.csv", []byte(header+"2023,innoprom,CN,400,https://a\n2024,innoprom,XX,1,https://a\n2025,innoprom,CN,500,https://a\n"))
	lines, rec := readProblems(t, path, Options{})
	if len(rec.figures) != 1 || len(lines) != 1 {
		t.Errorf("sink got %d figures, problems %q", len(rec.figures), lines)
	}
}

func TestCancel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	writeLongCSV(t, path, 200_000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := Read(ctx, path, Options{}, &countSink{})
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("error = %v after %s, want context.Canceled at once", err, time.Since(start))
	}
}

func TestProgress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	size := writeLongCSV(t, path, 20_000)
	var calls []int64
	_, err := Read(context.Background(), path, Options{Progress: func(done, total int64) {
		if total != size {
			t.Errorf("total = %d, want %d", total, size)
		}
		calls = append(calls, done)
	}}, &countSink{})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 10 || calls[0] != 0 || calls[len(calls)-1] != size {
		t.Errorf("progress calls %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] < calls[i-1] {
			t.Errorf("progress went back: %v", calls)
		}
	}
}

func TestNotAFile(t *testing.T) {
	if _, err := Read(context.Background(), filepath.Join(t.TempDir(), "missing.csv"), Options{}, &countSink{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	var ps Problems
	if _, err := Read(context.Background(), t.TempDir(), Options{}, &countSink{}); !errors.As(err, &ps) {
		t.Errorf("directory: %v", err)
	}
}

func TestLongText(t *testing.T) {
	long := strings.Repeat("ы", maxSource+1)
	path := writeTemp(t, "long.csv", []byte(header+"2023,innoprom,CN,400,"+long+"\n2024,innoprom,CN,300,https://a.example\n"))
	lines, _ := readProblems(t, path, Options{})
	want := path + ":2:source: source is 2001 characters long; the limit is 2000: shorten it"
	if len(lines) != 1 || lines[0] != want {
		t.Errorf("problems = %q\nwant %q", lines, want)
	}
}

// TestStrayBytes checks that a UTF-8 file with one row pasted from a
// Windows-1251 file is read as UTF-8 with that row reported, not read
// whole as Windows-1251.
func TestStrayBytes(t *testing.T) {
	cp, _ := charmap.Windows1251.NewEncoder().String("2024,ИННОПРОМ,Китай,300,https://a.example\n")
	content := header + "2023,ИННОПРОМ,Китай,400,https://a.example/новости\n" + cp + "2022,ИННОПРОМ,Китай,200,https://a.example/новости\n"
	path := writeTemp(t, "stray.csv", []byte(content))
	lines, _ := readProblems(t, path, Options{})
	if want := path + ":3:exhibition: not valid UTF-8"; len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
		t.Errorf("problems = %q\nwant %s...", lines, want)
	}
}
