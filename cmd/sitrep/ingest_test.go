package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

const (
	killDocs, killEvents = 600, 3
	fixtureSeed          = 11
)

// fixtureCoder stands in for the event coder: it gives each synthetic
// document back the events sqlitetest made for it (the texts are the same),
// slowly enough that a kill lands mid-run.
type fixtureCoder struct{}

func (fixtureCoder) Name() string { return "fixture-coder" }

func (fixtureCoder) Annotate(doc *sitrep.Document) error {
	i, err := strconv.Atoi(strings.TrimPrefix(doc.ID, "synthetic-"+strconv.Itoa(fixtureSeed)+"-"))
	if err != nil {
		return err
	}
	want := sqlitetest.Document(fixtureSeed, i, killEvents)
	if want.Text != doc.Text {
		return nil // not one of ours: no events
	}
	doc.Sentences, doc.Entities, doc.Toponyms, doc.Events = want.Sentences, want.Entities, want.Toponyms, want.Events
	time.Sleep(5 * time.Millisecond)
	return nil
}

// TestIngestHelperProcess is the ingest that TestIngestSurvivesKill runs in a
// child process and kills.
func TestIngestHelperProcess(t *testing.T) {
	db := os.Getenv("SITREP_INGEST_HELPER_DB")
	if db == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ingestDocs(ctx, st, []string{os.Getenv("SITREP_INGEST_HELPER_INPUT")}, pipeline.Pipeline{fixtureCoder{}}, 2, nil); err != nil {
		t.Fatal(err)
	}
}

func TestIngestSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	dir := t.TempDir()
	input, db := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "events.db")
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
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SITREP_INGEST_HELPER_DB="+db, "SITREP_INGEST_HELPER_INPUT="+input)
		return cmd
	}
	ctx := context.Background()

	// Start an ingest and SIGKILL it once some batches are committed.
	cmd := child()
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var before int
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if before = countDocs(t, db); before > 0 {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if before == 0 || before >= killDocs {
		t.Fatalf("kill landed with %d of %d documents stored; want mid-run\n%s", before, killDocs, out.String())
	}

	t.Logf("killed with %d of %d documents stored", before, killDocs)

	// Run it again to the end.
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != killDocs || stats.Events != killDocs*killEvents {
		t.Fatalf("after kill and rerun: %d documents, %d events; want %d, %d", stats.Documents, stats.Events, killDocs, killDocs*killEvents)
	}
	for _, i := range []int{0, before - 1, before, killDocs - 1} {
		d, err := st.Document(ctx, "synthetic-"+strconv.Itoa(fixtureSeed)+"-"+strconv.Itoa(i))
		if err != nil || len(d.Events) != killEvents {
			t.Fatalf("document %d: %v", i, err)
		}
	}
}

// countDocs counts the stored documents; the database may not exist yet.
func countDocs(t *testing.T, db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		return 0 // being created
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		return 0
	}
	return s.Documents
}

func TestIngestBody(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var body strings.Builder
	enc := json.NewEncoder(&body)
	for i := range 5 {
		d := sqlitetest.Document(fixtureSeed, i, 2)
		enc.Encode(map[string]string{"id": d.ID, "text": d.Text})
	}
	stages := pipeline.Pipeline{fixtureCoder{}}
	for run, want := range []int{5, 0} {
		added, err := ingestBody(ctx, st, stages, 1, []byte(body.String()))
		if err != nil || added != want {
			t.Fatalf("upload %d: %d added, %v; want %d", run, added, err, want)
		}
	}
}
