package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// bufSize is the read buffer, and the window the encoding is decided from.
const bufSize = 64 << 10

// decoder gives the UTF-8 text of a CSV file in whichever encoding it was
// saved: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
// "Unicode text"), or Windows-1251 (Russian Excel's "CSV").
//
// Without a byte-order mark the encoding is decided at the first non-ASCII
// byte, from the 64 KB that start there: valid UTF-8 means UTF-8, anything
// else Windows-1251. Deciding there rather than at the start of the file
// means a long ASCII prefix (codes, numbers, URLs) cannot hide the
// encoding. The file is never read whole: a later invalid byte in a file
// decided UTF-8 reaches the row reader, which reports it where it is.
type decoder struct {
	br   *bufio.Reader
	name string    // the encoding, once known
	r    io.Reader // the decoded text, once the encoding is known

	// UTF-8 text is passed on unchanged but checked as it goes, so that
	// rows need checking only once something invalid has been seen.
	check   bool
	carry   []byte // the start of a character cut off at the end of the last read
	invalid bool   // some text was not valid UTF-8
}

func newDecoder(br *bufio.Reader) *decoder {
	d := &decoder{br: br}
	b, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		d.name, d.r, d.check = "UTF-8 with BOM", br, true
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		d.name = "UTF-16LE"
		d.r = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		d.name = "UTF-16BE"
		d.r = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	}
	return d
}

// encoding names the encoding found; a file of nothing but ASCII is UTF-8.
func (d *decoder) encoding() string {
	if d.name == "" {
		return "UTF-8"
	}
	return d.name
}

func (d *decoder) Read(p []byte) (int, error) {
	if d.r != nil {
		n, err := d.r.Read(p)
		if d.check && !d.invalid {
			d.validate(p[:n], err != nil)
		}
		return n, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	// Undecided: pass ASCII through until the first byte that is not.
	buf, err := d.br.Peek(max(d.br.Buffered(), 1))
	if len(buf) == 0 {
		return 0, err
	}
	if n := asciiPrefix(buf[:min(len(buf), len(p))]); n > 0 {
		copy(p, buf[:n])
		d.br.Discard(n)
		return n, nil
	}
	window, err := d.br.Peek(bufSize)
	if looksUTF8(window, err == io.EOF) {
		d.name, d.r, d.check = "UTF-8", d.br, true
	} else {
		d.name, d.r = "Windows-1251", transform.NewReader(d.br, charmap.Windows1251.NewDecoder())
	}
	return d.Read(p)
}

// validate checks a chunk of UTF-8 text, carrying a character cut off at
// its end over to the next chunk.
func (d *decoder) validate(b []byte, last bool) {
	if len(d.carry) > 0 {
		// Four bytes always make a full character, so a short join means
		// all of b went into it.
		joined := append(d.carry, b[:min(utf8.UTFMax-len(d.carry), len(b))]...)
		if !utf8.FullRune(joined) {
			d.carry = joined
			d.invalid = d.invalid || last
			return
		}
		r, size := utf8.DecodeRune(joined)
		if r == utf8.RuneError && size <= 1 || size <= len(d.carry) {
			d.invalid = true
			return
		}
		b = b[size-len(d.carry):]
		d.carry = d.carry[:0]
	}
	if !last {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					d.carry = append(d.carry[:0], b[i:]...)
					b = b[:i]
				}
				break
			}
		}
	}
	if !utf8.Valid(b) {
		d.invalid = true
	}
}

// suspect reports whether decoded text may be invalid UTF-8: only then do
// rows need checking one by one.
func (d *decoder) suspect() bool { return d.invalid || len(d.carry) > 0 }

// asciiPrefix returns how many bytes at the start of b are ASCII, eight at a
// time.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// looksUTF8 reports whether b is valid UTF-8, allowing a character cut off
// at the end of the window when more of the file follows.
func looksUTF8(b []byte, atEOF bool) bool {
	if !atEOF {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}
