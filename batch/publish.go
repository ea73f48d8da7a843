package batch

import (
	"context"
	"fmt"
	"iter"
	"os"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// publishBatch is how many documents are published before waiting for the
// server's acknowledgements.
const publishBatch = 256

// Publish reads inputs with opt and queues the documents on q, called name,
// for workers, and sums up on stderr what it did: res.Added counts the
// documents queued, res.Skipped those the queue had. The parts of p that
// need the documents in input order (the corpus-level cleaning) run here, as
// Write runs them before its workers, so that workers code exactly what
// sitrep code would. Interrupted, it says how to finish the job; with failed
// inputs it returns ErrSomeFailed.
func Publish(ctx context.Context, q sitrep.DocumentQueue, name string, inputs []string, opt ingest.Options, p pipeline.Pipeline, workers int) (pipeline.Stored, error) {
	start := time.Now()
	res, err := publish(ctx, q, inputs, opt, p, workers)
	fmt.Fprintf(os.Stderr, "sitrep: %s: %d documents queued, %d queued already, %d failed, in %.1fs\n",
		name, res.Added, res.Skipped, res.Failed, time.Since(start).Seconds())
	return ended(ctx, res, err, "interrupted; the documents read so far are queued, and the same command queues the rest (the queue drops what it has)")
}

func publish(ctx context.Context, q sitrep.DocumentQueue, inputs []string, opt ingest.Options, p pipeline.Pipeline, workers int) (pipeline.Stored, error) {
	var res pipeline.Stored
	opt.Workers = workers
	var batch []*sitrep.Document
	flush := func() error {
		n, err := q.Publish(ctx, batch)
		res.Skipped += n
		res.Added += len(batch) - n
		batch = batch[:0]
		return err
	}
	for doc, err := range p.Source(keyed(ingest.Read(ctx, inputs, opt))) {
		if err != nil {
			res.Failed++
			ReportFailure(pipeline.Result{Doc: doc, Err: err})
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

// keyed gives each document of src its key as its ID, as Pipeline.Store
// does before the stages run, so that queue and store key it the same way.
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
