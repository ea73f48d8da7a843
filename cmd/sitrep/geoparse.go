package main

import (
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var (
		opt   geo.Options
		noNER bool
	)
	cmd := docCommand(root, &cobra.Command{
		Use:   "geoparse INPUT...",
		Short: "find place names and resolve them to coordinates, as JSON per document",
		Long: `geoparse finds the place names of each document and resolves them in the embedded
GeoNames gazetteer: one JSON object per document with its toponyms (byte offsets, text,
name, lat, lon, geonameid, country as ISO 3166-1 alpha-3, admin1, feature code,
precision, and metonymy when the name stands for a government: "Washington said").`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		stages := pipeline.NER | pipeline.Geo
		if noNER {
			stages = pipeline.Geo
		}
		return runDocs(cmd, args, pipeline.Options{Stages: stages, NERSecondStage: true, Geo: opt}, workers, appendEach(contract.AppendGeoDoc))
	})
	cmd.Flags().BoolVar(&opt.Demonyms, "demonyms", true, `report country adjectives ("Turkish") as toponyms, marked demonym`)
	cmd.Flags().BoolVar(&noNER, "no-ner", false, "match the gazetteer alone, without the named-entity tagger's PER/ORG/LOC evidence")
}
