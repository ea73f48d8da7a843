package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var (
		tokens, tagset string
		actorFiles     []string
		context        int
	)
	cmd := docCommand(root, &cobra.Command{
		Use:   "ner [--tokens FILE | INPUT...]",
		Short: "tag person, organisation and location names (IOB2, one token per line)",
		Long: `ner tags names with the embedded recognizer. With --tokens FILE it reads one token per
line (first column; - for stdin), a blank line between sentences, and writes token<TAB>tag
lines in IOB2 over PER, ORG and LOC. Given documents instead, it tokenizes them and writes the
same format. A name tagged in one sentence is also tagged where it recurs untagged in the same
document (with --tokens, which marks no documents, within --context sentences on each side:
20 by default, 0 for none, -1 for the whole file). --actors adds actor files whose names feed
the gazetteer features.`,
	}, func(cmd *cobra.Command, args []string, workers int) error {
		if tagset != "coarse" {
			return usageError{fmt.Errorf("--tagset %q: only coarse (PER, ORG, LOC) is available", tagset)}
		}
		opt := pipeline.Options{Stages: pipeline.NER, NERSecondStage: true, Dictionaries: actorFiles}
		if tokens == "" {
			return runDocs(cmd, args, opt, workers, appendEach(func(b []byte, doc *sitrep.Document) ([]byte, error) {
				return contract.AppendTags(b, doc), nil
			}))
		} else if len(args) > 0 {
			return usageError{errors.New("give either --tokens FILE or inputs, not both")}
		}
		p, err := pipeline.New(opt)
		if err != nil {
			return err
		}
		return tagTokens(p.Stage("ner").(*ner.Stage).Tagger(), tokens, context)
	})
	cmd.Flags().StringVar(&tokens, "tokens", "", "read gold tokens, one per line, blank line between sentences (- for stdin)")
	cmd.Flags().IntVar(&context, "context", ner.TokensWindow, "with --tokens: sentences on each side a tagged name spreads to (0: none, -1: the whole file)")
	cmd.Flags().StringVar(&tagset, "tagset", "coarse", "tag set: coarse (PER, ORG, LOC)")
	cmd.Flags().StringSliceVar(&actorFiles, "actors", nil, "actor files (TSV or PETRARCH .actors/.agents) added to the gazetteer; repeatable")
}

// tagTokens tags the sentences of a --tokens file: they mark no documents,
// so names spread over context sentences and all are tagged before any is
// written.
func tagTokens(t *ner.Tagger, path string, context int) error {
	in := os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return usageError{err}
		}
		defer f.Close()
		in = f
	}
	err := contract.TagTokens(in, os.Stdout, ner.Labels, func(words [][]string) [][]int { return t.TagSentences(words, context) })
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
