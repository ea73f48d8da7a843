// Package parser is a transition-based labelled dependency parser: arc-eager
// transitions with the root at the end of the buffer, the rich non-local
// features of Zhang and Nivre (2011) (third-order context, distance, valency
// and label sets), an averaged perceptron, and greedy decoding. It is trained
// with the dynamic oracle of Goldberg and Nivre (2012), exploring its own
// mistakes so that it learns to recover from them. Parsing is linear in the
// sentence length: each word is shifted once and reduced or attached once.
package parser

import (
	"bufio"
	"compress/gzip"
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
	root   int // index of "root" in Labels
	model  *perceptron.Model
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

func (p *Parser) left(l int) int  { return nFixed + l }
func (p *Parser) right(l int) int { return nFixed + len(p.Labels) + l }

// state is a parser configuration. Index n stands for the root, which sits at
// the end of the buffer.
type state struct {
	n      int
	stack  []int
	b      int
	heads  []int
	labels []int
	// Per word: leftmost and second leftmost, rightmost and second rightmost
	// dependents (-1 none), counts of left and right dependents, and the
	// sets of their labels.
	l1, l2, r1, r2 []int
	vl, vr         []uint8
	sl, sr         []uint64
}

func (st *state) reset(n int) {
	st.n, st.b = n, 0
	st.stack = st.stack[:0]
	grow := func(s []int, v int) []int {
		s = s[:0]
		for range n + 1 {
			s = append(s, v)
		}
		return s
	}
	st.heads = grow(st.heads, -1)
	st.labels = grow(st.labels, -1)
	st.l1, st.l2, st.r1, st.r2 = grow(st.l1, -1), grow(st.l2, -1), grow(st.r1, -1), grow(st.r2, -1)
	st.vl, st.vr = st.vl[:0], st.vr[:0]
	st.sl, st.sr = st.sl[:0], st.sr[:0]
	for range n + 1 {
		st.vl, st.vr = append(st.vl, 0), append(st.vr, 0)
		st.sl, st.sr = append(st.sl, 0), append(st.sr, 0)
	}
}

func (st *state) done() bool { return len(st.stack) == 0 && st.b == st.n }

func (st *state) s0() int {
	if len(st.stack) == 0 {
		return -1
	}
	return st.stack[len(st.stack)-1]
}

func (st *state) arc(h, d, l int) {
	st.heads[d], st.labels[d] = h, l
	if d < h {
		if st.l1[h] == -1 || d < st.l1[h] {
			st.l2[h], st.l1[h] = st.l1[h], d
		} else if st.l2[h] == -1 || d < st.l2[h] {
			st.l2[h] = d
		}
		if st.vl[h] < 255 {
			st.vl[h]++
		}
		st.sl[h] |= 1 << uint(l&63)
	} else {
		if st.r1[h] == -1 || d > st.r1[h] {
			st.r2[h], st.r1[h] = st.r1[h], d
		} else if st.r2[h] == -1 || d > st.r2[h] {
			st.r2[h] = d
		}
		if st.vr[h] < 255 {
			st.vr[h]++
		}
		st.sr[h] |= 1 << uint(l&63)
	}
}

// valid reports whether transition t may apply.
func (p *Parser) valid(st *state, t int) bool {
	s0 := st.s0()
	switch {
	case t == shift:
		return st.b < st.n
	case t == reduce:
		return s0 >= 0 && st.heads[s0] >= 0
	case t < nFixed+len(p.Labels): // left
		if s0 < 0 || st.heads[s0] >= 0 {
			return false
		}
		return (t-nFixed == p.root) == (st.b == st.n)
	default: // right
		return s0 >= 0 && st.b < st.n && t-nFixed-len(p.Labels) != p.root
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
	st := &sc.st
	st.reset(n)
	nt := nFixed + 2*len(p.Labels)
	if cap(sc.scores) < nt {
		sc.scores = make([]float32, nt)
	}
	scores := sc.scores[:nt]
	for !st.done() {
		sc.feats = p.features(s, st, sc.feats[:0])
		clear(scores)
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

// finish copies the arcs out; of several words attached to the root, the
// first stays the root and the others attach to it.
func (p *Parser) finish(s *Sentence, st *state) {
	first := -1
	for i := 0; i < st.n; i++ {
		h, l := st.heads[i], st.labels[i]
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
}

const magic = "sitrep-parser-1\n"

// Write writes the parser, gzip-compressed.
func (p *Parser) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	fmt.Fprintf(bw, "%s\n", strings.Join(p.Labels, " "))
	if _, err := p.model.WriteTo(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read reads a parser written by Write.
func Read(r io.Reader) (*Parser, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("parser model: %w", err)
	}
	br := bufio.NewReader(zr)
	line := func() string { s, _ := br.ReadString('\n'); return strings.TrimSuffix(s, "\n") }
	if line()+"\n" != magic {
		return nil, errors.New("parser model: bad header")
	}
	p := &Parser{Labels: strings.Fields(line())}
	if p.root = index(p.Labels, "root"); p.root < 0 || len(p.Labels) > 64 {
		return nil, errors.New("parser model: bad labels")
	}
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
