// Command gendf rebuilds the background document frequencies of the stories
// package (stories/data/df.tsv.gz) from news text in ../shared/data:
//
//	go run ./stories/internal/gendf [-data ../shared/data]
//
// The corpus: the NGEC synthetic PLOVER stories (MIT; 4,500 news-style
// stories), the 295 Wikinews articles of 2019–2020 (CC BY 2.5) and the GUM
// Wikinews documents (CC BY 2.5). Only word counts are kept, of words in at
// least two documents.
package main

import (
	"archive/zip"
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"iter"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/stories/internal/words"
)

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	out := flag.String("out", "stories/data/df.tsv.gz", "table to write")
	flag.Parse()
	var docs []string
	add := func(name string, texts []string, err error) {
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		log.Printf("%s: %d documents", name, len(texts))
		docs = append(docs, texts...)
	}
	t, err := ngec(filepath.Join(*data, "ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip"))
	add("ngec-synthetic", t, err)
	for _, y := range []string{"2019", "2020"} {
		t, err := csvColumn(filepath.Join(*data, "wikinews/wikinews_"+y+".csv"), "text")
		add("wikinews "+y, t, err)
	}
	for _, s := range []string{"train", "dev", "test"} {
		t, err := conlluDocs(filepath.Join(*data, "gum-wikinews/gum_news_wikinews-"+s+".conllu"))
		add("gum-wikinews "+s, t, err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	err = writeDF(zw, func(yield func(string) bool) {
		for _, d := range docs {
			if !yield(d) {
				return
			}
		}
	}, 2, "document frequencies of words in news text: NGEC synthetic PLOVER stories (MIT), Wikinews 2019-2020 (CC BY 2.5), GUM Wikinews (CC BY 2.5)\nrebuild: go run ./stories/internal/gendf")
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		log.Fatal(err)
	}
}

func ngec(path string) ([]string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		return nil, fmt.Errorf("empty zip")
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readColumn(f, "text")
}

func csvColumn(path, col string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readColumn(f, col)
}

func readColumn(r io.Reader, col string) ([]string, error) {
	cr := csv.NewReader(r)
	cr.LazyQuotes = true
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	ci := -1
	for i, h := range head {
		if h == col {
			ci = i
		}
	}
	if ci < 0 {
		return nil, fmt.Errorf("no %q column", col)
	}
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec[ci])
	}
}

// conlluDocs joins the "# text =" lines of each "# newdoc" document.
func conlluDocs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# newdoc"):
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		case strings.HasPrefix(line, "# text = "):
			cur.WriteString(strings.TrimPrefix(line, "# text = "))
			cur.WriteByte('\n')
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out, sc.Err()
}

// writeDF counts the documents of docs that hold each word and writes the
// table df.tsv.gz holds: a "# docs N" line, comment lines, then word<TAB>df
// for the words in at least minDF documents, most frequent first.
func writeDF(w io.Writer, docs iter.Seq[string], minDF int, comment string) error {
	df := map[string]int{}
	n := 0
	seen := map[uint64]bool{}
	for text := range docs {
		n++
		clear(seen)
		words.Each(text, func(word []byte, h uint64, _, _ bool) {
			if !seen[h] {
				seen[h] = true
				df[string(word)]++
			}
		})
	}
	keep := make([]string, 0, len(df))
	for k, c := range df {
		if c >= minDF {
			keep = append(keep, k)
		}
	}
	slices.SortFunc(keep, func(a, b string) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# docs %d\n", n)
	for _, l := range strings.Split(comment, "\n") {
		fmt.Fprintf(bw, "# %s\n", l)
	}
	for _, k := range keep {
		fmt.Fprintf(bw, "%s\t%d\n", k, df[k])
	}
	return bw.Flush()
}
