package main

import (
	"context"
	"errors"
	"log"
	"net"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/batch"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/samples"
	"github.com/sitrep-dev/sitrep/stores"
)

// serveFlags are the flags of serve and up.
type serveFlags struct {
	db, pg, addr, token string
	coder
}

func (f *serveFlags) register(cmd *cobra.Command) {
	storeFlags(cmd, &f.db, &f.pg)
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on; anything but loopback exposes the data to the network")
	cmd.Flags().StringVar(&f.token, "token", os.Getenv("SITREP_TOKEN"), "bearer token that enables POST /api/documents (default $SITREP_TOKEN; none: read-only)")
	f.coder.register(cmd)
}

func init() {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "serve the HTTP API and the dashboard over a database",
		Long: `serve answers the HTTP JSON API (described at /api/openapi.json) and serves the
dashboard (map, timeline, actor network, event table, evidence) at the root, from a
database that ingest filled. It binds to loopback unless --addr says otherwise.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return serve(cmd.Context(), f, nil) },
	}
	f.register(cmd)
	root.AddCommand(cmd)
}

// serve runs the server until ctx ends (Ctrl-C), on ln when it is not nil
// (bound by the caller), else on f.addr.
func serve(ctx context.Context, f serveFlags, ln net.Listener) error {
	st, name, err := stores.Open(ctx, f.db, f.pg)
	if err != nil {
		return err
	}
	defer st.Close()
	srv := &sitrephttp.Server{Events: st, Token: f.token, Log: log.New(os.Stderr, "sitrep: ", 0)}
	srv.Incidents, _ = st.(sitrep.IncidentStore)
	switch {
	case stores.ReadOnly(st):
		without := ""
		if f.token != "" {
			without = ", without POST /api/documents"
		}
		srv.Log.Printf("%s cannot be written: serving it read-only%s", name, without)
	case f.token != "":
		stages, err := pipeline.New(f.opt)
		if err != nil {
			return err
		}
		if srv.Ingest, err = batch.Uploads(ctx, st, readOptions, stages, f.workers); err != nil {
			return err
		}
	}
	return srv.Serve(ctx, f.addr, ln, name)
}

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
			res, err := runIngest(cmd.Context(), f.db, f.pg, args, f.coder)
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
