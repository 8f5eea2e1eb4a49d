package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"tradedash/reference"
)

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// realLines returns the lines of the real files in testdata that have
// non-ASCII text: Russian office tables and a Chinese one.
func realLines(t *testing.T) (russian, chinese []string) {
	t.Helper()
	read := func(name string, dec *encoding.Decoder) []string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if dec != nil {
			if b, err = dec.Bytes(b); err != nil {
				t.Fatal(err)
			}
		}
		var lines []string
		for _, l := range strings.Split(strings.ReplaceAll(string(bytes.TrimPrefix(b, []byte("\ufeff"))), "\r\n", "\n"), "\n") {
			if asciiPrefix([]byte(l)) < len(l) {
				lines = append(lines, l)
			}
		}
		return lines
	}
	cp := charmap.Windows1251.NewDecoder()
	russian = append(read("figures-cp1251.csv", cp), read("libreoffice-cp1251.csv", cp)...)
	russian = append(russian, read("figures-utf16.txt", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())...)
	russian = append(russian, read("milestones.csv", nil)...)
	chinese = read("figures-gbk.csv", simplifiedchinese.GBK.NewDecoder())
	return russian, chinese
}

// TestDetectNeverWrong reads real lines of Russian and Chinese text, each
// encoded in every code page that can hold it, alone and under a header:
// detect must name the encoding or refuse, never pick a wrong one, and
// must decide every file that has a header in the file's language.
func TestDetectNeverWrong(t *testing.T) {
	russian, chinese := realLines(t)
	cyrillic := []*textEncoding{encCP1251, encKOI8R, encMacCyrillic, encCP866}
	type input struct {
		text   string
		encs   []*textEncoding
		decide bool // must be decided, not refused
	}
	var inputs []input
	for _, l := range russian {
		inputs = append(inputs,
			input{text: l, encs: cyrillic},
			input{text: "год;выставка;страна;компании;источник\n" + l, encs: cyrillic, decide: true},
			input{text: "Год\tВыставка\tСтрана\tКомпании\tИсточник\n" + l, encs: cyrillic, decide: true})
	}
	for _, l := range chinese {
		inputs = append(inputs, input{text: l, encs: []*textEncoding{encGBK}, decide: true})
	}
	for _, l := range strings.Split(string(mustRead(t, "figures-cp1252.csv")), "\r\n") {
		if asciiPrefix([]byte(l)) < len(l) {
			latin, _ := charmap.Windows1252.NewDecoder().String(l)
			inputs = append(inputs, input{text: latin, encs: []*textEncoding{encCP1252}})
		}
	}
	// Every country's name alone in an English file: a single word may
	// be refused, but never misread.
	for _, c := range reference.Countries() {
		row := "year,exhibition,country,exhibitors,source\n2023,innoprom,%s,400,https://a.example\n"
		inputs = append(inputs,
			input{text: fmt.Sprintf(row, c.NameRU), encs: cyrillic},
			input{text: fmt.Sprintf(row, c.NameZH), encs: []*textEncoding{encGBK}},
			input{text: fmt.Sprintf(row, c.NameEN), encs: []*textEncoding{encCP1252}})
	}
	refused := 0
	for _, in := range inputs {
		for _, e := range in.encs {
			// Characters the code page lacks («» in KOI8-R) are left out,
			// as a program saving in it would replace them.
			var kept strings.Builder
			for _, r := range in.text {
				if _, err := e.codec.NewEncoder().String(string(r)); err == nil {
					kept.WriteRune(r)
				}
			}
			text := kept.String()
			b, err := e.codec.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			window := b[asciiPrefix(b):]
			if len(window) == 0 {
				continue
			}
			got, err := detect(window, true)
			var de *decodeError
			switch {
			case errors.As(err, &de):
				refused++
				if in.decide {
					t.Errorf("%s %q: refused: %v", e.name, text, err)
				}
			case err != nil:
				t.Fatal(err)
			case got != e:
				gotText, _ := decodeWindow(got, window)
				wantText, _ := decodeWindow(e, window)
				if gotText != wantText {
					t.Errorf("%s %q: read as %s: %q", e.name, text, got.name, gotText)
				}
			}
		}
	}
	t.Logf("%d inputs, %d refused", len(inputs), refused)
}

