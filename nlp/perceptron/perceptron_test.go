package perceptron

import (
	"bufio"
	"bytes"
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
