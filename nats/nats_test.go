package nats_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	natsio "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/nats/natstest"
)

func docs(n int) []*sitrep.Document {
	out := make([]*sitrep.Document, n)
	for i := range out {
		out[i] = &sitrep.Document{ID: fmt.Sprintf("doc-%d", i), Text: fmt.Sprintf("Text %d.", i),
			Date: time.Date(2024, 5, i%28+1, 0, 0, 0, 0, time.UTC), Format: "jsonl"}
	}
	return out
}

func open(t *testing.T, url string, ackWait time.Duration) *nats.Queue {
	t.Helper()
	q, err := nats.Open(context.Background(), url, nats.Options{AckWait: ackWait})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// fetchAll takes jobs until the queue has none for a while.
func fetchAll(t *testing.T, q *nats.Queue, wait time.Duration) []sitrep.Job {
	t.Helper()
	var all []sitrep.Job
	for {
		jobs, err := q.Fetch(context.Background(), 50, wait)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) == 0 {
			return all
		}
		all = append(all, jobs...)
	}
}

func depth(t *testing.T, q *nats.Queue) (int, int) {
	t.Helper()
	w, f, err := q.Depth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return w, f
}

func TestPublishDedupAck(t *testing.T) {
	ctx := context.Background()
	srv := natstest.Start(t)
	q := open(t, srv.URL(), 0)
	d := docs(30)
	if dropped, err := q.Publish(ctx, d[:20]); err != nil || dropped != 0 {
		t.Fatalf("publish: %d dropped, %v", dropped, err)
	}
	// Publishing again drops what is queued already.
	if dropped, err := q.Publish(ctx, d); err != nil || dropped != 20 {
		t.Fatalf("publish again: %d dropped, %v; want 20", dropped, err)
	}
	// The consumer counts what the stream got a moment later.
	waitFor(t, func() bool { w, f := depth(t, q); return w == 30 && f == 0 })
	jobs := fetchAll(t, q, 200*time.Millisecond)
	if len(jobs) != 30 {
		t.Fatalf("fetched %d jobs, want 30", len(jobs))
	}
	seen := map[string]bool{}
	for _, j := range jobs {
		doc, err := j.Document()
		if err != nil {
			t.Fatal(err)
		}
		if seen[doc.ID] || j.Attempt() != 1 {
			t.Fatalf("%s handed out twice or attempt %d", doc.ID, j.Attempt())
		}
		seen[doc.ID] = true
		if doc.Text == "" || doc.Date.IsZero() || doc.Format != "jsonl" {
			t.Fatalf("document came back as %+v", doc)
		}
	}
	if w, f := depth(t, q); w != 0 || f != 30 {
		t.Fatalf("depth %d waiting, %d in flight; want 0, 30", w, f)
	}
	for _, j := range jobs {
		if err := j.Ack(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Acknowledged documents leave the stream (work-queue retention).
	waitFor(t, func() bool { w, f := depth(t, q); return w == 0 && f == 0 })
	js, _ := jetstream.New(connect(t, srv.URL()))
	st, err := js.Stream(ctx, nats.DefaultStream)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { info, _ := st.Info(ctx); return info != nil && info.State.Msgs == 0 })
}

// A document a worker does not acknowledge is handed out again after the
// ack wait, to any worker, with its attempt counted; one that is retried or
// extended follows what the worker said.
func TestRedeliveryAndDeadLetter(t *testing.T) {
	ctx := context.Background()
	srv := natstest.Start(t)
	q := open(t, srv.URL(), time.Second)
	other := open(t, srv.URL(), time.Second)
	if _, err := q.Publish(ctx, docs(3)); err != nil {
		t.Fatal(err)
	}
	jobs := fetchAll(t, q, 100*time.Millisecond)
	if len(jobs) != 3 {
		t.Fatalf("%d jobs", len(jobs))
	}
	// jobs[0] is dropped on the floor (a killed worker), jobs[1] retried,
	// jobs[2] dead-lettered.
	if err := jobs[1].Retry(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := jobs[2].DeadLetter(ctx, "coder: panic:\nsomething"); err != nil {
		t.Fatal(err)
	}
	// What comes back is acknowledged at once, so that it comes once.
	again := map[string]int{}
	waitFor(t, func() bool {
		for _, j := range fetchAll(t, other, 100*time.Millisecond) {
			doc, _ := j.Document()
			again[doc.ID] = j.Attempt()
			j.Ack(ctx)
		}
		return len(again) >= 2
	})
	if len(again) != 2 || again["doc-0"] != 2 || again["doc-1"] != 2 {
		t.Errorf("handed out again: %v, want doc-0 and doc-1 at attempt 2", again)
	}
	js, _ := jetstream.New(connect(t, srv.URL()))
	dead, err := js.Stream(ctx, nats.DefaultStream+"_DEAD")
	if err != nil {
		t.Fatal(err)
	}
	m, err := dead.GetLastMsgForSubject(ctx, "sitrep.dead")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header.Get(nats.ErrorHeader); got != "coder: panic: something" {
		t.Errorf("dead letter reason %q", got)
	}
	if m.Header.Get(nats.AttemptsHeader) != "1" || m.Header.Get(jetstream.MsgIDHeader) != "doc-2" {
		t.Errorf("dead letter headers %v", m.Header)
	}
	waitFor(t, func() bool { w, f := depth(t, q); return w == 0 && f == 0 })
}

// The queue survives a restart of the server: what was published and not
// acknowledged is still there, and the same connection goes on.
func TestServerRestart(t *testing.T) {
	ctx := context.Background()
	srv := natstest.Start(t)
	q := open(t, srv.URL(), time.Second)
	if _, err := q.Publish(ctx, docs(10)); err != nil {
		t.Fatal(err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	var got []sitrep.Job
	waitFor(t, func() bool {
		jobs, _ := q.Fetch(ctx, 50, 200*time.Millisecond)
		got = append(got, jobs...)
		return len(got) >= 10
	})
	for _, j := range got {
		if err := j.Ack(ctx); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { w, f, err := q.Depth(ctx); return err == nil && w == 0 && f == 0 })
}

func TestBadStreamName(t *testing.T) {
	if _, err := nats.Open(context.Background(), "nats://127.0.0.1:1", nats.Options{Stream: "a.b"}); sitrep.ErrorCode(err) != sitrep.EINVALID {
		t.Fatalf("stream a.b: %v, want EINVALID", err)
	}
}

func connect(t *testing.T, url string) *natsio.Conn {
	nc, err := natsio.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
