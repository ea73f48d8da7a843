package ingest

import (
	"os"
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
		for _, ex := range []string{"auto", "fast"} {
			ParseHTML(data, "https://example.com/2023/01/05/x", Options{MaxBytes: 1 << 20, Extractor: ex})
		}
	})
}
