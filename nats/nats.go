// Package nats is the work queue of scaled-out ingest on NATS JetStream,
// through the official client (github.com/nats-io/nats.go and its jetstream
// package). It implements sitrep.DocumentQueue and sitrep.WorkQueue.
//
// Documents go to a stream with work-queue retention, one message each (the
// document as JSON), with the document's key as Nats-Msg-Id: JetStream drops
// a key published again within the de-duplication window. All workers pull
// from one durable consumer that acknowledges explicitly, so a document is
// removed only when a worker has stored it, and one that a worker took but
// did not acknowledge in time (the worker was killed, or lost its
// connection) is handed out again. Documents that cannot be stored go, with
// the reason, to a second stream, the dead letters.
package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"strconv"
	"strings"
	"time"

	natsio "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep"
)

// Options configure a queue; zero fields take the defaults.
type Options struct {
	// Stream names the stream (default "SITREP"). Its documents go to the
	// subject "<stream in lower case>.docs", dead letters to the stream
	// "<STREAM>_DEAD" on "<stream>.dead".
	Stream string
	// AckWait is how long a worker may hold a document without
	// acknowledging or extending it before it is handed to another worker
	// (default 30 s). It is how long a killed worker's documents wait.
	AckWait time.Duration
	// Dedup is the window in which a key published again is dropped
	// (default 1 h). Later the workers' check of the store drops it.
	Dedup time.Duration
	// Log, when set, gets connection losses and reconnections.
	Log *log.Logger
}

// Defaults.
const (
	DefaultStream  = "SITREP"
	DefaultAckWait = 30 * time.Second
	DefaultDedup   = time.Hour
	consumerName   = "workers"
	// Headers of dead letters.
	ErrorHeader    = "Sitrep-Error"
	AttemptsHeader = "Sitrep-Attempts"
)

// Queue is a connection to the stream of documents.
type Queue struct {
	nc         *natsio.Conn
	js         jetstream.JetStream
	opt        Options
	docs, dead string // subjects
	cons       jetstream.Consumer
}

var (
	_ sitrep.DocumentQueue = (*Queue)(nil)
	_ sitrep.WorkQueue     = (*Queue)(nil)
)

// Open connects to the NATS server at url (nats://host:port, or several,
// comma-separated, of one cluster) and creates the streams and the workers'
// consumer when they are missing. The connection is re-established for as
// long as it takes when the server goes away.
func Open(ctx context.Context, url string, opt Options) (*Queue, error) {
	if opt.Stream == "" {
		opt.Stream = DefaultStream
	}
	if strings.ContainsAny(opt.Stream, ".*> \t") {
		return nil, sitrep.Errorf(sitrep.EINVALID, "stream name %q has one of . * > or a blank", opt.Stream)
	}
	if opt.AckWait <= 0 {
		opt.AckWait = DefaultAckWait
	}
	if opt.Dedup <= 0 {
		opt.Dedup = DefaultDedup
	}
	logf := func(string, ...any) {}
	if opt.Log != nil {
		logf = opt.Log.Printf
	}
	nc, err := natsio.Connect(url, natsio.Name("sitrep"), natsio.MaxReconnects(-1), natsio.ReconnectWait(500*time.Millisecond),
		natsio.DisconnectErrHandler(func(_ *natsio.Conn, err error) {
			if err != nil {
				logf("nats: disconnected: %v", err)
			}
		}),
		natsio.ReconnectHandler(func(nc *natsio.Conn) { logf("nats: reconnected to %s", nc.ConnectedUrlRedacted()) }))
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(256))
	if err != nil {
		nc.Close()
		return nil, err
	}
	prefix := strings.ToLower(opt.Stream)
	q := &Queue{nc: nc, js: js, opt: opt, docs: prefix + ".docs", dead: prefix + ".dead"}
	if err := q.ensure(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

// ensure creates or updates the streams and the consumer.
func (q *Queue) ensure(ctx context.Context) error {
	if _, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.opt.Stream,
		Description: "sitrep: documents waiting to be coded",
		Subjects:    []string{q.docs},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  q.opt.Dedup,
	}); err != nil {
		return fmt.Errorf("stream %s: %w", q.opt.Stream, err)
	}
	if _, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.opt.Stream + "_DEAD",
		Description: "sitrep: documents that could not be coded or stored, with the reason in " + ErrorHeader,
		Subjects:    []string{q.dead},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  q.opt.Dedup,
	}); err != nil {
		return fmt.Errorf("stream %s_DEAD: %w", q.opt.Stream, err)
	}
	cons, err := q.js.CreateOrUpdateConsumer(ctx, q.opt.Stream, jetstream.ConsumerConfig{
		Durable:       consumerName,
		Description:   "sitrep workers",
		FilterSubject: q.docs,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.opt.AckWait,
		// Workers count attempts themselves and dead-letter a document
		// after their limit, so the server never drops one silently.
		MaxDeliver: -1,
	})
	if err != nil {
		return fmt.Errorf("consumer %s: %w", consumerName, err)
	}
	q.cons = cons
	return nil
}

// Close flushes what is buffered and closes the connection.
func (q *Queue) Close() error {
	return q.nc.Drain()
}

