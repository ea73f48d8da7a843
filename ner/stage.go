package ner

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// The embedded model and word lexicon; rebuild both with `sitrep train ner`
// (see docs/entities.md).
var (
	//go:embed model/ner.bin.gz
	modelData []byte
	//go:embed model/lexicon.tsv.gz
	lexiconData []byte
)

var (
	loadOnce sync.Once
	loaded   *Tagger
	loadErr  error
)

// Load returns the embedded tagger with the default actor database as its
// gazetteer. It is loaded once and shared.
func Load() (*Tagger, error) {
	loadOnce.Do(func() {
		db, err := actors.Default()
		if err != nil {
			loadErr = err
			return
		}
		lex, err := ReadLexicon(bytes.NewReader(lexiconData))
		if err != nil {
			loadErr = err
			return
		}
		loaded, loadErr = New(bytes.NewReader(modelData), db.Gazetteer(), lex)
	})
	return loaded, loadErr
}

// Stage adds the tagger's PER, ORG and LOC mentions to Document.Entities.
// It tokenizes the text itself when no earlier stage did.
type Stage struct {
	t *Tagger
	// FirstOnly skips the second stage (Tagger.Document) and only
	// propagates names. The event pipeline sets it: the second stage
	// doubles the tagger's time (20% of `sitrep code`), moved 12 of 4,620
	// events on the Wikinews articles ×4 and left PETRARCH's triple F1 as
	// it was.
	FirstOnly bool
}

// NewStage returns the "ner" stage with the embedded model.
func NewStage() (*Stage, error) {
	t, err := Load()
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	return &Stage{t: t}, nil
}

// Name implements sitrep.Stage.
func (*Stage) Name() string { return "ner" }

// Annotate implements sitrep.Stage.
func (s *Stage) Annotate(doc *sitrep.Document) error {
	if len(doc.Tokens) == 0 && doc.Text != "" {
		doc.Tokens, doc.Sentences = tokenize.Tokenize(doc.Text, doc.Tokens[:0], doc.Sentences[:0])
	}
	// One buffer each for the document's words and labels, viewed per sentence.
	text := make([]string, len(doc.Tokens))
	tags := make([]int, len(doc.Tokens))
	words := make([][]string, len(doc.Sentences))
	labels := make([][]int, len(doc.Sentences))
	for k, sent := range doc.Sentences {
		a, b := sent.FirstToken, sent.EndToken
		for i := a; i < b; i++ {
			text[i] = doc.TokenText(i)
		}
		words[k] = text[a:b:b]
		labels[k] = s.t.Tag(words[k], tags[a:b:b])
	}
	if s.FirstOnly {
		Propagate(words, labels, -1)
	} else {
		s.t.Document(words, labels, -1)
	}
	var ms []Mention
	for k, sent := range doc.Sentences {
		ms = Mentions(labels[k], ms[:0])
		for _, m := range ms {
			a, b := sent.FirstToken+m.Start, sent.FirstToken+m.End
			doc.Entities = append(doc.Entities, sitrep.Entity{
				Span:       sitrep.Span{Start: doc.Tokens[a].Start, End: doc.Tokens[b-1].End},
				FirstToken: a, EndToken: b, Label: m.Type,
			})
		}
	}
	return nil
}
