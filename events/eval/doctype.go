package eval

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/lexicon"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// NGECExamples codes NGEC stories with the standard pipeline, each a
// document of its own (the headline its title, the body its text, as a
// real story comes), and returns them as document-type examples in the
// stories' order.
func NGECExamples(stories []doctype.NGECStory) ([]doctype.Example, error) {
	p, err := pipeline.New(pipeline.Options{})
	if err != nil {
		return nil, err
	}
	ex := make([]doctype.Example, len(stories))
	errs := make([]error, len(stories))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s := stories[i]
				doc := &sitrep.Document{ID: fmt.Sprintf("ngec-%d", i), Title: s.Title, Text: s.Text, Format: "jsonl"}
				errs[i] = p.Annotate(doc)
				ex[i] = doctype.Example{Story: doctype.StoryOf(doc), Label: s.Label}
			}
		}()
	}
	for i := range stories {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("story %d: %w", i, err)
		}
	}
	return ex, nil
}

// DocTypeResult holds a document-type model's figures on held-out stories.
type DocTypeResult struct {
	Train, Test int
	Accuracy    float64
	// PerType is the precision, recall and F1 of each label on the
	// held-out stories; Confusion counts gold label → predicted label.
	PerType   map[string]PRF
	Support   map[string]int
	Confusion map[string]map[string]int
}

// Cue is the trigger lexicon's cue for headline words.
func Cue() doctype.Cue { return lexicon.Default().Types }

// ByRow holds out every fifth story; its headline template heads training
// stories too.
func ByRow(s doctype.NGECStory) bool { return s.HeldOutRow }

// TrainDocType trains a model on the examples whose stories are not held
// out, in a fixed shuffled order, and scores it on the held-out ones.
func TrainDocType(stories []doctype.NGECStory, ex []doctype.Example, heldOut func(doctype.NGECStory) bool, cue doctype.Cue, modes doctype.Modes) (*doctype.Model, DocTypeResult) {
	var train, test []doctype.Example
	for i, s := range stories {
		if heldOut(s) {
			test = append(test, ex[i])
		} else {
			train = append(train, ex[i])
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	m := doctype.Train(train, cue, modes, 8)
	return m, ScoreDocType(m, test, cue, len(train))
}

// CrossValidateDocType trains a model on the stories of all headline
// templates but one fold's and scores it on that fold, for each fold: how
// the classifier does on headlines it never saw. It returns the fold
// results and their mean accuracy.
func CrossValidateDocType(stories []doctype.NGECStory, ex []doctype.Example, cue doctype.Cue, modes doctype.Modes) ([]DocTypeResult, float64) {
	res := make([]DocTypeResult, doctype.TemplateFolds)
	mean := 0.0
	for f := range res {
		_, res[f] = TrainDocType(stories, ex, func(s doctype.NGECStory) bool { return s.TemplateFold == f }, cue, modes)
		mean += res[f].Accuracy / float64(len(res))
	}
	return res, mean
}

// HeldOutDocType scores the embedded model on the stories it was not
// trained on (ByRow).
func HeldOutDocType(stories []doctype.NGECStory, ex []doctype.Example) (DocTypeResult, error) {
	m, err := doctype.Default()
	if err != nil {
		return DocTypeResult{}, err
	}
	var test []doctype.Example
	for i, s := range stories {
		if ByRow(s) {
			test = append(test, ex[i])
		}
	}
	return ScoreDocType(m, test, Cue(), 0), nil
}

// TrainDocTypeFiles codes the stories (NGECExamples) and trains the model to
// embed on those not held out (ByRow), with the codebook's modes; its meta
// records its accuracy there and, retrained on four fifths of the headline
// templates for each fifth, on headlines it never saw. It writes the meta to
// w and the model with it to the file out.
func TrainDocTypeFiles(w io.Writer, stories []doctype.NGECStory, modes doctype.Modes, out string) error {
	ex, err := NGECExamples(stories)
	if err != nil {
		return err
	}
	folds, unseen := CrossValidateDocType(stories, ex, Cue(), modes)
	m, rows := TrainDocType(stories, ex, ByRow, Cue(), modes)
	m.Meta = fmt.Sprintf("five averaged perceptrons (headline words dropped at random) over headline words, lexicon cues, PLOVER mode names and coded events; "+
		"NGEC synthetic PLOVER stories (MIT), %d train / %d held out: held-out accuracy %.3f; "+
		"on headline templates never trained on (%d-fold by template): %.3f",
		rows.Train, rows.Test, rows.Accuracy, len(folds), unseen)
	fmt.Fprintln(w, m.Meta)
	return modelfile.Create(out, m.Meta, m.Save)
}

// ScoreDocType scores a model on labelled stories.
func ScoreDocType(m *doctype.Model, test []doctype.Example, cue doctype.Cue, trained int) DocTypeResult {
	res := DocTypeResult{Train: trained, Test: len(test), PerType: map[string]PRF{}, Support: map[string]int{}, Confusion: map[string]map[string]int{}}
	tp, pred := map[string]int{}, map[string]int{}
	ok := 0
	for _, e := range test {
		l, _ := m.Classify(e.Story, cue)
		if res.Confusion[e.Label] == nil {
			res.Confusion[e.Label] = map[string]int{}
		}
		res.Confusion[e.Label][l]++
		res.Support[e.Label]++
		pred[l]++
		if l == e.Label {
			ok++
			tp[l]++
		}
	}
	for _, t := range lexicon.Types {
		if res.Support[t] > 0 || pred[t] > 0 {
			res.PerType[t] = prf(tp[t], pred[t]-tp[t], res.Support[t]-tp[t])
		}
	}
	if len(test) > 0 {
		res.Accuracy = float64(ok) / float64(len(test))
	}
	return res
}
