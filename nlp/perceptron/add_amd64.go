package perceptron

// addBits and addFloats add row to scores element by element, in SSE
// registers four at a time: each sum is the one addition of float32s that
// Go's loop makes, so scores are the same to the bit. len(row) must be at
// least len(scores).
//
//go:noescape
func addBits(scores []float32, row []uint32)

//go:noescape
func addFloats(scores, row []float32)

// addInt16s adds the int16s packed two to a word in row (the low half
// first) to scores, eight at a time, converted exactly to float32s.
// len(row) must be at least (len(scores)+1)/2.
//
//go:noescape
func addInt16s(scores []float32, row []uint32)

// prefetch starts loading the cache line of base + f>>shift for each f of
// feats, and returns without waiting for them.
//
//go:noescape
func prefetch(base *byte, shift uint, feats []uint64)