// TestEncodingFiles reads the real files in each encoding and checks the
// encoding found and a name that only the right reading resolves.
func TestEncodingFiles(t *testing.T) {
	for _, tc := range []struct {
		file, encoding string
		records        int
		note           string // the first figure's note
	}{
		{"figures-cp1251.csv", "Windows-1251", 11, "«130+» по данным baogaosu.com"},
		{"figures-koi8r.csv", "KOI8-R", 11, "130+ по данным baogaosu.com"},
		{"figures-maccyrillic.csv", "MacCyrillic", 11, "«130+» по данным baogaosu.com"},
		{"figures-cp866.csv", "CP866", 11, "130+ по данным baogaosu.com"},
		{"figures-cr-maccyrillic.csv", "MacCyrillic", 11, "«130+» по данным baogaosu.com"},
		{"figures-utf16.txt", "UTF-16LE", 3, ""},
		{"figures-gbk.csv", "GBK", 6, "中国是首个伙伴国"},
		{"figures-gb18030.csv", "GB18030", 6, "中国是首个伙伴国（𠮷）"},
		{"figures-cp1252.csv", "Windows-1252", 2, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var rec recorder
			sum, err := Read(context.Background(), filepath.Join("testdata", tc.file), Options{}, &rec)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Encoding != tc.encoding || len(rec.figures) != tc.records || rec.figures[0].Note != tc.note {
				t.Errorf("encoding %q, %d figures, first note %q; want %q, %d, %q", sum.Encoding, len(rec.figures), rec.figures[0].Note, tc.encoding, tc.records, tc.note)
			}
		})
	}
}

// TestShortFiles reads the smallest files an office sends, a header and
// one row, in every Cyrillic code page: the header words decide.
func TestShortFiles(t *testing.T) {
	text := "год;выставка;страна;компании;источник\r\n2018;ИННОПРОМ;Все;около 600;https://etoday.co.kr/news/view/1639575\r\n"
	for _, e := range []*textEncoding{encCP1251, encKOI8R, encMacCyrillic, encCP866} {
		b, err := e.codec.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		var rec recorder
		sum, err := Read(context.Background(), writeTemp(t, "short.csv", b), Options{}, &rec)
		if err != nil || sum.Encoding != e.name || len(rec.figures) != 1 || rec.figures[0].Exhibition != "innoprom" {
			t.Errorf("%s: encoding %q, figures %+v, error %v", e.name, sum.Encoding, rec.figures, err)
		}
	}
}

// TestUnclearEncoding checks that a file whose text reads plausibly in two
// code pages is refused with both readings and --encoding, and that
// --encoding then reads it.
func TestUnclearEncoding(t *testing.T) {
	// One Russian word, no Russian header: Windows-1251 "ВЫСТАВКА" is
	// KOI8-R "бщуфбчлб", and neither is a word tradedash knows.
	b, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("year,exhibition,country,exhibitors,source,note\n2023,innoprom,CN,400,https://a.example,Прим\n"))
	path := writeTemp(t, "unclear.csv", b)
	lines, rec := readProblems(t, path, Options{})
	if len(lines) != 1 || !strings.HasPrefix(lines[0], path+": cannot tell the file's encoding for sure: its text reads as ") ||
		!strings.Contains(lines[0], "--encoding NAME (utf-8, utf-16le,") || len(rec.figures) != 0 {
		t.Fatalf("problems = %q", lines)
	}
	t.Log(lines[0])
	for _, name := range []string{"windows-1251", "CP1251", "koi8-r"} {
		var rec recorder
		sum, err := Read(context.Background(), path, Options{Encoding: name}, &rec)
		want, _ := lookupEncoding(name)
		if err != nil || sum.Encoding != want.name || len(rec.figures) != 1 {
			t.Errorf("--encoding %s: %s, %v", name, sum.Encoding, err)
		}
	}
	if _, err := Read(context.Background(), path, Options{Encoding: "ebcdic"}, &recorder{}); err == nil || !strings.Contains(err.Error(), `unknown encoding "ebcdic"; known: utf-8, utf-16le`) {
		t.Errorf("unknown encoding: %v", err)
	}
}

