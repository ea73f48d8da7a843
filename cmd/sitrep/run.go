package main

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

// orderedSource is implemented by stages with work that must see every
// document in input order, before the parallel part of the pipeline.
type orderedSource interface {
	Source(iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error]
}

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
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	failed := 0
	opt := readOptions
	opt.Workers = workers
	var read atomic.Int64
	opt.BytesRead = &read
	src := ingest.Read(ctx, inputs, opt)
	// Stages that need the documents in input order (the corpus-level parts
	// of cleaning) see the stream before it fans out to the workers.
	for _, s := range stages {
		if o, ok := s.(orderedSource); ok {
			src = o.Source(src)
		}
	}
	bar := newProgress(inputs, &read)
	defer bar.finish()
	err := stages.Run(ctx, src, workers, func(r pipeline.Result) error {
		bar.add()
		var be *pipeline.BuildError
		if errors.As(r.Err, &be) {
			return be // every document would fail alike
		}
		if r.Err != nil {
			bar.clear()
			failed++
			name := "input"
			if r.Doc != nil {
				name = r.Doc.Source
			}
			var ie *sitrep.InputError
			if errors.As(r.Err, &ie) {
				fmt.Fprintln(os.Stderr, "sitrep:", r.Err)
			} else {
				fmt.Fprintf(os.Stderr, "sitrep: %s: %v\n", name, r.Err)
			}
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
