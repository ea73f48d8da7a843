package geo

// The gazetteer's builder: the TSV that ./gen writes, read into the tables
// the binary uses, and the image of them that Default reads. It lives with
// the tests, which build the image (TestImage -update) and check the
// committed one, so that the binary carries the reader only.

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// loadTSV reads a gazetteer file in the format that ./gen writes: gzip'd
// tab-separated lines id, name, lat, lon, feature, country, admin1, admin2,
// population, alternate names (|-separated), demonyms, short names (admin
// units without their unit word); a last "#words" line lists lower-case
// English words.
func loadTSV(r io.Reader) (*Gazetteer, error) {
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

// newTable indexes keys, which are sorted and distinct.
func newTable(keys []string) table {
	var t table
	n := 0
	for _, k := range keys {
		n += len(k)
	}
	blob := make([]byte, 0, n)
	t.off = make([]uint32, 0, len(keys)+1)
	for _, k := range keys {
		t.off = append(t.off, uint32(len(blob)))
		blob = append(blob, k...)
	}
	t.off = append(t.off, uint32(len(blob)))
	t.blob = string(blob)
	t.hash()
	return t
}

// index fills the name and word tables from the maps loadTSV collected.
func (g *Gazetteer) index(names map[string][]uint32, words map[string]bool) {
	keys := slices.Sorted(maps.Keys(names))
	g.names = newTable(keys)
	g.refAt = make([]uint32, 0, len(keys)+1)
	for _, k := range keys {
		g.refAt = append(g.refAt, uint32(len(g.refs)))
		g.refs = append(g.refs, names[k]...)
	}
	g.refAt = append(g.refAt, uint32(len(g.refs)))
	g.words = newTable(slices.Sorted(maps.Keys(words)))
}

// writeImage writes g's image, uncompressed: sections of bytes, each a
// column (an entry field, key lengths, refs) so that it compresses well.
func (g *Gazetteer) writeImage(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(imageMagic)
	// The entries: names back to back, codes (feature, country, admin-1 and
	// admin-2) as indices into a list of the distinct ones.
	var names, lens, codes, lat, lon, ids, pops, kinds []byte
	var fields [4][]byte
	prevID := int64(0)
	for i := range g.entries {
		e := &g.entries[i]
		names = append(names, e.name...)
		lens = binary.AppendUvarint(lens, uint64(len(e.name)))
		for f, c := range e.c {
			fields[f] = binary.AppendUvarint(fields[f], uint64(c))
		}
		lat = binary.LittleEndian.AppendUint32(lat, math.Float32bits(e.lat))
		lon = binary.LittleEndian.AppendUint32(lon, math.Float32bits(e.lon))
		ids = binary.AppendVarint(ids, int64(e.id)-prevID)
		prevID = int64(e.id)
		pops = binary.AppendVarint(pops, e.pop)
		kinds = append(kinds, byte(e.kind))
	}
	for _, s := range g.codes {
		codes = binary.AppendUvarint(codes, uint64(len(s)))
		codes = append(codes, s...)
	}
	for _, b := range [][]byte{names, lens, codes, fields[0], fields[1], fields[2], fields[3], lat, lon, ids, pops, kinds} {
		putBytes(bw, b)
	}
	for _, t := range []*table{&g.names, &g.words} {
		var kl []byte
		for i := range t.len() {
			kl = binary.AppendUvarint(kl, uint64(t.off[i+1]-t.off[i]))
		}
		putBytes(bw, []byte(t.blob))
		putBytes(bw, kl)
	}
	var counts, refs []byte
	for i := range g.names.len() {
		counts = binary.AppendUvarint(counts, uint64(g.refAt[i+1]-g.refAt[i]))
	}
	for _, r := range g.refs {
		refs = binary.LittleEndian.AppendUint32(refs, r)
	}
	putBytes(bw, counts)
	putBytes(bw, refs)
	putBytes(bw, g.firsts[:])
	return bw.Flush()
}

func putBytes(w *bufio.Writer, b []byte) {
	w.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(b))))
	w.Write(b)
}
