// Package pipeline builds the pipeline of stages (New, with Options saying
// which stages and what they read) and runs documents through it on all
// cores, keeping the input order in the output.
package pipeline

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"

	"github.com/sitrep-dev/sitrep"
)

// Pipeline is an ordered list of stages.
type Pipeline []sitrep.Stage

// Annotate runs every stage on doc in order, stopping at the first error.
func (p Pipeline) Annotate(doc *sitrep.Document) error {
	for _, s := range p {
		if err := s.Annotate(doc); err != nil {
			return fmt.Errorf("%s: %w", s.Name(), err)
		}
	}
	return nil
}

// Result is one document after the pipeline, or the error that stopped it.
type Result struct {
	Doc *sitrep.Document
	Err error
}

// OrderedSource is implemented by stages with work that must see every
// document in input order (clean's corpus memory): Run passes the stream
// through Source before it fans out to the workers.
type OrderedSource interface {
	Source(iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error]
}

// Run annotates the documents of src with workers goroutines (all cores when
// workers <= 0) and calls sink with each result in input order. A source error
// (an unreadable input) is passed to sink as a Result with a nil Doc. Run stops
// early when sink returns an error or ctx is cancelled.
func (p Pipeline) Run(ctx context.Context, src iter.Seq2[*sitrep.Document, error], workers int, sink func(Result) error) error {
	return p.run(ctx, p.Source(src), workers, sink)
}

// Source passes src through the ordered sources of p's stages, as Run does;
// a publisher that hands the documents to workers elsewhere calls it
// before, so that they are cleaned as one corpus. With it, a pipeline is an
// OrderedSource too.
func (p Pipeline) Source(src iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error] {
	for _, s := range p {
		if o, ok := s.(OrderedSource); ok {
			src = o.Source(src)
		}
	}
	return src
}

// run is Run on a stream that has been through the ordered sources.
func (p Pipeline) run(ctx context.Context, src iter.Seq2[*sitrep.Document, error], workers int, sink func(Result) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		res  Result
		done chan struct{}
	}
	jobs := make(chan *job, workers*4)
	ordered := make(chan *job, workers*4)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if j.res.Doc != nil {
					j.res.Err = p.Annotate(j.res.Doc)
				}
				close(j.done)
			}
		}()
	}

	go func() {
		defer close(ordered)
		defer close(jobs)
		for doc, err := range src {
			j := &job{res: Result{Doc: doc, Err: err}, done: make(chan struct{})}
			if err != nil {
				j.res.Doc = nil
			}
			select {
			case ordered <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				j.res.Err = ctx.Err()
				close(j.done)
				return
			}
		}
	}()

	var sinkErr error
	for j := range ordered {
		<-j.done
		if sinkErr == nil {
			if sinkErr = sink(j.res); sinkErr != nil {
				cancel()
			}
		}
	}
	wg.Wait()
	if sinkErr != nil {
		return sinkErr
	}
	return ctx.Err()
}
