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
		Use: "eval",
	}
	var opt pipeline.Options
	petr := &cobra.Command{
		Use:  "petr SUITE...",
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
		Use:  "location FILE",
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
		Use:  "places ACLED.csv...",
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
		Use:  "doctype STORIES.csv.zip",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			byTemplate, _ := cmd.Flags().GetBool("by-template")
			return eval.DocTypeFile(cmd.OutOrStdout(), args[0], byTemplate)
		},
	}
	dt.Flags().Bool("by-template", false, "train on four fifths of the headline templates, score the rest; each fifth in turn")

	evs := &cobra.Command{
		Use:  "events [--data DIR] [--sets plv,case,acled,petr,ngec,location]",
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
		Use:  "quotes INPUT...",
		Args: cobra.MinimumNArgs(1),
	}, func(cmd *cobra.Command, args []string, workers int) error {
		opt := annotateOptions(nil)
		opt.Stages &^= pipeline.Clean // the gold spans index the text as given
		return runDocs(cmd, args, opt, workers, appendEach(contract.AppendQuoteChars))
	})
}
