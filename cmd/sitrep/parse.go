package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/conllu"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var conlluFile string
	cmd := docCommand(root, &cobra.Command{
		Use:   "parse INPUT...",
		Short: "tokenize, tag, lemmatize and parse into CoNLL-U (Universal Dependencies)",
		Long: `parse splits each document into sentences and tokens and writes CoNLL-U with
LEMMA, UPOS, XPOS, HEAD and DEPREL, a "# doc_id =" comment on each document's first
sentence and "# text =" on every sentence.

With --conllu FILE it keeps the tokens and sentences of FILE and writes them with
predicted lemmas, tags and dependencies, sentence for sentence.`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		opt := pipeline.Options{Stages: pipeline.NLP}
		if conlluFile == "" {
			return runDocs(cmd, args, opt, workers, conllu.Write)
		} else if len(args) > 0 {
			return usageError{fmt.Errorf("--conllu takes no other inputs")}
		}
		stages, err := pipeline.New(opt)
		if err != nil {
			return err
		}
		sents, err := conllu.ReadFile(conlluFile)
		if err != nil {
			return err
		}
		return batch.Run(cmd.Context(), nlp.ConlluDocs(conlluFile, sents), stages, workers, conllu.Write)
	})
	cmd.Flags().StringVar(&conlluFile, "conllu", "", "re-tag and re-parse the tokens of this CoNLL-U file")
}
