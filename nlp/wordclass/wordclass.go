// Package wordclass gives each English word the class that pretrained word
// vectors put it in: a path in a binary tree of clusters over GloVe vectors of
// the 200,000 most frequent words (see gen/ for how the tree is built and the
// command that rebuilds it). Taggers use prefixes of the path as features, so
// words they never saw in training share weights with words that behave alike.
package wordclass

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
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
	classes  map[string]Class
	loadErr  error
)

// Lookup returns the class of a lower-cased word. It loads the embedded table
// on first use (about 50 ms), so binaries that never tag pay nothing.
func Lookup(lower []byte) (Class, bool) {
	loadOnce.Do(load)
	c, ok := classes[string(lower)]
	return c, ok
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

func parse(gz []byte) (map[string]Class, error) {
	zr, err := gzip.NewReader(embedded.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("wordclass: embedded table: %w", err)
	}
	// One string for the whole table: the words are slices of it rather
	// than 200,000 strings of their own.
	var b strings.Builder
	if len(gz) >= 4 {
		b.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))) // gzip's trailer: the size
	}
	if _, err := io.Copy(&b, zr); err != nil {
		return nil, fmt.Errorf("wordclass: embedded table: %w", err)
	}
	text := b.String()
	m := make(map[string]Class, 200000)
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		path, words, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("wordclass: embedded table: line without a tab: %.40q", line)
		}
		c := Class(1)
		if path != "-" {
			for _, b := range []byte(path) {
				c = c<<1 | Class(b-'0')
			}
		}
		for w := range strings.FieldsSeq(words) {
			m[w] = c
		}
	}
	return m, nil
}
