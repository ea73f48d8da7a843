package main

import (
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	cmd := docCommand(root, &cobra.Command{
		Use:   "extract INPUT...",
		Short: "write the clean article text and metadata of each document as JSON",
		Long: `extract reads text, HTML, RSS/Atom feeds, WARC and JSONL (gzip or not; directories
recursively; - for stdin) and writes one JSON object per document: id, url, title,
date, author, lang, the clean article text, format, and what cleaning removed with why.`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		if os.Getenv("GOGC") == "" {
			// Extraction builds a tree per page and keeps little of it: a
			// larger heap between collections (a few hundred MB) costs a
			// third less CPU on HTML.
			debug.SetGCPercent(400)
		}
		return runDocs(cmd, args, pipeline.Options{Stages: pipeline.Clean}, workers, appendEach(contract.AppendExtracted))
	})
	cmd.Flags().StringVar(&readOptions.Extractor, "extractor", "", "HTML article extractor: agree (our scorer and readability, agreeing), auto (trafilatura and readability, agreeing; 2x slower), fast (1.5x faster), native, trafilatura, trafilatura-fallback or readability")
}
