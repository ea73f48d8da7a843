// Package worker codes the documents of a work queue into a store: the loop
// of `sitrep worker`. Any number of workers on any number of machines can
// share one queue and one store.
//
// A worker takes jobs a batch at a time, drops the documents the store
// holds already, codes the others with the pipeline on its goroutines,
// stores them a batch per transaction and only then acknowledges them.
// Each batch is assigned to stories and incidents in the transaction that
// stores it. Killed at any moment, it loses nothing (the queue hands what it
// held to another worker) and duplicates nothing (the store skips keys it
// holds). A document that fails to code or store is retried later, and after Attempts
// tries goes to the dead letters with the reason. When the store is down,
// the worker waits for it, its heartbeat keeping its jobs; when the queue is
// down, it waits for the queue.
package worker

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
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
	// Group puts each batch's documents in stories and their events in
	// incidents as the batch is stored, under the store's grouping lock, so
	// that the workers sharing a store group as one would, in the order
	// their batches are stored (default: pipeline.LoadGrouper on Store, as
	// batch.Ingest does).
	Group *pipeline.Grouper
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
	// Heartbeat is how often the worker tells the queue it still holds the
	// documents it has held that long (default 5 s); it must be shorter
	// than the queue's ack wait.
	Heartbeat time.Duration
	// Drain is how long a worker told to stop may take to store what it
	// holds before it gives it back to the queue (default 20 s).
	Drain time.Duration
	Log   *log.Logger

	held  *held
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
	// Wall-clock time in each part of the work: fetching (that returned
	// documents), checking the store, writing, acknowledging, and coding
	// (summed over the goroutines).
	Fetch, Check, Put, Ack, Code time.Duration
}

// Defaults.
const (
	DefaultBatch     = 32
	DefaultAttempts  = 3
	DefaultHeartbeat = 5 * time.Second
	fetchWait        = 2 * time.Second
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
// and returns nil. A stage that cannot be built (pipeline.BuildError) fails
// every document alike: Run gives back what it holds, for workers that can
// code it, and returns that error.
//
// Documents flow without a barrier per batch: the queue is read a batch at
// a time into the pipeline's goroutines, coded documents are gathered into
// batches for the store, and a batch is written and acknowledged on its
// own goroutine while the next is coded.
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
	if w.Heartbeat <= 0 {
		w.Heartbeat = DefaultHeartbeat
	}
	if w.Group == nil {
		g, err := pipeline.LoadGrouper(ctx, w.Store, stories.Options{}, incidents.Options{})
		if err != nil {
			return err
		}
		w.Group = g
	}
	stopProgress := w.progress(ctx)
	defer stopProgress()
	// What is fetched is finished after ctx ends, until the drain does.
	runCtx, cancel := drainContext(ctx, w.Drain)
	defer cancel()
	w.held = &held{items: map[*sitrep.Document]*item{}}
	go w.heartbeat(runCtx)
	batches := make(chan []*item, 1)
	stored := make(chan struct{})
	go func() {
		defer close(stored)
		for b := range batches {
			w.store(runCtx, b)
		}
	}()
	var batch []*item
	flush := func() {
		if len(batch) > 0 {
			batches <- batch
			batch = nil
		}
	}
	// A guard around the whole pipeline turns a panic into the document's
	// failure instead of a crash that would hand it to the next worker.
	p := pipeline.Pipeline{guard{w.Pipeline, w}}
	var broken *pipeline.BuildError
	p.Run(runCtx, w.source(ctx, runCtx), w.Workers, func(r pipeline.Result) error {
		if r.Doc == nil { // errIdle: the queue has no more for now
			flush()
			return nil
		}
		it := w.held.get(r.Doc)
		switch {
		case r.Err != nil && runCtx.Err() != nil:
			w.giveBack([]*item{it}, runCtx.Err())
		case errors.As(r.Err, &broken):
			// Given back with the rest once the source has stopped
			// fetching, so that this worker does not take it again.
			return broken
		case r.Err != nil:
			w.fail(runCtx, it, fmt.Errorf("coding: %w", r.Err))
		default:
			if batch = append(batch, it); len(batch) >= w.Batch {
				flush()
			}
		}
		return nil
	})
	flush()
	close(batches)
	<-stored
	if rest := w.held.all(); len(rest) > 0 {
		w.giveBack(rest, errors.New("stopped before they were coded"))
	}
	if broken != nil {
		return broken
	}
	return nil
}

