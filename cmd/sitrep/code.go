package main

import (
	"bufio"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
)

func init() {
	var (
		workers int
		opt     pipelineOptions
	)
	cmd := &cobra.Command{
		Use:   "code INPUT...",
		Short: "code the political events of each document as PLOVER event records (JSONL)",
		Long: `code runs the full pipeline (clean, parse, entities, actors, places, events) and writes one
JSON object per event: PLOVER type, mode and a best-effort CAMEO code; source and target actors
(lists, for compound actors); location; date range resolved against the publication date;
realis (asserted, negated, hypothetical, future, claimed, denied) and who says so; counts of
killed, injured, arrested and events; the trigger and every sentence that states the event;
and a confidence. Every field carries its byte offsets into the document text.

--actors adds actor dictionaries (our TSV format or PETRARCH .actors/.agents files); a PETRARCH
verb dictionary given there (a file named *verbs*) replaces the trigger lexicon, so PETRARCH's
validation suites can be coded with their own dictionaries.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needInputs(args); err != nil {
				return err
			}
			stages, err := standardPipeline(opt)
			if err != nil {
				return err
			}
			var buf []byte
			return runDocs(cmd.Context(), args, stages, workers, func(w *bufio.Writer, doc *sitrep.Document) error {
				if buf, err = contract.AppendEvents(buf[:0], doc); err != nil {
					return err
				}
				_, err = w.Write(buf)
				return err
			})
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	cmd.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor dictionary files (TSV or PETRARCH .actors/.agents; *verbs* files replace the trigger lexicon); repeatable")
	cmd.Flags().BoolVar(&opt.RequireDyad, "require-dyad", false, "code only events with both a source and a target actor")
	root.AddCommand(cmd)
}