// Publish queues docs, which must have their keys as IDs, and waits until
// the server has them all. It returns how many JetStream dropped as
// published within the de-duplication window.
func (q *Queue) Publish(ctx context.Context, docs []*sitrep.Document) (dropped int, err error) {
	futures := make([]jetstream.PubAckFuture, 0, len(docs))
	for _, doc := range docs {
		if doc.ID == "" {
			return dropped, fmt.Errorf("%s: document without a key", doc.Source)
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return dropped, fmt.Errorf("%s: %w", doc.Source, err)
		}
		if max := q.nc.MaxPayload(); int64(len(data)) > max {
			return dropped, fmt.Errorf("%s: %d bytes as JSON, over the server's max_payload of %d (raise it in the server's configuration)",
				doc.Source, len(data), max)
		}
		msg := natsio.NewMsg(q.docs)
		msg.Data = data
		msg.Header.Set(jetstream.MsgIDHeader, doc.ID)
		f, err := q.js.PublishMsgAsync(msg)
		if err != nil {
			return dropped, err
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				dropped++
			}
		case err := <-f.Err():
			return dropped, err
		case <-ctx.Done():
			return dropped, ctx.Err()
		}
	}
	return dropped, nil
}

// Fetch takes up to n documents that are waiting; when none is, it waits
// up to wait for the first, then takes what else has come. It never holds
// delivered documents while waiting for more: their ack wait runs.
func (q *Queue) Fetch(ctx context.Context, n int, wait time.Duration) ([]sitrep.Job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	jobs, err := q.fetch(n, 0)
	if err != nil || len(jobs) > 0 {
		return jobs, err
	}
	if jobs, err = q.fetch(1, wait); err != nil || len(jobs) == 0 || n == 1 {
		return jobs, err
	}
	more, err := q.fetch(n-1, 0)
	return append(jobs, more...), err
}

// fetch sends one pull request: for what is waiting when wait is 0, else
// for n documents or until wait runs out.
func (q *Queue) fetch(n int, wait time.Duration) ([]sitrep.Job, error) {
	var batch jetstream.MessageBatch
	var err error
	if wait == 0 {
		batch, err = q.cons.FetchNoWait(n)
	} else {
		batch, err = q.cons.Fetch(n, jetstream.FetchMaxWait(wait))
	}
	if err != nil {
		return nil, q.recover(err)
	}
	var jobs []sitrep.Job
	for msg := range batch.Messages() {
		attempt := 1
		if md, err := msg.Metadata(); err == nil {
			attempt = int(md.NumDelivered)
		}
		jobs = append(jobs, &job{q: q, msg: msg, attempt: attempt})
	}
	if err := batch.Error(); err != nil && len(jobs) == 0 && !errors.Is(err, natsio.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
		return nil, q.recover(err)
	}
	return jobs, nil
}

// recover makes the streams and the consumer again when the server lost
// them (a server without persistent storage restarted), and returns err.
func (q *Queue) recover(err error) error {
	if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if rerr := q.ensure(ctx); rerr != nil {
			return fmt.Errorf("%w; making them again: %v", err, rerr)
		}
	}
	return err
}

// Depth counts the documents waiting for a worker and those that workers
// hold.
func (q *Queue) Depth(ctx context.Context) (waiting, inFlight int, err error) {
	info, err := q.cons.Info(ctx)
	if err != nil {
		return 0, 0, err
	}
	return int(info.NumPending), info.NumAckPending, nil
}

// job is one message handed to this worker.
type job struct {
	q       *Queue
	msg     jetstream.Msg
	attempt int
}

func (j *job) Document() (*sitrep.Document, error) {
	var doc sitrep.Document
	if err := json.Unmarshal(j.msg.Data(), &doc); err != nil {
		return nil, fmt.Errorf("message is not a document: %w", err)
	}
	return &doc, nil
}

func (j *job) Attempt() int { return j.attempt }

// Ack does not wait for the server's confirmation: a lost
// acknowledgement hands the document out again, and the worker that gets
// it finds it stored.
func (j *job) Ack(context.Context) error { return j.msg.Ack() }

func (j *job) Retry(_ context.Context, delay time.Duration) error { return j.msg.NakWithDelay(delay) }

func (j *job) Extend(context.Context) error { return j.msg.InProgress() }

// DeadLetter publishes the message with the reason and the attempts to the
// dead letters, then tells the server not to hand it out again.
func (j *job) DeadLetter(ctx context.Context, reason string) error {
	msg := natsio.NewMsg(j.q.dead)
	msg.Data = j.msg.Data()
	if id := j.msg.Headers().Get(jetstream.MsgIDHeader); id != "" {
		msg.Header.Set(jetstream.MsgIDHeader, id)
	}
	// A header is one line.
	reason = strings.Join(strings.Fields(reason), " ")
	if len(reason) > 2000 {
		reason = reason[:2000]
	}
	msg.Header.Set(ErrorHeader, reason)
	msg.Header.Set(AttemptsHeader, strconv.Itoa(j.attempt))
	if _, err := j.q.js.PublishMsg(ctx, msg); err != nil {
		return err
	}
	return j.msg.Term()
}
