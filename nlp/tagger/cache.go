package tagger

import (
	"math"
	"slices"

	"github.com/sitrep-dev/sitrep/nlp/internal/lex"
	"github.com/sitrep-dev/sitrep/nlp/perceptron"
)

// Cache remembers the words one goroutine has tagged: their lex values,
// dictionary tag and ambiguity class, and for each pass and each role the
// sum of the weights of the features that read only that word (36 of the 54
// features of a token). A token whose words are all in the cache costs the
// 18 features that read several words or tags instead of 54, and no lex or
// map lookup; in the second pass, where the tags to its left are the first
// pass's (95% of the tokens scored on the Wikinews articles), only the 6 of
// the tags to its right. Weights are integers summed exactly in float32, so
// the scores are those of Tag without a cache, to the bit. News reuses its
// words: on the 295 Wikinews articles 88% of the tokens are found in the
// cache.
//
// A Cache is not safe for concurrent use; it is cleared when full.
type Cache struct {
	t     *Tagger
	table []int32 // open addressing on the form's hash: entry index + 1, 0 empty
	ents  []centry
	// rows holds the weight sums of a word, each a run of packed words: the
	// class in the top 8 bits, the sum (|sum| < 2^23) in the low 24. A run
	// with at least half the classes non-zero (on the Wikinews articles the
	// runs added hold 71 of the 104 on average) is dense instead, added
	// eight at a time rather than word by word: an int16 for every class,
	// two to a word, or where a sum does not fit one (7% of them) a
	// float32's bits. The length of a run tells which it is.
	rows  []uint32
	arena []byte // the entries' forms
	edges [2][nRoles][]uint32
	dense []float32 // both passes' sums of each role's features
	feats []uint64
	buf   []byte
	gen   int // times the cache started again
}

// cacheWords is how many words a Cache holds before it starts again;
// rowsPerWord is about how many uint32s of rows a word takes on news (503
// on the Wikinews articles).
const (
	cacheWords  = 1 << 13
	rowsPerWord = 544
)

type centry struct {
	hash    uint64
	form    uint32 // offset of the form in arena
	formLen uint32
	word    lex.Word
	amb     uint64
	dict    int16                // the dictionary's tag, -1 none
	off     [2*nRoles + 1]uint32 // rows of pass p, role r: rows[off[p*nRoles+r]:off[p*nRoles+r+1]]
}

// NewCache returns an empty cache for t.
func (t *Tagger) NewCache() *Cache {
	nc := len(t.Classes)
	// Room for a full cache at once: grown by append, the rows were
	// copied over and over, and a run allocated five times their size.
	c := &Cache{t: t, table: make([]int32, 2*cacheWords), dense: make([]float32, 2*nc*nRoles),
		ents: make([]centry, 0, cacheWords), rows: make([]uint32, 0, cacheWords*rowsPerWord), arena: make([]byte, 0, 8*cacheWords)}
	d := c.dense[:2*nc]
	for r := roleM1; r < nRoles; r++ {
		c.feats = roleFeats(r, edges[r], c.feats[:0])
		clear(d)
		t.pair.Score(c.feats, d)
		for p := range 2 {
			c.edges[p][r] = pack(d[p*nc:(p+1)*nc], nil)
		}
	}
	return c
}

// pack appends to dst the sums: packed, the non-zero ones, or dense when at
// least half are. Which sums are zero follows no pattern, so the loops that
// count and pack them do not branch on it (nz).
func pack(sums []float32, dst []uint32) []uint32 {
	n := 0
	for _, v := range sums {
		n += nz(v)
	}
	if nc := len(sums); 2*n >= nc {
		// With one class, int16s would be as long as float32s.
		if nc < 2 || !fitInt16(sums) {
			for _, v := range sums {
				dst = append(dst, math.Float32bits(v))
			}
			return dst
		}
		for k := 0; k < nc; k += 2 {
			w := uint32(uint16(int16(sums[k])))
			if k+1 < nc {
				w |= uint32(uint16(int16(sums[k+1]))) << 16
			}
			dst = append(dst, w)
		}
		return dst
	}
	// Each sum is written at the end, which moves on past the non-zero ones.
	lo := len(dst)
	dst = slices.Grow(dst, len(sums))[:lo+len(sums)]
	j := lo
	for k, v := range sums {
		dst[j] = uint32(k)<<24 | uint32(int32(v))&0xffffff
		j += nz(v)
	}
	return dst[:j]
}

