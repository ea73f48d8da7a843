// Package ner finds person, organisation and location names in tokenized text
// with a greedy averaged-perceptron tagger (IOB2 over PER, ORG, LOC). Its
// features are the word, its neighbours, shapes, affixes, the sentence's
// casing, distributional word clusters and gazetteer matches from the actor
// database; the model is trained by Train on Universal NER English-EWT and the
// GUM Wikinews documents and embedded in the binary.
package ner

import (
	"io"
	"sync"
)

// Tagger labels token sequences. It is safe for concurrent use.
type Tagger struct {
	w    *weights
	gaz  Gazetteer
	lex  Lexicon
	pool sync.Pool
}

// New reads a model written by Model.Write. gaz and lex must be the ones the
// model was trained with; either may be nil.
func New(model io.Reader, gaz Gazetteer, lex Lexicon) (*Tagger, error) {
	w, err := readWeights(model)
	if err != nil {
		return nil, err
	}
	return newTagger(w, gaz, lex), nil
}

func newTagger(w *weights, gaz Gazetteer, lex Lexicon) *Tagger {
	t := &Tagger{w: w, gaz: gaz, lex: lex}
	t.pool.New = func() any { return new(sentence) }
	return t
}

// Features reports how many features the model has.
func (t *Tagger) Features() int { return t.w.n }

// Tag writes one label index (into Labels) per word to out, which it grows
// as needed, and returns it. The labels always form valid IOB2.
func (t *Tagger) Tag(words []string, out []int) []int {
	if cap(out) < len(words) {
		out = make([]int, len(words))
	}
	out = out[:len(words)]
	if len(words) == 0 {
		return out
	}
	s := t.pool.Get().(*sentence)
	s.prepare(words, t.gaz, t.lex)
	prev, prev2 := 0, 0
	var scores [nLabels]float32
	for i := range words {
		f := s.history(s.static(i), i, prev, prev2)
		s.feats = f
		scores = [nLabels]float32{}
		for _, k := range f {
			if row := t.w.slot(k); row != nil {
				for l := range scores {
					scores[l] += row[l]
				}
			}
		}
		best := bestAllowed(&scores, prev)
		out[i] = best
		prev2, prev = prev, best
	}
	s.raw = nil
	t.pool.Put(s)
	return out
}

// allowed reports whether label l may follow prev in IOB2: an I- tag only
// continues an entity of its own type.
func allowed(prev, l int) bool {
	if l == 0 || l%2 == 1 {
		return true
	}
	return prev == l || prev == l-1
}

func bestAllowed(scores *[nLabels]float32, prev int) int {
	best := 0
	for l := 1; l < nLabels; l++ {
		if allowed(prev, l) && scores[l] > scores[best] {
			best = l
		}
	}
	return best
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
