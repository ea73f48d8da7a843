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
func runPublish(ctx context.Context, url, stream string, inputs []string, workers int, opt pipelineOptions) error {
	stages, err := standardPipeline(opt)
	if err != nil {
		return err
	}
	q, err := nats.Open(ctx, url, nats.Options{Stream: stream, Log: log.New(os.Stderr, "sitrep: ", 0)})
	if err != nil {
		return err
	}
	defer q.Close()
	res, err := publishDocs(ctx, q, inputs, stages, workers)
	fmt.Fprintf(os.Stderr, "sitrep: %s: %d documents queued, %d queued already, %d failed, in %.1fs\n",
		stream, res.added, res.skipped, res.failed, res.elapsed.Seconds())
	if ctx.Err() != nil {
		return errors.New("interrupted; the documents read so far are queued, and the same command queues the rest (the queue drops what it has)")
	}
	if err != nil {
		return err
	}
	if res.failed > 0 {
		return errSomeInputsFailed
	}
	return nil
}

// publishDocs reads inputs, runs the ordered stages of stages on them and
// publishes them to q; res.skipped counts those the queue had.
func publishDocs(ctx context.Context, q sitrep.DocumentQueue, inputs []string, stages pipeline.Pipeline, workers int) (ingestResult, error) {
	start := time.Now()
	var res ingestResult
	ropt := readOptions
	ropt.Workers = workers
	src := orderedStages(stages, keyed(ingest.Read(ctx, inputs, ropt)))
	var batch []*sitrep.Document
	flush := func() error {
		n, err := q.Publish(ctx, batch)
		res.skipped += n
		res.added += len(batch) - n
		batch = batch[:0]
		return err
	}
	for doc, err := range src {
		if err != nil {
			res.failed++
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
	res.elapsed = time.Since(start)
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

// orderedStages passes src through the stages that must see every document
// in input order.
func orderedStages(stages pipeline.Pipeline, src iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error] {
	for _, s := range stages {
		if o, ok := s.(orderedSource); ok {
			src = o.Source(src)
		}
	}
	return src
}
