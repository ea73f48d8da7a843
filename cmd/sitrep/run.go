package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"iter"
	"os"
	"sync/atomic"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// readOptions are the reading options of this run; commands' flags set them.
var readOptions = ingest.DefaultOptions

// needInputs is the usage error of a document command given no input;
// commands check it before they load any model.
func needInputs(args []string) error {
	if len(args) == 0 {
		return usageError{errors.New("no input given (a file, a directory, or - for stdin)")}
	}
	return nil
}

// runDocs reads inputs, runs them through stages on workers goroutines and
// calls write for each annotated document in input order, with a buffered
// stdout. Failed inputs are named on stderr; the run goes on and ends with
// errSomeInputsFailed.
func runDocs(ctx context.Context, inputs []string, stages pipeline.Pipeline, workers int, write func(w *bufio.Writer, doc *sitrep.Document) error) error {
	if err := needInputs(inputs); err != nil {
		return err
	}
	opt := readOptions
	opt.Workers = workers
	var read atomic.Int64
	opt.BytesRead = &read
	bar := newProgress(inputs, &read)
	defer bar.finish()
	return runSource(ctx, ingest.Read(ctx, inputs, opt), stages, workers, write, bar)
}

// runSource is runDocs over the documents of src; bar, when not nil, shows
// progress.
func runSource(ctx context.Context, src iter.Seq2[*sitrep.Document, error], stages pipeline.Pipeline, workers int, write func(w *bufio.Writer, doc *sitrep.Document) error, bar *progress) error {
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	failed := 0
	err := stages.Run(ctx, src, workers, func(r pipeline.Result) error {
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
			reportFailure(r)
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
		return errSomeInputsFailed
	}
	return nil
}

// appendEach adapts a function appending a document's output to a buffer
// (the contract's Append functions) to runDocs, reusing one buffer.
func appendEach(f func([]byte, *sitrep.Document) ([]byte, error)) func(*bufio.Writer, *sitrep.Document) error {
	var buf []byte
	return func(w *bufio.Writer, doc *sitrep.Document) (err error) {
		if buf, err = f(buf[:0], doc); err == nil {
			_, err = w.Write(buf)
		}
		return err
	}
}
