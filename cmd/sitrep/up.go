package main

import (
	"errors"
	"net"

	"github.com/sitrep-dev/sitrep/samples"

	"github.com/spf13/cobra"
)

func init() {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "up [INPUT...]",
		Short: "ingest the inputs into the default database, then serve the dashboard",
		Long: `up is the quick start: it codes and stores the inputs in the database (by default
under your data directory; documents already there are skipped) and then serves the
dashboard and API on http://127.0.0.1:8080 until Ctrl-C. With no input it stores the
embedded sample stories (package samples), so a fresh machine shows a working dashboard.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				path, remove, err := samples.File()
				if err != nil {
					return err
				}
				defer remove()
				args = []string{path}
			}
			// Bind first: a port in use fails before minutes of coding.
			ln, err := net.Listen("tcp", f.addr)
			if err != nil {
				return err
			}
			defer ln.Close()
			res, err := runIngest(cmd.Context(), f.db, f.pg, args, f.workers, f.opt)
			if err != nil && err != errSomeInputsFailed {
				return err
			}
			if cmd.Context().Err() != nil {
				return nil
			}
			if res.Added+res.Skipped == 0 {
				return errors.New("no input could be read; nothing to serve")
			}
			return serve(cmd.Context(), f, ln)
		},
	}
	f.register(cmd)
	root.AddCommand(cmd)
}
