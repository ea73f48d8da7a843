package perceptron

import (
	"bufio"
	"errors"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/sitrep-dev/sitrep/internal/hugepage"
)

// Pair holds two models over the same classes in one table, for the
// tagger's two passes, whose features are mostly the same (73,000 of the
// 128,000 keys are in both): a feature's weights in both models cost one
// cache miss instead of two. Model a's class c scores at c, model b's at
// NClasses+c. Its slots are 32 bytes, two to a cache line, and hold up to
// six weights: the two models' rows of a shared feature are most often
// four or fewer. The table is about as large as the two models' together.
type Pair struct {
	NClasses int // of each model
	shift    uint
	mask     uint64
	slots    []pairSlot
	data     []uint32
}

// pairSlot is a slot as in Model, with room for six weights.
type pairSlot struct {
	fp, meta uint32
	e        [6]uint32
}

// ReadPair reads two models written one after the other by WriteTo, with
// the same number of classes, into one table.
func ReadPair(r *bufio.Reader) (*Pair, error) {
	// Both are held in arrays first: the table is sized on the features of
	// either, which only a merge of the two counts.
	a, err := readRows(r)
	if err != nil {
		return nil, err
	}
	b, err := readRows(r)
	if err != nil {
		return nil, err
	}
	nc := a.nc
	if b.nc != nc || 2*nc > 256 {
		return nil, errors.New("perceptron: a pair's models need the same classes, at most 128")
	}
	p := &Pair{NClasses: nc}
	n := 0
	merge(a, b, func(ia, ib int) { n++ })
	p.init(n)
	var cls [512]uint8
	var q [512]int16
	merge(a, b, func(ia, ib int) {
		n, k := 0, uint64(0)
		if ia >= 0 {
			k = a.keys[ia]
			s, e := a.starts[ia], a.starts[ia+1]
			n += copy(cls[:], a.cls[s:e])
			copy(q[:], a.q[s:e])
		}
		if ib >= 0 {
			k = b.keys[ib]
			s, e := b.starts[ib], b.starts[ib+1]
			for i := s; i < e; i++ {
				cls[n], q[n] = uint8(nc)+b.cls[i], b.q[i]
				n++
			}
		}
		p.add(k, cls[:n], q[:n])
	})
	p.data = hugepage.Copy(p.data)
	return p, nil
}

// rows are a model file's rows: row i is the weights q[starts[i]:
// starts[i+1]] of classes cls[starts[i]:starts[i+1]], for keys[i].
type rows struct {
	nc     int
	keys   []uint64
	starts []uint32
	cls    []uint8
	q      []int16
}

// readRows reads a model written by WriteTo into rows.
func readRows(r *bufio.Reader) (*rows, error) {
	nc, nf, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	rs := &rows{nc: nc, keys: make([]uint64, 0, nf), starts: make([]uint32, 0, nf+1)}
	var rd rowReader
	for range nf {
		k, n, err := rd.next(r, nc)
		if err != nil {
			return nil, err
		}
		rs.keys = append(rs.keys, k)
		rs.starts = append(rs.starts, uint32(len(rs.cls)))
		rs.cls = append(rs.cls, rd.cls[:n]...)
		rs.q = append(rs.q, rd.q[:n]...)
	}
	rs.starts = append(rs.starts, uint32(len(rs.cls)))
	return rs, nil
}

// merge calls fn with the rows of each key of a or b, in key order: the
// index of its row in a and in b, -1 where one lacks it.
func merge(a, b *rows, fn func(ia, ib int)) {
	i, j := 0, 0
	for i < len(a.keys) || j < len(b.keys) {
		switch {
		case j == len(b.keys) || i < len(a.keys) && a.keys[i] < b.keys[j]:
			fn(i, -1)
			i++
		case i == len(a.keys) || b.keys[j] < a.keys[i]:
			fn(-1, j)
			j++
		default:
			fn(i, j)
			i, j = i+1, j+1
		}
	}
}

// init sizes an empty table for n features, as Model.init does.
func (p *Pair) init(n int) {
	size := 1
	for size*7 < n*10+1 {
		size <<= 1
	}
	p.mask = uint64(size - 1)
	p.shift = uint(64 - bits.TrailingZeros(uint(size)))
	p.slots = hugepage.Make[pairSlot](size)
	p.data = make([]uint32, 1)
}

// add stores the row of feature k: weight q[i] for class cls[i] (of both
// models' 2×NClasses).
func (p *Pair) add(k uint64, cls []uint8, q []int16) {
	nc := 2 * p.NClasses
	if len(p.data) > 1<<31-1-1-nc {
		panic("perceptron: model too large")
	}
	if len(p.data)+1+nc > cap(p.data) {
		p.data = slices.Grow(p.data, cap(p.data)+1+nc)
	}
	sl := pairSlot{fp: uint32(k), meta: uint32(len(p.data))}
	switch n := len(cls); {
	case n <= len(sl.e):
		sl.meta = inline | uint32(n)
		for i, c := range cls {
			sl.e[i] = uint32(c)<<16 | uint32(uint16(q[i]))
		}
	case n*3 >= nc:
		p.data = append(p.data, dense)
		row := len(p.data)
		p.data = append(p.data, make([]uint32, nc)...)
		for i, c := range cls {
			p.data[row+int(c)] = math.Float32bits(float32(q[i]))
		}
	default:
		p.data = append(p.data, uint32(n))
		for i, c := range cls {
			p.data = append(p.data, uint32(c)<<16|uint32(uint16(q[i])))
		}
	}
	j := k >> p.shift
	for p.slots[j].meta != 0 {
		j = (j + 1) & p.mask
	}
	p.slots[j] = sl
}

// Touch is Model.Touch for the pair.
func (p *Pair) Touch(feats []uint64) bool {
	slots, shift := p.slots, p.shift
	var u uint32
	for _, f := range feats {
		u |= slots[f>>shift].meta
	}
	return u != 0
}

// Prefetch is Model.Prefetch for the pair.
func (p *Pair) Prefetch(feats []uint64) {
	if len(p.slots) > 0 {
		// Slots are 32 bytes.
		prefetch((*byte)(unsafe.Pointer(&p.slots[0])), p.shift-5, feats)
	}
}

// Score adds the weights of feats in both models to scores (len
// 2×NClasses): model a's to the first half, b's to the second. It finds
// every slot of a batch before adding, as Model.Score does.
func (p *Pair) Score(feats []uint64, scores []float32) {
	var found [64]*pairSlot
	var ns [64]uint32
	slots, data, mask, shift := p.slots, p.data, p.mask, p.shift
	for len(feats) > 0 {
		k := min(len(feats), len(found))
		if !p.Touch(feats[:k]) {
			feats = feats[k:]
			continue
		}
		for i, f := range feats[:k] {
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
