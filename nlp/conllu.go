package nlp

import (
	"iter"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/conllu"
)

// FromConllu builds a document from CoNLL-U sentences: the text is the word
// forms joined by a space (none where SpaceAfter=No, one line per sentence),
// and the gold tokenization and sentence boundaries are kept.
func FromConllu(id string, sents []*conllu.Sentence) *sitrep.Document {
	var b strings.Builder
	doc := &sitrep.Document{ID: id}
	for _, s := range sents {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		first := len(doc.Tokens)
		start := b.Len()
		for i, w := range s.Words {
			form := strings.Map(func(r rune) rune {
				if r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, w.Form)
			if form == "" {
				form = "_"
			}
			if i > 0 && s.Words[i-1].SpaceAfter {
				b.WriteByte(' ')
			}
			doc.Tokens = append(doc.Tokens, sitrep.Token{Span: sitrep.Span{Start: b.Len(), End: b.Len() + len(form)}, Head: -1})
			b.WriteString(form)
		}
		doc.Sentences = append(doc.Sentences, sitrep.Sentence{Span: sitrep.Span{Start: start, End: b.Len()},
			FirstToken: first, EndToken: len(doc.Tokens)})
	}
	doc.Text = b.String()
	return doc
}

// Counts are the words of a comparison with gold annotations and how many
// of them got each annotation right.
type Counts struct{ Words, UPOS, XPOS, Lemma, UAS, LAS int }

// Pct returns k as a percentage of the words.
func (c Counts) Pct(k int) float64 { return 100 * float64(k) / float64(max(c.Words, 1)) }

// Score compares the annotations of doc (built by FromConllu) with the gold
// sentences, as the project's scorer does: UPOS, XPOS, UAS and LAS over
// words, labels compared without their subtype; lemmas too.
func Score(doc *sitrep.Document, gold []*conllu.Sentence) (c Counts) {
	for si, s := range doc.Sentences {
		g := gold[si]
		for i := s.FirstToken; i < s.EndToken; i++ {
			t, gw := &doc.Tokens[i], &g.Words[i-s.FirstToken]
			c.Words++
			if t.UPOS == gw.UPOS {
				c.UPOS++
			}
			if t.XPOS == gw.XPOS {
				c.XPOS++
			}
			if t.Lemma == gw.Lemma {
				c.Lemma++
			}
			head := 0
			if t.Head >= 0 {
				head = t.Head - s.FirstToken + 1
			}
			if head == gw.Head {
				c.UAS++
				if base(t.Deprel) == base(gw.Deprel) {
					c.LAS++
				}
			}
		}
	}
	return c
}

func base(l string) string {
	if i := strings.IndexByte(l, ':'); i >= 0 {
		return l[:i]
	}
	return l
}

// ReadConlluDocs reads the CoNLL-U file path and cuts its sentences into
// documents of 100, so that a pipeline's workers share the file; the
// documents have no id (one output sentence per input sentence, no document
// comments) and name the file as their source.
func ReadConlluDocs(path string) (iter.Seq2[*sitrep.Document, error], error) {
	sents, err := conllu.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return func(yield func(*sitrep.Document, error) bool) {
		for i := 0; i < len(sents); i += 100 {
			doc := FromConllu("", sents[i:min(i+100, len(sents))])
			doc.Source = path
			if !yield(doc, nil) {
				return
			}
		}
	}, nil
}
