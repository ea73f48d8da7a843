package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/eval"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
)

// stamped logs a line on stderr after the time since start.
func stamped(start time.Time) func(format string, args ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Since(start).Round(time.Second)}, args...)...)
	}
}

func init() {
	trainCmd := &cobra.Command{
		Use: "train",
	}
	var (
		data, out string
		opt       nlp.TrainOptions
		noGUM     bool
	)
	nlpCmd := &cobra.Command{
		Use:  "nlp",
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
	f := nlpCmd.Flags()
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

	var (
		nerData, nerOut string
		nerOpt          ner.TrainOptions
		withGUM         bool
	)
	nerCmd := &cobra.Command{
		Use:  "ner",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logf := stamped(time.Now())
			// The output folder first, so a bad --out fails before training.
			if err := os.MkdirAll(nerOut, 0o755); err != nil {
				return usageError{err}
			}
			td, err := ner.ReadTrainData(nerData, withGUM)
			if err != nil {
				return usageError{err}
			}
			db, err := actors.Default()
			if err != nil {
				return err
			}
			nerOpt.Prune = 0.002
			return td.TrainFiles(nerOut, db.Gazetteer(), nerOpt, logf)
		},
	}
	f = nerCmd.Flags()
	f.StringVar(&nerData, "data", "../shared/data", "shared data directory")
	f.StringVar(&nerOut, "out", "ner/model", "output directory")
	f.IntVar(&nerOpt.Epochs, "epochs", 12, "training epochs")
	f.Uint64Var(&nerOpt.Seed, "seed", 1, "seed of the (first) training order")
	f.IntVar(&nerOpt.Runs, "runs", 4, "training runs with successive seeds whose weights are averaged")
	f.BoolVar(&withGUM, "gum", false, "add GUM Wikinews train's named mentions to the training data (lowers dev F1 on both test sets: see docs/entities.md)")

	var locOut string
	loc := &cobra.Command{
		Use:  "location labeled_text.jsonl.gz",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, meta, err := eval.TrainLocationFile(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), meta)
			return modelfile.Create(locOut, meta, m.Save)
		},
	}
	loc.Flags().StringVar(&locOut, "out", "events/locmodel.txt.gz", "model file to write")

	var dtOut string
	dt := &cobra.Command{
		Use:  "doctype STORIES.csv.zip",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			stories, err := doctype.ReadNGEC(args[0])
			if err != nil {
				return usageError{err}
			}
			ex, err := eval.NGECExamples(stories)
			if err != nil {
				return err
			}
			m := eval.TrainDocTypeModel(stories, ex)
			fmt.Fprintln(cmd.OutOrStdout(), m.Meta)
			return modelfile.Create(dtOut, m.Meta, m.Save)
		},
	}
	dt.Flags().StringVar(&dtOut, "out", "events/doctype/model.txt.gz", "model file to write")
	trainCmd.AddCommand(nlpCmd, nerCmd, loc, dt)
	root.AddCommand(trainCmd)
}
