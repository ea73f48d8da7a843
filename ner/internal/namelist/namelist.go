// Package namelist writes and reads the name lists that the NER's generators build
// (ner/model/places.txt.gz, orgs.txt.gz): one "class<TAB>name" line per
// name, sorted, gzip-compressed, so a rebuild gives the same bytes.
package namelist

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Write writes class (name → class number) to path.
func Write(path string, class map[string]int) error {
	o, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, n := range slices.Sorted(maps.Keys(class)) {
		fmt.Fprintf(bw, "%d\t%s\n", class[n], n)
	}
	if err := bw.Flush(); err != nil {
		o.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}

// Read reads a list that Write wrote.
func Read(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	class := map[string]int{}
	sc := bufio.NewScanner(zr)
	for n := 1; sc.Scan(); n++ {
		c, name, ok := strings.Cut(sc.Text(), "\t")
		k, err := strconv.Atoi(c)
		if !ok || err != nil {
			return nil, fmt.Errorf("%s: line %d: want class and name", path, n)
		}
		class[name] = k
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return class, nil
}

// EnglishWords returns the lower-case words of a word list (Debian
// wamerican), which the generators keep apart from names ("reading").
func EnglishWords(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (apt-get install wamerican)", err)
	}
	words := map[string]bool{}
	for w := range strings.FieldsSeq(string(b)) {
		if strings.ToLower(w) == w {
			words[w] = true
		}
	}
	return words, nil
}
