package main

import (
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// evalQuotes writes the quotes of each JSONL document in the format of
// ../shared/eval/score_quotes.py.
func evalQuotes() *cobra.Command {
	var workers int
	cmd := &cobra.Command{
		Use:   "quotes INPUT...",
		Short: "find the quotes of JSONL documents and write them for score_quotes.py (character offsets)",
		Long: `quotes runs annotate's pipeline without cleaning (the gold spans index the text as given) on
each document and writes {"id", "quotes": [{"content_start", "content_end", "speaker_start",
"speaker_end", "cue_start", "cue_end"}]} with character (not byte) offsets, the input of
../shared/eval/score_quotes.py GOLD.jsonl PRED.jsonl.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt := annotateOptions(nil)
			opt.Stages &^= pipeline.Clean // the gold spans index the text as given
			return runDocs(cmd, args, opt, workers, appendEach(contract.AppendQuoteChars))
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	return cmd
}
