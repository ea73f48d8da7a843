package perceptron

import (
	"bufio"
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// TestLearnAndRoundTrip trains on a separable toy problem (the class is the
// feature's value mod 3), then checks the model and its serialized copy agree.
func TestLearnAndRoundTrip(t *testing.T) {
	tr := NewTrainer(3)
	scores := make([]float32, 3)
	for ep := 0; ep < 5; ep++ {
		for v := uint64(0); v < 30; v++ {
			f := []uint64{Hash(1, v, 0, 0), Hash(2, 0, 0, 0)}
			clear(scores)
			tr.Score(f, scores)
			tr.Tick()
			tr.Update(f, int(v%3), argmax(scores))
		}
	}
	m := tr.Model(0)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Read(bufio.NewReader(&buf))
	if err != nil {
		t.Fatal(err)
	}
	for _, mm := range []*Model{m, m2} {
		for v := uint64(0); v < 30; v++ {
			clear(scores)
			mm.Score([]uint64{Hash(1, v, 0, 0), Hash(2, 0, 0, 0)}, scores)
			if got := argmax(scores); got != int(v%3) {
				t.Fatalf("value %d: class %d, want %d", v, got, v%3)
			}
		}
	}
	if _, err := Read(bufio.NewReader(bytes.NewReader([]byte("junk")))); err == nil {
		t.Fatal("junk read as a model")
	}
	if _, err := Read(bufio.NewReader(bytes.NewReader(buf.Bytes()[:0]))); err == nil {
		t.Fatal("empty input read as a model")
	}
}

func argmax(s []float32) int {
	b := 0
	for i, v := range s {
		if v > s[b] {
			b = i
		}
	}
	return b
}

// TestAddDense checks the vector adds against a plain loop, bit for bit, at
// every length around the eight-wide step, with rows longer than scores.
func TestAddDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 40 {
		scores, want := make([]float32, n), make([]float32, n)
		row := make([]float32, n+3)
		bits := make([]uint32, n+3)
		for j := range row {
			row[j] = float32(rng.NormFloat64() * 1e4)
			bits[j] = math.Float32bits(row[j])
		}
		for j := range scores {
			scores[j] = float32(rng.NormFloat64() * 1e4)
			want[j] = scores[j] + row[j] + row[j]
		}
		AddDense(scores, row)
		AddBits(scores, bits)
		for j := range scores {
			if math.Float32bits(scores[j]) != math.Float32bits(want[j]) {
				t.Fatalf("length %d: element %d is %v, want %v", n, j, scores[j], want[j])
			}
		}
	}
}

// TestAddInt16s checks the int16 adds against a plain loop, bit for bit, at
// every length around the eight-wide step, with the extremes of int16.
func TestAddInt16s(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 40 {
		scores, want := make([]float32, n), make([]float32, n)
		row := make([]uint32, (n+1)/2+2)
		for j := range 2 * len(row) {
			v := int16(rng.Uint32())
			switch j % 7 {
			case 3:
				v = math.MaxInt16
			case 5:
				v = math.MinInt16
			}
			row[j/2] |= uint32(uint16(v)) << (16 * (j % 2))
			if j < n {
				want[j] = float32(v)
			}
		}
		for j := range scores {
			scores[j] = float32(rng.NormFloat64() * 1e4)
			want[j] += scores[j]
		}
		AddInt16s(scores, row)
		for j := range scores {
			if math.Float32bits(scores[j]) != math.Float32bits(want[j]) {
				t.Fatalf("length %d: element %d is %v, want %v", n, j, scores[j], want[j])
			}
		}
	}
}

// TestPair checks that a pair scores each feature, alone and in batches
// longer than Score's, as its two models do side by side: features in one
// model or both, with rows inline, packed and dense.
func TestPair(t *testing.T) {
	const nc = 20
	rng := rand.New(rand.NewPCG(3, 4))
	var feats []uint64
	for i := range 400 {
		feats = append(feats, Hash(7, uint64(i), 0, 0))
	}
	var models [2]*Model
	for k := range models {
		tr := NewTrainer(nc)
		for _, f := range feats {
			if rng.IntN(4) == 0 {
				continue // in the other model only, or in neither
			}
			n := []int{1, 2, 3, 5, 9, nc}[rng.IntN(6)]
			for range n {
				tr.Tick()
				tr.Add([]uint64{f}, rng.IntN(nc), int32(rng.IntN(200)-100))
			}
		}
		models[k] = tr.Model(0)
	}
	var buf bytes.Buffer
	for _, m := range models {
		if _, err := m.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
	}
	data := buf.Bytes()
	p, err := ReadPair(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	want, got := make([]float32, 2*nc), make([]float32, 2*nc)
	check := func(fs []uint64) {
		clear(want)
		clear(got)
		models[0].Score(fs, want[:nc])
		models[1].Score(fs, want[nc:])
		p.Score(fs, got)
		for c := range want {
			if math.Float32bits(got[c]) != math.Float32bits(want[c]) {
				t.Fatalf("%d features: class %d scores %v, want %v", len(fs), c, got[c], want[c])
			}
		}
	}
	for i := range feats {
		check(feats[i : i+1])
	}
	check(feats)
	if _, err := ReadPair(bufio.NewReader(bytes.NewReader(data[:len(data)*3/4]))); err == nil {
		t.Fatal("a truncated pair read")
	}
}
