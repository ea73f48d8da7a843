package ingest

import (
	"context"
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
