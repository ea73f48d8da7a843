// Package nlp is the syntax stage of sitrep: it tokenizes and splits a
// document (package tokenize) when that has not been done, then tags each
// word with UPOS and XPOS (package tagger), lemmatizes it (package lemma) and
// parses each sentence into Universal Dependencies (package parser). The
// models are trained by `sitrep train nlp` from UD English-EWT (and GUM
// Wikinews) and embedded in the binary; they are CC BY-SA 4.0 like EWT.
package nlp

import (
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/nlp/lemma"
	"github.com/sitrep-dev/sitrep/nlp/parser"
	"github.com/sitrep-dev/sitrep/nlp/tagger"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
	"github.com/sitrep-dev/sitrep/nlp/wordclass"
)

// The embedded models, as []byte rather than an embed.FS, whose ReadFile
// copies them (9 MB) before they are read.
var (
	//go:embed models/tagger.gz
	taggerModel []byte
	//go:embed models/lemma.gz
	lemmaModel []byte
	//go:embed models/parser.gz
	parserModel []byte
)

// model returns the embedded model file of the given name.
func model(name string) ([]byte, error) {
	var b []byte
	switch name {
	case TaggerFile:
		b = taggerModel
	case LemmaFile:
		b = lemmaModel
	case ParserFile:
		b = parserModel
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("embedded model %s is empty: run `sitrep train nlp`", name)
	}
	return b, nil
}

// Model file names under models/ (and under `sitrep train nlp --out`).
const (
	TaggerFile = "tagger.gz"
	LemmaFile  = "lemma.gz"
	ParserFile = "parser.gz"
)

// Pipeline tags, lemmatizes and parses documents. It implements
// sitrep.Stage and is safe for concurrent use.
type Pipeline struct {
	Tagger *tagger.Tagger
	Lemma  *lemma.Lemmatizer
	Parser *parser.Parser
	// filter, when set, decides after tagging whether a sentence is
	// parsed: parsing is most of the pipeline's time, and a consumer that
	// reads the syntax of only some sentences need not pay for the rest.
	filter *Filter
	// free holds the scratch of goroutines between documents. Not a
	// sync.Pool, which empties at every other GC: each scratch carries a
	// tagger cache that pays off over many documents.
	mu   sync.Mutex
	free []*scratch
}

var (
	loadOnce sync.Once
	loaded   *Pipeline
	loadErr  error
)

// Load returns the pipeline with the embedded models, loading them once.
func Load() (*Pipeline, error) {
	loadOnce.Do(func() {
		read := func(name string) (io.Reader, error) {
			b, err := model(name)
			if err != nil {
				return nil, err
			}
			r, _, err := modelfile.Open(b)
			return r, err
		}
		// The four load on their own goroutines: start-up takes about as
		// long as the parser's, the largest, rather than their sum.
		p := &Pipeline{}
		var wg sync.WaitGroup
		var errs [4]error // reported in this order
		wg.Go(func() {
			r, err := read(TaggerFile)
			if err == nil {
				p.Tagger, err = tagger.Read(r)
			}
			errs[0] = err
		})
		// The tagger's word classes load here, with the models, rather
		// than on the first word tagged.
		wg.Go(func() { errs[1] = wordclass.Err() })
		wg.Go(func() {
			r, err := read(LemmaFile)
			if err == nil {
				p.Lemma, err = lemma.Read(r)
			}
			errs[2] = err
		})
		wg.Go(func() {
			r, err := read(ParserFile)
			if err == nil {
				p.Parser, err = parser.Read(r)
			}
			errs[3] = err
		})
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				loadErr = err
				return
			}
		}
		loaded = p
	})
	return loaded, loadErr
}

// New returns a pipeline from models given by the caller (for training and
// evaluation).
func New(t *tagger.Tagger, l *lemma.Lemmatizer, p *parser.Parser) *Pipeline {
	return &Pipeline{Tagger: t, Lemma: l, Parser: p}
}

