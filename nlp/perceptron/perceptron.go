// Package perceptron is the averaged multi-class perceptron that the tagger
// and the parser share. Features are 64-bit hashes the callers compute from
// template numbers and word or tag ids, so nothing is looked up by string at
// run time. The trained model keeps, for each feature, only the classes whose
// averaged weight is not zero, in an open-addressing hash table: scoring a
// feature is one probe and a short loop, and the model stays small.
package perceptron

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
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
		r, ok := tr.index[f]
		if !ok {
			r = int32(len(tr.rows))
			tr.index[f] = r
			tr.rows = append(tr.rows, nil)
		}
		tr.bump(r, good, 1)
		tr.bump(r, bad, -1)
	}
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
	slices.SortFunc(feats, func(a, b feat) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
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
type Model struct {
	NClasses int
	mask     uint64
	slots    []slot
	cls      []uint8
	wt       []float32
}

type slot struct {
	key        uint64
	start, end uint32
}

func (m *Model) build(keys []uint64, starts []uint32, cls []uint8, q []int16) {
	size := 1
	for size < 2*len(keys)+1 {
		size <<= 1
	}
	m.mask = uint64(size - 1)
	m.slots = make([]slot, size)
	m.cls = cls
	m.wt = make([]float32, len(q))
	for i, v := range q {
		m.wt[i] = float32(v)
	}
	for i, k := range keys {
		end := uint32(len(cls))
		if i+1 < len(keys) {
			end = starts[i+1]
		}
		j := k & m.mask
		for m.slots[j].key != 0 {
			j = (j + 1) & m.mask
		}
		m.slots[j] = slot{key: k, start: starts[i], end: end}
	}
}

// Features is the number of features the model keeps.
func (m *Model) Features() int {
	n := 0
	for _, s := range m.slots {
		if s.key != 0 {
			n++
		}
	}
	return n
}

// Score adds the weights of feats to scores (len NClasses).
func (m *Model) Score(feats []uint64, scores []float32) {
	slots, cls, wt := m.slots, m.cls, m.wt
	for _, f := range feats {
		j := f & m.mask
		for {
			s := &slots[j]
			if s.key == f {
				c := cls[s.start:s.end]
				w := wt[s.start:s.end]
				for i, k := range c {
					scores[k] += w[i]
				}
				break
			}
			if s.key == 0 {
				break
			}
			j = (j + 1) & m.mask
		}
	}
}

const magic = "sitrep-perceptron-1"

// WriteTo writes the model in a compact binary form (keys delta-coded).
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	type feat struct {
		key        uint64
		start, end uint32
	}
	var feats []feat
	for _, s := range m.slots {
		if s.key != 0 {
			feats = append(feats, feat{s.key, s.start, s.end})
		}
	}
	slices.SortFunc(feats, func(a, b feat) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
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
		uv(uint64(f.end - f.start))
		for i := f.start; i < f.end; i++ {
			bw.WriteByte(m.cls[i])
			v := int16(m.wt[i])
			bw.WriteByte(byte(v))
			bw.WriteByte(byte(v >> 8))
		}
	}
	return 0, bw.Flush()
}

// Read reads a model written by WriteTo.
func Read(r io.ByteReader) (*Model, error) {
	var head [len(magic)]byte
	for i := range head {
		b, err := r.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("perceptron: %w", err)
		}
		head[i] = b
	}
	if string(head[:]) != magic {
		return nil, errors.New("perceptron: not a model file")
	}
	nc, err := binary.ReadUvarint(r)
	if err != nil || nc > 256 {
		return nil, errors.New("perceptron: bad header")
	}
	nf, err := binary.ReadUvarint(r)
	if err != nil || nf > 1<<28 {
		return nil, errors.New("perceptron: bad header")
	}
	keys := make([]uint64, 0, nf)
	starts := make([]uint32, 0, nf)
	var cls []uint8
	var q []int16
	prev := uint64(0)
	for range nf {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("perceptron: truncated: %w", err)
		}
		prev += d
		n, err := binary.ReadUvarint(r)
		if err != nil || n > nc {
			return nil, errors.New("perceptron: corrupt row")
		}
		keys = append(keys, prev)
		starts = append(starts, uint32(len(cls)))
		for range n {
			c, err1 := r.ReadByte()
			lo, err2 := r.ReadByte()
			hi, err3 := r.ReadByte()
			if err := errors.Join(err1, err2, err3); err != nil || uint64(c) >= nc {
				return nil, errors.New("perceptron: corrupt row")
			}
			cls = append(cls, c)
			q = append(q, int16(uint16(lo)|uint16(hi)<<8))
		}
	}
	m := &Model{NClasses: int(nc)}
	m.build(keys, starts, cls, q)
	return m, nil
}
