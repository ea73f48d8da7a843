// Package namelist writes the name lists that the NER's generators build
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
