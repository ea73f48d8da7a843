package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func init() {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "up [INPUT...]",
		Short: "ingest the inputs into the default database, then serve the dashboard",
		Long: `up is the quick start: it codes and stores the inputs (if any) in the database
(by default under your data directory; documents already there are skipped) and then
serves the dashboard and API on http://127.0.0.1:8080 until Ctrl-C.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				err := runIngest(cmd.Context(), f.db, args, f.workers, f.opt)
				if err != nil && err != errSomeInputsFailed {
					return err
				}
				if cmd.Context().Err() != nil {
					return nil
				}
			}
			fmt.Fprintf(os.Stderr, "sitrep: open http://%s in a browser\n", f.addr)
			return serve(cmd.Context(), f)
		},
	}
	f.register(cmd)
	root.AddCommand(cmd)
}
