package main

import (
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

// groupingFlags are the flags that tune stories and incidents.
func groupingFlags(cmd *cobra.Command, sopt *stories.Options, iopt *incidents.Options) {
	cmd.Flags().Float64Var(&sopt.Threshold, "story-threshold", stories.DefaultThreshold, "least similarity of an article to a story it joins (cosine, 0..1)")
	cmd.Flags().IntVar(&sopt.Window, "story-window", stories.DefaultWindow, "days before a story's first or after its last article within which an article may join it")
	cmd.Flags().Float64Var(&iopt.MaxKm, "incident-km", incidents.DefaultMaxKm, "reports whose places are farther apart (km) are different incidents")
	cmd.Flags().IntVar(&iopt.Slack, "incident-slack", incidents.DefaultSlack, "days by which two reports' dates may miss each other and still be one incident")
}

func init() {
	var (
		opt  pipeline.Options
		sopt stories.Options
		iopt incidents.Options
	)
	cmd := docCommand(root, &cobra.Command{
		Use:   "incidents INPUT...",
		Short: "merge the events that report the same real-world incident (JSONL)",
		Long: `incidents codes each document (as code does), groups the documents into stories and merges
the events of different documents that report the same real-world incident: the same PLOVER
type and realis, overlapping dates, nearby places, and enough agreeing evidence (the same story,
a shared actor, the same place, the same days, the same trigger word). It writes one JSON object
per incident, in the order they were opened: {"id", "type", "realis", "docs", "all_docs",
"events", "stories", "first_seen", "last_seen", "date", "location", "source", "target",
"counts", "count_history", "confidence"}. docs are the documents whose main event it is (each
document is in one incident's docs, or in none when it has no event); all_docs every document
with an event in it. Counts are the latest report's figures, never sums; count_history keeps
each report's.`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		g, err := pipeline.NewGrouper(sopt, iopt)
		if err != nil {
			return err
		}
		err = runDocs(cmd, args, opt, workers, batch.Grouped(cmd.Context(), g, nil))
		return batch.WriteAll(err, g.Incidents(), contract.AppendIncident)
	})
	codingFlags(cmd, &opt)
	groupingFlags(cmd, &sopt, &iopt)
}
