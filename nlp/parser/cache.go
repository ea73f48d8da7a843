package parser

// Of a transition's 77 features, 20 read only the tag or only the label at
// one position (statics), and 5 only the tags of S0 and N0, their distance
// and whether S0 has a head (pairs). A greedy parse sums the weights of a
// position's statics once per pair of tag and label, and of the pairs once
// per value, when first needed, and keeps the sums from sentence to
// sentence: a transition adds 13 sums instead of looking the 25 features up,
// and looks up the other 52. The weights are int16s, so each sum and the
// scores (77 weights, under 2^24) are exact in float32 in any order: the
// scores are those of Model.Score over all the features (TestCachedScores).

// term is a class and a sum of weights.
type term struct {
	class uint32
	w     float32
}

// span is a sum: terms[lo:hi], or rows[lo:hi] for one over most classes;
// lo < 0 until it is computed.
type span struct {
	lo, hi int32
	dense  bool
}

// cache holds the sums of the statics and pairs for the parser of.
type cache struct {
	of    *Parser
	spans [len(statics)][]span // by tag (none, root, then each) and label (none, then each)
	pairs map[uint32]span      // by the tags of S0 and N0, distance and S0 having a head
	terms []term
	rows  []float32
	feats []uint64
	dense []float32
}

// use empties the cache if it holds another parser's sums.
func (c *cache) use(p *Parser) {
	if c.of == p {
		return
	}
	c.of = p
	for k := range c.spans {
		c.spans[k] = c.spans[k][:0]
	}
	clear(c.pairs)
	c.terms, c.rows = c.terms[:0], c.rows[:0]
}

// add adds to scores (NClasses long) the weights of the statics and pairs of
// v; tags outside the tagger's range are left uncached.
func (c *cache) add(v *view, scores []float32) {
	nl := len(c.of.Labels)
	for k, sf := range statics {
		x := v.c[sf.role]
		i := int(x.p) + 2
		switch {
		case x.p == noTag:
			i = 0
		case x.p == rootTag:
			i = 1
		case x.p > noTag:
			c.feats = staticFeatures(k, x, c.feats[:0])
			c.of.model.Score(c.feats, scores)
			continue
		}
		if sf.label != 0 {
			i *= nl + 1
			if x.l != noLabel {
				i += int(x.l) + 1
			}
		}
		sps := c.spans[k]
		if i >= len(sps) || sps[i].lo < 0 {
			for len(c.spans[k]) <= i {
				c.spans[k] = append(c.spans[k], span{lo: -1})
			}
			c.feats = staticFeatures(k, x, c.feats[:0])
			c.spans[k][i] = c.sum()
			sps = c.spans[k]
		}
		c.addSpan(sps[i], scores)
	}
	S0, N0 := v.c[rS0].p, v.c[rN0].p
	if S0 > rootTag || N0 > rootTag {
		c.feats = pairFeatures(v, c.feats[:0])
		c.of.model.Score(c.feats, scores)
		return
	}
	key := uint32(S0)<<15 | uint32(N0)<<5 | uint32(v.d)<<1 | uint32(v.hasHead)
	sp, ok := c.pairs[key]
	if !ok {
		if c.pairs == nil {
			c.pairs = make(map[uint32]span)
		}
		c.feats = pairFeatures(v, c.feats[:0])
		sp = c.sum()
		c.pairs[key] = sp
	}
	c.addSpan(sp, scores)
}

// addSpan adds the sum sp to scores.
func (c *cache) addSpan(sp span, scores []float32) {
	if sp.dense {
		addDense(scores, c.rows[sp.lo:sp.hi])
		return
	}
	for _, t := range c.terms[sp.lo:sp.hi] {
		scores[t.class] += t.w
	}
}

// addDense adds row to scores, eight at a time through array pointers: one
// bounds check and loop test for eight adds. A transition adds up to 13
// rows of 104 classes here.
func addDense(scores, row []float32) {
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

// sum returns the sum of the weights of c.feats.
func (c *cache) sum() span {
	m := c.of.model
	if cap(c.dense) < m.NClasses {
		c.dense = make([]float32, m.NClasses)
	}
	d := c.dense[:m.NClasses]
	clear(d)
	m.Score(c.feats, d)
	n := 0
	for _, w := range d {
		if w != 0 {
			n++
		}
	}
	if 3*n >= len(d) {
		lo := len(c.rows)
		c.rows = append(c.rows, d...)
		return span{int32(lo), int32(len(c.rows)), true}
	}
	lo := len(c.terms)
	for class, w := range d {
		if w != 0 {
			c.terms = append(c.terms, term{uint32(class), w})
		}
	}
	return span{int32(lo), int32(len(c.terms)), false}
}
