package ingest

import (
	"bytes"
	"fmt"
	"strings"
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
func decodeText(data []byte) (string, []sitrep.Removal, error) {
	if enc, ok := utf16BOM(data); ok {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, fmt.Errorf("UTF-16: %w", err)
		}
		return string(out), nil, nil
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), nil, nil
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
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", nil, fmt.Errorf("Windows-1252: %w", err)
		}
		return string(out), nil, nil
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), []sitrep.Removal{{
		Text:   fmt.Sprintf("%d bytes that are not valid UTF-8, replaced by U+FFFD", invalid),
		Reason: "invalid-utf8",
	}}, nil
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
