package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/clean"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/stories"
)

const (
	killDocs, killEvents = 600, 5
	fixtureSeed          = 11
	// Every tenth document of the kill test repeats the one copyBack before
	// it (a near-duplicate), and every document starts with a line that the
	// site repeats (cut once three documents have shown it).
	copyBack   = 15
	siteHeader = "Regional desk of the news.example bureau"
)

// fixtureCoder stands in for the event coder, slowly enough that a kill
// lands mid-run.
var fixtureCoder = sqlitetest.Coder{Seed: fixtureSeed, Events: killEvents, Delay: 5 * time.Millisecond}

// killInput writes the kill test's documents as JSONL.
func killInput(t *testing.T, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for i := range killDocs {
		d := sqlitetest.Document(fixtureSeed, i, killEvents)
		text := d.Text
		if i%10 == 9 && i >= copyBack {
			text = sqlitetest.Document(fixtureSeed, i-copyBack, killEvents).Text
		}
		enc.Encode(map[string]string{"id": d.ID, "url": d.URL, "text": siteHeader + "\n" + text, "date": d.Date.Format(time.DateOnly)})
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// store reads input and stores what p makes of it in st, with their stories
// and incidents when st keeps them (as sitrep ingest does).
func store(ctx context.Context, st sitrep.DocumentStore, input string, p Pipeline) (Stored, error) {
	g, err := LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
	if err != nil {
		return Stored{}, err
	}
	return p.Store(ctx, g.Store(st), ingest.Read(ctx, []string{input}, ingest.DefaultOptions), 2, StoreHooks{})
}

// TestStoreHelperProcess is the ingest that TestStoreSurvivesKill runs in a
// child process and kills.
func TestStoreHelperProcess(t *testing.T) {
	db := os.Getenv("SITREP_STORE_HELPER_DB")
	if db == "" {
		t.Skip("helper process only")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := store(ctx, st, os.Getenv("SITREP_STORE_HELPER_INPUT"), Pipeline{clean.New(), fixtureCoder}); err != nil {
		t.Fatal(err)
	}
}

func TestStoreSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	dir := t.TempDir()
	input, db := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "events.db")
	killInput(t, input)
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStoreHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SITREP_STORE_HELPER_DB="+db, "SITREP_STORE_HELPER_INPUT="+input)
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
		if before = sqlitetest.CountDocuments(db); before > 0 {
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
	if stats.Documents != killDocs {
		t.Fatalf("after kill and rerun: %d documents, want %d", stats.Documents, killDocs)
	}

	// The database holds what an uninterrupted run stores, to the byte:
	// cleaning (repeated lines, near-duplicates) once depended on which
	// documents the first run had stored, and so did stories and incidents
	// (each document's story and its events' incidents are compared).
	whole, err := sqlite.Open(ctx, filepath.Join(dir, "whole.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	if _, err := store(ctx, whole, input, Pipeline{clean.New(), fixtureCoder}); err != nil {
		t.Fatal(err)
	}
	differ, nearDups, cut, ungrouped := 0, 0, 0, 0
	for i := range killDocs {
		key := "synthetic-" + strconv.Itoa(fixtureSeed) + "-" + strconv.Itoa(i)
		a, err := whole.Document(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		b, err := st.Document(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if a.NearDuplicateOf != "" {
			nearDups++
		}
		if len(a.Removed) > 0 {
			cut++
		}
		if a.Story == "" || slices.ContainsFunc(a.Events, func(e sitrep.Event) bool { return e.Incident == "" }) {
			ungrouped++
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			if differ == 0 {
				t.Errorf("document %s differs from an uninterrupted run:\n%.600s\n%.600s", key, jb, ja)
			}
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d documents differ from an uninterrupted run (killed with %d stored)", differ, killDocs, before)
	}
	t.Logf("%d near-duplicates, %d documents with cuts", nearDups, cut)
	if nearDups == 0 || cut == 0 {
		t.Errorf("the input exercises no cleaning: %d near-duplicates, %d documents with cuts", nearDups, cut)
	}
	if ungrouped > 0 {
		t.Errorf("%d of %d documents stored without a story or an event's incident", ungrouped, killDocs)
	}
}

// failingStore is a store whose writes fail, as a read-only database's do.
type failingStore struct{ sitrep.DocumentStore }

func (failingStore) HasDocument(context.Context, string) (bool, error) { return false, nil }
func (failingStore) PutDocuments(context.Context, []*sitrep.Document) (int, error) {
	return 0, errors.New("attempt to write a readonly database")
}

// A failing store is reported as the store's failure, not an input's, and
// what it did not store is not counted: a read-only database gave "0 new
// documents with 2 events" and "file.jsonl:1: attempt to write a readonly
// database".
func TestStoreFails(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.jsonl")
	killInput(t, input)
	res, err := store(context.Background(), failingStore{}, input, Pipeline{fixtureCoder})
	var se *StoreError
	if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), "storing documents: ") {
		t.Errorf("error %v, want a store error", err)
	}
	if res.Added != 0 || res.Events != 0 || res.Failed != 0 || res.Unstored == 0 {
		t.Errorf("result %+v: want nothing added, no events, no input failed, some unstored", res)
	}
}
