// Package ner finds person, organisation and location names in tokenized text
// with a structured averaged-perceptron tagger (IOB2 over PER, ORG, LOC,
// Viterbi-decoded). Its
// features are the word, its neighbours, shapes, affixes, the sentence's
// casing, runs of capitalised words, distributional word clusters (our own and
// nlp/wordclass's GloVe classes) and gazetteer matches from the actor
// database. A second stage (Document) tags each sentence again with what the
// first made of the same words elsewhere in the document. The model is trained
// by Train on Universal NER English-EWT and embedded in the binary.
package ner

import (
	"math"
	"sync"
)

var negInf = float32(math.Inf(-1))

// Tagger labels token sequences. It is safe for concurrent use.
type Tagger struct {
	// The first stage: fast as read from a model file, else w as trained.
	fast *table
	w    *weights
	// doc is the second stage (see Document); nil in a tagger without one.
	doc *weights
	gaz Gazetteer
	lex Lexicon
	row func(uint64) []float32 // w.slot, bound once so that tagging allocates nothing
	// free holds sentences between calls; not a sync.Pool, which empties
	// at every other GC, since each carries a word cache that pays off over
	// many documents.
	mu   sync.Mutex
	free []*sentence
}

// loadLists loads the embedded name lists the features read.
func loadLists() error {
	if _, err := loadPlaces(); err != nil {
		return err
	}
	if _, err := loadOrgs(); err != nil {
		return err
	}
	_, err := loadNameTypes()
	return err
}

func newTagger(w, doc *weights, gaz Gazetteer, lex Lexicon) *Tagger {
	t := &Tagger{w: w, doc: doc, gaz: gaz, lex: lex}
	if w != nil {
		t.row = w.slot
	}
	return t
}

// Features reports how many features the model has: its first stage's and,
// where the tagger has it, its second stage's.
func (t *Tagger) Features() int {
	n := 0
	if t.fast != nil {
		for i := range t.fast.recs {
			if t.fast.recs[i].key != 0 {
				n++
			}
		}
	} else {
		n = t.w.n
	}
	if t.doc != nil {
		n += t.doc.n
	}
	return n
}

// Tag writes one label index (into Labels) per word to out, which it grows
// as needed, and returns it. The labels always form valid IOB2.
func (t *Tagger) Tag(words []string, out []int) []int {
	return t.tag(nil, words, nil, nil, out)
}

// tag is Tag with the weights row (nil: the first stage's) and, for the
// second stage, document features.
func (t *Tagger) tag(row func(uint64) []float32, words []string, extra []uint64, off []int32, out []int) []int {
	if cap(out) < len(words) {
		out = make([]int, len(words))
	}
	out = out[:len(words)]
	if len(words) == 0 {
		return out
	}
	s := t.sentence()
	switch {
	case row == nil && t.fast != nil:
		if s.cache == nil {
			s.cache = newWordCache(t.fast)
		}
		s.prepareCached(words, t.gaz, t.lex)
		s.decodeCached(out)
	default:
		if row == nil {
			row = t.row
		}
		s.prepare(words, t.gaz, t.lex)
		s.extra, s.off = extra, off
		s.decode(row, out)
	}
	toIOB(out)
	s.raw, s.extra, s.off = nil, nil, nil
	t.mu.Lock()
	t.free = append(t.free, s)
	t.mu.Unlock()
	return out
}

// sentence returns a free sentence, or a new one.
func (t *Tagger) sentence() *sentence {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := len(t.free); n > 0 {
		s := t.free[n-1]
		t.free = t.free[:n-1]
		return s
	}
	return new(sentence)
}

// decode writes to out the best-scoring valid BILOU tag sequence (first-order
// Viterbi): a token's score for a label is the weight of its static features
// plus that of the features reading the previous label. row returns a
// feature's weights, or nil when it has none.
func (s *sentence) decode(row func(uint64) []float32, out []int) {
	n := len(s.raw)
	if cap(s.delta) < n*nLabels {
		s.delta = make([]float32, n*nLabels*2)
		s.back = make([]uint8, n*nLabels*2)
	}
	delta, back := s.delta[:n*nLabels], s.back[:n*nLabels]
	for i := range n {
		var st [nLabels]float32
		for _, k := range s.static(i) {
			if r := row(k); r != nil {
				for l := range st {
					st[l] += r[l]
				}
			}
		}
		d := delta[i*nLabels : i*nLabels+nLabels]
		for l := range d {
			d[l] = negInf
		}
		nprev := nLabels
		if i == 0 {
			nprev = 1 // the start behaves as O
		}
		for p := range nprev {
			base := float32(0)
			if i > 0 {
				if base = delta[(i-1)*nLabels+p]; base == negInf {
					continue
				}
			}
			sc := st
			for _, k := range s.history(i, p) {
				if r := row(k); r != nil {
					for l := range sc {
						sc[l] += r[l]
					}
				}
			}
			for l := range nLabels {
				if v := base + sc[l]; follows[p][l] && v > d[l] {
					d[l], back[i*nLabels+l] = v, uint8(p)
				}
			}
		}
	}
	backtrace(delta, back, n, out)
}

// backtrace writes to out the best label path of a Viterbi lattice of n
// positions: the best final label that may end a name, then the back
// pointers.
func backtrace[T int64 | float32](delta []T, back []uint8, n int, out []int) {
	best := 0
	last := delta[(n-1)*nLabels:]
	for l := 1; l < nLabels; l++ {
		if last[l] > last[best] && endsName(l) {
			best = l
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = best
		best = int(back[i*nLabels+best])
	}
}

// allowedIOB reports whether label l may follow prev in IOB2: an I- tag only
// continues an entity of its own type.
func allowedIOB(prev, l int) bool {
	if l == 0 || l%2 == 1 {
		return true
	}
	return prev == l || prev == l-1
}

// endsName reports whether BILOU tag g closes what came before it: O, L or U.
func endsName(g int) bool {
	return g == 0 || (g-1)%4 >= tagL
}

// follows[prev][l] caches allowed(prev, l) for decode's inner loop.
var follows = func() (f [nLabels][nLabels]bool) {
	for p := range nLabels {
		for l := range nLabels {
			f[p][l] = allowed(p, l)
		}
	}
	return f
}()

// next[prev] lists the tags that may follow prev, in order: 61 of the 169
// pairs, so that the fast decode's inner loop skips the others unread.
var next = func() (n [nLabels][]uint8) {
	for p := range nLabels {
		for l := range nLabels {
			if allowed(p, l) {
				n[p] = append(n[p], uint8(l))
			}
		}
	}
	return n
}()

// allowed reports whether BILOU tag l may follow prev: I and L continue a B or
// I of their own type, and everything else follows O, L or U.
func allowed(prev, l int) bool {
	if k := (l - 1) % 4; l != 0 && (k == tagI || k == tagL) {
		return prev != 0 && (prev-1)/4 == (l-1)/4 && (prev-1)%4 <= tagI
	}
	return endsName(prev)
}

// Mention is an entity found by the tagger: tokens [Start, End) and its type.
type Mention struct {
	Start, End int
	Type       string // PER, ORG or LOC
}

// Mentions turns IOB2 label indices into mentions.
func Mentions(labels []int, dst []Mention) []Mention {
	start := -1
	for i := 0; i <= len(labels); i++ {
		l := 0
		if i < len(labels) {
			l = labels[i]
		}
		if start >= 0 && (l == 0 || l%2 == 1 || l != labels[start]+1) {
			dst = append(dst, Mention{start, i, Labels[labels[start]][2:]})
			start = -1
		}
		if l%2 == 1 {
			start = i
		}
	}
	return dst
}
