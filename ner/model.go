package ner

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Labels are the tagger's output classes in IOB2 over the coarse types.
var Labels = []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}

// The tagger decodes BILOU tags internally (Ratinov and Roth 2009): O, then
// for each type in Labels' order B, I, L (last) and U (a one-token name), so
// that the weights tell a name's last token and one-token names apart.
const nLabels = 13

const (
	tagB = iota
	tagI
	tagL
	tagU
)

// toBILOU writes the BILOU tags of valid IOB2 labels to dst.
func toBILOU(labels, dst []int) []int {
	dst = dst[:0]
	for i, l := range labels {
		if l == 0 {
			dst = append(dst, 0)
			continue
		}
		t := (l - 1) / 2
		more := i+1 < len(labels) && labels[i+1] == 2+2*t
		k := tagU
		switch {
		case l%2 == 1 && more:
			k = tagB
		case l%2 == 0 && more:
			k = tagI
		case l%2 == 0:
			k = tagL
		}
		dst = append(dst, 1+4*t+k)
	}
	return dst
}

// toIOB turns valid BILOU tags into IOB2 labels in place.
func toIOB(tags []int) {
	for i, g := range tags {
		if g != 0 {
			t, k := (g-1)/4, (g-1)%4
			tags[i] = 1 + 2*t
			if k == tagI || k == tagL {
				tags[i]++
			}
		}
	}
}

// weights maps a feature hash to one weight per label. It is an
// open-addressing table so that scoring a token costs a few array reads and no
// allocation; keys are never 0 (hash 0 is remapped at hashing time).
type weights struct {
	keys []uint64
	w    []float32 // len(keys)*nLabels
	mask uint64
	n    int
}

func newWeights(n int) *weights {
	size := uint64(1)
	for size < uint64(n)*2 {
		size <<= 1
	}
	return &weights{keys: make([]uint64, size), w: make([]float32, size*nLabels), mask: size - 1}
}

// slot returns the weight row of key, or nil when the feature is unknown.
func (t *weights) slot(key uint64) []float32 {
	for i := key & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case key:
			return t.w[i*nLabels : i*nLabels+nLabels]
		case 0:
			return nil
		}
	}
}

func (t *weights) put(key uint64, row []float32) {
	i := key & t.mask
	for t.keys[i] != 0 && t.keys[i] != key {
		i = (i + 1) & t.mask
	}
	if t.keys[i] == 0 {
		t.n++
	}
	t.keys[i] = key
	copy(t.w[i*nLabels:], row)
}

const modelMagic = "sitrep-ner-1\n"

// writeModel stores the tables (the first stage, then the second if any),
// each as: magic, count, scale, then per feature its key and nLabels int16
// weights (quantized by scale). Package modelfile compresses the file.
func writeModel(w io.Writer, tables ...*weights) error {
	bw := bufio.NewWriter(w)
	for _, t := range tables {
		t.write(bw)
	}
	return bw.Flush()
}

func (t *weights) write(bw *bufio.Writer) {
	var maxAbs float32
	for _, v := range t.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	bw.WriteString(modelMagic)
	var buf [8]byte
	binary.LittleEndian.PutUint32(buf[:4], uint32(t.n))
	bw.Write(buf[:4])
	binary.LittleEndian.PutUint32(buf[:4], math.Float32bits(scale))
	bw.Write(buf[:4])
	// Features in key order, not table order: the table's order depends on
	// the order of insertion, and the same model should give the same file.
	slots := make([]int, 0, t.n)
	for i, k := range t.keys {
		if k != 0 {
			slots = append(slots, i)
		}
	}
	slices.SortFunc(slots, func(a, b int) int { return cmp.Compare(t.keys[a], t.keys[b]) })
	for _, i := range slots {
		binary.LittleEndian.PutUint64(buf[:], t.keys[i])
		bw.Write(buf[:])
		for _, v := range t.w[i*nLabels : i*nLabels+nLabels] {
			binary.LittleEndian.PutUint16(buf[:2], uint16(int16(math.Round(float64(v/scale)))))
			bw.Write(buf[:2])
		}
	}
}

// readHeader reads a stage's magic, feature count and scale.
func readHeader(br *bufio.Reader) (n int, scale float32, err error) {
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return 0, 0, errors.New("ner model: not a sitrep NER model")
	}
	var hdr [8]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return 0, 0, fmt.Errorf("ner model: %w", err)
	}
	n = int(binary.LittleEndian.Uint32(hdr[:4]))
	scale = math.Float32frombits(binary.LittleEndian.Uint32(hdr[4:]))
	if n > 1<<26 {
		return 0, 0, fmt.Errorf("ner model: implausible feature count %d", n)
	}
	return n, scale, nil
}

// readWeights reads one stage written by weights.write.
func readWeights(br *bufio.Reader) (*weights, error) {
	n, scale, err := readHeader(br)
	if err != nil {
		return nil, err
	}
	t := newWeights(n)
	rec := make([]byte, 8+2*nLabels)
	var row [nLabels]float32
	for range n {
		if _, err := io.ReadFull(br, rec); err != nil {
			return nil, fmt.Errorf("ner model: truncated: %w", err)
		}
		for l := range nLabels {
			row[l] = float32(int16(binary.LittleEndian.Uint16(rec[8+2*l:]))) * scale
		}
		t.put(binary.LittleEndian.Uint64(rec), row[:])
	}
	return t, nil
}
