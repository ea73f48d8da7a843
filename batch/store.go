package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep-dev/sitrep"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

// Ingest stores what p makes of the documents of inputs that st does not
// have yet, in their stories and incidents when st keeps them (going on
// with those it holds), showing progress, and sums up on stderr what it did
// to the store called name. Interrupted, it says how to finish the job; with
// failed inputs it returns ErrSomeFailed.
func Ingest(ctx context.Context, st sitrep.DocumentStore, name string, inputs []string, opt ingest.Options, p pipeline.Pipeline, workers int) (pipeline.Stored, error) {
	g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
	if err != nil {
		return pipeline.Stored{}, err
	}
	start := time.Now()
	res, err := store(ctx, g.Store(st), inputs, opt, p, workers, true, nil)
	fmt.Fprintf(os.Stderr, "sitrep: %s: %d new documents with %d events stored, %d already stored, %d failed, in %.1fs\n",
		name, res.Added, res.Events, res.Skipped, res.Failed, time.Since(start).Seconds())
	if res.Unstored > 0 {
		fmt.Fprintf(os.Stderr, "sitrep: %d coded documents were not stored\n", res.Unstored)
	}
	return ended(ctx, res, err, "interrupted; the documents coded so far are stored, and the same command finishes the job")
}

// ended is what a run that stored or queued res returns after err: when ctx
// ended first, interrupted (which says how to finish the job) unless
// storing failed; else err; else ErrSomeFailed when inputs failed.
func ended(ctx context.Context, res pipeline.Stored, err error, interrupted string) (pipeline.Stored, error) {
	var se *pipeline.StoreError
	switch {
	case ctx.Err() != nil && !errors.As(err, &se):
		return res, errors.New(interrupted)
	case err != nil:
		return res, err
	case res.Failed > 0:
		return res, ErrSomeFailed
	}
	return res, nil
}

// store reads inputs and stores what p makes of the documents st does not
// have yet (pipeline.Store). Failed inputs are named on stderr; with
// showProgress, stderr tells how far it is; rep, when not nil, gets what
// became of each document (an upload's answer).
func store(ctx context.Context, st sitrep.DocumentStore, inputs []string, opt ingest.Options, p pipeline.Pipeline, workers int, showProgress bool, rep *report) (pipeline.Stored, error) {
	opt.Workers = workers
	var read atomic.Int64
	opt.BytesRead = &read
	var bar *progress
	if showProgress {
		bar = newProgress(inputs, &read)
	}
	res, err := p.Store(ctx, st, ingest.Read(ctx, inputs, opt), workers, pipeline.StoreHooks{
		Result: func(r pipeline.Result) {
			if bar != nil {
				bar.add()
			}
			var be *pipeline.BuildError
			if r.Err == nil || errors.As(r.Err, &be) {
				return
			}
			if bar != nil {
				bar.clear()
			}
			input, reason := ReportFailure(r)
			rep.add(input, sitrephttp.IngestedDocument{Status: sitrephttp.StatusFailed, Error: reason})
		},
		Skipped: func(doc *sitrep.Document) {
			rep.add(doc.Source, sitrephttp.IngestedDocument{ID: doc.ID, Status: sitrephttp.StatusSkipped})
		},
		Stored: func(doc *sitrep.Document) {
			rep.add(doc.Source, sitrephttp.IngestedDocument{ID: doc.ID, Status: sitrephttp.StatusAdded, Events: len(doc.Events)})
		},
	})
	if bar != nil {
		bar.finish()
	}
	return res, err
}

// Uploads returns the ingest of an HTTP server (http.Server.Ingest) into
// st: each upload goes through Upload, and all of them through one grouper
// that goes on with the stories and incidents st keeps.
func Uploads(ctx context.Context, st sitrep.DocumentStore, opt ingest.Options, p pipeline.Pipeline, workers int) (func(ctx context.Context, body []byte, done func(int)) (*sitrephttp.IngestReport, error), error) {
	g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, body []byte, done func(int)) (*sitrephttp.IngestReport, error) {
		return Upload(ctx, g.Store(st), opt, p, workers, body, done)
	}, nil
}

// Upload codes and stores the documents of an HTTP upload (read with opt)
// and reports what became of each, in the order of the body; done gets the
// number of documents done so far. The readers take paths, so the body goes
// through a temporary file.
func Upload(ctx context.Context, st sitrep.DocumentStore, opt ingest.Options, p pipeline.Pipeline, workers int, body []byte, done func(int)) (*sitrephttp.IngestReport, error) {
	tmp, err := os.CreateTemp("", "sitrep-upload-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	rep := &report{body: tmp.Name(), done: done}
	if _, err := store(ctx, st, []string{tmp.Name()}, opt, p, workers, false, rep); err != nil {
		return nil, err
	}
	// Skipped documents are told as they are read, the others as they are
	// stored: back to the order of the body ("body:12" is line 12).
	slices.SortStableFunc(rep.Documents, func(a, b sitrephttp.IngestedDocument) int {
		return bodyPosition(a.Input) - bodyPosition(b.Input)
	})
	return &rep.IngestReport, nil
}

// bodyPosition is the line or record number at the end of an input name.
func bodyPosition(input string) int {
	n, _ := strconv.Atoi(input[strings.LastIndexAny(input, ":#")+1:])
	return n
}

// report collects what became of each document of an upload; a nil one
// collects nothing.
type report struct {
	mu sync.Mutex // Skipped is told on the reading goroutine, the rest on the storing one
	sitrephttp.IngestReport
	// body is the temporary file the upload was read from, named "body" in
	// the report.
	body string
	done func(n int)
}

func (r *report) add(input string, d sitrephttp.IngestedDocument) {
	if r == nil {
		return
	}
	d.Input = "body" + strings.TrimPrefix(input, r.body)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch d.Status {
	case sitrephttp.StatusAdded:
		r.Added++
		r.Events += d.Events
	case sitrephttp.StatusSkipped:
		r.Skipped++
	default:
		r.Failed++
	}
	r.Documents = append(r.Documents, d)
	if r.done != nil {
		r.done(len(r.Documents))
	}
}

// Handler codes a watcher's new documents with p and stores them in st
// (a watch.Handler). A batch that started is finished and stored, even when
// ctx ends; failed documents are named on stderr.
func Handler(st sitrep.DocumentStore, p pipeline.Pipeline, workers int) func(ctx context.Context, docs []*sitrep.Document) error {
	return func(ctx context.Context, docs []*sitrep.Document) error {
		src := func(yield func(*sitrep.Document, error) bool) {
			for _, d := range docs {
				if !yield(d, nil) {
					return
				}
			}
		}
		_, err := p.Store(context.WithoutCancel(ctx), st, src, workers, pipeline.StoreHooks{
			Result: func(r pipeline.Result) {
				var be *pipeline.BuildError
				if r.Err != nil && !errors.As(r.Err, &be) {
					ReportFailure(r)
				}
			},
		})
		return err
	}
}
