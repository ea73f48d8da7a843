package ner

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokensWindow is the context Propagate gets where the input marks no
// documents (`sitrep ner --tokens`, Evaluate): the sentences within this many
// of each, about a web document or news story's length on either side.
const TokensWindow = 20

const bPER = 1 // Labels index of B-PER

// Propagate labels, in each sentence, the untagged occurrences of the names
// the tagger found in its context: the sentences within window of it, or all
// of them (one document) when window < 0. A name a document repeats is mostly
// tagged in some sentences and missed in others ("Google can even survive",
// an acronym after its first use), and the sentence that misses it holds no
// clue the features could use. Only names starting with a capital letter
// spread, with the type they were tagged with most often, and only over
// tokens all tagged O that do not continue a name just before them.
func Propagate(words [][]string, labels [][]int, window int) {
	p := propagator{found: make([][]foundName, len(words)), counts: map[string]*tally{},
		byFirst: map[string][]*tally{}, parts: map[string]bool{}}
	var ms []Mention
	for k, ls := range labels {
		ms = Mentions(ls, ms[:0])
		for _, m := range ms {
			if toks := words[k][m.Start:m.End]; capitalised(toks[0]) {
				p.found[k] = append(p.found[k], foundName{toks, labels[k][m.Start]})
			}
		}
	}
	plo, phi := -1, -1
	for k, ws := range words {
		lo, hi := 0, len(words)
		if window >= 0 {
			lo, hi = max(0, k-window), min(len(words), k+window+1)
		}
		if lo != plo || hi != phi { // a whole document is counted once
			p.build(lo, hi)
			plo, phi = lo, hi
		}
		p.spread(ws, labels[k])
		p.personParts(ws, labels[k])
	}
}

// foundName is a name the tagger found: its tokens and its B- label.
type foundName struct {
	toks []string
	b    int
}

// tally counts the labels a name was tagged with.
type tally struct {
	toks []string
	n    [7]int // per IOB2 label
	b    int    // the label tagged most often
}

// propagator holds the names found in a window of sentences.
type propagator struct {
	found   [][]foundName // per sentence
	counts  map[string]*tally
	cands   []*tally
	byFirst map[string][]*tally // by first token, longest first
	parts   map[string]bool     // the parts of persons named in full
}

// build counts the names found in sentences [lo, hi).
func (p *propagator) build(lo, hi int) {
	clear(p.counts)
	clear(p.byFirst)
	clear(p.parts)
	p.cands = p.cands[:0]
	for _, f := range p.found[lo:hi] {
		for _, nm := range f {
			key := strings.Join(nm.toks, "\x00")
			t := p.counts[key]
			if t == nil {
				t = &tally{toks: nm.toks}
				p.counts[key] = t
				p.cands = append(p.cands, t)
			}
			t.n[nm.b]++
		}
	}
	for _, t := range p.cands {
		for l, n := range t.n {
			if n > t.n[t.b] {
				t.b = l
			}
		}
		p.byFirst[t.toks[0]] = append(p.byFirst[t.toks[0]], t)
	}
	// Longest names first, so that "Bank of America" wins over "Bank".
	for _, ts := range p.byFirst {
		slices.SortStableFunc(ts, func(a, b *tally) int { return len(b.toks) - len(a.toks) })
	}
	// A person named in full is then often named by one part ("Trump",
	// "Vangie"): see personParts.
	for _, f := range p.found[lo:hi] {
		for _, nm := range f {
			if nm.b != bPER || len(nm.toks) < 2 {
				continue
			}
			for _, w := range nm.toks {
				if len(w) > 2 && capitalised(w) && !strings.HasSuffix(w, ".") {
					p.parts[w] = true
				}
			}
		}
	}
}

// spread labels the untagged occurrences of the names counted in one
// sentence.
func (p *propagator) spread(ws []string, ls []int) {
	for i := 0; i < len(ws); i++ {
		if ls[i] != 0 || i > 0 && ls[i-1] != 0 && capitalised(ws[i-1]) {
			continue
		}
		for _, t := range p.byFirst[ws[i]] {
			n := len(t.toks)
			if i+n > len(ws) || !slices.Equal(ws[i:i+n], t.toks) || slices.ContainsFunc(ls[i:i+n], func(l int) bool { return l != 0 }) {
				continue
			}
			ls[i] = t.b
			for j := i + 1; j < i+n; j++ {
				ls[j] = t.b + 1
			}
			i += n - 1
			break
		}
	}
}

// personParts makes a part of a person's full name PER where it was tagged
// alone as another type, and spreads it over untagged tokens where no
// neighbour is a name too and the context never tagged it alone.
func (p *propagator) personParts(ws []string, ls []int) {
	for i, w := range ws {
		if !p.parts[w] {
			continue
		}
		_, tagged := p.counts[w]
		alone := ls[i]%2 == 1 && (i+1 == len(ws) || ls[i+1] != ls[i]+1)
		if alone || !tagged && ls[i] == 0 && (i == 0 || ls[i-1] == 0) && (i+1 == len(ws) || !capitalised(ws[i+1])) {
			ls[i] = bPER
		}
	}
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
