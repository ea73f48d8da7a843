package parser

import "github.com/sitrep-dev/sitrep/nlp/perceptron"

// Values standing for a missing position and for the root.
const (
	noWord  = 0x6e6f6e65
	noTag   = 1000
	rootW   = 0x726f6f74
	rootTag = 1001
	noLabel = 100
)

// ctx is the word, tag and label at one position of the configuration.
type ctx struct{ w, p, l uint64 }

func (p *Parser) at(s *Sentence, st *state, i int) ctx {
	switch {
	case i < 0:
		return ctx{noWord, noTag, noLabel}
	case i == st.n:
		return ctx{rootW, rootTag, noLabel}
	}
	l := uint64(noLabel)
	if st.nodes[i].label >= 0 {
		l = uint64(st.nodes[i].label)
	}
	return ctx{s.Words[i].Norm, uint64(s.Tags[i]), l}
}

func dist(d int) uint64 {
	switch {
	case d <= 4:
		return uint64(d)
	case d <= 6:
		return 5
	case d <= 9:
		return 6
	}
	return 7
}

// Roles are the positions of a configuration that features read.
const (
	rS0 = iota
	rN0
	rN1
	rN2
	rS1
	rS0h
	rS0h2
	rS0l
	rS0r
	rS0l2
	rS0r2
	rN0l
	rN0l2
	nRoles
)

// wordTmpl holds the templates of the features of each role's word and tag
// and of its word alone; 0 is none.
var wordTmpl = [nRoles][2]uint64{
	rS0: {1, 2}, rN0: {4, 5}, rN1: {7, 8}, rN2: {10, 11},
	rS1:  {73, 0},
	rS0h: {0, 39}, rS0h2: {0, 51},
	rS0l: {0, 42}, rS0r: {0, 45}, rS0l2: {0, 54}, rS0r2: {0, 57},
	rN0l: {0, 48}, rN0l2: {0, 60},
}

// statics are, for each role, the template of the feature made of its tag
// alone and of the one made of its label alone (0 none): few enough values
// that a parse keeps the sum of both's weights for each pair (cache.go).
var statics = [...]struct {
	role       int
	tag, label uint64
}{
	{rS0, 3, 41}, {rN0, 6, 0}, {rN1, 9, 0}, {rN2, 12, 0},
	{rS0h, 40, 53}, {rS0h2, 52, 0}, {rS0l, 43, 44}, {rS0r, 46, 47},
	{rS0l2, 55, 56}, {rS0r2, 58, 59}, {rN0l, 49, 50}, {rN0l2, 61, 62},
}

// staticFeatures appends the static features of group k at c.
func staticFeatures(k int, c ctx, out []uint64) []uint64 {
	out = append(out, perceptron.Hash(statics[k].tag, c.p, 0, 0))
	if statics[k].label != 0 {
		out = append(out, perceptron.Hash(statics[k].label, c.l, 0, 0))
	}
	return out
}

// view is what the features read of a configuration: what is at each role's
// position, and the counts, label sets and distance of S0 and N0.
type view struct {
	c                      [nRoles]ctx
	pos                    [nRoles]int32 // each role's word, -1 none, n the root
	s0vl, s0vr, s0sl, s0sr uint64
	n0vl, n0sl             uint64
	hasHead, d             uint64
}

// view fills v for st.
func (p *Parser) view(s *Sentence, st *state, v *view) {
	var pos [nRoles]int // -1 none, st.n the root
	for r := range pos {
		pos[r] = -1
	}
	pos[rS0] = st.s0()
	if len(st.stack) > 1 {
		pos[rS1] = st.stack[len(st.stack)-2]
	}
	pos[rN0] = st.b
	if st.b+1 <= st.n {
		pos[rN1] = st.b + 1
	}
	if st.b+2 <= st.n {
		pos[rN2] = st.b + 2
	}
	v.s0vl, v.s0vr, v.s0sl, v.s0sr, v.hasHead = 0, 0, 0, 0, 0
	if s0i := pos[rS0]; s0i >= 0 {
		s0 := &st.nodes[s0i]
		s0h := int(s0.head)
		pos[rS0h] = s0h
		if s0h >= 0 {
			v.hasHead = 1
			if s0h < st.n {
				pos[rS0h2] = st.head(s0h)
			}
		}
		pos[rS0l], pos[rS0r], pos[rS0l2], pos[rS0r2] = int(s0.l1), int(s0.r1), int(s0.l2), int(s0.r2)
		v.s0vl, v.s0vr, v.s0sl, v.s0sr = uint64(s0.vl), uint64(s0.vr), s0.sl, s0.sr
	}
	n0 := &st.nodes[st.b]
	pos[rN0l], pos[rN0l2] = int(n0.l1), int(n0.l2)
	v.n0vl, v.n0sl = uint64(n0.vl), n0.sl
	for r, i := range pos {
		v.c[r] = p.at(s, st, i)
		v.pos[r] = int32(i)
	}
	v.d = 8
	if pos[rS0] >= 0 {
		if st.b == st.n {
			v.d = 9
		} else {
			v.d = dist(st.b - pos[rS0])
		}
	}
}

