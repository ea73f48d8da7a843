package ner

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
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
	loadOnce   sync.Once
	loaded     *Tagger // without a gazetteer
	loadErr    error
	secondOnce sync.Once
	second     *weights
	secondErr  error
)

// Load returns a tagger with the embedded model and word lexicon, read once
// and shared, and gaz as its gazetteer: that of the actor database the
// pipeline resolves against (actors.DB.Gazetteer), so that names the user
// adds are marked as the embedded ones are. With document, it has the
// model's second stage too, which Document runs; without, Document only
// propagates names. The event pipeline leaves it out (Stage.FirstOnly), and
// it is half the model.
func Load(gaz Gazetteer, document bool) (*Tagger, error) {
	if err := LoadModel(document); err != nil {
		return nil, err
	}
	t := newTagger(nil, nil, gaz, loaded.lex)
	t.fast = loaded.fast
	if document {
		t.doc = second
	}
	return t, nil
}

// LoadModel reads the embedded model and word lexicon once (with document,
// the second stage too), so that Load then only attaches a gazetteer: a
// caller that builds the gazetteer meanwhile calls it on another goroutine.
func LoadModel(document bool) error {
	loadOnce.Do(func() {
		r, _, err := modelfile.Open(lexiconData)
		if err != nil {
			loadErr = err
			return
		}
		lex, err := ReadLexicon(r)
		if err != nil {
			loadErr = err
			return
		}
		if r, _, err = modelfile.Open(modelData); err != nil {
			loadErr = err
			return
		}
		// The first stage alone: the reader stops before the second.
		fast, err := readTable(bufio.NewReader(r))
		if err == nil {
			err = loadLists()
		}
		if err != nil {
			loadErr = err
			return
		}
		loaded = newTagger(nil, nil, nil, lex)
		loaded.fast = fast
	})
	if loadErr != nil {
		return fmt.Errorf("ner: %w", loadErr)
	}
	if document {
		secondOnce.Do(func() { second, secondErr = readSecond(modelData) })
		if secondErr != nil {
			return fmt.Errorf("ner: %w", secondErr)
		}
	}
	return nil
}

// readSecond reads the second stage of a model file, nil if it has none.
func readSecond(file []byte) (*weights, error) {
	r, _, err := modelfile.Open(file)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(r)
	n, _, err := readHeader(br)
	if err != nil {
		return nil, err
	}
	if _, err := br.Discard(n * (8 + 2*nLabels)); err != nil {
		return nil, fmt.Errorf("ner model: truncated: %w", err)
	}
	if _, err := br.Peek(1); err == io.EOF {
		return nil, nil
	}
	return readWeights(br)
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

// NewStage returns the "ner" stage with tagger t.
func NewStage(t *Tagger) *Stage { return &Stage{t: t} }

// TagSentences labels the sentences of one text that marks no documents
// (`sitrep ner --tokens`): each alone, then Document over window sentences
// on each side.
func (t *Tagger) TagSentences(words [][]string, window int) [][]int {
	labels := make([][]int, len(words))
	for k, ws := range words {
		labels[k] = t.Tag(ws, nil)
	}
	t.Document(words, labels, window)
	return labels
}

// Tagger returns the stage's tagger.
func (s *Stage) Tagger() *Tagger { return s.t }

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
				FirstToken: a, EndToken: b, Label: sitrep.EntityLabel(m.Type),
			})
		}
	}
	return nil
}

// Describe describes the embedded model for `sitrep version -v`, from its
// meta record.
func Describe() string {
	return "ner: " + modelfile.Meta(modelData) + "; rebuild: sitrep train ner"
}
