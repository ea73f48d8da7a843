package events

import (
	"strings"

	"github.com/sitrep-dev/sitrep"
)

// sent is one sentence's dependency tree: the document's tokens with a child
// index, so the rules can walk both ways. Relations are normalized to UD v2
// (dobj→obj, nsubjpass→nsubj:pass, nmod under a verb→obl), so the rules work
// on our parser's output and on UD v1 parses (UDPipe 1/2.0) alike.
type sent struct {
	doc        *sitrep.Document
	index      int // sentence index
	first, end int
	rels       []string // normalized relation per token, indexed i-first
	lemmas     []string // lower-case lemma (or form) per token
	kidStart   []int32  // children of token i: kids[kidStart[i]:kidStart[i+1]]
	kids       []int32
	pos        []int32
	ent        []int32 // entity index per document token (work.tokEnt)
}

func (s *sent) reset(doc *sitrep.Document, index int) {
	s.doc, s.index = doc, index
	st := doc.Sentences[index]
	s.first, s.end = st.FirstToken, st.EndToken
	n := s.end - s.first
	s.rels = grow(s.rels, n)
	s.lemmas = grow(s.lemmas, n)
	s.kidStart = growInt(s.kidStart, n+1)
	s.kids = growInt(s.kids, n)
	for i := range s.kidStart {
		s.kidStart[i] = 0
	}
	for i := s.first; i < s.end; i++ {
		t := &doc.Tokens[i]
		s.lemmas[i-s.first] = lowerASCII(lemmaOf(doc, t))
		if h := t.Head; h >= s.first && h < s.end && h != i {
			s.kidStart[h-s.first+1]++
		}
	}
	for i := 1; i <= n; i++ {
		s.kidStart[i] += s.kidStart[i-1]
	}
	s.pos = growInt(s.pos, n) // next free slot per parent
	pos := s.pos
	for i := range pos {
		pos[i] = 0
	}
	for i := s.first; i < s.end; i++ {
		if h := doc.Tokens[i].Head; h >= s.first && h < s.end && h != i {
			p := h - s.first
			s.kids[s.kidStart[p]+pos[p]] = int32(i)
			pos[p]++
		}
	}
	for i := s.first; i < s.end; i++ {
		s.rels[i-s.first] = s.normRel(i)
	}
}

func grow(s []string, n int) []string {
	if cap(s) < n {
		return make([]string, n)
	}
	return s[:n]
}

func growInt(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func (s *sent) normRel(i int) string {
	r := s.doc.Tokens[i].Deprel
	switch r {
	case "dobj":
		return "obj"
	case "nsubjpass":
		return "nsubj:pass"
	case "csubjpass":
		return "csubj:pass"
	case "auxpass":
		return "aux:pass"
	case "neg":
		return "advmod:neg"
	case "nmod", "nmod:npmod":
		if h := s.head(i); h >= 0 && s.isVerbal(h) {
			return "obl"
		}
	case "nmod:tmod":
		return "obl:tmod"
	case "nmod:agent":
		return "obl:agent"
	}
	return r
}

func (s *sent) in(i int) bool { return i >= s.first && i < s.end }

// head returns the head of token i within the sentence, -1 for the root.
func (s *sent) head(i int) int {
	h := s.doc.Tokens[i].Head
	if !s.in(h) {
		return -1
	}
	return h
}

func (s *sent) rel(i int) string   { return s.rels[i-s.first] }
func (s *sent) lemma(i int) string { return s.lemmas[i-s.first] }
func (s *sent) upos(i int) string  { return s.doc.Tokens[i].UPOS }
func (s *sent) text(i int) string  { return s.doc.Tokens[i].Of(s.doc.Text) }

func (s *sent) children(i int) []int32 {
	p := i - s.first
	return s.kids[s.kidStart[p]:s.kidStart[p+1]]
}

func (s *sent) isVerbal(i int) bool {
	switch s.doc.Tokens[i].UPOS {
	case "VERB", "AUX":
		return true
	}
	return false
}

// baseRel is the relation without its subtype ("obl:tmod" → "obl").
func baseRel(r string) string {
	if i := strings.IndexByte(r, ':'); i >= 0 {
		return r[:i]
	}
	return r
}

// child returns the first child of i with relation rel (exact), -1 if none.
func (s *sent) child(i int, rels ...string) int {
	for _, c := range s.children(i) {
		r := s.rel(int(c))
		for _, want := range rels {
			if r == want {
				return int(c)
			}
		}
	}
	return -1
}

// caseOf returns the preposition of a nominal ("according" for "according
// to"), "" when it has none.
func (s *sent) caseOf(i int) string {
	for _, c := range s.children(int(i)) {
		if r := s.rel(int(c)); r == "case" || r == "mark" && s.upos(int(c)) == "ADP" {
			if l := lowerASCII(s.text(int(c))); l == "according" {
				return l // lemmatizers make it "accord"
			}
			return s.lemma(int(c))
		}
	}
	return ""
}

// isAncestor reports whether a dominates i (or is i).
func (s *sent) isAncestor(a, i int) bool {
	for n := 0; i >= 0 && n < 64; n++ {
		if i == a {
			return true
		}
		i = s.head(i)
	}
	return false
}

// clauseRels are relations that start a new clause: argument search does
// not cross them.
func clauseRel(r string) bool {
	switch baseRel(r) {
	case "acl", "advcl", "ccomp", "csubj", "parataxis", "xcomp", "conj", "list", "dep", "discourse", "vocative", "reparandum":
		return true
	}
	return false
}

// phrase returns the tokens of the noun phrase headed by h, with their depth
// below h, not entering clauses or coordinated conjuncts.
func (s *sent) phrase(h int, buf []tokDepth) []tokDepth {
	buf = append(buf[:0], tokDepth{h, 0})
	for k := 0; k < len(buf); k++ {
		t := buf[k]
		for _, c := range s.children(t.tok) {
			r := s.rel(int(c))
			if clauseRel(r) || r == "cc" || r == "punct" {
				continue
			}
			buf = append(buf, tokDepth{int(c), t.depth + 1})
		}
	}
	return buf
}

type tokDepth struct{ tok, depth int }
