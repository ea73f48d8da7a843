package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/postgres/pgtest"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/storetest"
	"github.com/sitrep-dev/sitrep/stories"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func open(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Test(t, func(t testing.TB) storetest.Store { return open(t, pgtest.New(t)) })
}

func TestGroups(t *testing.T) {
	dsn := pgtest.New(t)
	storetest.TestGroups(t, func(t testing.TB) storetest.GroupStore { return open(t, dsn) })
}

func TestStoryMoves(t *testing.T) {
	storetest.TestStoryMoves(t, func(t testing.TB) storetest.GroupStore { return open(t, pgtest.New(t)) })
}

func docs(seed uint64, n, per int) []*sitrep.Document {
	out := make([]*sitrep.Document, n)
	for i := range out {
		out[i] = sqlitetest.Document(seed, i, per)
	}
	return out
}

// Writers that store overlapping batches at once, as workers that got the
// same redelivered documents do, store each document once, and a reader
// that loads the index meanwhile sees every event exactly once.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.New(t)
	d := docs(5, 300, 3)
	reader := open(t, dsn)
	errs := make(chan error, 4)
	added := make(chan int, 4)
	for w := range 4 {
		go func() {
			s, err := postgres.Open(ctx, dsn)
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			n := 0
			// Each writer stores the documents in its own order, in batches.
			for i := 0; i < len(d); i += 25 {
				lo := (i + w*75) % len(d)
				got, err := s.PutDocuments(ctx, d[lo:min(lo+25, len(d))])
				if err != nil {
					errs <- err
					return
				}
				n += got
			}
			added <- n
			errs <- nil
		}()
	}
	for range 20 {
		if _, err := reader.Stats(ctx); err != nil {
			t.Fatal(err)
		}
	}
	total := 0
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		total += <-added
	}
	if total != len(d) {
		t.Errorf("writers added %d documents together, want %d", total, len(d))
	}
	// The reader sees what others stored within its index's MaxAge.
	var st sitrep.Stats
	for deadline := time.Now().Add(5 * time.Second); st.Events < 900 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var err error
		if st, err = reader.Stats(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if st.Documents != 300 || st.Events != 900 {
		t.Fatalf("stats %+v, want 300 documents, 900 events", st)
	}
	// The index of a reader that loaded mid-write agrees with a fresh one.
	fresh := open(t, dsn)
	a, _ := reader.Aggregate(ctx, sitrep.EventFilter{}, sitrep.ByType)
	b, _ := fresh.Aggregate(ctx, sitrep.EventFilter{}, sitrep.ByType)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("aggregates differ: %v, %v", a, b)
	}
}

