package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/eval"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// The commands that measure the models on gold sets (eval) and rebuild the
// embedded ones (train).

func init() {
	cmd := command(root, "eval", nil, nil)
	var opt pipeline.Options
	petr := command(cmd, "petr SUITE...", cobra.MinimumNArgs(1), func(cmd *cobra.Command, args []string) error {
		p, err := pipeline.New(opt)
		if err != nil {
			return err
		}
		return eval.PETRFiles(cmd.OutOrStdout(), args, p.Annotate)
	})
	petr.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor dictionaries (and *verbs* dictionaries); repeatable")
	petr.Flags().BoolVar(&opt.RequireDyad, "require-dyad", false, "code only events with both a source and a target actor")

	location := command(cmd, "location FILE", cobra.ExactArgs(1), func(cmd *cobra.Command, args []string) error {
		part := eval.HeldOut
		if dev, _ := cmd.Flags().GetBool("dev"); dev {
			part = eval.Dev
		}
		if all, _ := cmd.Flags().GetBool("all"); all {
			part = eval.All
		}
		res, err := eval.LocationFile(args[0], part)
		if err != nil {
			return err
		}
		_, err = fmt.Fprint(cmd.OutOrStdout(), res)
		return err
	})
	location.Flags().Bool("dev", false, "score the development four fifths instead of the held-out fifth")
	location.Flags().Bool("all", false, "score every record (a test file of the same format)")

	command(cmd, "places ACLED.csv...", cobra.MinimumNArgs(1), func(cmd *cobra.Command, args []string) error {
		p, err := pipeline.New(pipeline.Options{})
		if err != nil {
			return err
		}
		return eval.PlacesFiles(cmd.OutOrStdout(), args, p.Annotate)
	})

	dt := command(cmd, "doctype STORIES.csv.zip", cobra.ExactArgs(1), func(cmd *cobra.Command, args []string) error {
		byTemplate, _ := cmd.Flags().GetBool("by-template")
		return eval.DocTypeFile(cmd.OutOrStdout(), args[0], byTemplate)
	})
	dt.Flags().Bool("by-template", false, "train on four fifths of the headline templates, score the rest; each fifth in turn")

	evs := command(cmd, "events [--data DIR] [--sets plv,case,acled,petr,ngec,location]", cobra.NoArgs, func(cmd *cobra.Command, args []string) error {
		data, _ := cmd.Flags().GetString("data")
		sets, _ := cmd.Flags().GetStringSlice("sets")
		if err := eval.CheckSets(sets); err != nil {
			return usageError{fmt.Errorf("--sets: %w", err)}
		}
		return eval.Report(cmd.OutOrStdout(), data, sets)
	})
	evs.Flags().String("data", filepath.Join("..", "shared", "data"), "folder of the gold sets")
	evs.Flags().StringSlice("sets", nil, "sets to measure (default: all): "+strings.Join(eval.Sets, ", "))
	// quotes writes the quotes of each JSONL document in the format of
	// ../shared/eval/score_quotes.py.
	docCommand(cmd, "quotes INPUT...", cobra.MinimumNArgs(1), func(cmd *cobra.Command, args []string, workers int) error {
		opt := pipeline.Annotating()
		opt.Stages &^= pipeline.Clean // the gold spans index the text as given
		return runDocs(cmd, args, opt, workers, batch.Each(contract.AppendQuoteChars))
	})
}

// stamped logs a line on stderr after the time since start.
func stamped(start time.Time) func(format string, args ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Since(start).Round(time.Second)}, args...)...)
	}
}

func init() {
	trainCmd := command(root, "train", nil, nil)
	var (
		data, out string
		opt       = nlp.DefaultTrainOptions
		noGUM     bool
	)
	nlpCmd := command(trainCmd, "nlp", cobra.NoArgs, func(cmd *cobra.Command, _ []string) error {
		opt.Log = stamped(time.Now())
		train, dev, about, err := nlp.ReadTrainData(data, !noGUM)
		if err != nil {
			return usageError{err}
		}
		return nlp.TrainFiles(train, dev, about, out, opt)
	})
	f := nlpCmd.Flags()
	f.StringVar(&data, "data", "../shared/data", "directory holding ud-ewt/ and gum-wikinews/")
	f.StringVar(&out, "out", "nlp/models", "directory to write the models to")
	f.IntVar(&opt.TaggerEpochs, "tagger-epochs", opt.TaggerEpochs, "passes over the data for the tagger")
	f.IntVar(&opt.ParserEpochs, "parser-epochs", opt.ParserEpochs, "passes over the data for the parser")
	f.IntVar(&opt.ParserBeam, "parser-beam", opt.ParserBeam, "beam width of the parser, in training and decoding (1: greedy)")
	f.Float64Var(&opt.Explore, "explore", opt.Explore, "probability that greedy parser training follows its own mistakes")
	f.Float64Var(&opt.TaggerPrune, "tagger-prune", opt.TaggerPrune, "drop the tagger's averaged weights below this magnitude (smaller, faster model)")
	f.Float64Var(&opt.ParserPrune, "parser-prune", opt.ParserPrune, "drop the parser's averaged weights below this magnitude (smaller, faster model)")
	f.BoolVar(&noGUM, "no-gum", false, "train on EWT only")
	f.BoolVar(&opt.TaggerOnly, "tagger-only", false, "train the tagger only and report its dev accuracy, writing nothing (for experiments)")

	var (
		nerData, nerOut string
		nerOpt          = ner.DefaultTrainOptions
		withGUM         bool
	)
	nerCmd := command(trainCmd, "ner", cobra.NoArgs, func(cmd *cobra.Command, _ []string) error {
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
		return td.TrainFiles(nerOut, db.Gazetteer(), nerOpt, logf)
	})
	f = nerCmd.Flags()
	f.StringVar(&nerData, "data", "../shared/data", "shared data directory")
	f.StringVar(&nerOut, "out", "ner/model", "output directory")
	f.IntVar(&nerOpt.Epochs, "epochs", nerOpt.Epochs, "training epochs")
	f.Uint64Var(&nerOpt.Seed, "seed", nerOpt.Seed, "seed of the (first) training order")
	f.IntVar(&nerOpt.Runs, "runs", nerOpt.Runs, "training runs with successive seeds whose weights are averaged")
	f.BoolVar(&withGUM, "gum", false, "add GUM Wikinews train's named mentions to the training data (lowers dev F1 on both test sets: see docs/entities.md)")

	var locOut string
	loc := command(trainCmd, "location labeled_text.jsonl.gz", cobra.ExactArgs(1), func(cmd *cobra.Command, args []string) error {
		return eval.TrainLocationFiles(cmd.OutOrStdout(), args[0], locOut)
	})
	loc.Flags().StringVar(&locOut, "out", "events/locmodel.txt.gz", "model file to write")

	var dtOut string
	dt := command(trainCmd, "doctype STORIES.csv.zip", cobra.ExactArgs(1), func(cmd *cobra.Command, args []string) error {
		stories, err := doctype.ReadNGEC(args[0])
		if err != nil {
			return usageError{err}
		}
		modes, err := doctype.ReadModes(filepath.Join(filepath.Dir(args[0]), doctype.CodebookFile))
		if err != nil {
			return usageError{err}
		}
		return eval.TrainDocTypeFiles(cmd.OutOrStdout(), stories, modes, dtOut)
	})
	dt.Flags().StringVar(&dtOut, "out", "events/doctype/model.txt.gz", "model file to write")
}
