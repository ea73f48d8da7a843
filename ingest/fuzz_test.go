package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// FuzzParseHTML feeds mangled pages to the whole HTML path (raw-text
// stripping, metadata, pruning, every extractor): it must return a document
// or an error, never panic. `go test` runs the seeds; `go test -fuzz
// FuzzParseHTML ./ingest/` searches further.
func FuzzParseHTML(f *testing.F) {
	page, err := os.ReadFile("testdata/article.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(page)
	f.Add(page[:len(page)/2])
	f.Add([]byte(`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":1}],"datePublished":[]}</script>`))
	f.Add([]byte(`<html><body><script>`))
	f.Add([]byte(`<meta property="article:published_time" content="9999-99-99T99:99:99+99:99">`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, ex := range []string{"agree", "auto", "fast"} {
			ParseHTML(data, "https://example.com/2023/01/05/x", Options{MaxBytes: 1 << 20, Extractor: ex})
		}
	})
}

// FuzzRead feeds any bytes to Read as a file: every reader (sniffing, text
// decoding, JSONL, feeds, WARC, gzip) must yield documents or input errors,
// never panic or hang.
func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/feed.xml", "testdata/empty-feed.xml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/"))
	f.Add([]byte("{\"id\": \"a\", \"text\": \"x\"}\n{\"html\": \"<p>\"}\n"))
	f.Add([]byte("\xff\xfeP\x00a\x00"))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Add([]byte("url,date,title,text\nhttps://e.com/a,2019-01-04,\"A, B\",\"Line one.\n\nLine two.\"\nx,bad,\"unclosed\n"))
	f.Add([]byte("id\ttext\nt1\tTroops crossed the border.\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "in")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for doc, err := range Read(context.Background(), []string{p}, Options{MaxBytes: 1 << 20, Extractor: "fast"}) {
			if doc == nil && err == nil {
				t.Fatal("neither a document nor an error")
			}
		}
	})
}

// FuzzJSONDoc checks that the fast JSONL decoder, where it takes a line,
// decodes it as encoding/json does.
func FuzzJSONDoc(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"One line.\nTwo \"lines\" \u00e9\u4e2d\\ \/ \t."}`,
		` { "text" : "x" , "n": -1.5e+3, "ok": true, "no": null, "f": false, "url": "https://e.com/"} `,
		`{}`, `{"ID":"a","text":"x"}`, `{"text":"\ud83d\ude00"}`, `{"text":"x","meta":{"a":[1,2]}}`,
		`{"text":5}`, `{"text":"x",}`, `{"text":"x"} x`, `{"text":"\x"}`, `{"text":"bad` + "\xff" + `"}`,
		`{"text":"x","n":01}`, `{"text":"x","n":1.}`, `{"text":"tab	in"}`, `["text"]`, `{"date":"2023-01-05","title":"T","html":"<p>x</p>"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast jsonDoc
		if !fastJSONDoc(b, &fast) {
			return
		}
		var slow jsonDoc
		if err := json.Unmarshal(b, &slow); err != nil {
			t.Fatalf("%q: fast path took a line encoding/json refuses: %v", b, err)
		}
		if fast != slow {
			t.Fatalf("%q: fast %+v, encoding/json %+v", b, fast, slow)
		}
	})
}

// TestJSONDocFast checks which lines the fast decoder takes: the usual ones,
// and not those whose meaning only encoding/json knows.
func TestJSONDocFast(t *testing.T) {
	for line, want := range map[string]bool{
		`{"id":"a","text":"One line.\nTwo \"lines\" \u00e9."}`:   true,
		`{"text":"x","n":-1.5e+3,"ok":true,"no":null,"url":"u"}`: true,
		`{"ID":"a","text":"x"}`:                                  false, // matched by folding case
		`{"text":"\ud83d\ude00"}`:                                false, // surrogates
		`{"text":"x","meta":{"a":1}}`:                            false, // nested
		`{"text":5}`:                                             false, // type error
		`{"text":"x",}`:                                          false, // bad JSON
	} {
		var jd jsonDoc
		if got := fastJSONDoc([]byte(line), &jd); got != want {
			t.Errorf("%s: fast path %v, want %v", line, got, want)
		}
		var slow jsonDoc
		err := json.Unmarshal([]byte(line), &slow)
		if got, gotErr := decodeJSONDoc([]byte(line), &jd), err; (got == nil) != (gotErr == nil) || err == nil && jd != slow {
			t.Errorf("%s: %+v %v, encoding/json %+v %v", line, jd, got, slow, gotErr)
		}
	}
}

// readBytes reads data as a file through Read, with a small document limit
// so that the limits are fuzzed too.
func readBytes(t *testing.T, dir string, data []byte) []result {
	p := filepath.Join(dir, "in")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out []result
	for doc, err := range Read(context.Background(), []string{p}, Options{MaxBytes: 64 << 10, Extractor: "fast"}) {
		switch {
		case doc == nil && err == nil:
			t.Fatal("neither a document nor an error")
		case doc != nil && (doc.ID == "" || !utf8.ValidString(doc.Text)):
			t.Fatalf("document without an id or with invalid UTF-8: %+v", doc)
		}
		out = append(out, result{doc, err})
	}
	return out
}