// features appends the Zhang and Nivre (2011) feature set for st, plus a few
// on the second stack item: the static features, then the others.
func (p *Parser) features(s *Sentence, st *state, out []uint64) []uint64 {
	var v view
	p.view(s, st, &v)
	for k, sf := range statics {
		out = staticFeatures(k, v.c[sf.role], out)
	}
	return v.rest(pairFeatures(&v, out))
}

// pairFeatures appends the features that read the tags of S0 and N0 and
// nothing else but their distance and whether S0 has a head: few enough
// values that a parse keeps the sum of their weights for each (cache.go).
func pairFeatures(v *view, out []uint64) []uint64 {
	h := perceptron.Hash
	S0, N0, d := v.c[rS0], v.c[rN0], v.d
	return append(out,
		h(19, S0.p, N0.p, 0), h(28, S0.p, d, 0), h(30, N0.p, d, 0), h(32, S0.p, N0.p, d),
		h(77, v.hasHead, S0.p, N0.p),
	)
}

// rest appends the features that are not static.
func (v *view) rest(out []uint64) []uint64 {
	for r := range wordTmpl {
		out = wordFeatures(r, v.c[r], out)
	}
	return v.others(out)
}

// wordFeatures appends the features of role r that read only its word and
// tag, c: few enough words in a text that a parse keeps their sums by word
// and tag from sentence to sentence (cache.go).
func wordFeatures(r int, c ctx, out []uint64) []uint64 {
	if t := wordTmpl[r]; t[0] != 0 {
		out = append(out, perceptron.Hash(t[0], c.w, c.p, 0))
	}
	if t := wordTmpl[r]; t[1] != 0 {
		out = append(out, perceptron.Hash(t[1], c.w, 0, 0))
	}
	return out
}

// others appends the features that read more than one position or more than
// a position's tag, label or word and tag.
func (v *view) others(out []uint64) []uint64 {
	h := perceptron.Hash
	S0, S1, N0, N1, N2 := v.c[rS0], v.c[rS1], v.c[rN0], v.c[rN1], v.c[rN2]
	S0h, S0h2 := v.c[rS0h], v.c[rS0h2]
	S0l, S0r, S0l2, S0r2 := v.c[rS0l], v.c[rS0r], v.c[rS0l2], v.c[rS0r2]
	N0l, N0l2 := v.c[rN0l], v.c[rN0l2]
	d := v.d
	return append(out,
		// word pairs
		h(13, S0.w<<8^S0.p, N0.w, N0.p), h(14, S0.w<<8^S0.p, N0.w, 0), h(15, S0.w, N0.w, N0.p),
		h(16, S0.w<<8^S0.p, N0.p, 0), h(17, S0.p, N0.w, N0.p), h(18, S0.w, N0.w, 0),
		h(20, N0.p, N1.p, 0),
		// three words
		h(21, N0.p, N1.p, N2.p), h(22, S0.p, N0.p, N1.p), h(23, S0h.p, S0.p, N0.p),
		h(24, S0.p, S0l.p, N0.p), h(25, S0.p, S0r.p, N0.p), h(26, S0.p, N0.p, N0l.p),
		// distance
		h(27, S0.w, d, 0), h(29, N0.w, d, 0), h(31, S0.w, N0.w, d),
		// valency
		h(33, S0.w, v.s0vr, 0), h(34, S0.p, v.s0vr, 0), h(35, S0.w, v.s0vl, 0), h(36, S0.p, v.s0vl, 0),
		h(37, N0.w, v.n0vl, 0), h(38, N0.p, v.n0vl, 0),
		// third order
		h(63, S0.p, S0l.p, S0l2.p), h(64, S0.p, S0r.p, S0r2.p), h(65, S0.p, S0h.p, S0h2.p),
		h(66, N0.p, N0l.p, N0l2.p),
		// label sets
		h(67, S0.w, v.s0sr, 0), h(68, S0.p, v.s0sr, 0), h(69, S0.w, v.s0sl, 0), h(70, S0.p, v.s0sl, 0),
		h(71, N0.w, v.n0sl, 0), h(72, N0.p, v.n0sl, 0),
		// second stack item
		h(74, S1.p, S0.p, N0.p), h(75, S1.p, N0.p, 0), h(76, S1.w, N0.w, 0),
	)
}