// TestForcedEncoding checks that --encoding wins over detection, and that
// a byte-order mark saying otherwise is a problem.
func TestForcedEncoding(t *testing.T) {
	// Read as KOI8-R on purpose: every name is garbled, and the message
	// says how the file was read.
	lines, _ := readProblems(t, filepath.Join("testdata", "figures-cp1251.csv"), Options{Encoding: "koi8-r"})
	if len(lines) != 1 || !strings.HasSuffix(lines[0], "(or metric, value) (the file was read as KOI8-R, as given; if its names look garbled, name the right encoding with --encoding)") {
		t.Errorf("problems = %q", lines)
	}
	b, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("year,exhibition,country,exhibitors,source\n2023,ИННОПРОМ,CN,400,https://a.example\n"))
	lines, _ = readProblems(t, writeTemp(t, "en.csv", b), Options{Encoding: "koi8-r"})
	if len(lines) != 1 || !strings.Contains(lines[0], `:2:exhibition: unknown exhibition "хммнопнл" (the file`) ||
		!strings.HasSuffix(lines[0], "(the file was read as KOI8-R, as given; if its names look garbled, name the right encoding with --encoding)") {
		t.Errorf("problems = %q", lines)
	}
	lines, _ = readProblems(t, filepath.Join("testdata", "figures-long-bom.csv"), Options{Encoding: "windows-1251"})
	if want := "the file starts with the byte-order mark of UTF-8, but the encoding given is Windows-1251"; len(lines) != 1 || !strings.Contains(lines[0], want) {
		t.Errorf("problems = %q, want %q", lines, want)
	}
	var rec recorder
	if sum, err := Read(context.Background(), filepath.Join("testdata", "figures-long-bom.csv"), Options{Encoding: "utf-8"}, &rec); err != nil || sum.Encoding != "UTF-8 with BOM" {
		t.Errorf("utf-8 with a BOM: %q, %v", sum.Encoding, err)
	}
}

// TestUnresolvedNameEncoding checks that a name that is not known in a file
// read in a detected code page says which one.
func TestUnresolvedNameEncoding(t *testing.T) {
	b, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("год;выставка;страна;компании;источник\n2023;ИННОПРОМ;Китаи;400;https://a.example\n"))
	path := writeTemp(t, "typo.csv", b)
	lines, _ := readProblems(t, path, Options{})
	want := path + `:2:страна: unknown country "Китаи"; did you mean Китай (CN)? (the file was read as Windows-1251, detected; if its names look garbled, name the right encoding with --encoding)`
	if len(lines) != 1 || lines[0] != want {
		t.Errorf("problems = %q\nwant %q", lines, want)
	}
}

// TestTruncated checks that a file cut inside a character is refused as
// truncated, in every encoding with characters of more than one byte, and
// that its last cell is never read short.
func TestTruncated(t *testing.T) {
	text := "год\tвыставка\tстрана\tкомпании\tисточник\r\n2018\tИННОПРОМ\tВсе\tоколо 600\th"
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("year,exhibition,country,exhibitors,source\r\n2023,innoprom,中国,400,中国"))
	for name, tc := range map[string]struct {
		b   []byte
		enc string
	}{
		"UTF-16":           {utf16[:len(utf16)-1], "UTF-16LE"},
		"UTF-16 surrogate": {append(utf16[:len(utf16)-2], 0x3d, 0xd8), "UTF-16LE"},
		"UTF-8":            {[]byte(text + "\xd0"), "UTF-8"},
		"UTF-8 in 4 bytes": {[]byte(text + "\xf0\x9f\x98"), "UTF-8"},
		"UTF-8 with BOM":   {[]byte("\ufeff" + text + "\xe4\xb8"), "UTF-8 with BOM"},
		"GBK":              {gbk[:len(gbk)-1], "GBK"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, "cut.csv", tc.b)
			lines, rec := readProblems(t, path, Options{Source: "--source"})
			want := fmt.Sprintf("%s: the file ends in the middle of a character (%s): it was cut short; copy or save it again", path, tc.enc)
			if len(lines) != 1 || lines[0] != want || len(rec.figures) != 0 {
				t.Errorf("problems = %q, figures %+v\nwant %q", lines, rec.figures, want)
			}
		})
	}
}

// TestUTF16WithoutBOM reads Excel's "Unicode text" with its byte-order
// mark taken off, in both byte orders.
func TestUTF16WithoutBOM(t *testing.T) {
	le := bytes.TrimPrefix(mustRead(t, "figures-utf16.txt"), []byte{0xff, 0xfe})
	be := slices.Clone(le)
	for i := 0; i+1 < len(be); i += 2 {
		be[i], be[i+1] = be[i+1], be[i]
	}
	for name, b := range map[string][]byte{"UTF-16LE": le, "UTF-16BE": be} {
		var rec recorder
		sum, err := Read(context.Background(), writeTemp(t, "u.txt", b), Options{}, &rec)
		if err != nil || sum.Encoding != name || len(rec.figures) != 3 || rec.figures[1].Qualifier != "over" {
			t.Errorf("%s: encoding %q, figures %+v, error %v", name, sum.Encoding, rec.figures, err)
		}
	}
	// Binary with NUL bytes on both sides is still binary.
	lines, _ := readProblems(t, writeTemp(t, "bin.csv", []byte("a\x00b\x00\x00c,d\n")), Options{})
	if len(lines) != 1 || !strings.HasSuffix(lines[0], "not a table: binary content") {
		t.Errorf("problems = %q", lines)
	}
}
