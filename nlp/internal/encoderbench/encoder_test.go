// Package encoderbench measures what a neural sentence encoder would cost
// in plain Go, the figure behind keeping the tagger, parser and NER linear:
// the speed target leaves the whole pipeline 20 µs per token on one
// core. Nothing else imports it; run
//
//	go test -run X -bench . -cpu 1 ./nlp/internal/encoderbench
package encoderbench

import (
	"math"
	"math/rand/v2"
	"testing"
)

// dot is the inner loop of a matrix-vector product, unrolled by 4.
func dot(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

func sigmoid(x float32) float32 { return 1 / (1 + float32(math.Exp(float64(-x)))) }

// lstm runs one direction of an LSTM layer over xs; w holds the 4h gate rows
// over the input and the previous hidden state.
func lstm(xs, w, out [][]float32, cat, c, g []float32) {
	in, h := len(xs[0]), len(out[0])
	clear(c)
	for t, x := range xs {
		copy(cat, x)
		if t > 0 {
			copy(cat[in:], out[t-1])
		} else {
			clear(cat[in:])
		}
		for r := range g {
			g[r] = dot(w[r], cat)
		}
		for k := range h {
			i, f, o := sigmoid(g[k]), sigmoid(g[h+k]), sigmoid(g[2*h+k])
			u := float32(math.Tanh(float64(g[3*h+k])))
			c[k] = f*c[k] + i*u
			out[t][k] = o * float32(math.Tanh(float64(c[k])))
		}
	}
}

// benchBiLSTM runs both directions of one layer (input in, hidden h per
// direction) over 25-token sentences, forward pass only, as at run time.
func benchBiLSTM(b *testing.B, in, h int) {
	const n = 25
	r := rand.New(rand.NewPCG(1, 1))
	vecs := func(rows, cols int, scale float32) [][]float32 {
		m := make([][]float32, rows)
		for i := range m {
			m[i] = make([]float32, cols)
			for k := range m[i] {
				m[i][k] = scale * (r.Float32() - 0.5)
			}
		}
		return m
	}
	xs, out := vecs(n, in, 1), vecs(n, h, 0)
	fw, bw := vecs(4*h, in+h, 0.1), vecs(4*h, in+h, 0.1)
	cat, c, g := make([]float32, in+h), make([]float32, h), make([]float32, 4*h)
	b.ResetTimer()
	for range b.N {
		lstm(xs, fw, out, cat, c, g)
		lstm(xs, bw, out, cat, c, g)
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkBiLSTM100x64(b *testing.B)  { benchBiLSTM(b, 100, 64) }
func BenchmarkBiLSTM100x128(b *testing.B) { benchBiLSTM(b, 100, 128) }
func BenchmarkBiLSTM150x200(b *testing.B) { benchBiLSTM(b, 150, 200) }
func BenchmarkBiLSTM400x200(b *testing.B) { benchBiLSTM(b, 400, 200) }