// nz is 1 when v is not zero, else 0, computed without a branch.
func nz(v float32) int {
	b := math.Float32bits(v) &^ (1 << 31) // -0 is zero too
	return int((uint64(b) + (1<<32 - 1)) >> 32)
}

// fitInt16 reports whether every sum fits an int16.
func fitInt16(sums []float32) bool {
	for _, v := range sums {
		if v < math.MinInt16 || v > math.MaxInt16 {
			return false
		}
	}
	return true
}

// add adds sums to scores: a row as long as scores holds float32s, one half
// as long int16s, a shorter one packed words.
func add(scores []float32, row []uint32) {
	switch len(row) {
	case len(scores):
		perceptron.AddBits(scores, row)
		return
	case (len(scores) + 1) / 2:
		perceptron.AddInt16s(scores, row)
		return
	}
	for _, e := range row {
		scores[e>>24] += float32(int32(e<<8) >> 8)
	}
}

// lookup returns the entry of form, making it when the cache lacks it.
func (c *Cache) lookup(form string, exact uint64) int32 {
	mask := uint64(len(c.table) - 1)
	j := exact & mask
	for ; c.table[j] != 0; j = (j + 1) & mask {
		e := &c.ents[c.table[j]-1]
		if e.hash == exact && string(c.arena[e.form:e.form+e.formLen]) == form {
			return c.table[j] - 1
		}
	}
	t := c.t
	e := centry{hash: exact, form: uint32(len(c.arena)), formLen: uint32(len(form)), dict: -1}
	c.arena = append(c.arena, form...)
	e.word, c.buf = lex.Make(form, c.buf)
	e.amb = t.amb[e.word.Norm]
	if d, ok := t.dict[exact]; ok {
		e.dict = int16(d)
	}
	// The features of every role, the same in both passes, are made and
	// touched first: Score's batches would be one role's 2 to 20 features,
	// whose cache misses would not overlap. One lookup in t.pair gives a
	// feature's weights in both passes.
	n := wordNb(&e.word, e.amb)
	c.feats = c.feats[:0]
	if e.dict < 0 { // a dictionary word is never scored itself
		c.feats = ownFeats(&e.word, exact, e.amb, c.feats)
	}
	var ends [nRoles]int
	ends[roleOwn] = len(c.feats)
	for r := roleM1; r < nRoles; r++ {
		c.feats = roleFeats(r, n, c.feats)
		ends[r] = len(c.feats)
	}
	nc := len(t.Classes)
	clear(c.dense)
	if t.pair.Touch(c.feats) {
		start := 0
		for r := range nRoles {
			t.pair.Score(c.feats[start:ends[r]], c.dense[r*2*nc:(r+1)*2*nc])
			start = ends[r]
		}
	}
	for p := range 2 {
		for r := range nRoles {
			e.off[p*nRoles+r] = uint32(len(c.rows))
			d := c.dense[r*2*nc+p*nc:]
			c.rows = pack(d[:nc], c.rows)
		}
	}
	e.off[2*nRoles] = uint32(len(c.rows))
	c.ents = append(c.ents, e)
	c.table[j] = int32(len(c.ents))
	return int32(len(c.ents) - 1)
}

// row returns the sums of entry k for pass p and role r.
func (c *Cache) row(k int32, p, r int) []uint32 {
	off := &c.ents[k].off
	i := p*nRoles + r
	return c.rows[off[i]:off[i+1]]
}

