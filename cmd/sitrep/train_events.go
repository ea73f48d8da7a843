package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/eval"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
)

func init() {
	var locOut string
	loc := &cobra.Command{
		Use:   "location labeled_text.jsonl.gz",
		Short: "train the event-location ranker on the development four fifths of the event-location set",
		Long: `location annotates each sentence of the event-location set's development four fifths
(the held-out fifth, chosen by a hash of the sentence, is never trained on) with the stages
that eval location runs, trains the ranker, scores it on the held-out fifth and writes it
with its figures to OUT (events/locmodel.txt.gz, embedded at the next build).`,
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
		Use:   "doctype STORIES.csv.zip",
		Short: "train the document-type classifier on the NGEC synthetic stories",
		Long: `doctype codes the NGEC synthetic PLOVER stories with the standard pipeline (the headline as
title, the body as text), trains the main-event-type classifier on them holding every fifth story
out, measures it there and on headlines it never saw (retrained on four fifths of the headline
templates and scored on the rest, for each fifth), and writes it with both figures to OUT
(events/doctype/model.txt.gz, embedded at the next build).`,
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
	trainCmd.AddCommand(loc, dt)
}
