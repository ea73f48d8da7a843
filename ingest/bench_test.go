package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedPages loads the pages of ../shared/data/article-extraction, the
// benchmark's real news pages (often hundreds of kB each).
func sharedPages(b *testing.B) [][]byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "article-extraction", "html", "*.html.gz"))
	if len(files) == 0 {
		b.Skip("../shared/data/article-extraction not present")
	}
	var pages [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page)
	}
	return pages
}

// BenchmarkHTML extracts one page per op on one goroutine, with each
// extractor.
func BenchmarkHTML(b *testing.B) {
	pages := sharedPages(b)
	var n int64
	for _, p := range pages {
		n += int64(len(p))
	}
	for _, ex := range []string{"agree", "auto", "fast", "native", "trafilatura", "readability"} {
		b.Run(ex, func(b *testing.B) {
			b.SetBytes(n / int64(len(pages)))
			opt := DefaultOptions
			opt.Extractor = ex
			i := 0
			for b.Loop() {
				ParseHTML(pages[i%len(pages)], "", opt)
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkReadHTML reads a directory of the pages through Read, with its
// parallel extraction on all cores; one op is the whole directory.
func BenchmarkReadHTML(b *testing.B) {
	pages := sharedPages(b)
	dir := b.TempDir()
	for i, p := range pages {
		os.WriteFile(filepath.Join(dir, string(rune('a'+i/26))+string(rune('a'+i%26))+".html"), p, 0o644)
	}
	for _, ex := range []string{"agree", "auto", "fast"} {
		b.Run(ex, func(b *testing.B) {
			opt := DefaultOptions
			opt.Extractor = ex
			for b.Loop() {
				for _, err := range Read(context.Background(), []string{dir}, opt) {
					_ = err
				}
			}
			b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkReadText reads plain-text files (about 5 kB each, the size of a
// news story) through Read.
func BenchmarkReadText(b *testing.B) {
	dir := b.TempDir()
	story := strings.Repeat("Pakistan's minister of state for foreign affairs met Taliban leaders in Kabul on Thursday, the ministry said. ", 45)
	for i := range 2000 {
		os.WriteFile(filepath.Join(dir, string(rune('a'+i/26/26%26))+string(rune('a'+i/26%26))+string(rune('a'+i%26))+".txt"), []byte(story), 0o644)
	}
	b.SetBytes(int64(2000 * len(story)))
	for b.Loop() {
		for _, err := range Read(context.Background(), []string{dir}, DefaultOptions) {
			_ = err
		}
	}
}
