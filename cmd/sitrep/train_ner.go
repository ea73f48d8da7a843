package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/ner"
)

func init() {
	var (
		data, out string
		epochs    int
		noGUM     bool
	)
	cmd := &cobra.Command{
		Use:   "ner",
		Short: "train the named-entity recognizer on Universal NER English-EWT (+ GUM Wikinews)",
		Long: `ner trains the averaged-perceptron NER on DATA/uner-ewt/en_ewt-ud-train.iob2 and the named
person, organisation and place mentions of DATA/gum-wikinews/gum_news_wikinews-train.conllu,
with gazetteer features from the embedded actor database, writes OUT/ner.bin.gz (ner/model,
embedded at the next build) and reports exact-span P/R/F1 per type on the UNER EWT dev set.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			t0 := time.Now()
			read := func(p string, gum bool) ([]ner.Example, error) {
				f, err := os.Open(p)
				if err != nil {
					return nil, usageError{err}
				}
				defer f.Close()
				if gum {
					return ner.ReadGUM(f)
				}
				return ner.ReadIOB2(f)
			}
			train, err := read(filepath.Join(data, "uner-ewt", "en_ewt-ud-train.iob2"), false)
			if err != nil {
				return err
			}
			if !noGUM {
				g, err := read(filepath.Join(data, "gum-wikinews", "gum_news_wikinews-train.conllu"), true)
				if err != nil {
					return err
				}
				train = append(train, g...)
			}
			dev, err := read(filepath.Join(data, "uner-ewt", "en_ewt-ud-dev.iob2"), false)
			if err != nil {
				return err
			}
			db, err := actors.Default()
			if err != nil {
				return err
			}
			m := ner.Train(train, db.Gazetteer(), nil, ner.TrainOptions{Epochs: epochs, Seed: 1, Prune: 0.002,
				Progress: func(e int, r float64) {
					fmt.Fprintf(os.Stderr, "epoch %d: training error %.4f (%s)\n", e, r, time.Since(t0).Round(time.Second))
				}})
			res := m.Evaluate(dev)
			for _, k := range []string{"PER", "ORG", "LOC", ""} {
				s := res[k]
				name := k
				if k == "" {
					name = "all"
				}
				fmt.Fprintf(os.Stderr, "dev %-3s P %.3f R %.3f F1 %.3f\n", name, s.P(), s.R(), s.F1())
			}
			p := filepath.Join(out, "ner.bin.gz")
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			if err := m.Write(f); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "wrote %s: %d features\n", p, m.Features())
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "../shared/data", "shared data directory")
	cmd.Flags().StringVar(&out, "out", "ner/model", "output directory")
	cmd.Flags().IntVar(&epochs, "epochs", 12, "training epochs")
	cmd.Flags().BoolVar(&noGUM, "no-gum", false, "train on UNER EWT only")
	trainCmd.AddCommand(cmd)
}
