package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
		row := "year,exhibition,country,companies,source\n2023,innoprom,%s,400,https://a.example\n"
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
