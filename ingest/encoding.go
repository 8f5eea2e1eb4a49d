package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// bufSize is the read buffer, and the window the encoding is decided from.
const bufSize = 64 << 10

// textEncoding is an encoding a CSV file may be saved in.
type textEncoding struct {
	name    string   // as Summary and messages name it: "Windows-1251"
	flag    string   // as --encoding takes it: "windows-1251"
	aliases []string // other names --encoding accepts
	// codec decodes it to UTF-8; nil for UTF-8 itself.
	codec encoding.Encoding
	// legacy: a one- or two-byte code page, whose text can be read in
	// another code page without an error, only garbled.
	legacy bool
}

var (
	encUTF8    = &textEncoding{name: "UTF-8", flag: "utf-8", aliases: []string{"utf8"}}
	encUTF16LE = &textEncoding{name: "UTF-16LE", flag: "utf-16le", aliases: []string{"utf16le", "utf-16", "unicode"},
		codec: unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)}
	encUTF16BE = &textEncoding{name: "UTF-16BE", flag: "utf-16be", aliases: []string{"utf16be"},
		codec: unicode.UTF16(unicode.BigEndian, unicode.UseBOM)}
	encCP1251 = &textEncoding{name: "Windows-1251", flag: "windows-1251", aliases: []string{"cp1251", "win1251", "windows1251", "ansi"},
		codec: charmap.Windows1251, legacy: true}
	encKOI8R = &textEncoding{name: "KOI8-R", flag: "koi8-r", aliases: []string{"koi8r", "koi8"},
		codec: charmap.KOI8R, legacy: true}
	encMacCyrillic = &textEncoding{name: "MacCyrillic", flag: "maccyrillic", aliases: []string{"x-mac-cyrillic", "mac-cyrillic", "macintosh-cyrillic"},
		codec: charmap.MacintoshCyrillic, legacy: true}
	encCP866 = &textEncoding{name: "CP866", flag: "cp866", aliases: []string{"ibm866", "dos", "oem"},
		codec: charmap.CodePage866, legacy: true}
	// GB18030 reads every GBK byte sequence as GBK does, and the four-byte
	// sequences GBK lacks, so both are decoded with it: a GBK file with
	// one rare character further on is still read right.
	encGBK = &textEncoding{name: "GBK", flag: "gbk", aliases: []string{"cp936", "gb2312", "windows-936"},
		codec: simplifiedchinese.GB18030, legacy: true}
	encGB18030 = &textEncoding{name: "GB18030", flag: "gb18030",
		codec: simplifiedchinese.GB18030, legacy: true}
	encCP1252 = &textEncoding{name: "Windows-1252", flag: "windows-1252", aliases: []string{"cp1252", "win1252", "latin-1", "latin1", "iso-8859-1"},
		codec: charmap.Windows1252, legacy: true}
)

// encodings are the encodings --encoding accepts, in the order a usage
// message lists them.
var encodings = []*textEncoding{encUTF8, encUTF16LE, encUTF16BE, encCP1251, encKOI8R, encMacCyrillic, encCP866, encGBK, encGB18030, encCP1252}

// EncodingNames lists the names Options.Encoding (the command's
// --encoding) accepts.
func EncodingNames() []string {
	names := make([]string, len(encodings))
	for i, e := range encodings {
		names[i] = e.flag
	}
	return names
}

// lookupEncoding finds an encoding by any of its names, in any case.
func lookupEncoding(name string) (*textEncoding, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, e := range encodings {
		if name == e.flag || name == strings.ToLower(e.name) {
			return e, true
		}
		for _, a := range e.aliases {
			if name == a {
				return e, true
			}
		}
	}
	return nil, false
}

// CheckEncoding returns an error naming the accepted encodings when name
// is not one of them; "" (detect) is accepted.
func CheckEncoding(name string) error {
	if name == "" {
		return nil
	}
	if _, ok := lookupEncoding(name); !ok {
		return fmt.Errorf("unknown encoding %s; known: %s", quote(name), strings.Join(EncodingNames(), ", "))
	}
	return nil
}