// errIdle is what the source yields when the queue has given all it had:
// the sink then stores the documents it has gathered.
var errIdle = errors.New("queue idle")

// source yields the documents to code, fetching a batch at a time until
// ctx ends. A fetch that returns less than a full batch, or fails, is
// followed by errIdle.
func (w *Worker) source(ctx, runCtx context.Context) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		var backoff time.Duration
		for ctx.Err() == nil {
			start := time.Now()
			jobs, err := w.Queue.Fetch(ctx, w.Batch, fetchWait)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				backoff = min(max(2*backoff, 250*time.Millisecond), 5*time.Second)
				w.logf("worker: queue: %s (again in %v)", oneLine(err), backoff)
				if !yield(nil, errIdle) {
					return
				}
				sleep(ctx, backoff)
				continue
			}
			backoff = 0
			if len(jobs) > 0 {
				w.count(func(s *Stats) { s.Fetch += time.Since(start) })
			}
			// Every admitted document is held before the first is yielded,
			// so that what the pipeline never takes is given back.
			its := w.admit(runCtx, jobs)
			for _, it := range its {
				w.held.put(it)
			}
			for _, it := range its {
				if !yield(it.doc, nil) {
					return
				}
			}
			if len(jobs) < w.Batch && !yield(nil, errIdle) {
				return
			}
		}
	}
}

// admit returns the jobs to code: it acknowledges the documents stored
// already and dead-letters those that cannot be read or that were handed
// out too often.
func (w *Worker) admit(ctx context.Context, jobs []sitrep.Job) []*item {
	start := time.Now()
	defer func() { w.count(func(s *Stats) { s.Check += time.Since(start) }) }()
	var todo []*item
	for _, j := range jobs {
		if j.Attempt() > 1 {
			w.count(func(s *Stats) { s.Redelivered++ })
		}
		doc, err := j.Document()
		if err != nil {
			w.dead(ctx, j, nil, err.Error())
			continue
		}
		if doc.ID == "" {
			doc.ID = sitrep.DocumentKey(doc)
		}
		// Stored already: by a worker that died before its
		// acknowledgement, or queued again after the dedup window. (When
		// the store does not answer, the write finds out.)
		have, err := w.Store.HasDocument(ctx, doc.ID)
		if err == nil && have {
			j.Ack(ctx)
			w.count(func(s *Stats) { s.Skipped++ })
			continue
		}
		// Handed out more than Attempts times and neither stored nor
		// given back: the workers that held it died on it. (Unless the
		// store is down: then they may have been waiting for it.)
		if err == nil && j.Attempt() > w.Attempts {
			w.dead(ctx, j, doc, fmt.Sprintf("handed out %d times and never stored: the workers that took it crashed or stalled", j.Attempt()-1))
			continue
		}
		todo = append(todo, &item{job: j, doc: doc, extended: time.Now()})
	}
	return todo
}

// store writes a batch of coded documents and acknowledges those stored.
func (w *Worker) store(ctx context.Context, batch []*item) {
	start := time.Now()
	stored, added := w.put(ctx, batch)
	ackStart := time.Now()
	events := 0
	for _, it := range stored {
		it.job.Ack(ctx)
		w.held.done(it)
		events += len(it.doc.Events)
	}
	w.count(func(s *Stats) {
		s.Put += ackStart.Sub(start)
		s.Ack += time.Since(ackStart)
		// Documents another worker stored meanwhile are acknowledged, not
		// counted twice.
		s.Stored += added
		s.Skipped += len(stored) - added
		s.Events += events
	})
}

