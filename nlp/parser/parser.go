// Package parser is a transition-based labelled dependency parser: arc-eager
// transitions with the root at the end of the buffer, the rich non-local
// features of Zhang and Nivre (2011) (third-order context, distance, valency
// and label sets), an averaged perceptron, and greedy or beam-search decoding.
// A greedy parser is trained with the dynamic oracle of Goldberg and Nivre
// (2012), exploring its own mistakes so that it learns to recover from them; a
// beam parser is trained globally, with max-violation updates (Huang, Fayong
// and Guo 2012). Greedy parsing is linear in the sentence length: each word
// is shifted once and reduced or attached once; a beam multiplies the work by
// its width, plus copies of configurations (prefixes of the sentence).
package parser

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sitrep-dev/sitrep/nlp/internal/lex"
	"github.com/sitrep-dev/sitrep/nlp/perceptron"
)

// Parser is a trained parser; safe for concurrent use.
type Parser struct {
	Labels []string
	// Beam is the beam width the parser was trained with and decodes with;
	// 1 is greedy.
	Beam  int
	root  int // index of "root" in Labels
	model *perceptron.Model
}

// Sentence is the parser's input and output. Heads are sentence-relative,
// -1 for the root; Labels index Parser.Labels.
type Sentence struct {
	Words  []lex.Word
	Tags   []int
	Heads  []int
	Labels []int
}

const (
	shift = iota
	reduce
	nFixed
)

// state is a parser configuration. Index n stands for the root, which sits at
// the end of the buffer.
type state struct {
	n, b  int
	stack []int
	nodes []node // n+1
}

// node is what the configuration knows about one word; it is kept compact
// because the beam copies configurations.
type node struct {
	sl, sr uint64 // sets of the labels of left and right dependents
	head   int32  // -1 none
	label  int32  // -1 none
	// leftmost and second leftmost, rightmost and second rightmost
	// dependents (-1 none)
	l1, l2, r1, r2 int32
	vl, vr         uint8 // counts of left and right dependents
}

var blank = node{head: -1, label: -1, l1: -1, l2: -1, r1: -1, r2: -1}

func (st *state) reset(n int) {
	st.n, st.b = n, 0
	st.stack = st.stack[:0]
	st.nodes = st.nodes[:0]
	for range n + 1 {
		st.nodes = append(st.nodes, blank)
	}
}

// copyFrom makes st, a configuration of the same sentence, a copy of src.
// Words past the front of the buffer have no arcs in either, so only the
// prefix that one of them has touched and the root are copied.
func (st *state) copyFrom(src *state) {
	hi := max(st.b, src.b) + 1
	copy(st.nodes[:hi], src.nodes[:hi])
	st.nodes[st.n] = src.nodes[src.n]
	st.b = src.b
	st.stack = append(st.stack[:0], src.stack...)
}

func (st *state) done() bool { return len(st.stack) == 0 && st.b == st.n }

func (st *state) s0() int {
	if len(st.stack) == 0 {
		return -1
	}
	return st.stack[len(st.stack)-1]
}

func (st *state) head(i int) int { return int(st.nodes[i].head) }

func (st *state) arc(h, d, l int) {
	nd, nh := &st.nodes[d], &st.nodes[h]
	nd.head, nd.label = int32(h), int32(l)
	d32 := int32(d)
	if d < h {
		if nh.l1 == -1 || d32 < nh.l1 {
			nh.l2, nh.l1 = nh.l1, d32
		} else if nh.l2 == -1 || d32 < nh.l2 {
			nh.l2 = d32
		}
		if nh.vl < 255 {
			nh.vl++
		}
		nh.sl |= 1 << uint(l&63)
	} else {
		if nh.r1 == -1 || d32 > nh.r1 {
			nh.r2, nh.r1 = nh.r1, d32
		} else if nh.r2 == -1 || d32 > nh.r2 {
			nh.r2 = d32
		}
		if nh.vr < 255 {
			nh.vr++
		}
		nh.sr |= 1 << uint(l&63)
	}
}

// valid reports whether transition t may apply.
func (p *Parser) valid(st *state, t int) bool {
	sh, re, left, right := p.moves(st)
	switch {
	case t == shift:
		return sh
	case t == reduce:
		return re
	case t < nFixed+len(p.Labels):
		return left && (t-nFixed == p.root) == (st.b == st.n)
	default:
		return right && t-nFixed-len(p.Labels) != p.root
	}
}

func (p *Parser) apply(st *state, t int) {
	s0 := st.s0()
	switch {
	case t == shift:
		st.stack = append(st.stack, st.b)
		st.b++
	case t == reduce:
		st.stack = st.stack[:len(st.stack)-1]
	case t < nFixed+len(p.Labels):
		st.arc(st.b, s0, t-nFixed)
		st.stack = st.stack[:len(st.stack)-1]
	default:
		st.arc(s0, st.b, t-nFixed-len(p.Labels))
		st.stack = append(st.stack, st.b)
		st.b++
	}
}