// decodeError stops reading a file whose text cannot be read as it is:
// the encoding is not clear, or the file ends in the middle of a
// character. Read reports it as a problem.
type decodeError struct{ msg string }

func (e *decodeError) Error() string { return e.msg }

// truncated is the problem of a file that ends in the middle of a
// character: it was cut short in a copy or a download, and its last
// cell may be cut too ("h" of "https://...").
func truncated(enc string) error {
	return &decodeError{msg: fmt.Sprintf("the file ends in the middle of a character (%s): it was cut short; copy or save it again", enc)}
}

// decoder gives the UTF-8 text of a CSV file in whichever encoding it was
// saved: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's
// "Unicode text"), or a legacy code page: Windows-1251 (Russian Excel's
// "CSV"), KOI8-R, MacCyrillic, CP866 (DOS), GBK or GB18030 (Chinese Excel),
// Windows-1252 (Western exports), or the one the caller names.
//
// Without a byte-order mark the encoding is decided at the first non-ASCII
// byte, from the 64 KB that start there: valid UTF-8 means UTF-8; anything
// else is read in each legacy code page, and as UTF-8 with stray bytes,
// and the reading whose text is clearly the most plausible wins (see
// detect). When none clearly wins, reading stops with a problem that names
// the candidates. Deciding there rather
// than at the start of the file means a long ASCII prefix (codes, numbers,
// URLs) cannot hide the encoding. The file is never read whole: a later
// invalid byte in a file decided UTF-8 reaches the row reader, which
// reports it where it is.
//
// A file that ends in the middle of a character (a UTF-16 file with an odd
// number of bytes, UTF-8 or GBK cut inside a character) is refused as
// truncated rather than read with its last character replaced.
type decoder struct {
	br     *bufio.Reader
	forced *textEncoding // the caller's choice, or nil to detect
	// prefer is the legacy code page a file that is not UTF-8 is in, when
	// its format says so (a UN Comtrade download is Latin-1), or nil.
	prefer *textEncoding
	enc    *textEncoding // the encoding, once known
	bom    bool          // the file starts with a byte-order mark
	r      io.Reader     // the decoded text, once the encoding is known
	err    error         // a decodeError, returned from then on

	// UTF-8 text is passed on unchanged but checked as it goes, so that
	// rows need checking only once something invalid has been seen.
	check   bool
	carry   []byte  // the start of a character cut off at the end of the last read
	invalid bool    // some text was not valid UTF-8
	tail    [4]byte // the last bytes passed on, to tell a file cut inside a character
	ntail   int
}

func newDecoder(br *bufio.Reader, forced *textEncoding) *decoder {
	d := &decoder{br: br, forced: forced}
	b, _ := br.Peek(3)
	var bom *textEncoding
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		bom = encUTF8
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		bom = encUTF16LE
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		bom = encUTF16BE
	}
	switch {
	case forced != nil && bom != nil && bom != forced && !(forced == encUTF16LE && bom == encUTF16BE):
		// "utf-16" is an alias of utf-16le; a big-endian mark is still
		// UTF-16, which the decoder follows.
		d.err = &decodeError{msg: fmt.Sprintf("the file starts with the byte-order mark of %s, but the encoding given is %s; leave --encoding out, or save the file in %s",
			bom.name, forced.name, forced.name)}
	case bom != nil:
		d.bom = true
		d.use(bom)
	case forced != nil:
		d.use(forced)
	default:
		if head, _ := br.Peek(sniffSize); looksUTF16(head) != nil {
			d.use(looksUTF16(head))
		}
	}
	return d
}

// looksUTF16 recognizes UTF-16 text without a byte-order mark, which no
// other text holds: its ASCII characters leave a NUL byte every other
// byte, always on the same side, and the whole reads as text. It returns
// nil for anything else.
func looksUTF16(head []byte) *textEncoding {
	head = head[:len(head)&^1]
	if len(head) < 4 {
		return nil
	}
	var zeros [2]int
	for i, c := range head {
		if c == 0 {
			zeros[i&1]++
		}
	}
	e := encUTF16LE // ASCII leaves its NUL in the odd bytes
	switch {
	case zeros[1] > 0 && zeros[0] == 0:
	case zeros[0] > 0 && zeros[1] == 0:
		e = encUTF16BE
	default:
		return nil
	}
	if zeros[0]+zeros[1] < len(head)/8 { // a few NUL bytes are binary, not text
		return nil
	}
	text, ok := decodeWindow(e, head)
	if !ok {
		return nil
	}
	for _, r := range text {
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f || r >= 0xd800 && r <= 0xdfff {
			return nil
		}
	}
	return e
}