// FuzzFeed: a feed, whole or broken, yields documents with text and then at
// most one error, never a panic.
func FuzzFeed(f *testing.F) {
	feed, err := os.ReadFile("testdata/feed.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(feed)
	f.Add(feed[:len(feed)*2/3])
	f.Add(bytes.Replace(feed, []byte("Thousands marched"), []byte("Thousands <b marched"), 1))
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id><content>Talks resumed.</content></entry><entry>`))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>A</title><description>x</description></item></rdf:RDF>`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range readBytes(t, dir, data) {
			if r.doc != nil && strings.TrimSpace(r.doc.Text) == "" {
				t.Fatalf("empty document %+v", r.doc)
			}
		}
	})
}

// FuzzWARC: records with any headers and lengths fail alone; the records
// around a bad one are still read, each named by its number.
func FuzzWARC(f *testing.F) {
	page := []byte("<html><body><p>The two sides agreed to a ceasefire on Thursday after talks in Doha.</p></body></html>")
	rec := func(length string, block []byte) []byte {
		return fmt.Appendf(nil, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.com/a\r\nWARC-Date: 2023-01-06T09:00:00Z\r\n"+
			"Content-Type: application/http; msgtype=response\r\nContent-Length: %s\r\n\r\n%s\r\n\r\n", length, block)
	}
	block := append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"), page...)
	good := rec(fmt.Sprint(len(block)), block)
	f.Add(good)
	f.Add(append(append(rec("-5", block), good...), good...))
	f.Add(append(rec("99999", block), good...))
	f.Add(append(rec("12ab", block), good...))
	f.Add(good[:len(good)/2])
	f.Add([]byte("WARC/1.1\r\n\r\nWARC/1.0\r\nContent-Length: 0\r\n\r\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range readBytes(t, dir, data) {
			if r.doc != nil && r.doc.Format == "warc" && !strings.Contains(r.doc.Source, "#") {
				t.Fatalf("WARC document not named by its record: %q", r.doc.Source)
			}
		}
	})
}

// FuzzJSONL: every non-blank line of a JSONL file gives exactly one document
// or one error naming the line, however long or broken the line is.
func FuzzJSONL(f *testing.F) {
	f.Add(`{"id": "a", "text": "Troops crossed the border."}` + "\n" + `{"id": "b", "text": "x"}`)
	f.Add(`{"id": "a", "text": "` + strings.Repeat("long ", 20000) + `"}` + "\n" + `{"text": "after"}` + "\n")
	f.Add("{\"text\": 5}\n\n\r\n{\"html\": \"<p>x</p>\"}\r\n{bad")
	f.Add("{\"text\": \"a\"}\n{\"date\": \"yesterday\", \"text\": \"b\"}")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{") || strings.ContainsRune(s, 0) {
			return // not read as JSONL
		}
		lines := 0
		for l := range strings.SplitSeq(s, "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		res := readBytes(t, dir, []byte(s))
		if sniff([]byte(s[:min(len(s), sniffLen)])) != kindJSONL {
			return
		}
		if len(res) != lines {
			t.Fatalf("%d non-blank lines gave %d results", lines, len(res))
		}
	})
}

// FuzzGzip: a gzip file reads as its content does.
func FuzzGzip(f *testing.F) {
	f.Add([]byte("Troops crossed the border on Monday."))
	f.Add([]byte("{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\"}\n"))
	f.Add([]byte("<html><body><p>The two sides agreed to a ceasefire on Thursday after talks in Doha.</p></body></html>"))
	f.Add([]byte("\x1f\x8b\x08\x00"))
	plain, zipped := f.TempDir(), f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(data)
		w.Close()
		a, z := readBytes(t, plain, data), readBytes(t, zipped, b.Bytes())
		if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
			return // gzip in gzip is refused
		}
		if len(a) != len(z) {
			t.Fatalf("%d results plain, %d gzipped", len(a), len(z))
		}
		for i := range a {
			if (a[i].doc == nil) != (z[i].doc == nil) || a[i].doc != nil && a[i].doc.Text != z[i].doc.Text {
				t.Fatalf("result %d differs: %+v / %+v", i, a[i], z[i])
			}
		}
	})
}

// FuzzCharset: any bytes decode to valid UTF-8 without NUL, or fail with a
// reason; nothing is dropped silently: a decoding that replaced or removed
// bytes says so in a removal.
func FuzzCharset(f *testing.F) {
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("Talks resumed in Zürich.")
	f.Add([]byte("Café in Zürich"))
	f.Add([]byte("Caf\xe9 in Z\xfcrich"))
	f.Add([]byte(le + "and a UTF-8 tail, in Zürich"))
	f.Add([]byte("Troops crossed the border.\n" + le))
	f.Add([]byte("\xef\xbb\xbfBOM\x00NUL"))
	f.Add([]byte("\xfe\xff\x00T\x00a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, removed, err := decodeText(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			t.Fatalf("%q decoded to %q", data, text)
		}
		if strings.ContainsRune(text, utf8.RuneError) && !bytes.Contains(data, []byte("\xef\xbf\xbd")) && len(removed) == 0 {
			if _, bom := utf16BOM(data); !bom { // UTF-16's own replacement of a lone surrogate
				t.Fatalf("%q: U+FFFD with no removal saying why", data)
			}
		}
	})
}
