package ner

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/sitrep-dev/sitrep/internal/embedded"
	"github.com/sitrep-dev/sitrep/internal/hashmap"
)

// Place names from the geo package's gazetteer (ner/internal/places writes
// the file): two gazetteer classes after the actor database's, so that towns
// and districts it does not list still look like places.
//
//go:embed model/places.txt.gz
var placesData []byte

// Organisation names from registry packages (ner/internal/orgs writes the
// file): brands, universities and airlines the actor database does not list
// share its organisation class, so that the weights it learnt from the many
// training names it matches carry over; brand names that are English words
// ("Apple", "Target") get a class of their own.
//
//go:embed model/orgs.txt.gz
var orgsData []byte

// Gazetteer classes of the tagger's own lists.
const (
	orgClass     = 1 // the actor database's organisation class
	placeClass   = 5 // and 6
	orgWordClass = 7
)

// nameList maps the hash of a name's lower-cased tokens to its class + 1,
// and the hash of each proper prefix of a name to 0, so that matching stops
// at the first token sequence that starts no name. A flat table rather than
// a Go map: it is looked up at every token, and most lookups miss.
type nameList struct{ m *hashmap.Map[uint8] }

var (
	placesOnce, orgsOnce sync.Once
	places, orgs         nameList
	placesErr, orgsErr   error
)

func loadPlaces() (nameList, error) {
	placesOnce.Do(func() { places, placesErr = readNames(placesData, "places", 2) })
	return places, placesErr
}

func loadOrgs() (nameList, error) {
	orgsOnce.Do(func() { orgs, orgsErr = readNames(orgsData, "organisations", 2) })
	return orgs, orgsErr
}

// readNames reads lines of a class (0 ≤ class < classes) and a name's
// lower-cased tokens.
func readNames(gz []byte, what string, classes byte) (nameList, error) {
	text, err := gunzip(gz)
	if err != nil {
		return nameList{}, fmt.Errorf("ner %s: %w", what, err)
	}
	p := hashmap.New[uint8](strings.Count(text, "\n") * 3 / 2)
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		cls, name, ok := strings.Cut(strings.TrimSuffix(line, "\r"), "\t")
		if !ok || len(cls) != 1 || cls[0] < '0' || cls[0] >= '0'+classes {
			return nameList{}, fmt.Errorf("ner %s: line %d: want class and name", what, n)
		}
		h, toks := uint64(fnvOffset), 0
		for t := range strings.FieldsSeq(name) {
			if toks > 0 { // h is a proper prefix
				if _, ok := p.Get(h); !ok {
					p.Set(h, 0)
				}
			}
			h, toks = nameHash(h, t), toks+1
		}
		if toks > 0 {
			p.Set(h, cls[0]-'0'+1)
		}
	}
	return nameList{p}, nil
}

// gunzip returns the content of a gzip file as one string, so that the
// words read from it are slices of it rather than strings of their own.
func gunzip(gz []byte) (string, error) {
	zr, err := gzip.NewReader(embedded.NewReader(gz))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if len(gz) >= 4 {
		b.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))) // gzip's trailer: the size
	}
	if _, err := io.Copy(&b, zr); err != nil {
		return "", err
	}
	return b.String(), nil
}

func nameHash(h uint64, tok string) uint64 {
	return hbyte(hstr(h, tok), ' ')
}

// mark adds the class bits of the longest name starting at each token, as
// Gazetteer.Mark does; to gives the Gazetteer class of each of the list's.
func (p nameList) mark(lower []string, marks []uint16, to ...int) {
	if p.m == nil {
		return
	}
	for i := range lower {
		h, cls, end := uint64(fnvOffset), uint8(0), 0
		for j := i; j < len(lower); j++ {
			h = nameHash(h, lower[j])
			c, ok := p.m.Get(h)
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
		c := to[cls-1]
		marks[i] |= 1 << (2 * c)
		for k := i + 1; k < end; k++ {
			marks[k] |= 1 << (2*c + 1)
		}
	}
}