// TestMigrationFillsDashboardColumns: a database of schema 1 gets the
// columns of migration 2 filled from event_data, as ingest fills them.
func TestMigrationFillsDashboardColumns(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.New(t)
	s := open(t, dsn)
	d := make([]*sitrep.Document, 80)
	for i := range d {
		d[i] = sqlitetest.NewsDocument(5, i, 3)
	}
	if _, err := s.PutDocuments(ctx, d); err != nil {
		t.Fatal(err)
	}
	aggs := func(s *postgres.Store) map[sitrep.Aggregation][]sitrep.Bucket {
		out := map[sitrep.Aggregation][]sitrep.Bucket{}
		for _, a := range []sitrep.Aggregation{sitrep.ByDyad, sitrep.ByWeek, sitrep.ByPlace} {
			b, err := s.Aggregate(ctx, sitrep.EventFilter{}, a)
			if err != nil {
				t.Fatal(err)
			}
			out[a] = b
		}
		return out
	}
	want := aggs(s)
	s.Close()

	// Back to schema 1: the columns of migration 2 dropped, and migration 3
	// (stories and incidents) undone.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `DROP TABLE stories, incidents; ALTER TABLE documents DROP COLUMN story, DROP COLUMN lead;
		ALTER TABLE events DROP COLUMN incident;
		ALTER TABLE events DROP COLUMN src_name, DROP COLUMN tgt_name, DROP COLUMN inferred, DROP COLUMN precision;
		ALTER TABLE documents DROP COLUMN main_event; DELETE FROM sitrep_schema WHERE version >= 2`)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}

	got := aggs(open(t, dsn))
	for a, w := range want {
		if len(w) == 0 || !reflect.DeepEqual(got[a], w) {
			t.Errorf("%s after migration:\n%+v\nwant\n%+v", a, got[a], w)
		}
	}
}

// Stores opened at once on a new database migrate it once.
func TestConcurrentOpen(t *testing.T) {
	dsn := pgtest.New(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkPutDocuments measures ingest of coded events into PostgreSQL:
// go test ./postgres -run - -bench PutDocuments -benchtime 20000x
func BenchmarkPutDocuments(b *testing.B) { storetest.BenchmarkPut(b, open(b, pgtest.New(b))) }

// BenchmarkQueries measures filtered pages and aggregates over 100,000
// stored events, the in-memory index built:
// go test ./postgres -run - -bench Queries
func BenchmarkQueries(b *testing.B) { storetest.BenchmarkQueries(b, open(b, pgtest.New(b))) }

// groupDocs are synthetic documents of few actors, places and types, so
// that stories and incidents gather many; every tenth repeats an earlier
// one under its own id, as a near-duplicate.
func groupDocs() []*sitrep.Document {
	out := docs(9, 240, 3)
	for i := 25; i < len(out); i += 10 {
		c := *out[i-20]
		c.ID, c.URL, c.NearDuplicateOf = out[i].ID, out[i].URL, out[i-20].ID
		c.Events = slices.Clone(c.Events)
		for k := range c.Events {
			c.Events[k].ID = c.ID + "-" + strconv.Itoa(k)
		}
		out[i] = &c
	}
	return out
}

// groups is what a database holds of stories and incidents: each
// document's story, each event's incident and each incident's data.
func groups(t *testing.T, dsn string) []string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT d.key || ' ' || coalesce(s.key, '-') FROM documents d LEFT JOIN stories s ON s.id = d.story
		UNION ALL SELECT x.data->>'ID' || ' ' || coalesce(i.key, '-') FROM events e JOIN event_data x ON x.id = e.id LEFT JOIN incidents i ON i.id = e.incident
		UNION ALL SELECT key || ' ' || data::text FROM incidents ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Two groupers in two processes' stead, each with its own connections,
// storing batches by turns (as workers do), store exactly the stories and
// incidents one grouper stores given the batches in the same order: each
// takes back what the other changed before it assigns a batch.
func TestSharedGroupers(t *testing.T) {
	ctx := context.Background()
	one, two := pgtest.New(t), pgtest.New(t)
	newGrouper := func(dsn string) sitrep.DocumentStore {
		st := open(t, dsn)
		g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return g.Store(st)
	}
	single := newGrouper(one)
	pair := []sitrep.DocumentStore{newGrouper(two), newGrouper(two)}
	a, b := groupDocs(), groupDocs()
	const batch = 16
	for i := 0; i < len(a); i += batch {
		j := min(i+batch, len(a))
		if _, err := single.PutDocuments(ctx, a[i:j]); err != nil {
			t.Fatal(err)
		}
		// Turns of one and of two batches.
		if _, err := pair[i/batch%3/2].PutDocuments(ctx, b[i:j]); err != nil {
			t.Fatal(err)
		}
	}
	want, got := groups(t, one), groups(t, two)
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%d rows, want %d; first difference:\n got %s\nwant %s", len(got), len(want), got[i], want[i])
			}
		}
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	var nStories, nIncs int
	for _, r := range want {
		if strings.HasSuffix(r, " -") {
			t.Errorf("ungrouped: %s", r)
		}
	}
	stats := func() (int, int) {
		c, err := pgx.Connect(ctx, two)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		if err := c.QueryRow(ctx, `SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM incidents)`).Scan(&nStories, &nIncs); err != nil {
			t.Fatal(err)
		}
		return nStories, nIncs
	}
	s, n := stats()
	t.Logf("%d documents in %d stories, %d events in %d incidents", len(a), s, 3*len(a), n)
	if s >= len(a) || n >= 3*len(a) {
		t.Errorf("nothing grouped: %d stories, %d incidents", s, n)
	}
}

// Groupers storing at once, each its own batches, leave every document in
// a story and every event in an incident, and each incident's reports are
// the events stored with it.
func TestConcurrentGroupers(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.New(t)
	d := groupDocs()
	errs := make(chan error, 3)
	for w := range 3 {
		go func() {
			st, err := postgres.Open(ctx, dsn)
			if err != nil {
				errs <- err
				return
			}
			defer st.Close()
			g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
			if err != nil {
				errs <- err
				return
			}
			gs := g.Store(st)
			for i := w * 8; i < len(d); i += 24 {
				if _, err := gs.PutDocuments(ctx, d[i:min(i+8, len(d))]); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var docs, events, noStory, noInc, storyDocs int
	if err := c.QueryRow(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
		(SELECT count(*) FROM documents WHERE story = 0), (SELECT count(*) FROM events WHERE incident = 0),
		(SELECT count(*) FROM documents d JOIN stories s ON s.id = d.story)`).Scan(&docs, &events, &noStory, &noInc, &storyDocs); err != nil {
		t.Fatal(err)
	}
	if docs != len(d) || events != 3*len(d) || noStory != 0 || noInc != 0 || storyDocs != docs {
		t.Fatalf("%d documents (%d without a story, %d in a stored one), %d events (%d without an incident)", docs, noStory, storyDocs, events, noInc)
	}
	// Every incident's tallies count the reports stored with it: had two
	// groupers assigned to one incident without the other's reports, the
	// later write would have lost the earlier's.
	rows, err := c.Query(ctx, `SELECT i.key, i.data::text, count(e.id) FROM incidents i JOIN events e ON e.incident = i.id GROUP BY i.id`)
	if err != nil {
		t.Fatal(err)
	}
	var key, data string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&key, &data, &n}, func() error {
		var inc sitrep.Incident
		if err := json.Unmarshal([]byte(data), &inc); err != nil {
			return err
		}
		var st struct {
			Dates []struct {
				N int `json:"n"`
			}
		}
		if err := json.Unmarshal(inc.State, &st); err != nil {
			return err
		}
		dated := 0
		for _, x := range st.Dates {
			dated += x.N
		}
		if dated != n {
			t.Errorf("incident %s: %d events stored, its dates tally %d reports", key, n, dated)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A write that fails after its batch was assigned (a text PostgreSQL
// refuses) leaves the grouper's indexes ahead of the store: it loads them
// again, and goes on as if the batch had never been tried.
func TestSharedGrouperFailedWrite(t *testing.T) {
	ctx := context.Background()
	one, two := pgtest.New(t), pgtest.New(t)
	newGrouper := func(dsn string) sitrep.DocumentStore {
		st := open(t, dsn)
		g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return g.Store(st)
	}
	single, failing := newGrouper(one), newGrouper(two)
	a, b := groupDocs(), groupDocs()
	for i := 0; i < len(a); i += 16 {
		j := min(i+16, len(a))
		if _, err := single.PutDocuments(ctx, a[i:j]); err != nil {
			t.Fatal(err)
		}
		if i/16%4 == 1 {
			bad := *b[i]
			bad.ID, bad.Text, bad.Events = bad.ID+"-bad", bad.Text+"\x00", slices.Clone(bad.Events)
			if _, err := failing.PutDocuments(ctx, append(slices.Clone(b[i:j]), &bad)); err == nil {
				t.Fatal("a text with a NUL stored")
			}
		}
		if _, err := failing.PutDocuments(ctx, b[i:j]); err != nil {
			t.Fatal(err)
		}
	}
	if want, got := groups(t, one), groups(t, two); !slices.Equal(got, want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
}

// BenchmarkGrouping measures storing documents in batches of 32 as workers
// do: without groups, with one grouper, and with two groupers by turns, each
// taking back the other's groups before every batch:
// go test ./postgres -run - -bench Grouping -benchtime 4000x
func BenchmarkGrouping(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{0, 1, 2} {
		b.Run(fmt.Sprintf("groupers=%d", n), func(b *testing.B) {
			dsn := pgtest.New(b)
			var st []sitrep.DocumentStore
			if n == 0 {
				st = append(st, open(b, dsn))
			}
			for range n {
				s := open(b, dsn)
				g, err := pipeline.LoadGrouper(ctx, s, stories.Options{}, incidents.Options{})
				if err != nil {
					b.Fatal(err)
				}
				st = append(st, g.Store(s))
			}
			d := docs(13, b.N, 3)
			b.ResetTimer()
			for i := 0; i < len(d); i += 32 {
				if _, err := st[i/32%len(st)].PutDocuments(ctx, d[i:min(i+32, len(d))]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