// Filter decides from its words whether a sentence is parsed. Word gives a
// word's marks from its form, XPOS and lemma, and Parse decides on tokens
// [first, end) of doc, tagged and lemmatized, and their marks (marks[i] of
// token first+i). A word's marks depend on its form and tag only, so the
// pipeline keeps them with its lemma, by form and tag, rather than asking
// Word again at every token.
type Filter struct {
	Word  func(form, xpos, lemma string) uint8
	Parse func(doc *sitrep.Document, first, end int, marks []uint8) bool
}

// ParsingOnly returns a pipeline with p's models that tags and lemmatizes
// every sentence but parses only those f lets through; the tokens of the
// others keep Head -1 and an empty Deprel.
func (p *Pipeline) ParsingOnly(f Filter) *Pipeline {
	return &Pipeline{Tagger: p.Tagger, Lemma: p.Lemma, Parser: p.Parser, filter: &f}
}

// Name implements sitrep.Stage.
func (p *Pipeline) Name() string { return "nlp" }

type scratch struct {
	tc    *tagger.Cache
	forms []string
	ts    tagger.Sentence
	ps    parser.Sentence
	psc   parser.Scratch
	buf   []byte
	// lemmas holds, by the tagger cache's entry of a form, the form's
	// lemmas and the filter's marks with the last two classes it was
	// tagged with (most words have one or two): lemmatizing was 3% of
	// sitrep code's CPU and the event coder's filter 1.5%, most of it
	// lookups in maps keyed by strings. gen is the cache generation they
	// are of.
	lemmas []lemmaMemo
	gen    int
	marks  []uint8 // the filter's marks of the piece's tokens
	// past reports whether forms[i] is a known verb's past tense and
	// participle ("shot", "killed"; not "loss", a typo for "lost" in the
	// treebank), for tagger.RequireVerb.
	past func(i int) bool
}

// lemmaMemo holds a form's lemmas and marks for two tag classes, the
// latest first; a class is stored + 1, 0 none.
type lemmaMemo struct {
	class [2]int32
	lemma [2]string
	marks [2]uint8
}

// lemma returns the lemma of form, tagged class k (tag c), and its marks
// under the filter, from m or, when m lacks them, from the lemmatizer and
// the filter, keeping them in m.
func (p *Pipeline) lemma(m *lemmaMemo, form string, k int, c tagger.Tag) (string, uint8) {
	key := int32(k) + 1
	switch key {
	case m.class[0]:
		return m.lemma[0], m.marks[0]
	case m.class[1]:
		return m.lemma[1], m.marks[1]
	}
	// A copy: a slice of the form would keep its document in memory.
	l := strings.Clone(p.Lemma.Lemma(form, c.XPOS))
	marks := p.marks(form, c.XPOS, l)
	m.class[1], m.lemma[1], m.marks[1] = m.class[0], m.lemma[0], m.marks[0]
	m.class[0], m.lemma[0], m.marks[0] = key, l, marks
	return l, marks
}

// marks returns the filter's marks of a word, 0 without a filter.
func (p *Pipeline) marks(form, xpos, lemma string) uint8 {
	if p.filter == nil {
		return 0
	}
	return p.filter.Word(form, xpos, lemma)
}

// Annotate implements sitrep.Stage: it tokenizes doc when it has no tokens,
// then tags, lemmatizes and parses every sentence. Sentences longer than
// tokenize.MaxSentence tokens are parsed in pieces, whose roots attach to
// the first piece's root, so time stays linear.
func (p *Pipeline) Annotate(doc *sitrep.Document) error {
	if len(doc.Tokens) == 0 {
		doc.Tokens, doc.Sentences = tokenize.Tokenize(doc.Text, doc.Tokens, doc.Sentences[:0])
	} else if len(doc.Sentences) == 0 {
		doc.Sentences = append(doc.Sentences, sitrep.Sentence{
			Span:       sitrep.Span{Start: doc.Tokens[0].Start, End: doc.Tokens[len(doc.Tokens)-1].End},
			FirstToken: 0, EndToken: len(doc.Tokens)})
	}
	sc := p.scratch()
	defer func() {
		p.mu.Lock()
		p.free = append(p.free, sc)
		p.mu.Unlock()
	}()
	for _, s := range doc.Sentences {
		if s.FirstToken < 0 || s.EndToken > len(doc.Tokens) || s.FirstToken > s.EndToken {
			return sitrep.Errorf(sitrep.EINVALID, "sentence token range [%d,%d) outside %d tokens", s.FirstToken, s.EndToken, len(doc.Tokens))
		}
		root := -1
		for first := s.FirstToken; first < s.EndToken; first += tokenize.MaxSentence {
			end := min(first+tokenize.MaxSentence, s.EndToken)
			r := p.piece(doc, first, end, sc)
			if root < 0 {
				root = r
			} else if r >= 0 {
				doc.Tokens[r].Head, doc.Tokens[r].Deprel = root, "parataxis"
			}
		}
	}
	return nil
}

