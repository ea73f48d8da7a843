package geo

import (
	"bufio"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unsafe"

	"github.com/klauspost/compress/zstd"
	"github.com/sitrep-dev/sitrep/internal/embedded"
)

// The image is the index that loadTSV (build_test.go) builds from the TSV, written out so that
// Default reads it back without parsing and folding 14 MB of text: the name
// and word tables' keys and the names' references as they are, the entries
// as columns; only the tables' hash slots are rebuilt at load. It is built
// from data/gazetteer.tsv.gz by `go test ./geo -run TestImage -update`, and
// TestImage fails while the two disagree.
//
//go:embed data/gazetteer.img.zst
var image []byte

const imageMagic = "sitrep gazetteer image 1\n"

// table is a read-only set of strings in a few flat arrays, looked up by
// open addressing: one string and two arrays of integers where a map would
// hold a pointer for every key.
type table struct {
	blob  string   // the keys back to back, in sorted order
	off   []uint32 // key i is blob[off[i]:off[i+1]]
	slots []uint32 // a power of two of them: key index + 1 at the key's hash or after it, 0 where free
}

// hash fills t's slots from its keys: the image leaves them out, as they
// are as large as the keys and do not compress.
func (t *table) hash() {
	size := 1
	for size < t.len()+t.len()/2 { // about half full at most: short probes
		size <<= 1
	}
	t.slots = make([]uint32, size)
	mask := uint32(size - 1)
	for i := range t.len() {
		j := keyHash(t.key(i)) & mask
		for t.slots[j] != 0 {
			j = (j + 1) & mask
		}
		t.slots[j] = uint32(i + 1)
	}
}

func (t *table) len() int         { return len(t.off) - 1 }
func (t *table) key(i int) string { return t.blob[t.off[i]:t.off[i+1]] }

// keyIndex returns the index of key k in t, -1 if t lacks it.
func keyIndex[K string | []byte](t *table, k K) int {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint32(len(t.slots) - 1)
	for j := keyHash(k) & mask; ; j = (j + 1) & mask {
		s := t.slots[j]
		if s == 0 {
			return -1
		}
		if i := int(s - 1); t.blob[t.off[i]:t.off[i+1]] == string(k) {
			return i
		}
	}
}

// keyHash is the 32-bit FNV-1a of k.
func keyHash[K string | []byte](k K) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return h
}

