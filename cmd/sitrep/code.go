package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

func init() {
	var (
		opt    pipeline.Options
		timing bool
		sopt   stories.Options
		iopt   incidents.Options
	)
	cmd := docCommand(root, &cobra.Command{
		Use:   "code INPUT...",
		Short: "code the political events of each document as PLOVER event records (JSONL)",
		Long: `code runs the full pipeline (clean, parse, entities, actors, places, events) and writes one
JSON object per event: PLOVER type, mode and a best-effort CAMEO code; source and target actors
(lists, for compound actors); location; date range resolved against the publication date;
realis (asserted, negated, hypothetical, future, claimed, denied) and who says so; counts of
killed, injured, arrested and events; the trigger and every sentence that states the event;
and a confidence. Every field carries its byte offsets into the document text. Each event's
incident is shared by the events of other documents of the run that report the same incident
(see sitrep incidents).

--actors adds actor dictionaries (our TSV format or PETRARCH .actors/.agents files); a PETRARCH
verb dictionary given there (a file named *verbs*) replaces the trigger lexicon, so PETRARCH's
validation suites can be coded with their own dictionaries.`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		if err := needInputs(args); err != nil {
			return err
		}
		if timing {
			opt.Timing = pipeline.NewTiming()
			defer opt.Timing.Report(os.Stderr)
		}
		g, err := pipeline.NewGrouper(sopt, iopt)
		if err != nil {
			return err
		}
		return runDocs(cmd, args, opt, workers, batch.Grouped(cmd.Context(), g, appendEach(contract.AppendEvents)))
	})
	cmd.Flags().BoolVar(&timing, "timing", false, "report on stderr documents/s, the models' load time and each stage's CPU ms per document")
	codingFlags(cmd, &opt)
	groupingFlags(cmd, &sopt, &iopt)
}
