package main

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/ner"
)

func init() {
	var (
		data, out string
		opt       ner.TrainOptions
		withGUM   bool
	)
	cmd := &cobra.Command{
		Use:   "ner",
		Short: "train the named-entity recognizer on Universal NER English-EWT",
		Long: `ner builds the word lexicon (capitalisation rates and distributional clusters) from
unlabelled text (the NGEC synthetic stories, Wikinews, the event-location sentences and the
training sentences), then trains the averaged-perceptron NER on
DATA/uner-ewt/en_ewt-ud-train.iob2 (with --gum also the Wikipedia-linked person, organisation
and place mentions of DATA/gum-wikinews/gum_news_wikinews-train.conllu), with gazetteer
features from the embedded actor database. It writes OUT/lexicon.tsv.gz and OUT/ner.bin.gz
(ner/model, embedded at the next build) and reports exact-span P/R/F1 per type on the UNER
EWT dev set and on the GUM Wikinews dev and test documents (news).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logf := stamped(time.Now())
			// The output folder first, so a bad --out fails before training.
			if err := os.MkdirAll(out, 0o755); err != nil {
				return usageError{err}
			}
			td, err := ner.ReadTrainData(data, withGUM)
			if err != nil {
				return usageError{err}
			}
			db, err := actors.Default()
			if err != nil {
				return err
			}
			opt.Prune = 0.002
			return td.TrainFiles(out, db.Gazetteer(), opt, logf)
		},
	}
	cmd.Flags().StringVar(&data, "data", "../shared/data", "shared data directory")
	cmd.Flags().StringVar(&out, "out", "ner/model", "output directory")
	cmd.Flags().IntVar(&opt.Epochs, "epochs", 12, "training epochs")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "seed of the (first) training order")
	cmd.Flags().IntVar(&opt.Runs, "runs", 4, "training runs with successive seeds whose weights are averaged")
	cmd.Flags().BoolVar(&withGUM, "gum", false, "add GUM Wikinews train's named mentions to the training data (lowers dev F1 on both test sets: see docs/entities.md)")
	trainCmd.AddCommand(cmd)
}
