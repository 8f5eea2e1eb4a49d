package ingest

import (
	"bytes"
)

// sniffSize is how much of a file is looked at to tell what it is.
const sniffSize = 8 << 10

type format int

const (
	formatText format = iota
	formatXLSX
	formatRefused
)

// signatures are the starts of files people send by mistake, with what to
// tell them.
var signatures = []struct {
	magic string
	msg   string
}{
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls workbook (or a password-protected one): save it as .xlsx or .csv"},
	{"%PDF-", "not a table: a PDF document"},
	{"\x89PNG", "not a table: an image"},
	{"\xff\xd8\xff", "not a table: an image"},
	{"GIF8", "not a table: an image"},
	{"\x1f\x8b", "not a table: a gzip archive; unpack it first"},
	{"7z\xbc\xaf", "not a table: a 7-Zip archive; unpack it first"},
	{"Rar!", "not a table: a RAR archive; unpack it first"},
	{"PK\x05\x06", "not a table: an empty zip archive"},
	{"{\\rtf", "not a table: an RTF document; save the table as .xlsx or .csv"},
}

// sniff tells what a file is from its first bytes: a zip is an XLSX
// workbook, known binary formats are refused with a message saying what
// they are, and anything else is text unless it holds NUL or many control
// bytes. The name does not matter: a CSV saved as "data.xls" is read.
func sniff(head []byte) (format, string) {
	if len(head) == 0 {
		return formatRefused, "empty file"
	}
	for _, s := range signatures {
		if bytes.HasPrefix(head, []byte(s.magic)) {
			return formatRefused, s.msg
		}
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if bytes.Contains(head[:min(len(head), 120)], []byte("opendocument")) {
			return formatRefused, "an OpenDocument spreadsheet (.ods): save it as .xlsx or .csv"
		}
		return formatXLSX, ""
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) || looksUTF16(head) != nil {
		return formatText, "" // UTF-16, with or without a byte-order mark
	}
	start := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	for _, tag := range []string{"<html", "<!doctype html", "<table"} {
		if bytes.HasPrefix(start, []byte(tag)) {
			return formatRefused, "not a table: an HTML page (some systems save these as .xls); open it in a spreadsheet and save it as .xlsx or .csv"
		}
	}
	if bytes.HasPrefix(start, []byte("<?xml")) && bytes.Contains(start, []byte("urn:schemas-microsoft-com:office:spreadsheet")) {
		return formatRefused, "an Excel 2003 XML workbook: save it as .xlsx or .csv"
	}
	control := 0
	for _, c := range head {
		switch {
		case c == 0:
			return formatRefused, "not a table: binary content"
		case c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a:
			control++
		}
	}
	if control > len(head)/100+2 {
		return formatRefused, "not a table: binary content"
	}
	return formatText, ""
}
