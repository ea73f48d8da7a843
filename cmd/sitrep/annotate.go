package main

import (
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var actorFiles []string
	cmd := docCommand(root, &cobra.Command{
		Use:   "annotate INPUT...",
		Short: "write each document with its entities resolved to actors (JSON)",
		Long: `annotate cleans each document, finds its entities (names, country adjectives, generic
agents such as "security forces"), resolves them to actors (name, country, sector, CAMEO-style
code, Wikidata id), links mentions of one referent into clusters and marks metonymy
("Islamabad said"), finds the statements attributed to someone (direct quotations and reported
speech, with their content, speaker and cue), and writes one JSON object per document: id, url,
title, date, text, entities [{text, start, end, label, actor, cluster, metonymy}] and quotes
[{content, speaker, cue, direct}].`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		return runDocs(cmd, args, annotateOptions(actorFiles), workers, appendEach(contract.AppendAnnotated))
	})
	cmd.Flags().StringSliceVar(&actorFiles, "actors", nil, "actor files (TSV or PETRARCH .actors/.agents); repeatable")
}

// annotateOptions are the pipeline of annotate: the quotes stage reads the
// parse of every sentence.
func annotateOptions(actorFiles []string) pipeline.Options {
	return pipeline.Options{Stages: pipeline.Clean | pipeline.NLP | pipeline.NER | pipeline.Actors | pipeline.Quotes,
		NERSecondStage: true, Dictionaries: actorFiles}
}
