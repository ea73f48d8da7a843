package ner

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// Name types of GloVe words from a classifier over their vectors
// (ner/internal/nametypes writes the file): what kind of name a word the
// labelled data never shows is likely to be.
//
//go:embed model/nametypes.txt.gz
var nameTypesData []byte

// nameTypes maps the hash of a lower-cased word (hstr from fnvOffset) to its
// type code: 1 + 2×(PER 0, ORG 1, LOC 2) + 1 when the classifier was
// confident. Hashes, not the words: as map keys the 130,000 words took 8 MB
// and as many pointers for the collector to trace; TestNameTypes checks
// that no two share a hash.
type nameTypes map[uint64]uint8

// nameType returns the type code of a lower-cased word, 0 if it has none.
func nameType[W string | []byte](nt nameTypes, w W) uint8 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint64(w[i])) * fnvPrime
	}
	return nt[h]
}

var (
	nameTypesOnce sync.Once
	nameTypeMap   nameTypes
	nameTypesErr  error
)

func loadNameTypes() (nameTypes, error) {
	nameTypesOnce.Do(func() { nameTypeMap, nameTypesErr = readNameTypes(nameTypesData) })
	return nameTypeMap, nameTypesErr
}

func readNameTypes(gz []byte) (nameTypes, error) {
	text, err := gunzip(gz)
	if err != nil {
		return nil, fmt.Errorf("ner name types: %w", err)
	}
	m := make(nameTypes, 1<<17)
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		w, t, ok := strings.Cut(strings.TrimSuffix(line, "\r"), "\t")
		conf := strings.HasSuffix(t, "+")
		code := uint8(0)
		switch strings.TrimSuffix(t, "+") {
		case "PER":
			code = 1
		case "ORG":
			code = 3
		case "LOC":
			code = 5
		}
		if !ok || code == 0 {
			return nil, fmt.Errorf("ner name types: line %d: want word and type", n)
		}
		if conf {
			code++
		}
		m[hstr(fnvOffset, w)] = code
	}
	return m, nil
}
