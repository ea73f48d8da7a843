package ner

import (
	"unicode"
	"unicode/utf8"
)

// The second stage (Krishnan and Manning 2006) tags each sentence again with
// the first stage's features and document features: what the first stage
// made of the same word, the same token sequence and the names holding the
// word in the sentences around it. A name the first stage tags in three
// sentences and misses in a fourth, or calls ORG once and PER four times,
// gets the evidence of the others.

// Feature templates of the document features.
const (
	fDocWord = fNTShape + 1 + iota
	fDocCap
	fDocEnt
	fDocPart
)

// jackknifeFolds: the second stage learns from first-stage output on
// training sentences that the first stage did not see, as at run time.
const jackknifeFolds = 4

// wordStat counts a lower-cased word's occurrences in the context.
type wordStat struct {
	n, caps, low int32    // all; capitalised other than sentence-first; lower-case
	typ          [4]int32 // by first-stage type: none, PER, ORG, LOC
}

// context holds the counts of the first-stage labels in the sentences around
// the one being tagged again.
type context struct {
	word map[uint64]wordStat // by lower-cased word
	ent  map[uint64][4]int32 // first-stage mentions by token sequence, per type
	part map[uint64][8]int32 // words of multi-token mentions: [4×first word + type]
	maxN int                 // the longest mention counted so far
	ms   []Mention
	span []span
}

// span is the longest token sequence around a token that the context tags.
type span struct {
	n      int
	t, pos byte
	cnt    int32
}

func newContext() *context {
	return &context{word: map[uint64]wordStat{}, ent: map[uint64][4]int32{}, part: map[uint64][8]int32{}}
}

func hlower(w string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			h = hbyte(h, byte(r))
		} else {
			h = hint(h, int(unicode.ToLower(r)))
		}
	}
	return h
}

// hnext extends the hash of a token sequence by one token.
func hnext(h uint64, w string) uint64 { return hbyte(hstr(h, w), 0) }

func typeOf(l int) int { return (l + 1) / 2 }

// add counts sentence ws with first-stage labels ls; d is 1 or -1.
func (c *context) add(ws []string, ls []int, d int32) {
	for i, w := range ws {
		k := hlower(w)
		s := c.word[k]
		s.n += d
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			if i > 0 {
				s.caps += d
			}
		} else if unicode.IsLower(r) {
			s.low += d
		}
		s.typ[typeOf(ls[i])] += d
		c.word[k] = s
	}
	c.ms = Mentions(ls, c.ms[:0])
	for _, m := range c.ms {
		t := typeOf(ls[m.Start])
		h := uint64(fnvOffset)
		for _, w := range ws[m.Start:m.End] {
			h = hnext(h, w)
		}
		e := c.ent[h]
		e[t] += d
		c.ent[h] = e
		c.maxN = max(c.maxN, m.End-m.Start)
		if m.End-m.Start < 2 {
			continue
		}
		for j := m.Start; j < m.End; j++ {
			k := hstr(fnvOffset, ws[j])
			p := c.part[k]
			if j == m.Start {
				p[4+t] += d
			} else {
				p[t] += d
			}
			c.part[k] = p
		}
	}
}

func bucket(n int32) byte {
	switch {
	case n <= 2:
		return byte(max(n, 0))
	case n <= 4:
		return 3
	}
	return 4
}

// majority returns the type (1–3) counted most often and its count.
func majority(c []int32) (int, int32) {
	best, n := 0, int32(0)
	for t := 1; t <= 3; t++ {
		if c[t] > n {
			best, n = t, c[t]
		}
	}
	return best, n
}

