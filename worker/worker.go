// Package worker codes the documents of a work queue into a store: the loop
// of `sitrep worker`. Any number of workers on any number of machines can
// share one queue and one store.
//
// A worker takes a batch of jobs, drops the documents the store holds
// already, codes the others with the pipeline on its goroutines, stores them
// in one transaction and only then acknowledges them. Killed at any moment,
// it loses nothing (the queue hands what it held to another worker) and
// duplicates nothing (the store skips keys it holds). A document that fails
// to code or store is retried later, and after Attempts tries goes to the
// dead letters with the reason. When the store is down, the batch waits for
// it, keeping its jobs; when the queue is down, the worker waits for it.
package worker

import (
	"context"
	"fmt"
	"iter"
	"log"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// Store is where the worker writes.
type Store interface {
	sitrep.DocumentStore
	// Ping reports whether the database answers: a write that fails while
	// it does is blamed on the documents, else on the database.
	Ping(ctx context.Context) error
}

// Worker is one worker process's loop. Zero fields take the defaults.
type Worker struct {
	Queue    sitrep.WorkQueue
	Store    Store
	Pipeline pipeline.Pipeline
	// Workers is how many documents are coded in parallel (default: all
	// cores).
	Workers int
	// Batch is how many documents are taken, and stored in one
	// transaction, at a time (default 32).
	Batch int
	// Attempts is how many times a document is tried before it goes to the
	// dead letters (default 3).
	Attempts int
	// Progress is how often a progress line is logged; 0: never.
	Progress time.Duration
	// RetryDelay is how long a failed document waits before its second
	// attempt, and twice that before its third, … (default 5 s).
	RetryDelay time.Duration
	// Drain is how long a worker told to stop may take to store what it
	// holds before it gives it back to the queue (default 20 s).
	Drain time.Duration
	Log   *log.Logger

	stats Stats
	mu    sync.Mutex // guards stats
}

// Stats count what a worker did.
type Stats struct {
	Stored, Events int // documents stored and their events
	// Skipped were stored already (by another worker, or before a crash).
	Skipped     int
	Redelivered int // jobs handed out more than once
	Retried     int // failures given back to the queue to try again
	Dead        int // documents sent to the dead letters
	// Time in each part of the work, wall clock, summed over batches.
	Fetch, Check, Code, Put, Ack time.Duration
}

// Defaults.
const (
	DefaultBatch    = 32
	DefaultAttempts = 3
	fetchWait       = 2 * time.Second
)

// Stats returns what the worker has done so far.
func (w *Worker) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

func (w *Worker) count(fn func(s *Stats)) {
	w.mu.Lock()
	fn(&w.stats)
	w.mu.Unlock()
}

func (w *Worker) logf(format string, args ...any) {
	if w.Log != nil {
		w.Log.Printf(format, args...)
	}
}

// Run works until ctx ends, then stores what it holds (for up to Drain)
// and returns nil.
func (w *Worker) Run(ctx context.Context) error {
	if w.Workers <= 0 {
		w.Workers = runtime.GOMAXPROCS(0)
	}
	if w.Batch <= 0 {
		w.Batch = DefaultBatch
	}
	if w.Attempts <= 0 {
		w.Attempts = DefaultAttempts
	}
	if w.RetryDelay <= 0 {
		w.RetryDelay = 5 * time.Second
	}
	if w.Drain <= 0 {
		w.Drain = 20 * time.Second
	}
	// A guard on the whole pipeline turns a panic into the document's
	// failure instead of a crash that would hand it to the next worker.
	p := pipeline.Pipeline{guard{w.Pipeline}}
	stopProgress := w.progress(ctx)
	defer stopProgress()
	var backoff time.Duration
	for ctx.Err() == nil {
		start := time.Now()
		jobs, err := w.Queue.Fetch(ctx, w.Batch, fetchWait)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			backoff = min(max(2*backoff, 250*time.Millisecond), 5*time.Second)
			w.logf("worker: queue: %v (again in %v)", err, backoff)
			sleep(ctx, backoff)
			continue
		}
		backoff = 0
		if len(jobs) == 0 {
			continue
		}
		w.count(func(s *Stats) { s.Fetch += time.Since(start) })
		// The batch in hand is finished even when ctx ends meanwhile.
		w.process(ctx, p, jobs)
	}
	return nil
}

