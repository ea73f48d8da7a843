package main

import (
	"bufio"
	"encoding/json"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// evalQuotes writes the quotes of each JSONL document in the format of
// ../shared/eval/score_quotes.py.
func evalQuotes() *cobra.Command {
	var workers int
	cmd := &cobra.Command{
		Use:   "quotes INPUT...",
		Short: "find the quotes of JSONL documents and write them for score_quotes.py (character offsets)",
		Long: `quotes runs annotate's pipeline without cleaning (the gold spans index the text as given) on
each document and writes {"id", "quotes": [{"content_start", "content_end", "speaker_start",
"speaker_end", "cue_start", "cue_end"}]} with character (not byte) offsets, the input of
../shared/eval/score_quotes.py GOLD.jsonl PRED.jsonl.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt := annotateOptions(nil)
			opt.Stages &^= pipeline.Clean // the gold spans index the text as given
			p, err := pipeline.New(opt)
			if err != nil {
				return err
			}
			type quote struct {
				ContentStart int  `json:"content_start"`
				ContentEnd   int  `json:"content_end"`
				SpeakerStart *int `json:"speaker_start"`
				SpeakerEnd   *int `json:"speaker_end"`
				CueStart     *int `json:"cue_start"`
				CueEnd       *int `json:"cue_end"`
			}
			return runDocs(cmd.Context(), args, p, workers, func(w *bufio.Writer, doc *sitrep.Document) error {
				char := charOffsets(doc.Text)
				out := struct {
					ID     string  `json:"id"`
					Quotes []quote `json:"quotes"`
				}{ID: doc.ID, Quotes: []quote{}}
				opt := func(sp sitrep.Span) (*int, *int) {
					if sp.Len() == 0 {
						return nil, nil
					}
					s, e := char(sp.Start), char(sp.End)
					return &s, &e
				}
				for _, q := range doc.Quotes {
					j := quote{ContentStart: char(q.Content.Start), ContentEnd: char(q.Content.End)}
					j.SpeakerStart, j.SpeakerEnd = opt(q.Speaker)
					j.CueStart, j.CueEnd = opt(q.Cue)
					out.Quotes = append(out.Quotes, j)
				}
				b, err := json.Marshal(out)
				if err != nil {
					return err
				}
				w.Write(b)
				return w.WriteByte('\n')
			})
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "documents processed in parallel (0: all cores)")
	return cmd
}

// charOffsets maps byte offsets of text to character offsets.
func charOffsets(text string) func(int) int {
	idx := make([]int32, len(text)+1)
	n := int32(0)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for k := range size {
			idx[i+k] = n
		}
		i += size
		n++
	}
	idx[len(text)] = n
	return func(b int) int { return int(idx[min(max(b, 0), len(text))]) }
}
