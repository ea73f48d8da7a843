package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/stories"
	"github.com/sitrep-dev/sitrep/worker"
)

func init() {
	var (
		natsURL, stream, pg string
		w                   worker.Worker
		ackWait             time.Duration
		c                   coder
	)
	cmd := &cobra.Command{
		Use:   "worker --nats URL --pg DSN",
		Short: "code the documents of a NATS JetStream work queue into PostgreSQL",
		Long: `worker takes documents that ` + "`sitrep ingest --nats`" + ` queued, a batch at a time, codes them with
the pipeline of ` + "`sitrep code`" + ` and stores each batch, documents with their sentences, entities and
events, in one PostgreSQL transaction, then acknowledges it. Each batch is put in stories and
incidents in that transaction, as ` + "`sitrep ingest --pg`" + ` does, under a lock that one writer holds at a
time, after taking back what other workers grouped since. Start as many workers as you like, on
as many machines: they share the queue. A worker killed at any moment loses nothing (the queue hands
what it held to another worker after --ack-wait) and duplicates nothing (documents stored already
are skipped). A document that fails --attempts times goes to the stream <STREAM>_DEAD with the
reason in its Sitrep-Error header. SIGTERM or Ctrl-C stops a worker once its batch is stored. When
NATS or PostgreSQL goes away, the worker waits for it. A progress line goes to stderr every
--progress.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if natsURL == "" || pg == "" {
				return usageError{errors.New("worker needs --nats and --pg")}
			}
			if ackWait <= worker.DefaultHeartbeat {
				return usageError{fmt.Errorf("--ack-wait must be over %v, how often a worker says it still holds its documents", worker.DefaultHeartbeat)}
			}
			ctx := cmd.Context()
			stages, err := pipeline.New(c.opt)
			if err != nil {
				return err
			}
			logger := log.New(os.Stderr, "sitrep: ", log.LstdFlags)
			st, err := postgres.Open(ctx, pg)
			if err != nil {
				return err
			}
			defer st.Close()
			q, err := nats.Open(ctx, natsURL, nats.Options{Stream: stream, AckWait: ackWait, Log: logger})
			if err != nil {
				return err
			}
			defer q.Close()
			g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
			if err != nil {
				return err
			}
			w.Queue, w.Store, w.Pipeline, w.Group, w.Log, w.Workers = q, st, stages, g, logger, c.workers
			return w.Run(ctx)
		},
	}
	queueFlags(cmd, &natsURL, &stream)
	cmd.Flags().StringVar(&pg, "pg", "", "PostgreSQL database to store in: postgres://user@host:5432/db (the password from $PGPASSWORD or ~/.pgpass)")
	cmd.Flags().IntVar(&w.Batch, "batch", worker.DefaultBatch, "documents taken, and stored in one transaction, at a time")
	cmd.Flags().IntVar(&w.Attempts, "attempts", worker.DefaultAttempts, "tries before a document goes to the dead letters")
	cmd.Flags().DurationVar(&ackWait, "ack-wait", nats.DefaultAckWait, "how long a document a worker holds waits before another worker gets it (the queue keeps the last value any worker set)")
	cmd.Flags().DurationVar(&w.Progress, "progress", 10*time.Second, "how often to log progress (0: never)")
	c.register(cmd)
	root.AddCommand(cmd)
}