// use decodes the rest of the file in e.
func (d *decoder) use(e *textEncoding) {
	d.enc = e
	if e.codec == nil {
		if d.bom {
			d.br.Discard(3)
		}
		d.r, d.check = d.br, true
		return
	}
	d.r = transform.NewReader(d.br, eofCheck{t: e.codec.NewDecoder(), enc: e.name})
}

// encoding names the encoding found; a file of nothing but ASCII is UTF-8.
func (d *decoder) encoding() string {
	switch {
	case d.enc == nil:
		return "UTF-8"
	case d.enc == encUTF8 && d.bom:
		return "UTF-8 with BOM"
	}
	return d.enc.name
}

// legacy reports whether the text was read in a legacy code page, which a
// wrong guess or a wrong --encoding garbles without an error.
func (d *decoder) legacy() bool { return d.enc != nil && d.enc.legacy }

func (d *decoder) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	if d.r != nil {
		n, err := d.r.Read(p)
		if d.check {
			d.keepTail(p[:n])
			if !d.invalid {
				d.validate(p[:n], err != nil)
			}
			if err == io.EOF && d.cutInsideRune() {
				d.err = truncated(d.encoding())
				return n, d.err
			}
		}
		var de *decodeError
		if errors.As(err, &de) {
			d.err = de
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
	atEOF := err == io.EOF
	if looksUTF8(window, atEOF) {
		d.use(encUTF8)
	} else if d.prefer != nil && readsAs(d.prefer, window) {
		d.use(d.prefer)
	} else {
		e, err := detect(window, atEOF)
		if err != nil {
			d.err = err
			return 0, err
		}
		d.use(e)
	}
	return d.Read(p)
}

// readsAs reports whether window is text in e.
func readsAs(e *textEncoding, window []byte) bool {
	_, ok := decodeWindow(e, window)
	return ok
}

// keepTail remembers the last bytes passed on.
func (d *decoder) keepTail(b []byte) {
	if len(b) >= len(d.tail) {
		d.ntail = copy(d.tail[:], b[len(b)-len(d.tail):])
		return
	}
	keep := min(d.ntail, len(d.tail)-len(b))
	copy(d.tail[:], d.tail[d.ntail-keep:d.ntail])
	d.ntail = keep + copy(d.tail[keep:], b)
}

// cutInsideRune reports whether the text passed on ends with the start of
// a UTF-8 character whose other bytes are missing.
func (d *decoder) cutInsideRune() bool {
	t := d.tail[:d.ntail]
	for i := len(t) - 1; i >= 0; i-- {
		if utf8.RuneStart(t[i]) {
			return !utf8.FullRune(t[i:])
		}
	}
	return false
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

// eofCheck refuses text that ends in the middle of a character. The
// decoders of golang.org/x/text replace such an end with U+FFFD, which the
// cleaning of a cell then removes: the last cell of a truncated UTF-16
// file would lose its last character silently.
type eofCheck struct {
	t   transform.Transformer
	enc string
}

func (c eofCheck) Transform(dst, src []byte, atEOF bool) (int, int, error) {
	nDst, nSrc, err := c.t.Transform(dst, src, false)
	if atEOF && err == transform.ErrShortSrc {
		return nDst, nSrc, truncated(c.enc)
	}
	return nDst, nSrc, err
}

func (c eofCheck) Reset() { c.t.Reset() }

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
// at the end of the window when more of the file follows. At the end of
// the file a cut character is allowed too when a whole one comes before
// it: that file is UTF-8, and is refused as truncated when it is read.
func looksUTF8(b []byte, atEOF bool) bool {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				if atEOF && asciiPrefix(b[:i]) == i {
					return false // nothing but the cut character to go by
				}
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b)
}
