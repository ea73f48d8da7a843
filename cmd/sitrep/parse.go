package main

import (
	"bufio"
	"fmt"
	"iter"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/nlp"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var (
		workers int
		conllu  string
	)
	cmd := &cobra.Command{
		Use:   "parse INPUT...",
		Short: "tokenize, tag, lemmatize and parse into CoNLL-U (Universal Dependencies)",
		Long: `parse splits each document into sentences and tokens and writes CoNLL-U with
LEMMA, UPOS, XPOS, HEAD and DEPREL, a "# doc_id =" comment on each document's first
sentence and "# text =" on every sentence.

With --conllu FILE it keeps the tokens and sentences of FILE and writes them with
predicted lemmas, tags and dependencies, sentence for sentence.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if conllu == "" {
				if err := needInputs(args); err != nil {
					return err
				}
			} else if len(args) > 0 {
				return usageError{fmt.Errorf("--conllu takes no other inputs")}
			}
			p, err := nlp.Load()
			if err != nil {
				return err
			}
			stages := pipeline.Pipeline{p}
			if conllu == "" {
				return runDocs(cmd.Context(), args, stages, workers, contract.WriteConllu)
			}
			sents, err := readConllu(conllu)
			if err != nil {
				return err
			}
			out := bufio.NewWriterSize(os.Stdout, 1<<16)
			err = stages.Run(cmd.Context(), conlluDocs(conllu, sents), workers, func(r pipeline.Result) error {
				if r.Err != nil {
					return fmt.Errorf("%s: %w", conllu, r.Err)
				}
				r.Doc.ID = "" // one output sentence per input sentence, no document comments
				return contract.WriteConllu(out, r.Doc)
			})
			if ferr := out.Flush(); err == nil {
				err = ferr
			}
			return err
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	cmd.Flags().StringVar(&conllu, "conllu", "", "re-tag and re-parse the tokens of this CoNLL-U file")
	root.AddCommand(cmd)
	models = append(models, nlp.Describe)
}

// conlluDocs cuts the sentences into documents of 100 so that workers share
// the file.
func conlluDocs(name string, sents []*contract.ConlluSentence) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for i := 0; i < len(sents); i += 100 {
			doc := nlp.FromConllu(name, sents[i:min(i+100, len(sents))])
			doc.Source = name
			if !yield(doc, nil) {
				return
			}
		}
	}
}