// features appends to extra the document features of sentence ws, which has
// first-stage labels ls and is counted in c, leaving out what the sentence's
// own tokens contribute; token i's are extra[off[i]:off[i+1]].
func (c *context) features(ws []string, ls []int, extra []uint64, off []int32) ([]uint64, []int32) {
	extra, off = extra[:0], append(off[:0], 0)
	c.ms = Mentions(ls, c.ms[:0])
	// The longest token sequence around each token that the context tags as
	// a name, longest first and then leftmost.
	c.span = append(c.span[:0], make([]span, len(ws))...)
	for a := range ws {
		h := uint64(fnvOffset)
		for n := 1; n <= c.maxN && a+n <= len(ws); n++ {
			h = hnext(h, ws[a+n-1])
			e, ok := c.ent[h]
			if !ok {
				continue
			}
			for _, m := range c.ms {
				if m.Start == a && m.End == a+n {
					e[typeOf(ls[a])]--
				}
			}
			t, cnt := majority(e[:])
			if cnt == 0 {
				continue
			}
			for i := a; i < a+n; i++ {
				if n <= c.span[i].n {
					continue
				}
				pos := byte(tagI)
				switch {
				case n == 1:
					pos = tagU
				case i == a:
					pos = tagB
				case i == a+n-1:
					pos = tagL
				}
				c.span[i] = span{n, byte(t), pos, cnt}
			}
		}
	}
	m := 0 // the first-stage mention at or after i
	for i, w := range ws {
		for m < len(c.ms) && c.ms[m].End <= i {
			m++
		}
		ot := typeOf(ls[i])
		start := len(extra)
		s := c.word[hlower(w)]
		r, _ := utf8.DecodeRuneInString(w)
		up := unicode.IsUpper(r)
		if others := s.n - 1; others == 0 {
			extra = append(extra, fin(hbyte(hstart(fDocWord), 'a')))
		} else {
			n := s.typ
			n[ot]--
			t, cnt := majority(n[:])
			tagged := n[1] + n[2] + n[3]
			frac := byte(0)
			switch {
			case tagged == 0:
			case tagged*2 < others:
				frac = 1
			case tagged < others:
				frac = 2
			default:
				frac = 3
			}
			extra = append(extra, fin(hbyte(hbyte(hbyte(hstart(fDocWord), byte(t)), bucket(cnt)), frac)))
			if unicode.IsLetter(r) {
				caps, low, cls := s.caps, s.low, byte('l')
				switch {
				case !up:
					low--
				case i == 0:
					cls = 'f'
				default:
					caps--
					cls = 'u'
				}
				extra = append(extra, fin(hbyte(hbyte(hbyte(hstart(fDocCap), cls), bucket(caps)), bucket(low))))
			}
		}
		if sp := c.span[i]; sp.n > 0 {
			extra = append(extra, fin(hbyte(hbyte(hbyte(hstart(fDocEnt), sp.t), sp.pos), bucket(sp.cnt))))
		}
		if p, ok := c.part[hstr(fnvOffset, w)]; ok {
			if m < len(c.ms) && c.ms[m].Start <= i && c.ms[m].End-c.ms[m].Start >= 2 {
				if i == c.ms[m].Start {
					p[4+ot]--
				} else {
					p[ot]--
				}
			}
			var sum [4]int32
			for t := 1; t <= 3; t++ {
				sum[t] = p[t] + p[4+t]
			}
			if t, cnt := majority(sum[:]); cnt > 0 {
				first := byte(0)
				if p[4+t]*2 >= cnt {
					first = 1
				}
				extra = append(extra, fin(hbyte(hbyte(hbyte(hstart(fDocPart), byte(t)), first), bucket(cnt))))
			}
		}
		// Each twice: the word features fit the training sentences better
		// than new text and would leave the document features little weight
		// (seed 1, once / twice: EWT dev 0.773 / 0.782, GUM news 0.540 / 0.569).
		extra = append(extra, extra[start:]...)
		off = append(off, int32(len(extra)))
	}
	return extra, off
}

// documentFeatures calls each with every sentence's document features from
// first-stage labels, counted over the sentences within window of it (all of
// them when window < 0).
func documentFeatures(words [][]string, labels [][]int, window int, each func(k int, extra []uint64, off []int32)) {
	c := newContext()
	var extra []uint64
	var off []int32
	lo, hi := 0, 0 // the sentences counted
	for k := range words {
		for ; hi < len(words) && (window < 0 || hi <= k+window); hi++ {
			c.add(words[hi], labels[hi], 1)
		}
		for ; window >= 0 && lo < k-window; lo++ {
			c.add(words[lo], labels[lo], -1)
		}
		extra, off = c.features(words[k], labels[k], extra, off)
		each(k, extra, off)
	}
}

// Document revises the labels Tag gave the sentences of one document with
// the second stage, then tags recurring names (Propagate); window is as for
// Propagate. A model without a second stage only propagates, and so does a
// sentence with no other in reach: the second stage learnt to lean on the
// other sentences, and alone it does worse than the first (EWT dev, each
// sentence alone: 0.749 against 0.757).
func (t *Tagger) Document(words [][]string, labels [][]int, window int) {
	if doc := t.doc; doc != nil && window != 0 && len(words) > 1 {
		n := 0
		for _, ls := range labels {
			n += len(ls)
		}
		// The context counts first-stage labels until the last sentence is
		// tagged, so the new ones wait in buf.
		buf := make([]int, n)
		at := 0
		documentFeatures(words, labels, window, func(k int, extra []uint64, off []int32) {
			t.tag(doc.slot, words[k], extra, off, buf[at:at+len(words[k])])
			at += len(words[k])
		})
		for _, ls := range labels {
			buf = buf[copy(ls, buf):]
		}
	}
	Propagate(words, labels, window)
}
