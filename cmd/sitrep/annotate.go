package main

import (
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var (
		workers    int
		actorFiles []string
	)
	cmd := &cobra.Command{
		Use:   "annotate INPUT...",
		Short: "write each document with its entities resolved to actors (JSON)",
		Long: `annotate cleans each document, finds its entities (names, country adjectives, generic
agents such as "security forces"), resolves them to actors (name, country, sector, CAMEO-style
code, Wikidata id), links mentions of one referent into clusters and marks metonymy
("Islamabad said"), and writes one JSON object per document: id, url, title, date, text and
entities [{text, start, end, label, actor, cluster, metonymy}].`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needInputs(args); err != nil {
				return err
			}
			stages, err := pipeline.New(pipeline.Options{Stages: pipeline.Clean | pipeline.NER | pipeline.Actors, NERSecondStage: true, Dictionaries: actorFiles})
			if err != nil {
				return err
			}
			return runDocs(cmd.Context(), args, stages, workers, appendEach(contract.AppendAnnotated))
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	cmd.Flags().StringSliceVar(&actorFiles, "actors", nil, "actor files (TSV or PETRARCH .actors/.agents); repeatable")
	root.AddCommand(cmd)
}
