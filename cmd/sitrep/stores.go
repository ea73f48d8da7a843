package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/batch"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/samples"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/stores"
	"github.com/sitrep-dev/sitrep/watch"
	"github.com/sitrep-dev/sitrep/worker"
)

// The commands that code into a database or a queue and serve a database:
// ingest, serve, up, watch, worker.

func init() {
	var s storing
	cmd := command(root, "ingest INPUT...", nil, func(cmd *cobra.Command, args []string) error {
		if err := needInputs(args); err != nil {
			return err
		}
		if s.nats != "" {
			return runPublish(cmd.Context(), s, args)
		}
		_, err := runIngest(cmd.Context(), s, args)
		return err
	})
	s.storeFlags(cmd)
	s.queueFlags(cmd)
	cmd.MarkFlagsMutuallyExclusive("nats", "pg")
	s.register(cmd)
}

// storing is what the commands that code into a store or a queue are told
// by their flags: where (--db, --pg, --nats and --stream, of those each
// command takes), --workers and codingFlags.
type storing struct {
	db, pg, nats, stream string
	workers              int
	opt                  pipeline.Options
}

func (s *storing) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&s.workers, "workers", 0, "documents coded in parallel (0: all cores)")
	codingFlags(cmd, &s.opt)
}

// storeFlags registers --db and --pg.
func (s *storing) storeFlags(cmd *cobra.Command) {
	s.dbFlag(cmd)
	cmd.Flags().StringVar(&s.pg, "pg", "", "PostgreSQL database to use instead of SQLite: postgres://user@host:5432/db (the password from $PGPASSWORD or ~/.pgpass)")
	cmd.MarkFlagsMutuallyExclusive("db", "pg")
}

// dbFlag registers --db.
func (s *storing) dbFlag(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.db, "db", sqlite.DefaultPath(), "SQLite database file (created when missing)")
}

// queueFlags registers --nats and --stream.
func (s *storing) queueFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.nats, "nats", "", "NATS server with JetStream (nats://host:4222) whose work queue the documents go through")
	cmd.Flags().StringVar(&s.stream, "stream", nats.DefaultStream, "JetStream stream of the work queue")
}

// runIngest codes inputs with the standard pipeline (as code does) and
// stores them in the PostgreSQL database s.pg, else the SQLite file s.db.
func runIngest(ctx context.Context, s storing, inputs []string) (pipeline.Stored, error) {
	stages, err := pipeline.New(s.opt)
	if err != nil {
		return pipeline.Stored{}, err
	}
	st, name, err := stores.Open(ctx, s.db, s.pg)
	if err != nil {
		return pipeline.Stored{}, err
	}
	defer st.Close()
	return batch.Ingest(ctx, st, name, inputs, readOptions, stages, s.workers)
}

// runPublish queues the documents of inputs on the stream for workers.
func runPublish(ctx context.Context, s storing, inputs []string) error {
	stages, err := pipeline.New(s.opt)
	if err != nil {
		return err
	}
	q, err := nats.Open(ctx, s.nats, nats.Options{Stream: s.stream, Log: log.New(os.Stderr, "sitrep: ", 0)})
	if err != nil {
		return err
	}
	defer q.Close()
	_, err = batch.Publish(ctx, q, s.stream, inputs, readOptions, stages, s.workers)
	return err
}

// serveFlags are the flags of serve and up.
type serveFlags struct {
	addr, token string
	storing
}

func (f *serveFlags) register(cmd *cobra.Command) {
	f.storeFlags(cmd)
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on; anything but loopback exposes the data to the network")
	cmd.Flags().StringVar(&f.token, "token", os.Getenv("SITREP_TOKEN"), "bearer token that enables POST /api/documents (default $SITREP_TOKEN; none: read-only)")
	f.storing.register(cmd)
}

func init() {
	var f serveFlags
	cmd := command(root, "serve", cobra.NoArgs, func(cmd *cobra.Command, _ []string) error { return serve(cmd.Context(), f, nil) })
	f.register(cmd)
}