// scratch returns a free scratch, or a new one.
func (p *Pipeline) scratch() *scratch {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		sc := p.free[n-1]
		p.free = p.free[:n-1]
		return sc
	}
	sc := &scratch{tc: p.Tagger.NewCache()}
	sc.ts.Use(sc.tc)
	sc.past = func(i int) bool {
		f := sc.forms[i]
		l := p.Lemma.Lemma(f, "VBD")
		return !strings.EqualFold(l, f) && p.Lemma.Verb(l) && p.Lemma.Lemma(f, "VBN") == l
	}
	return sc
}

// piece annotates tokens [first, end) as one sentence and returns the index
// of its root.
func (p *Pipeline) piece(doc *sitrep.Document, first, end int, sc *scratch) int {
	toks := doc.Tokens[first:end]
	sc.forms = sc.forms[:0]
	for i := range toks {
		sc.forms = append(sc.forms, toks[i].Of(doc.Text))
	}
	sc.buf = sc.ts.Reset(sc.forms, sc.buf)
	p.Tagger.Tag(&sc.ts)
	p.Tagger.RequireVerb(&sc.ts, sc.past)
	ents, gen := sc.ts.Entries()
	if ents != nil {
		if gen != sc.gen {
			clear(sc.lemmas)
			sc.gen = gen
		}
		// Entries are numbered from 0 as the cache fills; so is the memory.
		n := 0
		for _, k := range ents {
			n = max(n, int(k)+1)
		}
		if n > len(sc.lemmas) {
			sc.lemmas = append(sc.lemmas, make([]lemmaMemo, n-len(sc.lemmas))...)
		}
	}
	sc.marks = sc.marks[:0]
	for i := range toks {
		k := sc.ts.Tags[i]
		c := p.Tagger.Classes[k]
		toks[i].UPOS, toks[i].XPOS = c.UPOS, c.XPOS
		var m uint8
		if ents == nil {
			toks[i].Lemma = p.Lemma.Lemma(sc.forms[i], c.XPOS)
			m = p.marks(sc.forms[i], c.XPOS, toks[i].Lemma)
		} else {
			toks[i].Lemma, m = p.lemma(&sc.lemmas[ents[i]], sc.forms[i], k, c)
		}
		sc.marks = append(sc.marks, m)
	}
	if p.filter != nil && !p.filter.Parse(doc, first, end, sc.marks) {
		for i := range toks {
			toks[i].Head, toks[i].Deprel = -1, ""
		}
		return -1
	}
	sc.ps.Words, sc.ps.Tags = sc.ts.Words, sc.ts.Tags
	p.Parser.Parse(&sc.ps, &sc.psc)
	root := -1
	for i := range toks {
		h := sc.ps.Heads[i]
		toks[i].Deprel = p.Parser.Labels[sc.ps.Labels[i]]
		if h < 0 {
			toks[i].Head = -1
			if root < 0 {
				root = first + i
			}
		} else {
			toks[i].Head = first + h
		}
	}
	return root
}

// Describe describes the embedded models for `sitrep version -v`, from their
// meta records.
func Describe() string {
	var metas []string
	for _, name := range []string{TaggerFile, LemmaFile, ParserFile} {
		b, err := model(name)
		if err != nil {
			return "nlp: " + err.Error()
		}
		if m := modelfile.Meta(b); m != "" && !slices.Contains(metas, m) {
			metas = append(metas, m)
		}
	}
	return "nlp: " + strings.Join(metas, "; ") + "; rebuild: sitrep train nlp"
}
