// Package perceptron is the averaged multi-class perceptron that the tagger
// and the parser share. Features are 64-bit hashes the callers compute from
// template numbers and word or tag ids, so nothing is looked up by string at
// run time. The trained model keeps, for each feature, only the classes whose
// averaged weight is not zero, in an open-addressing hash table: scoring a
// feature is one probe and a short loop, and the model stays small.
package perceptron

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/sitrep-dev/sitrep/internal/hugepage"
)

// Hash mixes a template number and up to three values into a feature. It
// never returns 0, which marks empty table slots.
func Hash(tmpl uint64, a, b, c uint64) uint64 {
	h := tmpl*0x9E3779B97F4A7C15 ^ a
	h = (h ^ h>>29) * 0xBF58476D1CE4E5B9
	h ^= b
	h = (h ^ h>>32) * 0x94D049BB133111EB
	h ^= c
	h = (h ^ h>>29) * 0xBF58476D1CE4E5B9
	h ^= h >> 32
	if h == 0 {
		h = 1
	}
	return h
}

// Str hashes a string into a value for Hash (FNV-1a).
func Str(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

type entry struct {
	class int32
	w     int32 // current weight
	total int64 // sum of w over time up to ts
	ts    int32 // time of the last change
}

// Trainer holds the weights being learned.
type Trainer struct {
	NClasses int
	index    map[uint64]int32
	rows     [][]entry
	t        int32
}

// NewTrainer returns a trainer for n classes.
func NewTrainer(n int) *Trainer {
	return &Trainer{NClasses: n, index: make(map[uint64]int32, 1<<20)}
}

// Tick advances the clock used for averaging; call it once per example.
func (tr *Trainer) Tick() { tr.t++ }

// Score adds the current weights of feats to scores (len NClasses).
func (tr *Trainer) Score(feats []uint64, scores []float32) {
	for _, f := range feats {
		r, ok := tr.index[f]
		if !ok {
			continue
		}
		for _, e := range tr.rows[r] {
			scores[e.class] += float32(e.w)
		}
	}
}

// Update moves the weights of feats towards class good and away from bad.
func (tr *Trainer) Update(feats []uint64, good, bad int) {
	if good == bad {
		return
	}
	for _, f := range feats {
		r := tr.row(f)
		tr.bump(r, good, 1)
		tr.bump(r, bad, -1)
	}
}

// Add adds delta to the weights of feats for class (structured updates).
func (tr *Trainer) Add(feats []uint64, class int, delta int32) {
	for _, f := range feats {
		tr.bump(tr.row(f), class, delta)
	}
}

func (tr *Trainer) row(f uint64) int32 {
	r, ok := tr.index[f]
	if !ok {
		r = int32(len(tr.rows))
		tr.index[f] = r
		tr.rows = append(tr.rows, nil)
	}
	return r
}

func (tr *Trainer) bump(r int32, class int, d int32) {
	row := tr.rows[r]
	for i := range row {
		if e := &row[i]; e.class == int32(class) {
			e.total += int64(e.w) * int64(tr.t-e.ts)
			e.ts = tr.t
			e.w += d
			return
		}
	}
	tr.rows[r] = append(row, entry{class: int32(class), w: d, ts: tr.t})
}

// Model returns the averaged weights, dropping features whose averaged weight
// magnitude is below minWeight (0 keeps every non-zero weight).
func (tr *Trainer) Model(minWeight float64) *Model {
	if tr.NClasses > 256 {
		panic("perceptron: more than 256 classes")
	}
	m := &Model{NClasses: tr.NClasses}
	type feat struct {
		key uint64
		row int32
	}
	feats := make([]feat, 0, len(tr.index))
	for k, r := range tr.index {
		feats = append(feats, feat{k, r})
	}
	slices.SortFunc(feats, func(a, b feat) int { return cmp.Compare(a.key, b.key) })
	t := float64(tr.t)
	if t == 0 {
		t = 1
	}
	maxAbs := 0.0
	var keys []uint64
	var cls []uint8
	var ws []float64
	var starts []uint32
	for _, f := range feats {
		start := len(cls)
		for _, e := range tr.rows[f.row] {
			avg := float64(e.total+int64(e.w)*int64(tr.t-e.ts)) / t
			if avg == 0 || math.Abs(avg) < minWeight {
				continue
			}
			cls = append(cls, uint8(e.class))
			ws = append(ws, avg)
			maxAbs = max(maxAbs, math.Abs(avg))
		}
		if len(cls) > start {
			keys = append(keys, f.key)
			starts = append(starts, uint32(start))
		}
	}
	// Quantize to 16 bits: the argmax does not care about scale, and the
	// model halves in size.
	scale := 1.0
	if maxAbs > 0 {
		scale = 32767 / maxAbs
	}
	q := make([]int16, len(ws))
	for i, w := range ws {
		q[i] = int16(math.Round(w * scale))
	}
	m.build(keys, starts, cls, q)
	return m
}

// Model is a trained, read-only perceptron. It is safe for concurrent use.
//
// Lookups dominate parsing time and nearly all of them are cache misses, so
// the layout keeps them to one for most features: an open-addressing table
// of 16-byte slots, indexed by the key's high bits, each holding the key's
// low 32 bits as a fingerprint and either the row itself, when it has at
// most two weights (most rows), or the offset of the row in data: its
// length, then one word per class. A weight word holds the class in the high
// 16 bits and the int16 weight in the low.
// A false fingerprint match needs 32 equal bits on top of the index bits.
// Indexing by the high bits makes a model file, whose keys are sorted, fill
// the table front to back: loading writes the slots in order instead of
// missing the cache at every key.
type Model struct {
	NClasses int
	shift    uint // 64 - log2(len(slots)): a key's home slot is key >> shift
	mask     uint64
	slots    []slot
	data     []uint32
	keys     int

	// hi holds the high 32 bits of each slot's key, for writing out a
	// model built by a Trainer. A model read from a file has none (7.5 MB
	// of the tagger's and parser's): it is only scored.
	hi []uint32
}

// slot: meta 0 is empty; inline|n holds n ≤ 2 weights in e; otherwise meta
// is the row's offset in data.
type slot struct {
	fp, meta uint32
	e        [2]uint32
}

const inline = 1 << 31

// dense in a row's length word marks a dense row: NClasses float32 weights.
const dense = 1 << 31

func (m *Model) build(keys []uint64, starts []uint32, cls []uint8, q []int16) {
	m.init(len(keys))
	m.hi = make([]uint32, len(m.slots))
	for i, k := range keys {
		end := uint32(len(cls))
		if i+1 < len(keys) {
			end = starts[i+1]
		}
		m.add(k, cls[starts[i]:end], q[starts[i]:end])
	}
}

// init sizes an empty model for n features.
func (m *Model) init(n int) {
	size := 1
	for size*7 < n*10+1 { // load factor at most 0.7
		size <<= 1
	}
	m.mask = uint64(size - 1)
	m.shift = uint(64 - bits.TrailingZeros(uint(size)))
	m.slots = hugepage.Make[slot](size)
	m.keys = n
	m.data = make([]uint32, 1)
}

// add stores the row of feature k: weight q[i] for class cls[i].
func (m *Model) add(k uint64, cls []uint8, q []int16) {
	if len(m.data) > 1<<31-1-1-m.NClasses {
		panic("perceptron: model too large")
	}
	if len(m.data)+1+m.NClasses > cap(m.data) {
		// Doubled, not grown by append's quarter: the copies it leaves
		// while a model loads add up to its size, not four times it.
		m.data = slices.Grow(m.data, cap(m.data)+1+m.NClasses)
	}
	sl := slot{fp: uint32(k), meta: uint32(len(m.data))}
	switch n := len(cls); {
	case n <= len(sl.e):
		sl.meta = inline | uint32(n)
		for i, c := range cls {
			sl.e[i] = uint32(c)<<16 | uint32(uint16(q[i]))
		}
	case n*3 >= m.NClasses && n > 4:
		// A row holding most classes is stored dense, as float32s.
		m.data = append(m.data, dense)
		row := len(m.data)
		m.data = append(m.data, make([]uint32, m.NClasses)...)
		for i, c := range cls {
			m.data[row+int(c)] = math.Float32bits(float32(q[i]))
		}
	default:
		m.data = append(m.data, uint32(n))
		for i, c := range cls {
			m.data = append(m.data, uint32(c)<<16|uint32(uint16(q[i])))
		}
	}
	j := k >> m.shift
	for m.slots[j].meta != 0 {
		j = (j + 1) & m.mask
	}
	m.slots[j] = sl
	if m.hi != nil {
		m.hi[j] = uint32(k >> 32)
	}
}

// row calls fn for each non-zero weight of the row in s.
func (m *Model) row(s *slot, fn func(class uint8, w int16)) {
	if s.meta&inline != 0 {
		for _, e := range s.e[:s.meta&^inline] {
			fn(uint8(e>>16), int16(e))
		}
		return
	}
	off := s.meta
	n := m.data[off]
	if n == dense {
		for c, b := range m.data[off+1 : off+1+uint32(m.NClasses)] {
			if w := int16(math.Float32frombits(b)); w != 0 {
				fn(uint8(c), w)
			}
		}
		return
	}
	for _, e := range m.data[off+1 : off+1+n] {
		fn(uint8(e>>16), int16(e))
	}
}

// Features is the number of features the model keeps.
func (m *Model) Features() int { return m.keys }

// Score adds the weights of feats to scores (len NClasses).
//
// It works in two sweeps, first finding every feature's slot and then adding
// the weights, so that the cache misses of different features overlap
// instead of waiting on each other.
func (m *Model) Score(feats []uint64, scores []float32) {
	var found [128]*slot
	var ns [128]uint32
	for len(feats) > 0 {
		k := min(len(feats), len(found))
		if m.touch(feats[:k]) == 0 {
			feats = feats[k:]
			continue // every home slot is empty: no feature is in the table
		}
		m.find(feats[:k], found[:k], ns[:k])
		data := m.data
		for i, s := range found[:k] {
			switch {
			case s == nil:
			case s.meta&inline != 0:
				for _, e := range s.e[:s.meta&^inline] {
					scores[e>>16] += float32(int16(e))
				}
			case ns[i] == dense:
				addBits(scores, data[s.meta+1:s.meta+1+uint32(len(scores))])
			default:
				for _, e := range data[s.meta+1 : s.meta+1+ns[i]] {
					scores[e>>16] += float32(int16(e))
				}
			}
		}
		feats = feats[k:]
	}
}

// AddInt16s adds to scores the int16s that row packs two to a word, the
// low half first, converted exactly to float32s (SSE2 on amd64, eight at a
// time); row holds at least len(scores) of them.
func AddInt16s(scores []float32, row []uint32) { addInt16s(scores, row[:(len(scores)+1)/2]) }

// AddBits adds row, float32 bits, to scores as AddDense does.
func AddBits(scores []float32, row []uint32) { addBits(scores, row[:len(scores)]) }

// AddDense adds row to scores element by element (SSE on amd64); row is at
// least as long as scores. Each sum is the one float32 addition a Go loop
// makes, so the scores are the same to the bit.
func AddDense(scores, row []float32) { addFloats(scores, row[:len(scores)]) }

// Touch loads the home slots of feats, so that their cache misses start
// together, and reports whether any is occupied: false means that none of
// feats is in the model. Score touches its own batches; a caller that
// scores several small groups of features in a row touches them all first.
func (m *Model) Touch(feats []uint64) bool { return m.touch(feats) != 0 }

// Prefetch starts loading the home slots of feats and returns at once: a
// caller with other work to do before it scores them (sums it keeps itself)
// does it while their cache misses are outstanding, which Touch, whose
// loads hold up the instructions after them, would not let it.
func (m *Model) Prefetch(feats []uint64) {
	if len(m.slots) > 0 {
		// A home slot's byte offset is its index times 16: key >>
		// (shift-4) lies inside it.
		prefetch((*byte)(unsafe.Pointer(&m.slots[0])), m.shift-4, feats)
	}
}

// touch loads the home slot of each feature and returns the union of their
// meta words, 0 when all are empty. Nothing it does branches on what it
// loads, so the processor starts every cache miss at once; find, which
// branches on each slot and would stall on a mispredicted probe, then
// finds them in the cache.
func (m *Model) touch(feats []uint64) uint32 {
	slots, shift := m.slots, m.shift
	var u uint32
	for _, f := range feats {
		u |= slots[f>>shift].meta
	}
	return u
}

// find sets found[i] to the slot of feats[i] (nil when absent) and, for a row
// kept in data, ns[i] to its length word, loading the row's first cache line
// while other lookups are still in flight.
func (m *Model) find(feats []uint64, found []*slot, ns []uint32) {
	slots, data, mask, shift := m.slots, m.data, m.mask, m.shift
	for i, f := range feats {
		j, fp := f>>shift, uint32(f)
		found[i] = nil
		for {
			s := &slots[j]
			if s.meta == 0 {
				break
			}
			if s.fp == fp {
				found[i] = s
				if s.meta&inline == 0 {
					ns[i] = data[s.meta]
				}
				break
			}
			j = (j + 1) & mask
		}
	}
}

const magic = "sitrep-perceptron-1"

// WriteTo writes the model in a compact binary form (keys delta-coded).
// Only a model built by a Trainer can be written: one read from a file
// keeps no whole keys.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	if m.hi == nil {
		return 0, errors.New("perceptron: a model read from a file cannot be written out")
	}
	type feat struct {
		key uint64
		s   *slot
	}
	feats := make([]feat, 0, m.keys)
	for j := range m.slots {
		if s := &m.slots[j]; s.meta != 0 {
			feats = append(feats, feat{uint64(m.hi[j])<<32 | uint64(s.fp), s})
		}
	}
	slices.SortFunc(feats, func(a, b feat) int { return cmp.Compare(a.key, b.key) })
	bw := bufio.NewWriter(w)
	var buf [binary.MaxVarintLen64]byte
	uv := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	bw.WriteString(magic)
	uv(uint64(m.NClasses))
	uv(uint64(len(feats)))
	prev := uint64(0)
	for _, f := range feats {
		uv(f.key - prev)
		prev = f.key
		n := 0
		m.row(f.s, func(uint8, int16) { n++ })
		uv(uint64(n))
		m.row(f.s, func(c uint8, w int16) {
			bw.WriteByte(c)
			bw.WriteByte(byte(w))
			bw.WriteByte(byte(w >> 8))
		})
	}
	return 0, bw.Flush()
}

