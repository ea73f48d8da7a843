package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/nlp"
)

// trainCmd groups the commands that rebuild embedded models; stage wiring
// files add their own subcommands to it.
var trainCmd = &cobra.Command{
	Use:   "train",
	Short: "rebuild an embedded model from the shared training data",
}

// stamped logs a line on stderr after the time since start.
func stamped(start time.Time) func(format string, args ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Since(start).Round(time.Second)}, args...)...)
	}
}

func init() {
	root.AddCommand(trainCmd)
	var (
		data, out string
		opt       nlp.TrainOptions
		noGUM     bool
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
			opt.Log = stamped(time.Now())
			train, dev, about, err := nlp.ReadTrainData(data, !noGUM)
			if err != nil {
				return usageError{err}
			}
			return nlp.TrainFiles(train, dev, about, out, opt)
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "../shared/data", "directory holding ud-ewt/ and gum-wikinews/")
	f.StringVar(&out, "out", "nlp/models", "directory to write the models to")
	f.IntVar(&opt.TaggerEpochs, "tagger-epochs", 8, "passes over the data for the tagger")
	f.IntVar(&opt.ParserEpochs, "parser-epochs", 15, "passes over the data for the parser")
	f.IntVar(&opt.ParserBeam, "parser-beam", 1, "beam width of the parser, in training and decoding (1: greedy)")
	f.Float64Var(&opt.Explore, "explore", 0.9, "probability that greedy parser training follows its own mistakes")
	// Pruning the parser at 1.5 pays for the tagger's word-class features in
	// speed (0.2 UAS on EWT dev); pruning the tagger at 2 would cost 0.35 UPOS.
	f.Float64Var(&opt.TaggerPrune, "tagger-prune", 1, "drop the tagger's averaged weights below this magnitude (smaller, faster model)")
	f.Float64Var(&opt.ParserPrune, "parser-prune", 1.5, "drop the parser's averaged weights below this magnitude (smaller, faster model)")
	f.BoolVar(&noGUM, "no-gum", false, "train on EWT only")
	f.BoolVar(&opt.TaggerOnly, "tagger-only", false, "train the tagger only and report its dev accuracy, writing nothing (for experiments)")
	trainCmd.AddCommand(cmd)
}
