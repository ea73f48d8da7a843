package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func init() {
	var (
		dbPath, pg, natsURL, stream string
		workers                     int
		opt                         pipelineOptions
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

// defaultDB is the database used when --db is not given: sitrep/sitrep.db
// under the user's data directory ($XDG_DATA_HOME or ~/.local/share on
// Unix, Application Support on macOS, %LocalAppData% on Windows).
func defaultDB() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		switch runtime.GOOS {
		case "windows":
			dir = os.Getenv("LocalAppData")
		case "darwin":
			dir, _ = os.UserConfigDir()
		default:
			if home, err := os.UserHomeDir(); err == nil {
				dir = filepath.Join(home, ".local", "share")
			}
		}
	}
	if dir == "" {
		dir = "."
	}
	return filepath.Join(dir, "sitrep", "sitrep.db")
}

// codingFlags are the flags of code that change the coding, so that a
// database can hold what code would print.
func codingFlags(cmd *cobra.Command, opt *pipelineOptions) {
	cmd.Flags().StringSliceVar(&opt.Dictionaries, "actors", nil, "actor dictionary files (TSV or PETRARCH .actors/.agents; *verbs* files replace the trigger lexicon); repeatable")
	cmd.Flags().BoolVar(&opt.RequireDyad, "require-dyad", false, "code only events with both a source and a target actor")
}

// runIngest codes inputs with the full pipeline of stages.go (as code does)
// and stores them in the PostgreSQL database pg, else the SQLite file at
// dbPath.
func runIngest(ctx context.Context, dbPath, pg string, inputs []string, workers int, opt pipelineOptions) (ingestResult, error) {
	stages, err := standardPipeline(opt)
	if err != nil {
		return ingestResult{}, err
	}
	st, name, err := openStore(ctx, dbPath, pg)
	if err != nil {
		return ingestResult{}, err
	}
	defer st.Close()
	res, err := ingestDocs(ctx, st, inputs, stages, workers, true, nil)
	fmt.Fprintf(os.Stderr, "sitrep: %s: %d new documents with %d events stored, %d already stored, %d failed, in %.1fs\n",
		name, res.added, res.events, res.skipped, res.failed, res.elapsed.Seconds())
	if res.unstored > 0 {
		fmt.Fprintf(os.Stderr, "sitrep: %d coded documents were not stored\n", res.unstored)
	}
	var se storeError
	if ctx.Err() != nil && !errors.As(err, &se) {
		return res, errors.New("interrupted; the documents coded so far are stored, and the same command finishes the job")
	}
	if err != nil {
		return res, err
	}
	if res.failed > 0 {
		return res, errSomeInputsFailed
	}
	return res, nil
}

type ingestResult struct {
	added, events, skipped, failed int
	unstored                       int // coded, but the store failed them
	elapsed                        time.Duration
}

// Store writes are batched: one transaction per batchDocs documents or
// batchTime, whichever comes first. A crash loses at most the open batch,
// which the next run codes again.
const (
	batchDocs = 256
	batchTime = time.Second
)

// storeError is a failure of the database, not of an input: it ends the
// ingest and is reported as the store's.
type storeError struct{ error }

func (e storeError) Error() string { return "storing documents: " + e.error.Error() }
func (e storeError) Unwrap() error { return e.error }

// ingestDocs reads inputs, drops the documents st has already, runs the rest
// through stages and stores them. Failed inputs are named on stderr and
// counted; a failure of the store ends the run with a storeError. With
// showProgress, stderr tells how far it is; rep, when not nil, gets what became
// of each document (an upload's answer) and done how many are done. On
// Ctrl-C the documents already coded are stored before it returns.
func ingestDocs(ctx context.Context, st sitrep.DocumentStore, inputs []string, stages pipeline.Pipeline, workers int, showProgress bool, rep *ingestReport) (ingestResult, error) {
	start := time.Now()
	var res ingestResult
	opt := readOptions
	opt.Workers = workers
	var read atomic.Int64
	opt.BytesRead = &read
	src := ingest.Read(ctx, inputs, opt)
	for _, s := range stages {
		if o, ok := s.(orderedSource); ok {
			src = o.Source(src)
		}
	}
	// Documents already stored are dropped after the ordered stages have seen
	// them: cleaning learns from every document of the input, so a resumed
	// ingest stores what an uninterrupted one would.
	var hasErr error
	src = skipStored(ctx, st, src, func(doc *sitrep.Document) {
		res.skipped++
		rep.add(doc.Source, sitrephttp.IngestedDocument{ID: doc.ID, Status: sitrephttp.StatusSkipped})
	}, &hasErr)
	var bar *progress
	if showProgress {
		bar = newProgress(inputs, &read)
	}
	var batch []*sitrep.Document
	batchStart := time.Now()
	flush := func(ctx context.Context) error {
		if len(batch) == 0 {
			return nil
		}
		n, err := st.PutDocuments(ctx, batch)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err() // interrupted: stored below
			}
			return storeError{err}
		}
		// Only what is stored is counted.
		res.added += n
		for _, doc := range batch {
			res.events += len(doc.Events)
			rep.add(doc.Source, sitrephttp.IngestedDocument{ID: doc.ID, Status: sitrephttp.StatusAdded, Events: len(doc.Events)})
		}
		clear(batch)
		batch = batch[:0]
		return nil
	}
	err := stages.Run(ctx, src, workers, func(r pipeline.Result) error {
		if bar != nil {
			bar.add()
		}
		var be *pipeline.BuildError
		if errors.As(r.Err, &be) {
			return be // every document would fail alike
		}
		if r.Err != nil {
			res.failed++
			if bar != nil {
				bar.clear()
			}
			input, reason := reportFailure(r)
			rep.add(input, sitrephttp.IngestedDocument{Status: sitrephttp.StatusFailed, Error: reason})
			return nil
		}
		batch = append(batch, r.Doc)
		if len(batch) == 1 {
			batchStart = time.Now()
		}
		if len(batch) >= batchDocs || time.Since(batchStart) >= batchTime {
			return flush(ctx)
		}
		return nil
	})
	// What was coded before an interruption is kept.
	if ferr := flush(context.WithoutCancel(ctx)); ferr != nil {
		res.unstored = len(batch)
		if err == nil || ctx.Err() != nil {
			err = ferr
		}
	}
	if err == nil && hasErr != nil {
		err = storeError{hasErr}
	}
	if bar != nil {
		bar.finish()
	}
	res.elapsed = time.Since(start)
	return res, err
}

// skipStored drops from src the documents st has stored, telling skip of
// each. A document without an id gets its key (URL or content hash) here, so
// that the store keys it the same way. A failure of the store ends the
// stream and is left in *err.
func skipStored(ctx context.Context, st sitrep.DocumentStore, src iter.Seq2[*sitrep.Document, error], skip func(*sitrep.Document), err *error) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for doc, rerr := range src {
			if rerr == nil {
				doc.ID = sitrep.DocumentKey(doc)
				have, herr := st.HasDocument(ctx, doc.ID)
				if herr != nil {
					*err = herr
					return
				}
				if have {
					skip(doc)
					continue
				}
			}
			if !yield(doc, rerr) {
				return
			}
		}
	}
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
