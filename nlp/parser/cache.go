package parser

import (
	"github.com/sitrep-dev/sitrep/internal/hashmap"
	"github.com/sitrep-dev/sitrep/nlp/perceptron"
)

// Of a transition's 77 features, 20 read only the tag or only the label at
// one position (statics), and 5 only the tags of S0 and N0, their distance
// and whether S0 has a head (pairs). A greedy parse sums the weights of a
// position's statics once per pair of tag and label, and of the pairs once
// per value, when first needed, and keeps the sums from sentence to
// sentence. Another 17 read only the word, or the word and tag, of one
// position (words): their sums are kept for each role by word and tag, made
// when a sentence holds a word and tag first seen, for every role at once so
// that the cache misses of their 17 lookups overlap. A transition adds 26
// sums instead of looking the 42 features up, and looks up the other 35. The
// weights are int16s, so each sum and the scores (77 weights, under 2^24) are
// exact in float32 in any order: the scores are those of Model.Score over all
// the features (TestCachedScores).

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

// cache holds the sums of the statics, pairs and words for the parser of.
type cache struct {
	of    *Parser
	spans [len(statics)][]span // by tag (none, root, then each) and label (none, then each)
	pairs hashmap.Map[span]    // by the tags of S0 and N0, distance and S0 having a head
	sums                       // of the statics and pairs
	feats []uint64
	dense []float32

	// table finds a word and tag's entry by open addressing: entry + 1, 0
	// empty.
	table []int32
	words []wordSums
	ws    sums    // of the words
	sent  []int32 // the entries of the sentence's none, words, then root
}

// sums holds sums of weights: a span indexes terms or, dense, rows.
type sums struct {
	terms []term
	rows  []float32
}

// wordSums is the sum of each role's word features at a word and tag.
type wordSums struct {
	w, p  uint64
	spans [nRoles]span
}

// cacheWords is how many words and tags a cache holds before it starts
// again; the sentences of the 295 Wikinews articles hold about 15,000.
const cacheWords = 1 << 14

// use empties the cache if it holds another parser's sums.
func (c *cache) use(p *Parser) {
	if c.of == p {
		return
	}
	c.of = p
	for k := range c.spans {
		c.spans[k] = c.spans[k][:0]
	}
	c.pairs = hashmap.Map[span]{}
	c.terms, c.rows = c.terms[:0], c.rows[:0]
	c.clearWords(0)
}

// clearWords empties the word sums, leaving room for at least n.
func (c *cache) clearWords(n int) {
	size := 2 * cacheWords
	for size < 2*n {
		size *= 2
	}
	if len(c.table) < size {
		c.table = make([]int32, size)
	}
	clear(c.table)
	c.words = c.words[:0]
	c.ws.terms, c.ws.rows = c.ws.terms[:0], c.ws.rows[:0]
}

// sentence finds or makes the word sums of the words of s, and of the none
// and root positions, before s is parsed: entries stay put while it is.
func (c *cache) sentence(s *Sentence) {
	n := len(s.Words)
	if len(c.words)+n+2 > cacheWords || len(c.table) < 2*(n+2) {
		c.clearWords(n + 2)
	}
	c.sent = append(c.sent[:0], c.word(ctx{w: noWord, p: noTag}))
	for i := range n {
		c.sent = append(c.sent, c.word(ctx{w: s.Words[i].Norm, p: uint64(s.Tags[i])}))
	}
	c.sent = append(c.sent, c.word(ctx{w: rootW, p: rootTag}))
}

// word returns the entry of x's word and tag, making it when missing.
func (c *cache) word(x ctx) int32 {
	mask := uint64(len(c.table) - 1)
	j := (x.w ^ x.p*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9 >> 32 & mask
	for ; c.table[j] != 0; j = (j + 1) & mask {
		if e := &c.words[c.table[j]-1]; e.w == x.w && e.p == x.p {
			return c.table[j] - 1
		}
	}
	e := wordSums{w: x.w, p: x.p}
	var ends [nRoles]int
	c.feats = c.feats[:0]
	for r := range nRoles {
		c.feats = wordFeatures(r, x, c.feats)
		ends[r] = len(c.feats)
	}
	m := c.of.model
	m.Touch(c.feats)
	start := 0
	for r := range nRoles {
		e.spans[r] = c.sum(&c.ws, c.feats[start:ends[r]])
		start = ends[r]
	}
	c.words = append(c.words, e)
	c.table[j] = int32(len(c.words))
	return int32(len(c.words) - 1)
}

// add adds to scores (NClasses long) the weights of the statics, pairs and
// words of v; tags outside the tagger's range are left uncached.
func (c *cache) add(v *view, scores []float32) {
	for r := range nRoles {
		if p := v.c[r].p; (p == noTag || p == rootTag) && r != rS1 {
			continue // in the sum of the role's statics
		}
		c.ws.add(c.words[c.sent[v.pos[r]+1]].spans[r], scores)
	}
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
			if x.p == noTag || x.p == rootTag {
				// No word, or the root's: its word features are
				// fixed too, and summed here rather than by word.
				c.feats = wordFeatures(sf.role, x, c.feats)
			}
			c.spans[k][i] = c.sum(&c.sums, c.feats)
			sps = c.spans[k]
		}
		c.sums.add(sps[i], scores)
	}
	S0, N0 := v.c[rS0].p, v.c[rN0].p
	if S0 > rootTag || N0 > rootTag {
		c.feats = pairFeatures(v, c.feats[:0])
		c.of.model.Score(c.feats, scores)
		return
	}
	key := uint64(S0)<<15 | uint64(N0)<<5 | uint64(v.d)<<1 | uint64(v.hasHead)
	sp, ok := c.pairs.Get(key)
	if !ok {
		c.feats = pairFeatures(v, c.feats[:0])
		sp = c.sum(&c.sums, c.feats)
		c.pairs.Set(key, sp)
	}
	c.sums.add(sp, scores)
}

// add adds the sum sp to scores.
func (ss *sums) add(sp span, scores []float32) {
	if sp.dense {
		perceptron.AddDense(scores, ss.rows[sp.lo:sp.hi])
		return
	}
	for _, t := range ss.terms[sp.lo:sp.hi] {
		scores[t.class] += t.w
	}
}

// sum returns the sum of the weights of feats, kept in ss.
func (c *cache) sum(ss *sums, feats []uint64) span {
	m := c.of.model
	if cap(c.dense) < m.NClasses {
		c.dense = make([]float32, m.NClasses)
	}
	d := c.dense[:m.NClasses]
	clear(d)
	m.Score(feats, d)
	n := 0
	for _, w := range d {
		if w != 0 {
			n++
		}
	}
	if 3*n >= len(d) {
		lo := len(ss.rows)
		ss.rows = append(ss.rows, d...)
		return span{int32(lo), int32(len(ss.rows)), true}
	}
	lo := len(ss.terms)
	for class, w := range d {
		if w != 0 {
			ss.terms = append(ss.terms, term{uint32(class), w})
		}
	}
	return span{int32(lo), int32(len(ss.terms)), false}
}
