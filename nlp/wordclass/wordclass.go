// Package wordclass gives each English word the class that pretrained word
// vectors put it in: a path in a binary tree of clusters over GloVe vectors of
// the 200,000 most frequent words (see gen/ for how the tree is built and the
// command that rebuilds it). Taggers use prefixes of the path as features, so
// words they never saw in training share weights with words that behave alike.
package wordclass

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/sitrep-dev/sitrep/internal/embedded"
)

//go:embed data/classes.tsv.gz
var classesGz []byte

// Class is a path in the cluster tree, stored with a leading 1 bit as its
// length marker (the root is 1, its children 2 and 3, …), so that paths of
// different lengths never collide and a prefix is a right shift.
type Class uint32

// Depth is the number of branches from the root to the class.
func (c Class) Depth() int {
	d := -1
	for ; c != 0; c >>= 1 {
		d++
	}
	return d
}

// Prefix is the class's ancestor n branches below the root, or the class
// itself when it is not that deep.
func (c Class) Prefix(n int) Class {
	if d := c.Depth(); d > n {
		return c >> (d - n)
	}
	return c
}

var (
	loadOnce sync.Once
	// classes maps the hash of a word (see hash) to its class. Hashes,
	// not the words: as map keys the 200,000 words took 8 MB and as many
	// pointers for the collector to trace; TestHashes checks that no two
	// of them share a hash.
	classes map[uint64]Class
	loadErr error
)

// Lookup returns the class of a lower-cased word. It loads the embedded table
// on first use (about 50 ms), so binaries that never tag pay nothing.
func Lookup(lower []byte) (Class, bool) {
	loadOnce.Do(load)
	c, ok := classes[hash(lower)]
	return c, ok
}

// hash is the 64-bit FNV-1a of w. A word outside the table takes another's
// class only if it shares that word's hash: about one in 10^14 words.
func hash(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, b := range w {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return h
}

// Err reports whether the embedded table failed to load (a build problem,
// never an input one); Lookup then finds no word.
func Err() error {
	loadOnce.Do(load)
	return loadErr
}

func load() {
	classes, loadErr = parse(classesGz)
}

// parse reads lines of a class's path and its words, separated by spaces.
func parse(gz []byte) (map[uint64]Class, error) {
	zr, err := gzip.NewReader(embedded.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("wordclass: embedded table: %w", err)
	}
	m := make(map[uint64]Class, 200000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		path, words, ok := bytes.Cut(line, []byte("\t"))
		if !ok {
			return nil, fmt.Errorf("wordclass: embedded table: line without a tab: %.40q", line)
		}
		c := Class(1)
		if string(path) != "-" {
			for _, b := range path {
				c = c<<1 | Class(b-'0')
			}
		}
		for w := range bytes.FieldsSeq(words) {
			m[hash(w)] = c
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wordclass: embedded table: %w", err)
	}
	return m, nil
}