// Use makes s look its words up in c, or in nothing when c is nil: Reset
// then takes the words' values from c and Tag their weight sums.
func (s *Sentence) Use(c *Cache) { s.cache = c }

// resetCached is Reset through the cache, which it clears first when the
// sentence's words might not fit: entries stay put while a sentence is
// tagged.
func (s *Sentence) resetCached(forms []string) {
	c := s.cache
	if len(c.ents)+len(forms) > cacheWords {
		clear(c.table)
		c.ents, c.rows, c.arena = c.ents[:0], c.rows[:0], c.arena[:0]
		c.gen++
	}
	s.ents = s.ents[:0]
	for _, f := range forms {
		exact := ExactID(f)
		k := s.cache.lookup(f, exact)
		e := &s.cache.ents[k]
		s.Words = append(s.Words, e.word)
		s.Exact = append(s.Exact, exact)
		s.Tags = append(s.Tags, 0)
		s.ents = append(s.ents, k)
	}
}

// Entries returns the entry of each word of s in its cache, numbered from 0
// as the cache fills, and the cache's generation: an entry stands for the
// same form while the generation stays the same, so a caller can keep what
// it derives from a form by entry. It returns nil when s was not Reset
// through a cache.
func (s *Sentence) Entries() (ents []int32, gen int) {
	if !s.cached {
		return nil, 0
	}
	return s.ents, s.cache.gen
}

// tagCached is Tag with the sums of s's cache.
func (t *Tagger) tagCached(s *Sentence) {
	c := s.cache
	s.amb = append(s.amb[:0], 1, 1)
	for _, k := range s.ents {
		s.amb = append(s.amb, c.ents[k].amb)
	}
	s.amb = append(s.amb, 2, 2)
	s.grow(len(t.Classes), len(s.ents))
	t.passCached(s, 0, nil)
	s.first = append(s.first[:0], s.Tags...)
	t.passCached(s, 1, s.first)
}

// passCached is pass p with the sums of s's cache. The first pass looks up
// a token's pair features in both passes' weights at once and keeps the
// second's sums (s.pre): the second pass reuses them where the two tags to
// the token's left are those of the first pass (the features are then the
// same), and looks up only its features of the tags to the right.
func (t *Tagger) passCached(s *Sentence, p int, right []int) {
	c := s.cache
	nc := len(t.Classes)
	var fbuf [32]uint64
	n := len(s.Words)
	for i, k := range s.ents {
		if d := c.ents[k].dict; d >= 0 {
			s.Tags[i] = int(d)
			continue
		}
		// The token's features' slots, which mostly miss the cache,
		// are prefetched before the cached sums are added, and arrive
		// while they are.
		f := fbuf[:0]
		same := p == 1 && sameLeft(s.Tags, right, i)
		if !same {
			f = pairFeats(s, i, f)
		}
		if p == 1 {
			f = rightFeats(s, right, i, f)
		}
		t.pair.Prefetch(f)
		scores := s.scores
		clear(scores)
		add(scores, c.row(k, p, roleOwn))
		for r := roleM1; r < nRoles; r++ {
			if j := i + roleOffset[r]; j >= 0 && j < n {
				add(scores, c.row(s.ents[j], p, r))
			} else {
				add(scores, c.edges[p][r])
			}
		}
		pre := s.pre[2*nc*i : 2*nc*(i+1)]
		if p == 0 {
			clear(pre)
			t.pair.Score(f, pre)
			perceptron.AddDense(scores, pre[:nc])
		} else {
			if same {
				perceptron.AddDense(scores, pre[nc:])
			}
			clear(s.wide)
			t.pair.Score(f, s.wide)
			perceptron.AddDense(scores, s.wide[nc:])
		}
		s.Tags[i] = argmax(scores)
	}
}

// sameLeft reports whether the two tags left of token i are the same in
// tags and first.
func sameLeft(tags, first []int, i int) bool {
	return (i < 1 || tags[i-1] == first[i-1]) && (i < 2 || tags[i-2] == first[i-2])
}
