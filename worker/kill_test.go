package worker_test

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/nats"
	"github.com/sitrep-dev/sitrep/nats/natstest"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/postgres/pgtest"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/worker"
)

const (
	killDocs, killEvents = 600, 5
	fixtureSeed          = 11
)

// fixtureCoder stands in for the event coder, slowly enough that a kill
// lands mid-run.
var fixtureCoder = sqlitetest.Coder{Seed: fixtureSeed, Events: killEvents, Delay: 5 * time.Millisecond}

// TestWorkerHelperProcess is the worker that TestWorkerSurvivesKill runs in
// child processes and kills.
func TestWorkerHelperProcess(t *testing.T) {
	url, pg := os.Getenv("SITREP_WORKER_HELPER_NATS"), os.Getenv("SITREP_WORKER_HELPER_PG")
	if url == "" {
		t.Skip("helper process only")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, err := nats.Open(ctx, url, nats.Options{AckWait: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	w := &worker.Worker{Queue: q, Store: st, Pipeline: pipeline.Pipeline{fixtureCoder}, Workers: 2, Batch: 8,
		Log: log.New(os.Stderr, "", 0), Progress: time.Second, Heartbeat: 500 * time.Millisecond}
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// Documents queued by ingest --nats, two workers, one SIGKILLed mid-run
// and replaced: every document and event is stored once.
func TestWorkerSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	ctx := context.Background()
	srv := natstest.Start(t)
	pg := pgtest.New(t)
	input := filepath.Join(t.TempDir(), "in.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for i := range killDocs {
		d := sqlitetest.Document(fixtureSeed, i, killEvents)
		enc.Encode(map[string]string{"id": d.ID, "text": d.Text, "date": d.Date.Format(time.DateOnly)})
	}
	f.Close()
	q, err := nats.Open(ctx, srv.URL(), nats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	// Queued twice: the second time adds nothing.
	for run, want := range []int{killDocs, 0} {
		res, err := batch.Publish(ctx, q, "test", []string{input}, ingest.DefaultOptions, pipeline.Pipeline{fixtureCoder}, 1)
		if err != nil || res.Added != want || res.Added+res.Skipped != killDocs {
			t.Fatalf("queueing %d: %+v, %v; want %d queued", run, res, err, want)
		}
	}
	st, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var logs strings.Builder
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SITREP_WORKER_HELPER_NATS="+srv.URL(), "SITREP_WORKER_HELPER_PG="+pg)
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	stored := func() int {
		s, err := st.Stats(ctx)
		if err != nil {
			return 0
		}
		return s.Documents
	}
	waitFor := func(ok func() bool) {
		for deadline := time.Now().Add(60 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out with %d documents stored\n%s", stored(), logs.String())
			}
		}
	}
	a, b := start(), start()
	waitFor(func() bool { return stored() >= killDocs/4 })
	a.Process.Kill()
	a.Wait()
	before := stored()
	c := start()
	waitFor(func() bool {
		w, f, err := q.Depth(ctx)
		return stored() == killDocs && err == nil && w == 0 && f == 0
	})
	b.Process.Signal(syscall.SIGTERM)
	c.Process.Signal(syscall.SIGTERM)
	if err := b.Wait(); err != nil {
		t.Errorf("worker B: %v", err)
	}
	if err := c.Wait(); err != nil {
		t.Errorf("worker C: %v", err)
	}
	t.Logf("killed a worker with %d of %d documents stored", before, killDocs)
	if before >= killDocs {
		t.Fatalf("kill landed after the end\n%s", logs.String())
	}
	st.Invalidate() // the index loads what the workers stored
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != killDocs || stats.Events != killDocs*killEvents {
		t.Fatalf("after kill: %d documents, %d events; want %d, %d\n%s", stats.Documents, stats.Events, killDocs, killDocs*killEvents, logs.String())
	}
	for _, i := range []int{0, before - 1, before, killDocs - 1} {
		d, err := st.Document(ctx, "synthetic-"+strconv.Itoa(fixtureSeed)+"-"+strconv.Itoa(i))
		if err != nil || len(d.Events) != killEvents {
			t.Fatalf("document %d: %v", i, err)
		}
		if d.Story == "" || d.Events[0].Incident == "" {
			t.Errorf("document %d: story %q, first event's incident %q", i, d.Story, d.Events[0].Incident)
		}
	}
	// The killed worker's uncommitted batch left nothing half grouped.
	conn, err := pgx.Connect(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var loose int
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = d.story))
		+ (SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident))`).Scan(&loose); err != nil || loose != 0 {
		t.Fatalf("%d documents or events without a story or incident (%v)", loose, err)
	}
}
