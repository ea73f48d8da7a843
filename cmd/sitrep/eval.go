package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/contract"
	"github.com/sitrep-dev/sitrep/events/eval"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "measure the event coder on gold sets (PETRARCH suites, event location, places and counts, document types)",
	}
	var opt pipeline.Options
	petr := &cobra.Command{
		Use:   "petr SUITE...",
		Short: "code PETRARCH suites and print PLOVER type F1 and (type, source, target) triple F1",
		Long: `petr codes each record of PETRARCH coding suites (PETR.UnitTest.records.xml, the TABARI-style
PETR.Validate.records.*.txt) and scores PLOVER types (CAMEO codes mapped to PLOVER) and
(type, source country, target country) triples per sentence, as ../shared/eval/score.py petr does.
Load the suites' own dictionaries with --actors (PETR.Validate.actors.txt, .agents.txt, and
.verbs.txt to code with their verb patterns).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := pipeline.New(opt)
			if err != nil {
				return err
			}
			return eval.PETRFiles(cmd.OutOrStdout(), args, p.Annotate)
		},
	}
	petr.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor dictionaries (and *verbs* dictionaries); repeatable")
	petr.Flags().BoolVar(&opt.RequireDyad, "require-dyad", false, "code only events with both a source and a target actor")

	location := &cobra.Command{
		Use:   "location FILE",
		Short: "event-location attachment accuracy on the held-out fifth of the event-location set",
		Long: `location reads the event-location set (labeled_text.jsonl.gz), keeps its held-out fifth
(a hash of the sentence text; --dev for the other four fifths, --all for a separate test file), runs the pipeline up to the
geo stage on each sentence and asks the coder where the given event verb happened. It prints
the share of events with a gold location whose predicted place is that span or overlaps it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			part := eval.HeldOut
			if dev, _ := cmd.Flags().GetBool("dev"); dev {
				part = eval.Dev
			}
			if all, _ := cmd.Flags().GetBool("all"); all {
				part = eval.All
			}
			res, err := eval.LocationFile(args[0], part)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), res)
			return err
		},
	}
	location.Flags().Bool("dev", false, "score the development four fifths instead of the held-out fifth")
	location.Flags().Bool("all", false, "score every record (a test file of the same format)")

	places := &cobra.Command{
		Use:   "places ACLED.csv...",
		Short: "where events are placed and what they count, on ACLED-style notes",
		Long: `places codes each note of ACLED exports (CSV, either schema; the violence and protest
types, as ../shared/eval/score.py acled keeps them) with the standard pipeline and prints the
share of notes with a located event (and how many event points are inherited from the report),
the share with an event within 50 km of the coded point, and the share of notes with
fatalities that have an event with that exact killed count. The notes are for measuring only.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := pipeline.New(pipeline.Options{})
			if err != nil {
				return err
			}
			return eval.PlacesFiles(cmd.OutOrStdout(), args, p.Annotate)
		},
	}

	dt := &cobra.Command{
		Use:   "doctype STORIES.csv.zip",
		Short: "document-level main event type accuracy on held-out NGEC synthetic stories",
		Long: `doctype codes the NGEC synthetic stories with the standard pipeline and scores the embedded
main-event type classifier on every fifth story, which it was not trained on (their headline
templates head training stories too). With --by-template it trains a classifier on the stories of
four fifths of the headline templates and scores it on the rest, headlines it never saw, for each
fifth, and gives each fold's accuracy and their mean.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			byTemplate, _ := cmd.Flags().GetBool("by-template")
			return eval.DocTypeFile(cmd.OutOrStdout(), args[0], byTemplate)
		},
	}
	dt.Flags().Bool("by-template", false, "train on four fifths of the headline templates, score the rest; each fifth in turn")

	evs := &cobra.Command{
		Use:   "events [--data DIR] [--sets plv,case,acled,petr,ngec,location]",
		Short: "event typing, actors, places and counts on every visible gold set, in one command",
		Long: `events measures the event coder on the visible gold sets in DIR (default ../shared/data):
for each, its headline figure as ../shared/eval/score.py computes it, per-type precision, recall
and F1, and a confusion table (gold type: the types the items got). PLV adds the share of
sentences with both actors right; the ACLED notes the located share, within 50 km and exact
fatalities; the PETRARCH suites are coded with their own dictionaries; NGEC stories of headline
templates never trained on give the main-event type accuracy of a classifier retrained on the
others (a few minutes); location is the event-location held-out fifth. plv, case2021 and
acled-notes are for measuring only.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			data, _ := cmd.Flags().GetString("data")
			sets, _ := cmd.Flags().GetStringSlice("sets")
			for _, s := range sets {
				if !slices.Contains(eval.Sets, s) {
					return usageError{fmt.Errorf("--sets: %q is none of %s", s, strings.Join(eval.Sets, ", "))}
				}
			}
			return eval.Report(cmd.OutOrStdout(), data, sets)
		},
	}
	evs.Flags().String("data", filepath.Join("..", "shared", "data"), "folder of the gold sets")
	evs.Flags().StringSlice("sets", nil, "sets to measure (default: all): "+strings.Join(eval.Sets, ", "))
	cmd.AddCommand(petr, location, places, dt, evs)
	evalQuotes(cmd)
	root.AddCommand(cmd)
}

// evalQuotes writes the quotes of each JSONL document in the format of
// ../shared/eval/score_quotes.py.
func evalQuotes(eval *cobra.Command) {
	docCommand(eval, &cobra.Command{
		Use:   "quotes INPUT...",
		Short: "find the quotes of JSONL documents and write them for score_quotes.py (character offsets)",
		Long: `quotes runs annotate's pipeline without cleaning (the gold spans index the text as given) on
each document and writes {"id", "quotes": [{"content_start", "content_end", "speaker_start",
"speaker_end", "cue_start", "cue_end"}]} with character (not byte) offsets, the input of
../shared/eval/score_quotes.py GOLD.jsonl PRED.jsonl.`,
		Args: cobra.MinimumNArgs(1),
	}, func(cmd *cobra.Command, args []string, workers int) error {
		opt := annotateOptions(nil)
		opt.Stages &^= pipeline.Clean // the gold spans index the text as given
		return runDocs(cmd, args, opt, workers, appendEach(contract.AppendQuoteChars))
	})
}
