package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/nlp/lemma"
	"github.com/sitrep-dev/sitrep/nlp/parser"
	"github.com/sitrep-dev/sitrep/nlp/tagger"
)

// trainCmd groups the commands that rebuild embedded models; stage wiring
// files add their own subcommands to it.
var trainCmd = &cobra.Command{
	Use:   "train",
	Short: "rebuild an embedded model from the shared training data",
}

func init() {
	root.AddCommand(trainCmd)
	var (
		data, out          string
		tagEpochs, parEps  int
		parBeam            int
		explore            float64
		tagPrune, parPrune float64
		noGUM, taggerOnly  bool
	)
	cmd := &cobra.Command{
		Use:   "nlp",
		Short: "train the tagger, lemmatizer and parser on UD English-EWT (+ GUM Wikinews)",
		Long: `nlp trains the part-of-speech tagger, the lemmatizer and the dependency parser on
DATA/ud-ewt/en_ewt-ud-train.conllu and DATA/gum-wikinews/gum_news_wikinews-train.conllu,
writes tagger.gz, lemma.gz and parser.gz to OUT (nlp/models, embedded in the binary
at the next build) and reports UPOS, XPOS, UAS and LAS on the EWT dev set.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logf := func(format string, args ...any) {
				fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
			}
			files := []string{filepath.Join(data, "ud-ewt", "en_ewt-ud-train.conllu")}
			if !noGUM {
				files = append(files, filepath.Join(data, "gum-wikinews", "gum_news_wikinews-train.conllu"))
			}
			var train [][]contract.ConlluWord
			for _, f := range files {
				ss, err := readConllu(f)
				if err != nil {
					return err
				}
				for _, s := range ss {
					train = append(train, s.Words)
				}
			}
			dev, err := readConllu(filepath.Join(data, "ud-ewt", "en_ewt-ud-dev.conllu"))
			if err != nil {
				return err
			}
			start := time.Now()
			logf("training on %d sentences, %d cores", len(train), runtime.GOMAXPROCS(0))
			tg, jack := tagger.Train(train, tagEpochs, tagPrune, logf)
			if taggerOnly {
				scoreTagger(tg, train, dev, logf)
				return nil
			}
			lm := lemma.Train(train)
			exs := parserExamples(train, tg, jack)
			ps := parser.Train(exs, parEps, parBeam, explore, parPrune, logf)
			tf, tw := tg.Size()
			pf, pw := ps.Size()
			logf("tagger: %d features, %d weights; parser: %d features, %d weights", tf, tw, pf, pw)
			p := nlp.New(tg, lm, ps)
			logf("trained in %s", time.Since(start).Round(time.Second))
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			for name, write := range map[string]func(*os.File) error{
				nlp.TaggerFile: func(f *os.File) error { return tg.Write(f) },
				nlp.LemmaFile:  func(f *os.File) error { return lm.Write(f) },
				nlp.ParserFile: func(f *os.File) error { return ps.Write(f) },
			} {
				f, err := os.Create(filepath.Join(out, name))
				if err != nil {
					return err
				}
				if err := write(f); err != nil {
					f.Close()
					return err
				}
				if err := f.Close(); err != nil {
					return err
				}
			}
			doc := nlp.FromConllu("dev", dev)
			if err := p.Annotate(doc); err != nil {
				return err
			}
			c := nlp.Score(doc, dev)
			logf("EWT dev (gold tokens): UPOS %.2f XPOS %.2f lemma %.2f UAS %.2f LAS %.2f",
				c.Pct(c.UPOS), c.Pct(c.XPOS), c.Pct(c.Lemma), c.Pct(c.UAS), c.Pct(c.LAS))
			var words [][]contract.ConlluWord
			for _, s := range dev {
				words = append(words, s.Words)
			}
			n, uas, las := 0, 0, 0
			pct := func(k int) float64 { return 100 * float64(k) / float64(n) }
			var sc parser.Scratch
			for i, ex := range parserExamples(words, tg, nil) {
				ps.Parse(&ex.Sentence, &sc)
				for k, h := range ex.Heads {
					n++
					if h == ex.GoldHeads[k] {
						uas++
						if strings.Split(ps.Labels[ex.Labels[k]], ":")[0] == strings.Split(dev[i].Words[k].Deprel, ":")[0] {
							las++
						}
					}
				}
			}
			logf("EWT dev with gold tags: UAS %.2f LAS %.2f", pct(uas), pct(las))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "../shared/data", "directory holding ud-ewt/ and gum-wikinews/")
	f.StringVar(&out, "out", "nlp/models", "directory to write the models to")
	f.IntVar(&tagEpochs, "tagger-epochs", 8, "passes over the data for the tagger")
	f.IntVar(&parEps, "parser-epochs", 15, "passes over the data for the parser")
	f.IntVar(&parBeam, "parser-beam", 1, "beam width of the parser, in training and decoding (1: greedy)")
	f.Float64Var(&explore, "explore", 0.9, "probability that greedy parser training follows its own mistakes")
	// Pruning the parser at 1.5 pays for the tagger's word-class features in
	// speed (0.2 UAS on EWT dev); pruning the tagger at 2 would cost 0.35 UPOS.
	f.Float64Var(&tagPrune, "tagger-prune", 1, "drop the tagger's averaged weights below this magnitude (smaller, faster model)")
	f.Float64Var(&parPrune, "parser-prune", 1.5, "drop the parser's averaged weights below this magnitude (smaller, faster model)")
	f.BoolVar(&noGUM, "no-gum", false, "train on EWT only")
	f.BoolVar(&taggerOnly, "tagger-only", false, "train the tagger only and report its dev accuracy, writing nothing (for experiments)")
	trainCmd.AddCommand(cmd)
}

// scoreTagger reports UPOS and XPOS accuracy on dev, overall and on the
// words never seen in train.
func scoreTagger(tg *tagger.Tagger, train [][]contract.ConlluWord, dev []*contract.ConlluSentence, logf func(string, ...any)) {
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
	pct := func(k, n int) float64 { return 100 * float64(k) / float64(max(n, 1)) }
	logf("EWT dev, tagger alone: UPOS %.2f XPOS %.2f; unseen words (%.1f%%) UPOS %.2f",
		pct(upos, n), pct(xpos, n), pct(nu, n), pct(uu, nu))
}

func readConllu(path string) ([]*contract.ConlluSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ss []*contract.ConlluSentence
	err = contract.ReadConllu(f, func(s *contract.ConlluSentence) error {
		c := *s
		ss = append(ss, &c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ss, nil
}

// parserExamples turns gold sentences into parser examples with the given
// tags (jackknifed tagger output), or the gold tags when tags is nil.
func parserExamples(train [][]contract.ConlluWord, tg *tagger.Tagger, tags [][]int) []parser.Example {
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
