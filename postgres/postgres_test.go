package postgres_test

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/postgres/pgtest"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/storetest"
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