// Read reads a model written by WriteTo. It decodes each feature's row from
// r's buffer (Peek, then Discard) rather than a byte at a time: reading is
// most of the tagger's and the parser's load time. r's buffer must hold
// the longest row, maxRow bytes (bufio.NewReader's does).
func Read(r *bufio.Reader) (*Model, error) {
	nc, nf, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	// Each row goes into the table as it is read: no arrays of every key
	// and weight to build it from.
	m := &Model{NClasses: nc}
	m.init(nf)
	var rd rowReader
	for range nf {
		k, n, err := rd.next(r, nc)
		if err != nil {
			return nil, err
		}
		m.add(k, rd.cls[:n], rd.q[:n])
	}
	m.data = hugepage.Copy(m.data)
	return m, nil
}

// readHeader reads a model's header: its class and feature counts.
func readHeader(r *bufio.Reader) (nc, nf int, err error) {
	head, err := r.Peek(len(magic))
	if err != nil {
		return 0, 0, fmt.Errorf("perceptron: %w", err)
	}
	if string(head) != magic {
		return 0, 0, errors.New("perceptron: not a model file")
	}
	r.Discard(len(magic))
	c, err := binary.ReadUvarint(r)
	if err != nil || c > 256 {
		return 0, 0, errors.New("perceptron: bad header")
	}
	f, err := binary.ReadUvarint(r)
	if err != nil || f > 1<<28 {
		return 0, 0, errors.New("perceptron: bad header")
	}
	return int(c), int(f), nil
}