// serve runs the server until ctx ends (Ctrl-C), on ln when it is not nil
// (bound by the caller), else on f.addr.
func serve(ctx context.Context, f serveFlags, ln net.Listener) error {
	st, name, err := stores.Open(ctx, f.db, f.pg)
	if err != nil {
		return err
	}
	defer st.Close()
	srv := &sitrephttp.Server{Events: st, Token: f.token, ReadOnly: stores.ReadOnly(st), Log: log.New(os.Stderr, "sitrep: ", 0)}
	srv.Incidents, _ = st.(sitrep.IncidentStore)
	if f.token != "" && !srv.ReadOnly {
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
	cmd := command(root, "up [INPUT...]", nil, func(cmd *cobra.Command, args []string) error {
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
		res, err := runIngest(cmd.Context(), f.storing, args)
		if err != nil && err != batch.ErrSomeFailed {
			return err
		}
		if cmd.Context().Err() != nil {
			return nil
		}
		if res.Added+res.Skipped == 0 {
			return errors.New("no input could be read; nothing to serve")
		}
		return serve(cmd.Context(), f, ln)
	})
	f.register(cmd)
}

func init() {
	var (
		s        storing
		feedFile string
		wopt     watch.Options
	)
	cmd := command(root, "watch [FEED_URL...]", nil, func(cmd *cobra.Command, args []string) error {
		wopt.Feeds = append(wopt.Feeds, args...)
		if feedFile != "" {
			urls, err := watch.ReadFeeds(feedFile)
			if err != nil {
				return usageError{err}
			}
			wopt.Feeds = append(wopt.Feeds, urls...)
		}
		if len(wopt.Feeds)+len(wopt.Dirs) == 0 {
			return usageError{errors.New("nothing to watch: give feed URLs, --feeds FILE or --dir DIR")}
		}
		return runWatch(cmd.Context(), s, wopt)
	})
	s.dbFlag(cmd)
	cmd.Flags().StringVar(&feedFile, "feeds", "", "file of feed URLs, one a line (# comments)")
	cmd.Flags().StringSliceVar(&wopt.Dirs, "dir", nil, "folder whose new files are read (repeatable)")
	cmd.Flags().DurationVar(&wopt.Interval, "interval", watch.DefaultInterval, "time between two polls of a feed or scans of a folder")
	cmd.Flags().DurationVar(&wopt.MaxBackoff, "max-backoff", watch.DefaultMaxBackoff, "longest wait before polling a failing feed again")
	cmd.Flags().IntVar(&wopt.MinText, "min-text", watch.DefaultMinText, "fetch the linked article of an item whose text is shorter (bytes; 0: never)")
	s.register(cmd)
}

// runWatch codes what the watcher finds into the database until ctx ends.
func runWatch(ctx context.Context, s storing, wopt watch.Options) error {
	stages, err := pipeline.New(s.opt)
	if err != nil {
		return err
	}
	st, err := sqlite.Open(ctx, s.db)
	if err != nil {
		return err
	}
	defer st.Close()
	return watch.Code(ctx, st, s.db, stages, s.workers, wopt)
}

func init() {
	var (
		s       storing
		w       worker.Worker
		ackWait time.Duration
	)
	cmd := command(root, "worker --nats URL --pg DSN", cobra.NoArgs, func(cmd *cobra.Command, _ []string) error {
		if s.nats == "" || s.pg == "" {
			return usageError{errors.New("worker needs --nats and --pg")}
		}
		if ackWait <= worker.DefaultHeartbeat {
			return usageError{fmt.Errorf("--ack-wait must be over %v, how often a worker says it still holds its documents", worker.DefaultHeartbeat)}
		}
		ctx := cmd.Context()
		stages, err := pipeline.New(s.opt)
		if err != nil {
			return err
		}
		logger := log.New(os.Stderr, "sitrep: ", log.LstdFlags)
		st, err := postgres.Open(ctx, s.pg)
		if err != nil {
			return err
		}
		defer st.Close()
		q, err := nats.Open(ctx, s.nats, nats.Options{Stream: s.stream, AckWait: ackWait, Log: logger})
		if err != nil {
			return err
		}
		defer q.Close()
		w.Queue, w.Store, w.Pipeline, w.Log, w.Workers = q, st, stages, logger, s.workers
		return w.Run(ctx)
	})
	s.queueFlags(cmd)
	cmd.Flags().StringVar(&s.pg, "pg", "", "PostgreSQL database to store in: postgres://user@host:5432/db (the password from $PGPASSWORD or ~/.pgpass)")
	cmd.Flags().IntVar(&w.Batch, "batch", worker.DefaultBatch, "documents taken, and stored in one transaction, at a time")
	cmd.Flags().IntVar(&w.Attempts, "attempts", worker.DefaultAttempts, "tries before a document goes to the dead letters")
	cmd.Flags().DurationVar(&ackWait, "ack-wait", nats.DefaultAckWait, "how long a document a worker holds waits before another worker gets it (the queue keeps the last value any worker set)")
	cmd.Flags().DurationVar(&w.Progress, "progress", 10*time.Second, "how often to log progress (0: never)")
	s.register(cmd)
}