// Parse fills s.Heads and s.Labels.
func (p *Parser) Parse(s *Sentence, sc *Scratch) {
	n := len(s.Words)
	s.Heads, s.Labels = s.Heads[:0], s.Labels[:0]
	if n == 0 {
		return
	}
	if p.Beam > 1 {
		p.parseBeam(s, sc, p.Beam)
		return
	}
	st := &sc.st
	st.reset(n)
	nt := nFixed + 2*len(p.Labels)
	if cap(sc.scores) < nt {
		sc.scores = make([]float32, nt)
	}
	scores := sc.scores[:nt]
	sc.cache.use(p)
	sc.cache.sentence(s)
	for !st.done() {
		if t, ok := p.forced(st); ok {
			p.apply(st, t)
			continue
		}
		p.view(s, st, &sc.view)
		clear(scores)
		// The other features' slots, which mostly miss the cache, are
		// prefetched before the cached sums are added, and arrive
		// while they are.
		sc.feats = sc.view.others(sc.feats[:0])
		p.model.Prefetch(sc.feats)
		sc.cache.add(&sc.view, scores)
		p.model.Score(sc.feats, scores)
		best := -1
		for t := range scores {
			if (best < 0 || scores[t] > scores[best]) && p.valid(st, t) {
				best = t
			}
		}
		p.apply(st, best)
	}
	p.finish(s, st)
}

// forced returns the one transition valid in st, if only one is: a shift
// onto an empty stack and, once the buffer is empty, a reduce or the left
// arc labelled root. Parse takes it unscored: the choice among valid
// transitions would take it whatever the scores.
func (p *Parser) forced(st *state) (int, bool) {
	s0 := st.s0()
	switch {
	case s0 < 0:
		return shift, true
	case st.b < st.n:
		return 0, false
	case st.head(s0) >= 0:
		return reduce, true
	}
	return nFixed + p.root, true
}

// finish copies the arcs out; of several words attached to the root, the
// first stays the root and the others attach to it.
func (p *Parser) finish(s *Sentence, st *state) {
	first := -1
	for i := 0; i < st.n; i++ {
		h, l := st.head(i), int(st.nodes[i].label)
		if h == st.n || h < 0 {
			if first < 0 {
				first = i
				h, l = -1, p.root
			} else {
				h, l = first, p.fallback()
			}
		}
		s.Heads = append(s.Heads, h)
		s.Labels = append(s.Labels, l)
	}
}

func (p *Parser) fallback() int {
	for i, l := range p.Labels {
		if l == "parataxis" {
			return i
		}
	}
	return p.root
}

// Size reports the model's features and weights.
func (p *Parser) Size() (features, weights int) { return p.model.Features(), p.model.Entries() }

// Scratch holds a parser's working memory; reuse one per goroutine.
type Scratch struct {
	st     state
	feats  []uint64
	scores []float32
	view   view
	cache  cache
	beam   beam
}

// A greedy parser is written in the first format, which has no beam line, so
// that its file stays the same.
const (
	magic     = "sitrep-parser-1\n"
	magicBeam = "sitrep-parser-2\n"
)

// Write writes the parser (package modelfile compresses the file).
func (p *Parser) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if p.Beam > 1 {
		bw.WriteString(magicBeam)
		fmt.Fprintf(bw, "beam %d\n", p.Beam)
	} else {
		bw.WriteString(magic)
	}
	fmt.Fprintf(bw, "%s\n", strings.Join(p.Labels, " "))
	if _, err := p.model.WriteTo(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// Read reads a parser written by Write.
func Read(r io.Reader) (*Parser, error) {
	br := bufio.NewReader(r)
	line := func() string { s, _ := br.ReadString('\n'); return strings.TrimSuffix(s, "\n") }
	p := &Parser{Beam: 1}
	switch line() + "\n" {
	case magic:
	case magicBeam:
		if _, err := fmt.Sscanf(line(), "beam %d", &p.Beam); err != nil || p.Beam < 1 || p.Beam > maxBeam {
			return nil, errors.New("parser model: bad beam width")
		}
	default:
		return nil, errors.New("parser model: bad header")
	}
	p.Labels = strings.Fields(line())
	if p.root = index(p.Labels, "root"); p.root < 0 || len(p.Labels) > 64 {
		return nil, errors.New("parser model: bad labels")
	}
	var err error
	if p.model, err = perceptron.Read(br); err != nil {
		return nil, fmt.Errorf("parser model: %w", err)
	}
	if p.model.NClasses != nFixed+2*len(p.Labels) {
		return nil, errors.New("parser model: class count mismatch")
	}
	return p, nil
}

func index(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}
