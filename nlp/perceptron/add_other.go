//go:build !amd64

package perceptron

import "math"

// addBits adds row, float32 bits, to scores, eight at a time through array
// pointers: one bounds check and loop test for eight adds. len(row) must be
// at least len(scores).
func addBits(scores []float32, row []uint32) {
	row = row[:len(scores)]
	for len(scores) >= 8 {
		s, r := (*[8]float32)(scores), (*[8]uint32)(row)
		s[0] += math.Float32frombits(r[0])
		s[1] += math.Float32frombits(r[1])
		s[2] += math.Float32frombits(r[2])
		s[3] += math.Float32frombits(r[3])
		s[4] += math.Float32frombits(r[4])
		s[5] += math.Float32frombits(r[5])
		s[6] += math.Float32frombits(r[6])
		s[7] += math.Float32frombits(r[7])
		scores, row = scores[8:], row[8:]
	}
	for j, b := range row[:len(scores)] {
		scores[j] += math.Float32frombits(b)
	}
}

// addFloats is addBits for a row of float32s.
func addFloats(scores, row []float32) {
	row = row[:len(scores)]
	for len(scores) >= 8 {
		s, r := (*[8]float32)(scores), (*[8]float32)(row)
		s[0] += r[0]
		s[1] += r[1]
		s[2] += r[2]
		s[3] += r[3]
		s[4] += r[4]
		s[5] += r[5]
		s[6] += r[6]
		s[7] += r[7]
		scores, row = scores[8:], row[8:]
	}
	for j, w := range row[:len(scores)] {
		scores[j] += w
	}
}

// addInt16s adds the int16s packed two to a word in row (the low half
// first) to scores. len(row) must be at least (len(scores)+1)/2.
func addInt16s(scores []float32, row []uint32) {
	for j := range scores {
		scores[j] += float32(int16(row[j/2] >> (16 * (j % 2))))
	}
}

// prefetch does nothing: Go has no portable prefetch.
func prefetch(base *byte, shift uint, feats []uint64) {}
