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

// features appends the Zhang and Nivre (2011) feature set for st, plus a few
// on the second stack item.
func (p *Parser) features(s *Sentence, st *state, out []uint64) []uint64 {
	h := perceptron.Hash
	s0i := st.s0()
	s1i := -1
	if len(st.stack) > 1 {
		s1i = st.stack[len(st.stack)-2]
	}
	n0i := st.b
	n1i, n2i := -1, -1
	if st.b+1 <= st.n {
		n1i = st.b + 1
	}
	if st.b+2 <= st.n {
		n2i = st.b + 2
	}
	s0h, s0h2, s0l, s0r, s0l2, s0r2 := -1, -1, -1, -1, -1, -1
	var s0vl, s0vr, s0sl, s0sr uint64
	if s0i >= 0 {
		s0 := &st.nodes[s0i]
		s0h = int(s0.head)
		if s0h >= 0 && s0h < st.n {
			s0h2 = st.head(s0h)
		}
		s0l, s0r, s0l2, s0r2 = int(s0.l1), int(s0.r1), int(s0.l2), int(s0.r2)
		s0vl, s0vr, s0sl, s0sr = uint64(s0.vl), uint64(s0.vr), s0.sl, s0.sr
	}
	n0 := &st.nodes[n0i]
	n0l, n0l2 := int(n0.l1), int(n0.l2)
	n0vl, n0sl := uint64(n0.vl), n0.sl
	S0, S1, N0, N1, N2 := p.at(s, st, s0i), p.at(s, st, s1i), p.at(s, st, n0i), p.at(s, st, n1i), p.at(s, st, n2i)
	S0h, S0h2 := p.at(s, st, s0h), p.at(s, st, s0h2)
	S0l, S0r, S0l2, S0r2 := p.at(s, st, s0l), p.at(s, st, s0r), p.at(s, st, s0l2), p.at(s, st, s0r2)
	N0l, N0l2 := p.at(s, st, n0l), p.at(s, st, n0l2)
	hasHead := uint64(0)
	if s0h >= 0 {
		hasHead = 1
	}
	d := uint64(8)
	if s0i >= 0 {
		if n0i == st.n {
			d = 9
		} else {
			d = dist(n0i - s0i)
		}
	}
	return append(out,
		// single words
		h(1, S0.w, S0.p, 0), h(2, S0.w, 0, 0), h(3, S0.p, 0, 0),
		h(4, N0.w, N0.p, 0), h(5, N0.w, 0, 0), h(6, N0.p, 0, 0),
		h(7, N1.w, N1.p, 0), h(8, N1.w, 0, 0), h(9, N1.p, 0, 0),
		h(10, N2.w, N2.p, 0), h(11, N2.w, 0, 0), h(12, N2.p, 0, 0),
		// word pairs
		h(13, S0.w<<8^S0.p, N0.w, N0.p), h(14, S0.w<<8^S0.p, N0.w, 0), h(15, S0.w, N0.w, N0.p),
		h(16, S0.w<<8^S0.p, N0.p, 0), h(17, S0.p, N0.w, N0.p), h(18, S0.w, N0.w, 0),
		h(19, S0.p, N0.p, 0), h(20, N0.p, N1.p, 0),
		// three words
		h(21, N0.p, N1.p, N2.p), h(22, S0.p, N0.p, N1.p), h(23, S0h.p, S0.p, N0.p),
		h(24, S0.p, S0l.p, N0.p), h(25, S0.p, S0r.p, N0.p), h(26, S0.p, N0.p, N0l.p),
		// distance
		h(27, S0.w, d, 0), h(28, S0.p, d, 0), h(29, N0.w, d, 0), h(30, N0.p, d, 0),
		h(31, S0.w, N0.w, d), h(32, S0.p, N0.p, d),
		// valency
		h(33, S0.w, s0vr, 0), h(34, S0.p, s0vr, 0), h(35, S0.w, s0vl, 0), h(36, S0.p, s0vl, 0),
		h(37, N0.w, n0vl, 0), h(38, N0.p, n0vl, 0),
		// unigrams of heads and dependents
		h(39, S0h.w, 0, 0), h(40, S0h.p, 0, 0), h(41, S0.l, 0, 0),
		h(42, S0l.w, 0, 0), h(43, S0l.p, 0, 0), h(44, S0l.l, 0, 0),
		h(45, S0r.w, 0, 0), h(46, S0r.p, 0, 0), h(47, S0r.l, 0, 0),
		h(48, N0l.w, 0, 0), h(49, N0l.p, 0, 0), h(50, N0l.l, 0, 0),
		// third order
		h(51, S0h2.w, 0, 0), h(52, S0h2.p, 0, 0), h(53, S0h.l, 0, 0),
		h(54, S0l2.w, 0, 0), h(55, S0l2.p, 0, 0), h(56, S0l2.l, 0, 0),
		h(57, S0r2.w, 0, 0), h(58, S0r2.p, 0, 0), h(59, S0r2.l, 0, 0),
		h(60, N0l2.w, 0, 0), h(61, N0l2.p, 0, 0), h(62, N0l2.l, 0, 0),
		h(63, S0.p, S0l.p, S0l2.p), h(64, S0.p, S0r.p, S0r2.p), h(65, S0.p, S0h.p, S0h2.p),
		h(66, N0.p, N0l.p, N0l2.p),
		// label sets
		h(67, S0.w, s0sr, 0), h(68, S0.p, s0sr, 0), h(69, S0.w, s0sl, 0), h(70, S0.p, s0sl, 0),
		h(71, N0.w, n0sl, 0), h(72, N0.p, n0sl, 0),
		// second stack item
		h(73, S1.w, S1.p, 0), h(74, S1.p, S0.p, N0.p), h(75, S1.p, N0.p, 0), h(76, S1.w, N0.w, 0),
		// whether S0 has a head yet
		h(77, hasHead, S0.p, N0.p),
	)
}
