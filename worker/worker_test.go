package worker_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	natsio "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/nats/natstest"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/postgres/pgtest"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/stories"
	"github.com/sitrep-dev/sitrep/worker"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const seed, perDoc = 21, 3

// raw is synthetic document i as a reader gives it: text, no annotations.
func raw(i int) *sitrep.Document {
	d := sqlitetest.Document(seed, i, perDoc)
	return &sitrep.Document{ID: d.ID, Text: d.Text, Date: d.Date, Format: "jsonl"}
}

// coder stands in for the event coder: it gives each synthetic document the
// events sqlitetest made for it. Documents named in fail fail, those in
// panics panic.
type coder struct {
	fail, panics map[string]bool
	delay        time.Duration
}

func (coder) Name() string { return "fixture-coder" }

func (c coder) Annotate(doc *sitrep.Document) error {
	if c.fail[doc.ID] {
		return errors.New("cannot code this one")
	}
	if c.panics[doc.ID] {
		panic("coder bug")
	}
	i, err := strconv.Atoi(strings.TrimPrefix(doc.ID, fmt.Sprintf("synthetic-%d-", seed)))
	if err != nil {
		return err
	}
	want := sqlitetest.Document(seed, i, perDoc)
	doc.Sentences, doc.Entities, doc.Toponyms, doc.Events = want.Sentences, want.Entities, want.Toponyms, want.Events
	time.Sleep(c.delay)
	return nil
}

type env struct {
	nats *natstest.Server
	pg   string
}