// rowReader decodes a model file's rows, each key delta-coded from the one
// before.
type rowReader struct {
	prev uint64
	cls  [256]uint8
	q    [256]int16
}

// The longest row: its key delta and length, then three bytes a class.
const maxRow = 2*binary.MaxVarintLen64 + 3*256

// next reads the next row into rd.cls and rd.q and returns its key and
// length.
func (rd *rowReader) next(r *bufio.Reader, nc int) (key uint64, n int, err error) {
	b, _ := r.Peek(maxRow) // less at the end of the input
	d, k1 := binary.Uvarint(b)
	if k1 <= 0 {
		return 0, 0, errors.New("perceptron: truncated")
	}
	un, k2 := binary.Uvarint(b[k1:])
	if k2 <= 0 || un > uint64(nc) || len(b) < k1+k2+3*int(un) {
		return 0, 0, errors.New("perceptron: corrupt row")
	}
	n = int(un)
	rd.prev += d
	row := b[k1+k2 : k1+k2+3*n]
	for i := range n {
		c := row[3*i]
		if int(c) >= nc {
			return 0, 0, errors.New("perceptron: corrupt row")
		}
		rd.cls[i], rd.q[i] = c, int16(uint16(row[3*i+1])|uint16(row[3*i+2])<<8)
	}
	r.Discard(k1 + k2 + len(row))
	return rd.prev, n, nil
}

// Entries is the number of weights the model keeps.
func (m *Model) Entries() int {
	n := 0
	for j := range m.slots {
		if s := &m.slots[j]; s.meta != 0 {
			m.row(s, func(uint8, int16) { n++ })
		}
	}
	return n
}
