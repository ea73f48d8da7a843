package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
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
