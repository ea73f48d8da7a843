// Package batch runs a pipeline over the documents of input files, as the
// document commands do: it reads them (ingest), tells on stderr how far it
// is, writes or stores what the pipeline makes of them in input order, and
// names each input that fails without stopping the run. watch follows
// sources that change and worker drains a queue; batch is for inputs given
// once.
package batch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"sync/atomic"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// ErrSomeFailed ends a run that went on past failed inputs, each named on
// stderr (the command-line contract's exit 1).
var ErrSomeFailed = errors.New("some inputs failed")

// WriteFunc writes the output of one annotated document.
type WriteFunc func(w *bufio.Writer, doc *sitrep.Document) error

// Write reads inputs with opt, runs them through p on workers goroutines
// and calls write for each annotated document in input order, with a
// buffered stdout; stderr shows progress. Failed inputs are named on stderr;
// the run goes on and ends with ErrSomeFailed.
func Write(ctx context.Context, inputs []string, opt ingest.Options, p pipeline.Pipeline, workers int, write WriteFunc) error {
	opt.Workers = workers
	var read atomic.Int64
	opt.BytesRead = &read
	bar := newProgress(inputs, &read)
	defer bar.finish()
	return run(ctx, ingest.Read(ctx, inputs, opt), p, workers, write, bar)
}

// Run is Write over the documents of src, without progress.
func Run(ctx context.Context, src iter.Seq2[*sitrep.Document, error], p pipeline.Pipeline, workers int, write WriteFunc) error {
	return run(ctx, src, p, workers, write, nil)
}

func run(ctx context.Context, src iter.Seq2[*sitrep.Document, error], p pipeline.Pipeline, workers int, write WriteFunc, bar *progress) error {
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	failed := 0
	err := p.Run(ctx, src, workers, func(r pipeline.Result) error {
		if bar != nil {
			bar.add()
		}
		var be *pipeline.BuildError
		if errors.As(r.Err, &be) {
			return be // every document would fail alike
		}
		if r.Err != nil {
			if bar != nil {
				bar.clear()
			}
			failed++
			ReportFailure(r)
			return nil
		}
		return write(out, r.Doc)
	})
	if ferr := out.Flush(); err == nil && ferr != nil && !errors.Is(ferr, io.ErrClosedPipe) {
		err = ferr
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return ErrSomeFailed
	}
	return nil
}

// Each adapts a function appending a document's output to a buffer (the
// contract's Append functions) to Write, reusing one buffer.
func Each(f func([]byte, *sitrep.Document) ([]byte, error)) WriteFunc {
	var buf []byte
	return func(w *bufio.Writer, doc *sitrep.Document) (err error) {
		if buf, err = f(buf[:0], doc); err == nil {
			_, err = w.Write(buf)
		}
		return err
	}
}

// Grouped puts each document in its story and its events in incidents with
// g, in input order, before write writes it (nil: nothing is written), so
// that each event carries its incident.
func Grouped(ctx context.Context, g *pipeline.Grouper, write WriteFunc) WriteFunc {
	return func(w *bufio.Writer, doc *sitrep.Document) error {
		if err := g.Assign(ctx, doc); err != nil || write == nil {
			return err
		}
		return write(w, doc)
	}
}

// WriteAll writes items to stdout with appendf once a run that gathered them
// has ended with err, and returns err or, without one, the first failure to
// write: the grouping commands write their stories or incidents at the end.
func WriteAll[T any](err error, items []T, appendf func([]byte, T) ([]byte, error)) error {
	out := bufio.NewWriter(os.Stdout)
	var buf []byte
	for _, it := range items {
		var aerr error
		if buf, aerr = appendf(buf[:0], it); aerr != nil {
			return aerr
		}
		out.Write(buf)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// ReportFailure names a failed input on stderr and returns its name and
// what went wrong.
func ReportFailure(r pipeline.Result) (input, reason string) {
	var ie *sitrep.InputError
	switch {
	case errors.As(r.Err, &ie):
		fmt.Fprintln(os.Stderr, "sitrep:", r.Err)
		return ie.Input, ie.Err.Error()
	case r.Doc != nil:
		fmt.Fprintf(os.Stderr, "sitrep: %s: %v\n", r.Doc.Source, r.Err)
		return r.Doc.Source, r.Err.Error()
	default:
		fmt.Fprintf(os.Stderr, "sitrep: input: %v\n", r.Err)
		return "input", r.Err.Error()
	}
}
