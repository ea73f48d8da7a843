package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

func init() {
	var (
		dbPath, pg, natsURL, stream string
		workers                     int
		opt                         pipeline.Options
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
			if len(args) == 0 {
				return usageError{errors.New("no input given (a file, a directory, or - for stdin)")}
			}
			if natsURL != "" {
				return runPublish(cmd.Context(), natsURL, stream, args, workers, opt)
			}
			_, err := runIngest(cmd.Context(), dbPath, pg, args, workers, opt)
			return err
		},
	}
	storeFlags(cmd, &dbPath, &pg)
	queueFlags(cmd, &natsURL, &stream)
	cmd.MarkFlagsMutuallyExclusive("nats", "pg")
	cmd.Flags().IntVar(&workers, "workers", 0, "documents coded in parallel (0: all cores)")
	codingFlags(cmd, &opt)
	root.AddCommand(cmd)
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
func runIngest(ctx context.Context, dbPath, pg string, inputs []string, workers int, opt pipeline.Options) (pipeline.Stored, error) {
	stages, err := pipeline.New(opt)
	if err != nil {
		return pipeline.Stored{}, err
	}
	st, name, err := openStore(ctx, dbPath, pg)
	if err != nil {
		return pipeline.Stored{}, err
	}
	defer st.Close()
	g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
	if err != nil {
		return pipeline.Stored{}, err
	}
	start := time.Now()
	res, err := ingestDocs(ctx, g.Store(st), inputs, stages, workers, true, nil)
	fmt.Fprintf(os.Stderr, "sitrep: %s: %d new documents with %d events stored, %d already stored, %d failed, in %.1fs\n",
		name, res.Added, res.Events, res.Skipped, res.Failed, time.Since(start).Seconds())
	if res.Unstored > 0 {
		fmt.Fprintf(os.Stderr, "sitrep: %d coded documents were not stored\n", res.Unstored)
	}
	var se *pipeline.StoreError
	if ctx.Err() != nil && !errors.As(err, &se) {
		return res, errors.New("interrupted; the documents coded so far are stored, and the same command finishes the job")
	}
	if err != nil {
		return res, err
	}
	if res.Failed > 0 {
		return res, errSomeInputsFailed
	}
	return res, nil
}

// ingestDocs reads inputs and stores what stages make of the documents st
// does not have yet (pipeline.Store). Failed inputs are named on stderr; with
// showProgress, stderr tells how far it is; rep, when not nil, gets what
// became of each document (an upload's answer).
func ingestDocs(ctx context.Context, st sitrep.DocumentStore, inputs []string, stages pipeline.Pipeline, workers int, showProgress bool, rep *ingestReport) (pipeline.Stored, error) {
	opt := readOptions
	opt.Workers = workers
	var read atomic.Int64
	opt.BytesRead = &read
	var bar *progress
	if showProgress {
		bar = newProgress(inputs, &read)
	}
	res, err := stages.Store(ctx, st, ingest.Read(ctx, inputs, opt), workers, pipeline.StoreHooks{
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
			input, reason := reportFailure(r)
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

// reportFailure names a failed input on stderr and returns its name and
// what went wrong.
func reportFailure(r pipeline.Result) (input, reason string) {
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

// ingestReport collects what became of each document of an upload; a nil
// one collects nothing.
type ingestReport struct {
	sitrephttp.IngestReport
	// body is the temporary file the upload was read from, named "body" in
	// the report.
	body string
	done func(n int)
}

func (r *ingestReport) add(input string, d sitrephttp.IngestedDocument) {
	if r == nil {
		return
	}
	d.Input = "body" + strings.TrimPrefix(input, r.body)
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
