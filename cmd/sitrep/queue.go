package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// queueFlags registers --nats and --stream.
func queueFlags(cmd *cobra.Command, url, stream *string) {
	cmd.Flags().StringVar(url, "nats", "", "NATS server with JetStream (nats://host:4222) whose work queue the documents go through")
	cmd.Flags().StringVar(stream, "stream", nats.DefaultStream, "JetStream stream of the work queue")
}

// publishBatch is how many documents are published before waiting for the
// server's acknowledgements.
const publishBatch = 256

// runPublish reads inputs and queues the documents for workers. The parts
// of the pipeline that need the documents in input order (the corpus-level
// cleaning) run here, as sitrep code runs them before its workers, so that
// workers code exactly what code would.
func runPublish(ctx context.Context, url, stream string, inputs []string, workers int, opt pipeline.Options) error {
	stages, err := pipeline.New(opt)
	if err != nil {
		return err
	}
	q, err := nats.Open(ctx, url, nats.Options{Stream: stream, Log: log.New(os.Stderr, "sitrep: ", 0)})
	if err != nil {
		return err
	}
	defer q.Close()
	start := time.Now()
	res, err := publishDocs(ctx, q, inputs, stages, workers)
	fmt.Fprintf(os.Stderr, "sitrep: %s: %d documents queued, %d queued already, %d failed, in %.1fs\n",
		stream, res.Added, res.Skipped, res.Failed, time.Since(start).Seconds())
	if ctx.Err() != nil {
		return errors.New("interrupted; the documents read so far are queued, and the same command queues the rest (the queue drops what it has)")
	}
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return errSomeInputsFailed
	}
	return nil
}

// publishDocs reads inputs, runs the ordered stages of stages on them and
// publishes them to q: res.Added counts the documents queued, res.Skipped
// those the queue had.
func publishDocs(ctx context.Context, q sitrep.DocumentQueue, inputs []string, stages pipeline.Pipeline, workers int) (pipeline.Stored, error) {
	var res pipeline.Stored
	ropt := readOptions
	ropt.Workers = workers
	src := stages.Source(keyed(ingest.Read(ctx, inputs, ropt)))
	var batch []*sitrep.Document
	flush := func() error {
		n, err := q.Publish(ctx, batch)
		res.Skipped += n
		res.Added += len(batch) - n
		batch = batch[:0]
		return err
	}
	for doc, err := range src {
		if err != nil {
			res.Failed++
			reportFailure(pipeline.Result{Doc: doc, Err: err})
			continue
		}
		if batch = append(batch, doc); len(batch) == publishBatch {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	err := flush()
	return res, err
}

// keyed gives each document of src its key as its ID, as ingest does before
// the pipeline runs, so that queue and store key it the same way.
func keyed(src iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for doc, err := range src {
			if err == nil {
				doc.ID = sitrep.DocumentKey(doc)
			}
			if !yield(doc, err) {
				return
			}
		}
	}
}
