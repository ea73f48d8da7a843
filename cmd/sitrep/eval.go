package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/events/eval"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "measure the event coder on gold sets (PETRARCH suites, event location, places and counts, document types)",
	}
	var opt pipelineOptions
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
			p, err := standardPipeline(opt)
			if err != nil {
				return err
			}
			for _, path := range args {
				recs, err := eval.ReadPETR(path)
				if err != nil {
					return err
				}
				res, err := eval.PETR(recs, p.Annotate)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: sentences %d; type P %.3f R %.3f F1 %.3f; triple P %.3f R %.3f F1 %.3f\n",
					path, res.Sentences, res.Type.P, res.Type.R, res.Type.F, res.Triple.P, res.Triple.R, res.Triple.F)
			}
			return nil
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
			items, err := eval.ReadLocations(args[0], part)
			if err != nil {
				return err
			}
			p, err := standardPipeline(pipelineOptions{})
			if err != nil {
				return err
			}
			var coder *events.Coder
			var pre pipeline.Pipeline
			for _, s := range p {
				switch s.Name() {
				case "events":
					coder = s.(*events.Coder)
				case "clean": // the gold spans index the raw sentence
				default:
					pre = append(pre, s)
				}
			}
			res, err := eval.Locations(items, pre.Annotate, coder.Locate)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "sentences %d, with a gold location %d; no-location events left unlocated %.3f\n",
				res.Items, res.Located, res.NoneRight)
			fmt.Fprintf(cmd.OutOrStdout(), "as coded (the model may say none) %.3f\n", res.Accuracy)
			fmt.Fprintf(cmd.OutOrStdout(), "event-location accuracy (exact or overlapping; a place named for each located event) %.3f\n", res.Forced)
			return nil
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
			p, err := standardPipeline(pipelineOptions{})
			if err != nil {
				return err
			}
			for _, path := range args {
				notes, err := eval.ReadACLED(path)
				if err != nil {
					return err
				}
				res, err := eval.Places(notes, p.Annotate)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: notes %d, with an event %d; located %.3f (events %d, with a point %d, inherited %d); within 50 km %.3f of %d; exact fatalities %.3f of %d\n",
					path, res.Notes, res.WithEvent, res.Located, res.Events, res.EventsLocated, res.Inherited,
					res.Within50, res.PointNotes, res.ExactFatalities, res.FatalNotes)
			}
			return nil
		},
	}

	dt := &cobra.Command{
		Use:   "doctype STORIES.csv.zip",
		Short: "document-level main event type accuracy on the held-out NGEC synthetic stories",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := doctype.Default()
			if err != nil {
				return err
			}
			train, test, err := doctype.ReadNGEC(args[0], false)
			if err != nil {
				return err
			}
			if all, _ := cmd.Flags().GetBool("all"); all {
				test = append(train, test...)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "stories %d (without --all: every fifth, held out; their headlines also head training stories)\n", len(test))
			fmt.Fprintf(cmd.OutOrStdout(), "main-event type accuracy %.3f\n", doctype.Accuracy(m, test))
			return nil
		},
	}
	dt.Flags().Bool("all", false, "score every story (a separate test file of the same format)")
	cmd.AddCommand(petr, location, places, dt)
	root.AddCommand(cmd)
	models = append(models, func() string {
		m, err := doctype.Default()
		if err != nil {
			return "doctype: " + err.Error()
		}
		return "doctype: " + m.Meta
	}, func() string {
		return "events: PLOVER trigger lexicon (our own, events/lexicon/plover.lex); event-location ranker, averaged perceptron trained on 4/5 of the event-location set (ahalterman/event_location, MIT), held-out 0.81 overlap; rebuild: go run ./events/internal/trainloc ../shared/data/event-location/labeled_text.jsonl.gz"
	})
}
