package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/pipeline"
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
				for _, m := range pipeline.Models() {
					fmt.Fprintln(out, m)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list embedded models with their training data, licence and accuracy")
	root.AddCommand(cmd)
}
