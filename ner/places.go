package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// Place names from the geo package's gazetteer (ner/internal/places writes
// the file): two gazetteer classes after the actor database's, so that towns
// and districts it does not list still look like places.
//
//go:embed model/places.txt.gz
var placesData []byte

const placeClass = 5 // the first of the two place classes' Gazetteer class numbers

// placeNames maps the hash of a name's lower-cased tokens to its class + 1,
// and the hash of each proper prefix of a name to 0, so that matching stops
// at the first token sequence that starts no name.
type placeNames map[uint64]uint8

var (
	placesOnce sync.Once
	places     placeNames
	placesErr  error
)

func loadPlaces() (placeNames, error) {
	placesOnce.Do(func() { places, placesErr = readPlaces(placesData) })
	return places, placesErr
}

func readPlaces(gz []byte) (placeNames, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("ner places: %w", err)
	}
	p := placeNames{}
	sc := bufio.NewScanner(zr)
	for n := 1; sc.Scan(); n++ {
		cls, name, ok := strings.Cut(sc.Text(), "\t")
		if !ok || len(cls) != 1 || cls[0] < '0' || cls[0] > '1' {
			return nil, fmt.Errorf("ner places: line %d: want class and name", n)
		}
		h := uint64(fnvOffset)
		toks := strings.Fields(name)
		for i, t := range toks {
			h = placeHash(h, t)
			if i == len(toks)-1 {
				p[h] = cls[0] - '0' + 1
			} else if _, ok := p[h]; !ok {
				p[h] = 0
			}
		}
	}
	return p, sc.Err()
}

func placeHash(h uint64, tok string) uint64 {
	return hbyte(hstr(h, tok), ' ')
}

// mark adds the class bits of the longest place name starting at each token,
// as Gazetteer.Mark does.
func (p placeNames) mark(lower []string, marks []uint16) {
	for i := range lower {
		h, cls, end := uint64(fnvOffset), uint8(0), 0
		for j := i; j < len(lower); j++ {
			h = placeHash(h, lower[j])
			c, ok := p[h]
			if !ok {
				break
			}
			if c != 0 {
				cls, end = c, j+1
			}
		}
		if cls == 0 {
			continue
		}
		c := placeClass + int(cls) - 1
		marks[i] |= 1 << (2 * c)
		for k := i + 1; k < end; k++ {
			marks[k] |= 1 << (2*c + 1)
		}
	}
}
