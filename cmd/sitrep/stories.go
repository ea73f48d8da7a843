package main

import (
	"bufio"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

func init() {
	var (
		workers int
		opt     pipeline.Options
		sopt    stories.Options
	)
	cmd := &cobra.Command{
		Use:   "stories INPUT...",
		Short: "group the documents into stories, one per real-world happening (JSONL)",
		Long: `stories runs the full pipeline and groups the documents into stories: articles about
the same real-world happening, whether or not they hold a coded event. A near-duplicate or
syndicated copy joins the story of the article it repeats; another article joins the story
whose words (names, places, numbers, what happened) are most like its own, within --story-window
days of its articles, or opens a new story. Every document is in exactly one story. It writes
one JSON object per story, in the order they were opened: {"id", "docs", "title", "first", "last"}.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			idx, err := stories.New(sopt)
			if err != nil {
				return err
			}
			err = runDocs(cmd, args, opt, workers, func(_ *bufio.Writer, doc *sitrep.Document) error {
				idx.Assign(doc)
				return nil
			})
			return batch.WriteAll(err, idx.Stories(), contract.AppendStory)
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	codingFlags(cmd, &opt)
	var iopt incidents.Options
	groupingFlags(cmd, &sopt, &iopt)
	cmd.Flags().MarkHidden("incident-km")
	cmd.Flags().MarkHidden("incident-slack")
	root.AddCommand(cmd)
}
