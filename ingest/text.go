package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	uni "unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sitrep-dev/sitrep"
)

// textDoc decodes a plain-text file into a document.
func textDoc(data []byte) (*sitrep.Document, error) {
	text, removed, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("no text")
	}
	return &sitrep.Document{Text: normalizeNewlines(text), Format: "text", Removed: removed}, nil
}

// utf16BOM returns the decoder for a UTF-16 byte-order mark at the start of b.
func utf16BOM(b []byte) (encoding.Encoding, bool) {
	switch {
	case len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), true
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), true
	}
	return nil, false
}

// decodeText turns bytes of unknown encoding into UTF-8. UTF-16 needs a BOM.
// Bytes that are not valid UTF-8 are read as Windows-1252 (a superset of the
// printable Latin-1) when the file has no valid multi-byte UTF-8 at all;
// otherwise the file is UTF-8 with damage, and each bad byte becomes U+FFFD,
// reported in the returned removals so the user can see it.
//
// A file made of two (a UTF-16 file with UTF-8 appended, or the reverse, as
// concatenating files gives) is decoded part by part, and a removal says where
// the encoding changes. Text that reads only as Windows-1252 but is UTF-16
// without its BOM is refused rather than stored as mojibake.
func decodeText(data []byte) (string, []sitrep.Removal, error) {
	if enc, ok := utf16BOM(data); ok {
		end := utf16End(data)
		out, err := enc.NewDecoder().Bytes(data[:end])
		if err != nil {
			return "", nil, fmt.Errorf("UTF-16: %w", err)
		}
		var removed []sitrep.Removal
		if n := bytes.Count(out, []byte{0}); n > 0 {
			out = bytes.ReplaceAll(out, []byte{0}, nil)
			removed = append(removed, sitrep.Removal{Text: fmt.Sprintf("%d NUL characters removed", n), Reason: "invalid-utf8"})
		}
		if end == len(data) {
			return string(out), removed, nil
		}
		tail, more, err := decode8(data[end:])
		if err != nil {
			return "", nil, err
		}
		note := mixed(utf16Name(data), end, "UTF-8")
		return string(out) + tail, append(append([]sitrep.Removal{note}, removed...), more...), nil
	}
	if i := utf16Start(data); i > 0 {
		head, removed, err := decode8(data[:i])
		if err != nil {
			return "", nil, err
		}
		tail, more, err := decodeText(data[i:])
		if err != nil {
			return "", nil, err
		}
		note := mixed("UTF-8", i, utf16Name(data[i:]))
		return head + tail, append(append([]sitrep.Removal{note}, removed...), more...), nil
	}
	return decode8(data)
}

// decode8 decodes text in an 8-bit encoding: UTF-8, else Windows-1252.
func decode8(data []byte) (string, []sitrep.Removal, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var removed []sitrep.Removal
	if n := bytes.Count(data, []byte{0}); n > 0 {
		// Past the sniffed head: most often UTF-16 without a BOM, whose
		// ASCII is left readable once its NULs go.
		data = bytes.ReplaceAll(data, []byte{0}, nil)
		removed = append(removed, sitrep.Removal{
			Text:   fmt.Sprintf("%d NUL bytes removed: a part of the file may be UTF-16 without a byte-order mark", n),
			Reason: "mixed-encoding",
		})
	}
	if utf8.Valid(data) {
		return string(data), removed, nil
	}
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	if valid == 0 {
		if looksUTF16(data) {
			return "", nil, errors.New("UTF-16 without a byte-order mark, which reads only as Windows-1252 mojibake: add the BOM or convert the file to UTF-8")
		}
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, fmt.Errorf("Windows-1252: %w", err)
		}
		// Five bytes have no character in Windows-1252.
		if n := bytes.Count(out, []byte("\uFFFD")); n > 0 {
			removed = append(removed, sitrep.Removal{
				Text:   fmt.Sprintf("%d bytes that are no character in Windows-1252, replaced by U+FFFD", n),
				Reason: "invalid-utf8",
			})
		}
		return string(out), removed, nil
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), append(removed, sitrep.Removal{
		Text:   fmt.Sprintf("%d bytes that are not valid UTF-8, replaced by U+FFFD", invalid),
		Reason: "invalid-utf8",
	}), nil
}

func mixed(before string, at int, after string) sitrep.Removal {
	return sitrep.Removal{
		Text:   fmt.Sprintf("the file is %s up to byte %d and %s after it; each part was decoded as such", before, at, after),
		Reason: "mixed-encoding",
	}
}

func utf16Name(bom []byte) string {
	if bom[0] == 0xff {
		return "UTF-16LE"
	}
	return "UTF-16BE"
}

// utf16End is where the UTF-16 text that data starts with (after its BOM)
// ends: after its last NUL byte (the high byte of ASCII and Latin-1), when
// what follows is 8-bit text. UTF-16 code units after the last NUL (CJK,
// punctuation) are rarely valid UTF-8 with a space and letters in it.
func utf16End(data []byte) int {
	last := bytes.LastIndexByte(data, 0)
	if last < 2 {
		return len(data)
	}
	end := last + 1 // little endian: the NUL ends a code unit
	if data[0] == 0xfe {
		end = last + 2 // big endian: it starts one
	}
	if end&1 != 0 || end >= len(data) || !is8BitText(data[end:]) {
		return len(data)
	}
	return end
}

// is8BitText reports whether tail reads as text in UTF-8: at least 8 bytes,
// valid, with no control characters, a space and an ASCII letter.
func is8BitText(tail []byte) bool {
	if len(tail) < 8 || !utf8.Valid(tail) {
		return false
	}
	space, letter := false, false
	for _, c := range tail {
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f:
			return false
		case c == ' ' || c == '\n':
			space = true
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			letter = true
		}
	}
	return space && letter
}

// utf16Start is the offset of a UTF-16 BOM followed by UTF-16 text in 8-bit
// text, or 0. Neither 0xFF nor 0xFE is ever in UTF-8.
func utf16Start(data []byte) int {
	for i := 1; i < len(data); {
		j := bytes.IndexAny(data[i:], "\xff\xfe")
		if j < 0 {
			return 0
		}
		i += j
		if i+4 <= len(data) {
			if data[i] == 0xff && data[i+1] == 0xfe && data[i+3] == 0 || data[i] == 0xfe && data[i+1] == 0xff && data[i+2] == 0 {
				return i
			}
		}
		i++
	}
	return 0
}

// looksUTF16 reports whether 8-bit text with no valid multi-byte UTF-8 is
// UTF-16 without a BOM: it has almost no spaces or line breaks, as a
// Windows-1252 text never has, and read as UTF-16 it is all printable.
func looksUTF16(data []byte) bool {
	if len(data) < 32 || len(data)%2 != 0 {
		return false
	}
	blank := bytes.Count(data, []byte(" ")) + bytes.Count(data, []byte("\n"))
	if blank*50 > len(data) {
		return false
	}
	for _, order := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
		if err != nil {
			continue
		}
		ok := true
		for _, r := range string(out) {
			if r == utf8.RuneError || !uni.IsPrint(r) && r != '\n' && r != '\t' && r != '\r' {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// normalizeNewlines turns CRLF and lone CR into LF so that line-based
// cleaning and offsets behave the same for files from any system.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