// process codes, stores and acknowledges one batch. ctx is the worker's:
// once it ends, the batch has Drain to be stored.
func (w *Worker) process(ctx context.Context, p pipeline.Pipeline, jobs []sitrep.Job) {
	bctx, cancel := drainContext(ctx, w.Drain)
	defer cancel()
	start := time.Now()
	var todo []*item
	for _, j := range jobs {
		if j.Attempt() > 1 {
			w.count(func(s *Stats) { s.Redelivered++ })
		}
		doc, err := j.Document()
		if err != nil {
			w.dead(bctx, j, nil, err.Error())
			continue
		}
		if doc.ID == "" {
			doc.ID = sitrep.DocumentKey(doc)
		}
		// Stored already: by a worker that died before its
		// acknowledgement, or queued again after the dedup window. (When
		// the store does not answer, the write finds out.)
		if have, err := w.Store.HasDocument(bctx, doc.ID); err == nil && have {
			j.Ack(bctx)
			w.count(func(s *Stats) { s.Skipped++ })
			continue
		}
		// Handed out more than Attempts times and neither stored nor
		// given back: the workers that held it died on it.
		if j.Attempt() > w.Attempts {
			w.dead(bctx, j, doc, fmt.Sprintf("handed out %d times and never stored: the workers that took it crashed or stalled", j.Attempt()-1))
			continue
		}
		todo = append(todo, &item{job: j, doc: doc})
	}
	codeStart := time.Now()
	w.count(func(s *Stats) { s.Check += codeStart.Sub(start) })
	if len(todo) == 0 {
		return
	}
	byDoc := make(map[*sitrep.Document]*item, len(todo))
	for _, it := range todo {
		byDoc[it.doc] = it
	}
	var coded []*item
	p.Run(bctx, items(todo), w.Workers, func(r pipeline.Result) error {
		it := byDoc[r.Doc]
		if r.Err != nil {
			w.fail(bctx, it, fmt.Errorf("coding: %w", r.Err))
			return nil
		}
		coded = append(coded, it)
		return nil
	})
	putStart := time.Now()
	w.count(func(s *Stats) { s.Code += putStart.Sub(codeStart) })
	stored := w.put(bctx, coded)
	ackStart := time.Now()
	events := 0
	for _, it := range stored {
		it.job.Ack(bctx)
		events += len(it.doc.Events)
	}
	w.count(func(s *Stats) {
		s.Put += ackStart.Sub(putStart)
		s.Ack += time.Since(ackStart)
		s.Stored += len(stored)
		s.Events += events
	})
}

// item is a job with its decoded document.
type item struct {
	job sitrep.Job
	doc *sitrep.Document
}

func items(todo []*item) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		for _, it := range todo {
			if !yield(it.doc, nil) {
				return
			}
		}
	}
}

// put stores the coded documents in one transaction and returns those
// stored. While the database is down it waits for it, telling the queue
// the jobs are still held; when the write fails while the database
// answers, one of the documents is at fault, so each is stored alone and
// those that fail are given back. If the worker must stop before the
// database is back, the jobs are given back.
func (w *Worker) put(ctx context.Context, coded []*item) []*item {
	if len(coded) == 0 {
		return nil
	}
	docs := make([]*sitrep.Document, len(coded))
	for i, it := range coded {
		docs[i] = it.doc
	}
	for wait := 250 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		_, err := w.Store.PutDocuments(ctx, docs)
		if err == nil {
			return coded
		}
		if ctx.Err() != nil {
			w.giveBack(coded, ctx.Err())
			return nil
		}
		if w.Store.Ping(ctx) == nil {
			if len(coded) == 1 {
				w.fail(ctx, coded[0], fmt.Errorf("storing: %w", err))
				return nil
			}
			var stored []*item
			for _, it := range coded {
				stored = append(stored, w.put(ctx, []*item{it})...)
			}
			return stored
		}
		w.logf("worker: store: %v (again in %v)", err, wait)
		for _, it := range coded {
			it.job.Extend(ctx)
		}
		sleep(ctx, wait)
	}
}

