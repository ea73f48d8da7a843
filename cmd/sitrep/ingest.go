package main

import (
	"context"
	"log"
	"os"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/stores"
)

func init() {
	var (
		dbPath, pg, natsURL, stream string
		c                           coder
	)
	cmd := &cobra.Command{
		Use:   "ingest INPUT...",
		Short: "code documents and store them with their events in a database",
		Long: `ingest reads documents (text, HTML, feeds, WARC, JSONL; directories recursively),
runs the full pipeline on them in parallel and stores each document with its sentences,
entities, places and events in an SQLite database. A document already stored (same id,
URL or content hash) is skipped before it is coded, so an ingest that was interrupted
(Ctrl-C, a crash, a kill) is finished by running the same command again.

With --pg the database is PostgreSQL. With --nats the documents are not coded here but
queued on a NATS JetStream stream, once per document key, for ` + "`sitrep worker`" + `s to code.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needInputs(args); err != nil {
				return err
			}
			if natsURL != "" {
				return runPublish(cmd.Context(), natsURL, stream, args, c)
			}
			_, err := runIngest(cmd.Context(), dbPath, pg, args, c)
			return err
		},
	}
	storeFlags(cmd, &dbPath, &pg)
	queueFlags(cmd, &natsURL, &stream)
	cmd.MarkFlagsMutuallyExclusive("nats", "pg")
	c.register(cmd)
	root.AddCommand(cmd)
}

// coder is what the commands that code into a store or a queue are told by
// their flags: --workers and codingFlags.
type coder struct {
	workers int
	opt     pipeline.Options
}

func (c *coder) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&c.workers, "workers", 0, "documents coded in parallel (0: all cores)")
	codingFlags(cmd, &c.opt)
}

// coding are the options of the event pipeline of code, ingest and serve
// before their flags: the models load with the first document, and long
// documents are coded in windows.
func coding() pipeline.Options { return pipeline.Options{Lazy: true, Windows: true} }

// codingFlags are the flags of code that change the coding, so that a
// database can hold what code would print.
func codingFlags(cmd *cobra.Command, opt *pipeline.Options) {
	*opt = coding()
	cmd.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor dictionary files (TSV or PETRARCH .actors/.agents; *verbs* files replace the trigger lexicon); repeatable")
	cmd.Flags().BoolVar(&opt.RequireDyad, "require-dyad", false, "code only events with both a source and a target actor")
}

// runIngest codes inputs with the standard pipeline (as code does) and
// stores them in the PostgreSQL database pg, else the SQLite file at dbPath.
func runIngest(ctx context.Context, dbPath, pg string, inputs []string, c coder) (pipeline.Stored, error) {
	stages, err := pipeline.New(c.opt)
	if err != nil {
		return pipeline.Stored{}, err
	}
	st, name, err := stores.Open(ctx, dbPath, pg)
	if err != nil {
		return pipeline.Stored{}, err
	}
	defer st.Close()
	return batch.Ingest(ctx, st, name, inputs, readOptions, stages, c.workers)
}

// queueFlags registers --nats and --stream.
func queueFlags(cmd *cobra.Command, url, stream *string) {
	cmd.Flags().StringVar(url, "nats", "", "NATS server with JetStream (nats://host:4222) whose work queue the documents go through")
	cmd.Flags().StringVar(stream, "stream", nats.DefaultStream, "JetStream stream of the work queue")
}

// runPublish queues the documents of inputs on the stream for workers.
func runPublish(ctx context.Context, url, stream string, inputs []string, c coder) error {
	stages, err := pipeline.New(c.opt)
	if err != nil {
		return err
	}
	q, err := nats.Open(ctx, url, nats.Options{Stream: stream, Log: log.New(os.Stderr, "sitrep: ", 0)})
	if err != nil {
		return err
	}
	defer q.Close()
	_, err = batch.Publish(ctx, q, stream, inputs, readOptions, stages, c.workers)
	return err
}

// storeFlags registers --db and --pg.
func storeFlags(cmd *cobra.Command, db, pg *string) {
	dbFlag(cmd, db)
	cmd.Flags().StringVar(pg, "pg", "", "PostgreSQL database to use instead of SQLite: postgres://user@host:5432/db (the password from $PGPASSWORD or ~/.pgpass)")
	cmd.MarkFlagsMutuallyExclusive("db", "pg")
}

// dbFlag registers --db.
func dbFlag(cmd *cobra.Command, db *string) {
	cmd.Flags().StringVar(db, "db", sqlite.DefaultPath(), "SQLite database file (created when missing)")
}
