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
	"io"
	"math"
	"sync"
)

var negInf = float32(math.Inf(-1))

// Tagger labels token sequences. It is safe for concurrent use.
type Tagger struct {
	w      *weights
	doc    *weights // the second stage (see Document); nil in a model without one
	gaz    Gazetteer
	lex    Lexicon
	row    func(uint64) []float32 // w.slot, bound once so that tagging allocates nothing
	docRow func(uint64) []float32 // doc.slot
	pool   sync.Pool
}

// New reads a model written by Model.Write. gaz and lex must be the ones the
// model was trained with; either may be nil.
func New(model io.Reader, gaz Gazetteer, lex Lexicon) (*Tagger, error) {
	w, doc, err := readModel(model)
	if err != nil {
		return nil, err
	}
	if _, err := loadPlaces(); err != nil {
		return nil, err
	}
	if _, err := loadOrgs(); err != nil {
		return nil, err
	}
	if _, err := loadNameTypes(); err != nil {
		return nil, err
	}
	return newTagger(w, doc, gaz, lex), nil
}

func newTagger(w, doc *weights, gaz Gazetteer, lex Lexicon) *Tagger {
	t := &Tagger{w: w, doc: doc, gaz: gaz, lex: lex, row: w.slot}
	if doc != nil {
		t.docRow = doc.slot
	}
	t.pool.New = func() any { return new(sentence) }
	return t
}

// Features reports how many features the model has.
func (t *Tagger) Features() int {
	if t.doc != nil {
		return t.w.n + t.doc.n
	}
	return t.w.n
}

// Tag writes one label index (into Labels) per word to out, which it grows
// as needed, and returns it. The labels always form valid IOB2.
func (t *Tagger) Tag(words []string, out []int) []int {
	return t.tag(t.row, words, nil, nil, out)
}

// tag is Tag with the weights row and, for the second stage, document
// features.
func (t *Tagger) tag(row func(uint64) []float32, words []string, extra []uint64, off []int32, out []int) []int {
	if cap(out) < len(words) {
		out = make([]int, len(words))
	}
	out = out[:len(words)]
	if len(words) == 0 {
		return out
	}
	s := t.pool.Get().(*sentence)
	s.prepare(words, t.gaz, t.lex)
	s.extra, s.off = extra, off
	s.decode(row, out)
	toIOB(out)
	s.raw, s.extra, s.off = nil, nil, nil
	t.pool.Put(s)
	return out
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