// giveBack returns jobs to the queue at once, for another worker.
func (w *Worker) giveBack(its []*item, why error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w.logf("worker: giving %d documents back to the queue: %v", len(its), why)
	for _, it := range its {
		it.job.Retry(ctx, 0)
	}
}

// fail gives a failed document back to the queue, to be tried again later,
// or sends it to the dead letters after its last attempt.
func (w *Worker) fail(ctx context.Context, it *item, err error) {
	if it.job.Attempt() >= w.Attempts {
		w.dead(ctx, it.job, it.doc, err.Error())
		return
	}
	w.logf("worker: %s: attempt %d of %d: %v", it.doc.ID, it.job.Attempt(), w.Attempts, err)
	// Later attempts wait longer, so that a passing cause can pass.
	if rerr := it.job.Retry(ctx, time.Duration(it.job.Attempt())*w.RetryDelay); rerr != nil {
		w.logf("worker: %s: giving back: %v", it.doc.ID, rerr)
	}
	w.count(func(s *Stats) { s.Retried++ })
}

func (w *Worker) dead(ctx context.Context, j sitrep.Job, doc *sitrep.Document, reason string) {
	name := "a message"
	if doc != nil {
		name = doc.ID
	} else if d, err := j.Document(); err == nil {
		name = d.ID
	}
	if err := j.DeadLetter(ctx, reason); err != nil {
		// It stays in the queue and comes back: nothing is lost.
		w.logf("worker: %s: dead letter: %v", name, err)
		return
	}
	w.logf("worker: %s: to the dead letters after %d attempts: %s", name, j.Attempt(), reason)
	w.count(func(s *Stats) { s.Dead++ })
}

// progress logs a progress line every w.Progress until the returned
// function is called, which logs the last one.
func (w *Worker) progress(ctx context.Context) func() {
	start := time.Now()
	line := func(prev Stats, since time.Time) Stats {
		s := w.Stats()
		qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		depth := "unknown (queue unreachable)"
		if waiting, inFlight, err := w.Queue.Depth(qctx); err == nil {
			depth = fmt.Sprintf("%d waiting, %d in flight", waiting, inFlight)
		}
		rate := fmt.Sprintf("%.1f/s now, ", float64(s.Stored-prev.Stored)/time.Since(since).Seconds())
		if since == start {
			rate = ""
		}
		w.logf("worker: %d documents stored (%s%.1f/s overall), %d events, %d already stored, %d redelivered, %d retried, %d dead; queue: %s",
			s.Stored, rate, float64(s.Stored)/time.Since(start).Seconds(), s.Events, s.Skipped, s.Redelivered, s.Retried, s.Dead, depth)
		return s
	}
	if w.Progress <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(w.Progress)
		defer t.Stop()
		prev, since := Stats{}, start
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				prev, since = line(prev, since), now
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		s := line(Stats{}, start)
		if n := s.Stored + s.Skipped; n > 0 {
			per := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", d.Seconds()*1000/float64(n)) }
			w.logf("worker: wall time per document: queue %s (fetch) + %s (ack), store %s (check) + %s (write), coding %s",
				per(s.Fetch), per(s.Ack), per(s.Check), per(s.Put), per(s.Code))
		}
	}
}

// drainContext is ctx until it ends, then a context that lasts drain more.
func drainContext(ctx context.Context, drain time.Duration) (context.Context, context.CancelFunc) {
	out, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(drain, cancel)
		context.AfterFunc(out, func() { t.Stop() })
	})
	return out, func() { stop(); cancel() }
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// guard runs a pipeline and turns a panic into an error.
type guard struct{ p pipeline.Pipeline }

func (guard) Name() string { return "pipeline" }

func (g guard) Annotate(doc *sitrep.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return g.p.Annotate(doc)
}