func setup(t *testing.T, n int) env {
	t.Helper()
	e := env{nats: natstest.Start(t), pg: pgtest.New(t)}
	q := queue(t, e)
	docs := make([]*sitrep.Document, n)
	for i := range docs {
		docs[i] = raw(i)
	}
	if _, err := q.Publish(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return e
}

func queue(t *testing.T, e env) *nats.Queue {
	t.Helper()
	q, err := nats.Open(context.Background(), e.nats.URL(), nats.Options{AckWait: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func store(t *testing.T, e env) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), e.pg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// grouper returns a grouper on s, as a worker loads by default.
func grouper(t *testing.T, s *postgres.Store) *pipeline.Grouper {
	t.Helper()
	g, err := pipeline.LoadGrouper(context.Background(), s, stories.Options{}, incidents.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// run starts a worker, which groups as sitrep worker does, and returns the
// function that stops it and waits.
func run(t *testing.T, e env, c coder, logs *strings.Builder) (*worker.Worker, func()) {
	t.Helper()
	w := &worker.Worker{Queue: queue(t, e), Store: store(t, e), Pipeline: pipeline.Pipeline{c}, Workers: 2, Batch: 8,
		Attempts: 2, RetryDelay: 100 * time.Millisecond, Heartbeat: 500 * time.Millisecond, Log: log.New(&syncWriter{b: logs}, "", 0)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	return w, func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// waitStored waits until the store holds n documents and their events.
func waitStored(t *testing.T, s *postgres.Store, n int, logs *strings.Builder) sitrep.Stats {
	t.Helper()
	var st sitrep.Stats
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if st, err = s.Stats(context.Background()); err == nil && st.Documents >= n && st.Events >= n*perDoc {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out with %+v (%v)\n%s", st, err, logs.String())
		}
	}
}

// checkQueueEmpty waits until no document waits or is held.
func checkQueueEmpty(t *testing.T, e env) {
	t.Helper()
	q := queue(t, e)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		w, f, err := q.Depth(context.Background())
		if err == nil && w == 0 && f == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue: %d waiting, %d in flight, %v", w, f, err)
		}
	}
}

// grouped checks that every document of the database is in a stored
// story and every event in a stored incident, and returns each document's
// story and each event's incident, and the keys of the documents in the
// order they were grouped (that of their events' ids).
func grouped(t *testing.T, dsn string) (groups, order []string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT d.key || ' ' || coalesce(s.key, '-') FROM documents d LEFT JOIN stories s ON s.id = d.story
		UNION ALL SELECT x.data->>'ID' || ' ' || coalesce(i.key, '-') FROM events e JOIN event_data x ON x.id = e.id LEFT JOIN incidents i ON i.id = e.incident
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	if groups, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if strings.HasSuffix(g, " -") {
			t.Errorf("not grouped: %s", g)
		}
	}
	rows, err = c.Query(ctx, `SELECT d.key FROM documents d JOIN events e ON e.doc = d.id GROUP BY d.key ORDER BY min(e.id)`)
	if err != nil {
		t.Fatal(err)
	}
	if order, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	return groups, order
}

// Two workers group the documents as one grouper does that is given them
// in the order the workers stored them: each takes back what the other
// grouped before it assigns a batch.
func TestTwoWorkers(t *testing.T) {
	const n = 200
	e := setup(t, n)
	var logs strings.Builder
	w1, stop1 := run(t, e, coder{delay: time.Millisecond}, &logs)
	w2, stop2 := run(t, e, coder{delay: time.Millisecond}, &logs)
	s := store(t, e)
	st := waitStored(t, s, n, &logs)
	stop1()
	stop2()
	if st.Documents != n || st.Events != n*perDoc {
		t.Fatalf("stored %+v, want %d documents and %d events", st, n, n*perDoc)
	}
	a, b := w1.Stats(), w2.Stats()
	if a.Stored+b.Stored != n || a.Stored == 0 || b.Stored == 0 {
		t.Errorf("workers stored %d and %d, want both some and %d together", a.Stored, b.Stored, n)
	}
	checkQueueEmpty(t, e)
	got, err := s.Document(context.Background(), raw(17).ID)
	if err != nil || len(got.Events) != perDoc || got.Text != raw(17).Text {
		t.Fatalf("document 17: %v", err)
	}
	have, order := grouped(t, e.pg)
	one := pgtest.New(t)
	ref := store(t, env{pg: one})
	gs := grouper(t, ref).Store(ref)
	for _, key := range order {
		i, err := strconv.Atoi(strings.TrimPrefix(key, fmt.Sprintf("synthetic-%d-", seed)))
		if err != nil {
			t.Fatal(err)
		}
		d := raw(i)
		if err := (coder{}).Annotate(d); err != nil {
			t.Fatal(err)
		}
		if _, err := gs.PutDocuments(context.Background(), []*sitrep.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := grouped(t, one)
	for i := range max(len(have), len(want)) {
		if i >= len(have) || i >= len(want) || have[i] != want[i] {
			t.Fatalf("two workers grouped %d documents and events, one grouper %d; first difference at %d", len(have), len(want), i)
		}
	}
	t.Logf("%d documents, %d events grouped as by one grouper", n, n*perDoc)
}

// Documents that fail or panic are tried Attempts times, then go to the
// dead letters with the reason; the others are stored.
func TestPoisonDocuments(t *testing.T) {
	const n = 30
	e := setup(t, n)
	c := coder{fail: map[string]bool{raw(3).ID: true}, panics: map[string]bool{raw(11).ID: true}}
	var logs strings.Builder
	w, stop := run(t, e, c, &logs)
	s := store(t, e)
	waitStored(t, s, n-2, &logs)
	for deadline := time.Now().Add(60 * time.Second); w.Stats().Dead < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("dead letters: %+v\n%s", w.Stats(), logs.String())
		}
	}
	stop()
	checkQueueEmpty(t, e)
	nc, err := natsio.Connect(e.nats.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	dead, err := js.Stream(context.Background(), nats.DefaultStream+"_DEAD")
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for seq := uint64(1); seq <= 2; seq++ {
		m, err := dead.GetMsg(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		reasons[m.Header.Get(jetstream.MsgIDHeader)] = m.Header.Get(nats.ErrorHeader)
		if m.Header.Get(nats.AttemptsHeader) != "2" {
			t.Errorf("dead letter after %s attempts, want 2", m.Header.Get(nats.AttemptsHeader))
		}
	}
	if !strings.Contains(reasons[raw(3).ID], "cannot code this one") || !strings.Contains(reasons[raw(11).ID], "panic: coder bug") {
		t.Errorf("reasons %q", reasons)
	}
}

// A worker whose models cannot load (a pipeline.Lazy stage that fails to
// build) stops with that error and gives its documents back, sending none
// to the dead letters; a worker that can code them stores them all.
func TestBrokenPipeline(t *testing.T) {
	const n = 40
	e := setup(t, n)
	var logs strings.Builder
	broken := pipeline.NewLazy("models", func() (sitrep.Stage, error) { return nil, errors.New("no model file") })
	w := &worker.Worker{Queue: queue(t, e), Store: store(t, e), Pipeline: pipeline.Pipeline{broken}, Workers: 2, Batch: 8,
		Attempts: 2, Log: log.New(&syncWriter{b: &logs}, "", 0)}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var be *pipeline.BuildError
	if err := w.Run(ctx); !errors.As(err, &be) || ctx.Err() != nil {
		t.Fatalf("Run: %v, want a BuildError before the timeout\n%s", err, logs.String())
	}
	if st := w.Stats(); st.Dead != 0 || st.Stored != 0 {
		t.Fatalf("stats %+v, want nothing dead or stored", st)
	}
	_, stop := run(t, e, coder{}, &logs)
	waitStored(t, store(t, e), n, &logs)
	stop()
	checkQueueEmpty(t, e)
}

// While PostgreSQL is down for longer than the queue's ack wait, the
// worker keeps what it holds (its heartbeat tells the queue), so nothing is
// handed out again, and it stores everything once PostgreSQL is back.
func TestStoreOutage(t *testing.T) {
	const n = 100
	e := setup(t, n)
	var logs strings.Builder
	w, stop := run(t, e, coder{delay: 5 * time.Millisecond}, &logs)
	s := store(t, e)
	waitStored(t, s, n/5, &logs)
	c := pgtest.Shared(t)
	c.Stop()
	time.Sleep(3 * time.Second) // the ack wait is 2 s
	if err := c.Up(); err != nil {
		t.Fatal(err)
	}
	waitStored(t, s, n, &logs)
	stop()
	if st := w.Stats(); st.Stored != n || st.Redelivered != 0 || st.Dead != 0 || st.Retried != 0 {
		t.Fatalf("stats %+v, want %d stored, nothing redelivered, retried or dead\n%s", st, n, logs.String())
	}
	checkQueueEmpty(t, e)
}

// Restarting PostgreSQL, then NATS, in the middle of a run: the workers
// wait for them, and every document is stored once.
func TestRestarts(t *testing.T) {
	const n = 300
	e := setup(t, n)
	var logs strings.Builder
	_, stop1 := run(t, e, coder{delay: 5 * time.Millisecond}, &logs)
	_, stop2 := run(t, e, coder{delay: 5 * time.Millisecond}, &logs)
	s := store(t, e)
	waitStored(t, s, n/4, &logs)
	if err := pgtest.Shared(t).Restart(); err != nil {
		t.Fatal(err)
	}
	waitStored(t, s, n/2, &logs)
	if err := e.nats.Restart(); err != nil {
		t.Fatal(err)
	}
	st := waitStored(t, s, n, &logs)
	stop1()
	stop2()
	if st.Documents != n || st.Events != n*perDoc {
		t.Fatalf("stored %+v, want %d documents and %d events\n%s", st, n, n*perDoc, logs.String())
	}
	checkQueueEmpty(t, e)
	if g, _ := grouped(t, e.pg); len(g) != n*(1+perDoc) {
		t.Errorf("%d documents and events grouped, want %d", len(g), n*(1+perDoc))
	}
	t.Logf("worker logs:\n%s", logs.String())
}
