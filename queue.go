package sitrep

import (
	"context"
	"time"
)

// DocumentQueue carries documents from the processes that read them to the
// workers that code them. Documents are queued under their DocumentKey, and
// a key queued again is dropped, so queueing a corpus twice is harmless.
type DocumentQueue interface {
	// Publish queues docs, which have their keys as IDs, and returns how
	// many the queue dropped as queued already.
	Publish(ctx context.Context, docs []*Document) (dropped int, err error)
}

// WorkQueue hands queued documents to workers. A job that a worker does not
// acknowledge (it crashed, was killed, or lost its connection) is handed out
// again, so every document is coded at least once; stores make it at most
// once by skipping keys they hold.
type WorkQueue interface {
	// Fetch waits up to wait for up to n jobs; it returns none, and no
	// error, when the wait runs out.
	Fetch(ctx context.Context, n int, wait time.Duration) ([]Job, error)
	// Depth counts the documents waiting and those handed out and not yet
	// acknowledged, across all workers.
	Depth(ctx context.Context) (waiting, inFlight int, err error)
}

// Job is one queued document handed to one worker.
type Job interface {
	// Document decodes the queued document.
	Document() (*Document, error)
	// Attempt is how many times the document has been handed out, this
	// time included.
	Attempt() int
	// Ack removes the document from the queue: it is stored.
	Ack(ctx context.Context) error
	// Retry hands the document out again after delay.
	Retry(ctx context.Context, delay time.Duration) error
	// Extend tells the queue the worker is still on it, so it is not handed
	// to another worker meanwhile.
	Extend(ctx context.Context) error
	// DeadLetter moves the document, with the reason it could not be
	// stored, out of the queue to where people can look at it.
	DeadLetter(ctx context.Context, reason string) error
}
