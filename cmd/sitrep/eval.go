package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/events/doctype"
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
			for _, path := range args {
				recs, err := eval.ReadPETR(path)
				if err != nil {
					return err
				}
				res, err := eval.PETR(recs, p.Annotate)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", path, res)
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
}
