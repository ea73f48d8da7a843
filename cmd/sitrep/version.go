package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func init() {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "print the version (and with -v the embedded models and their data)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			rev := ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" {
						rev = " " + s.Value
					}
				}
				fmt.Fprintf(out, "sitrep %s%s (%s)\n", version, rev, bi.GoVersion)
			} else {
				fmt.Fprintf(out, "sitrep %s\n", version)
			}
			if verbose {
				for _, m := range models {
					fmt.Fprintf(out, "%s\n", m())
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list embedded models with their training data, licence and accuracy")
	root.AddCommand(cmd)
}

// models describe each embedded model from its meta record.
var models = []func() string{doctype.Describe, events.Describe, geo.Describe, ner.Describe, nlp.Describe}