// item is a job with its decoded document.
type item struct {
	job      sitrep.Job
	doc      *sitrep.Document
	extended time.Time // when it was fetched or last extended
}

// held is the items a worker holds, from the fetch until they are
// acknowledged, retried, dead-lettered or given back, by document.
type held struct {
	mu    sync.Mutex
	items map[*sitrep.Document]*item
}

func (h *held) put(it *item) {
	h.mu.Lock()
	h.items[it.doc] = it
	h.mu.Unlock()
}

func (h *held) get(doc *sitrep.Document) *item {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.items[doc]
}

// done forgets it.
func (h *held) done(it *item) {
	h.mu.Lock()
	delete(h.items, it.doc)
	h.mu.Unlock()
}

// older returns the items extended before t and marks them extended now.
func (h *held) older(t time.Time) []*item {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*item
	for _, it := range h.items {
		if it.extended.Before(t) {
			it.extended = time.Now()
			out = append(out, it)
		}
	}
	return out
}

// all takes every item left.
func (h *held) all() []*item {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*item
	for doc, it := range h.items {
		out = append(out, it)
		delete(h.items, doc)
	}
	return out
}

// heartbeat tells the queue every Heartbeat that the worker still holds
// the documents it has held that long (waiting to be coded, or for the
// store to come back), until ctx ends.
func (w *Worker) heartbeat(ctx context.Context) {
	t := time.NewTicker(w.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for _, it := range w.held.older(now.Add(-w.Heartbeat)) {
				it.job.Extend(ctx)
			}
		}
	}
}

// put stores the coded documents in one transaction and returns those
// stored. While the database is down it waits for it (the heartbeat tells
// the queue the jobs are still held); when the write fails while the database
// answers, one of the documents is at fault, so each is stored alone and
// those that fail are given back. If the worker must stop before the
// database is back, the jobs are given back.
func (w *Worker) put(ctx context.Context, coded []*item) (stored []*item, added int) {
	if len(coded) == 0 {
		return nil, 0
	}
	docs := make([]*sitrep.Document, len(coded))
	for i, it := range coded {
		docs[i] = it.doc
	}
	st := w.Group.Store(w.Store)
	for wait := 250 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		n, err := st.PutDocuments(ctx, docs)
		if err == nil {
			return coded, n
		}
		if ctx.Err() != nil {
			w.giveBack(coded, ctx.Err())
			return nil, 0
		}
		if w.Store.Ping(ctx) == nil {
			if len(coded) == 1 {
				w.fail(ctx, coded[0], fmt.Errorf("storing: %w", err))
				return nil, 0
			}
			for _, it := range coded {
				s, n := w.put(ctx, []*item{it})
				stored, added = append(stored, s...), added+n
			}
			return stored, added
		}
		w.logf("worker: store: %s (again in %v)", oneLine(err), wait)
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
		w.held.done(it)
	}
}

// fail gives a failed document back to the queue, to be tried again later,
// or sends it to the dead letters after its last attempt.
func (w *Worker) fail(ctx context.Context, it *item, err error) {
	defer w.held.done(it)
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
			w.logf("worker: wall time per document: queue %s (fetch) + %s (ack), store %s (check) + %s (write), coding %s (per goroutine)",
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

// oneLine is err's message on one line (pgx's connection errors take
// several), so that each log entry is a line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// guard runs a pipeline, turns a panic into an error and counts the time.
type guard struct {
	p pipeline.Pipeline
	w *Worker
}

func (guard) Name() string { return "pipeline" }

func (g guard) Annotate(doc *sitrep.Document) (err error) {
	start := time.Now()
	defer func() {
		g.w.count(func(s *Stats) { s.Code += time.Since(start) })
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return g.p.Annotate(doc)
}
