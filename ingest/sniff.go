package ingest

import (
	"bytes"
	"encoding/json"
)

type kind int

const (
	kindText kind = iota
	kindEmpty
	kindGzip
	kindBinary
	kindWARC
	kindJSONL
	kindJSON // one JSON object over several lines: a document, or no input of ours
	kindFeed
	kindHTML
	kindXML // XML that is neither a feed nor XHTML: no reader
)

// sniffLen is how much of an input is looked at to choose its reader.
const sniffLen = 4096

// sniff picks a reader from the first bytes of an input. Markup is looked
// for after any BOM, whitespace, XML declaration, doctype and comments, so
// a page that starts with a long comment is still HTML.
func sniff(head []byte) kind {
	if len(head) == 0 {
		return kindEmpty
	}
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		return kindGzip
	}
	if bytes.HasPrefix(head, []byte("WARC/")) {
		return kindWARC
	}
	if isBinary(head) {
		return kindBinary
	}
	if _, ok := utf16BOM(head); ok {
		// Markup in UTF-16 is rare enough that such a file is read as text.
		return kindText
	}
	s := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if len(s) == 0 {
		return kindEmpty
	}
	if s[0] == '{' {
		// JSONL puts a whole object on its first line; a pretty-printed file
		// breaks its first line after an opening bracket or a comma, and would
		// otherwise fail once per line.
		if nl := bytes.IndexByte(s, '\n'); nl >= 0 && !json.Valid(s[:nl]) {
			if first := bytes.TrimRight(s[:nl], " \t\r"); bytes.HasSuffix(first, []byte("{")) ||
				bytes.HasSuffix(first, []byte("[")) || bytes.HasSuffix(first, []byte(",")) {
				return kindJSON
			}
		}
		return kindJSONL
	}
	if s[0] != '<' {
		return kindText
	}
	lower := bytes.ToLower(s)
	for _, feed := range [][]byte{[]byte("<rss"), []byte("<feed"), []byte("<rdf:rdf")} {
		if bytes.Contains(lower, feed) {
			return kindFeed
		}
	}
	for _, tag := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"), []byte("<meta"), []byte("<title"), []byte("<div"), []byte("<p>"), []byte("<article"), []byte("<script")} {
		if bytes.Contains(lower, tag) {
			return kindHTML
		}
	}
	if bytes.HasPrefix(lower, []byte("<?xml")) {
		return kindXML
	}
	return kindText
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// isBinary reports content that no text decoder can make sense of: NUL bytes
// or many control characters, outside UTF-16 (whose ASCII has NULs).
func isBinary(head []byte) bool {
	if _, ok := utf16BOM(head); ok {
		return false
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		// UTF-16 with its BOM may start within the text (concatenated
		// files); the text before it is what is judged.
		bom := bytes.Index(head[:i], []byte{0xff, 0xfe})
		if bom < 0 {
			bom = bytes.Index(head[:i], []byte{0xfe, 0xff})
		}
		if bom < 0 {
			return true
		}
		head = head[:bom]
	}
	// The bytes of a multi-byte UTF-8 sequence are all ≥ 0x80, so control
	// characters can be counted byte by byte without decoding.
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b || c == 0x7f {
			ctrl++
		}
	}
	return ctrl*100 > len(head)
}
