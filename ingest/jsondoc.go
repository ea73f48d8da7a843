package ingest

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSONDoc fills jd from one JSONL line. The usual line, an object
// whose values are strings, numbers, booleans or null, is read in one pass
// without reflection (encoding/json scans a line twice, to validate and
// then to decode: a fifth of the CPU of a JSONL run of plain text). Any
// other line (nested values, a surrogate escape, invalid UTF-8, a key that
// is one of ours only when case is folded, bad JSON) is left to
// encoding/json, so the result and the errors are always its own.
func decodeJSONDoc(b []byte, jd *jsonDoc) error {
	if fastJSONDoc(b, jd) {
		return nil
	}
	*jd = jsonDoc{}
	return json.Unmarshal(b, jd)
}

// fastJSONDoc is decodeJSONDoc's fast path; false means it does not know
// the line, and jd may be partly filled.
func fastJSONDoc(b []byte, jd *jsonDoc) bool {
	i := skipSpace(b, 0)
	if i == len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipSpace(b, i+1) == len(b)
	}
	for {
		if i == len(b) || b[i] != '"' {
			return false
		}
		key, escaped, end := scanString(b, i)
		if end < 0 || escaped {
			return false
		}
		field, ok := jd.field(key)
		if !ok {
			return false
		}
		i = skipSpace(b, end)
		if i == len(b) || b[i] != ':' {
			return false
		}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == '"' {
			raw, escaped, end := scanString(b, i)
			if end < 0 {
				return false
			}
			if field != nil {
				if !escaped {
					*field = string(raw)
				} else if *field, ok = unescape(raw); !ok {
					return false
				}
			}
			i = end
		} else {
			if field != nil {
				return false // encoding/json's type error
			}
			if i = skipScalar(b, i); i < 0 {
				return false
			}
		}
		i = skipSpace(b, i)
		if i == len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return skipSpace(b, i+1) == len(b)
		default:
			return false
		}
	}
}

// field returns the field of jd that key names, or nil for a key of no
// field; false for a key that encoding/json would match to a field by
// folding case.
func (jd *jsonDoc) field(key []byte) (*string, bool) {
	switch string(key) {
	case "id":
		return &jd.ID, true
	case "text":
		return &jd.Text, true
	case "html":
		return &jd.HTML, true
	case "url":
		return &jd.URL, true
	case "title":
		return &jd.Title, true
	case "date":
		return &jd.Date, true
	}
	for _, f := range [...]string{"id", "text", "html", "url", "title", "date"} {
		if bytes.EqualFold(key, []byte(f)) {
			return nil, false
		}
	}
	return nil, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString finds the JSON string that starts at b[i] (a quote): its raw
// content, whether it holds escapes, and the offset after its closing
// quote; end is -1 for a string that is not valid JSON or not valid UTF-8.
func scanString(b []byte, i int) (raw []byte, escaped bool, end int) {
	ascii := true
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			raw = b[i+1 : j]
			if !ascii && !utf8.Valid(raw) {
				return nil, false, -1
			}
			return raw, escaped, j + 1
		case c == '\\':
			escaped = true
			if j++; j == len(b) {
				return nil, false, -1
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(b) || !isHex(b[j+1]) || !isHex(b[j+2]) || !isHex(b[j+3]) || !isHex(b[j+4]) {
					return nil, false, -1
				}
				j += 4
			default:
				return nil, false, -1
			}
		case c < 0x20:
			return nil, false, -1
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false, -1
}

// unescape decodes the escapes of a JSON string's raw content, which
// scanString found valid; false for a surrogate (left to encoding/json).
func unescape(raw []byte) (string, bool) {
	var b strings.Builder // its buffer becomes the string: one allocation
	b.Grow(len(raw))
	for {
		k := bytes.IndexByte(raw, '\\')
		if k < 0 {
			b.Write(raw)
			return b.String(), true
		}
		b.Write(raw[:k])
		c := raw[k+1]
		raw = raw[k+2:]
		switch c {
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		case 'u':
			r := rune(0)
			for _, h := range raw[:4] {
				r = r<<4 | rune(hexValue(h))
			}
			if utf16.IsSurrogate(r) {
				return "", false
			}
			b.WriteRune(r)
			raw = raw[4:]
			continue
		}
		b.WriteByte(c) // ", \ or / as it is
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func hexValue(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return (c | 0x20) - 'a' + 10
}

// skipScalar returns the offset after the JSON number, true, false or null
// at b[i], or -1.
func skipScalar(b []byte, i int) int {
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(b[i:], []byte(lit)) {
			return i + len(lit)
		}
	}
	// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
	digits := func(i int) int {
		j := i
		for j < len(b) && '0' <= b[j] && b[j] <= '9' {
			j++
		}
		if j == i {
			return -1
		}
		return j
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if i = digits(i); i < 0 {
		return -1
	}
	if i < len(b) && b[i] == '.' {
		if i = digits(i + 1); i < 0 {
			return -1
		}
	}
	if i < len(b) && b[i]|0x20 == 'e' {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i = digits(i); i < 0 {
			return -1
		}
	}
	return i
}