// readImage reads a gazetteer from its zstd-compressed image.
func readImage(img []byte) (*Gazetteer, error) {
	zr, err := zstd.NewReader(embedded.NewReader(img), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	r := &imageReader{r: bufio.NewReaderSize(zr, 1<<16)}
	if magic := r.section(len(imageMagic)); string(magic) != imageMagic {
		return nil, errors.New("gazetteer image: not an image of this version")
	}
	names := r.str()
	var cols [11][]byte
	for i := range cols {
		cols[i] = r.next()
	}
	g := &Gazetteer{firsts: new([1 << firstBits]uint8), admin1: map[string]int32{}, country: map[string]int32{}}
	for _, t := range []*table{&g.names, &g.words} {
		t.blob = r.str()
		t.off = r.offsets(r.next())
	}
	g.refAt = r.offsets(r.next())
	refs := r.next()
	if firsts := r.next(); len(firsts) == len(g.firsts) {
		copy(g.firsts[:], firsts)
	} else if r.err == nil {
		r.err = errors.New("wrong first-word table size")
	}
	if r.err == nil && (len(refs)%4 != 0 || int(g.refAt[len(g.refAt)-1]) != len(refs)/4 || int(g.names.off[len(g.names.off)-1]) != len(g.names.blob) || int(g.words.off[len(g.words.off)-1]) != len(g.words.blob)) {
		r.err = errors.New("inconsistent name tables")
	}
	if r.err != nil {
		return nil, fmt.Errorf("gazetteer image: %w", r.err)
	}
	g.refs = make([]uint32, len(refs)/4)
	for i := range g.refs {
		g.refs[i] = binary.LittleEndian.Uint32(refs[4*i:])
	}
	g.names.hash()
	g.words.hash()
	if err := g.readEntries(names, cols); err != nil {
		return nil, fmt.Errorf("gazetteer image: %w", err)
	}
	return g, nil
}

// readEntries decodes the entry columns that writeImage wrote.
func (g *Gazetteer) readEntries(names string, cols [11][]byte) error {
	lens, codeList, fields, lat, lon, ids, pops, kinds := cols[0], cols[1], cols[2:6], cols[6], cols[7], cols[8], cols[9], cols[10]
	n := len(kinds)
	if n == 0 || len(lat) != 4*n || len(lon) != 4*n {
		return errors.New("no entries, or columns of other lengths")
	}
	// The codes point into the section that lists them.
	cl := unsafe.String(unsafe.SliceData(codeList), len(codeList))
	for p := 0; p < len(cl); {
		l, k := binary.Uvarint(codeList[p:])
		if k <= 0 || p+k+int(l) > len(cl) {
			return errors.New("bad code list")
		}
		g.codes = append(g.codes, cl[p+k:p+k+int(l)])
		p += k + int(l)
	}
	g.entries = make([]entry, n)
	var at [4]int
	nameAt, lenAt, idAt, popAt := 0, 0, 0, 0
	id := int64(0)
	for i := range g.entries {
		e := &g.entries[i]
		for f := range e.c {
			v, k := binary.Uvarint(fields[f][at[f]:])
			if k <= 0 || v >= uint64(len(g.codes)) {
				return fmt.Errorf("entry %d: bad code", i)
			}
			at[f] += k
			e.c[f] = uint16(v)
		}
		l, k1 := binary.Uvarint(lens[lenAt:])
		d, k2 := binary.Varint(ids[idAt:])
		pop, k3 := binary.Varint(pops[popAt:])
		if k1 <= 0 || k2 <= 0 || k3 <= 0 || nameAt+int(l) > len(names) {
			return fmt.Errorf("entry %d: bad name, id or population", i)
		}
		lenAt, idAt, popAt = lenAt+k1, idAt+k2, popAt+k3
		id += d
		e.name, e.codes = names[nameAt:nameAt+int(l)], &g.codes
		e.lat = math.Float32frombits(binary.LittleEndian.Uint32(lat[4*i:]))
		e.lon = math.Float32frombits(binary.LittleEndian.Uint32(lon[4*i:]))
		e.id, e.pop, e.kind = int32(id), pop, kind(kinds[i])
		nameAt += int(l)
		g.indexUnit(int32(i))
	}
	return nil
}

// imageReader reads the sections of an image, keeping the first error.
type imageReader struct {
	r   *bufio.Reader
	err error
}

// section reads n bytes.
func (r *imageReader) section(n int) []byte {
	if r.err != nil {
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = err
		return nil
	}
	return b
}

// next reads a section with its length.
func (r *imageReader) next() []byte {
	n := r.section(4)
	if n == nil {
		return nil
	}
	return r.section(int(binary.LittleEndian.Uint32(n)))
}

// str reads a section as a string without copying it again.
func (r *imageReader) str() string {
	b := r.next()
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// offsets turns a list of lengths into the offsets where each starts, and
// the end.
func (r *imageReader) offsets(lens []byte) []uint32 {
	n := 1
	for _, b := range lens {
		if b < 0x80 { // the last byte of a varint
			n++
		}
	}
	off := make([]uint32, 1, n)
	start := uint32(0)
	for p := 0; p < len(lens); {
		l, k := binary.Uvarint(lens[p:])
		if k <= 0 {
			if r.err == nil {
				r.err = errors.New("bad lengths")
			}
			return off
		}
		start += uint32(l)
		off = append(off, start)
		p += k
	}
	return off
}
