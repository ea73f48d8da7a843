package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/storetest"
)

func TestStore(t *testing.T) {
	storetest.Test(t, func(t testing.TB) storetest.Store { return open(t) })
}

func open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sub", "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func docs(n, per int) []*sitrep.Document {
	out := make([]*sitrep.Document, n)
	for i := range out {
		out[i] = sqlitetest.Document(1, i, per)
	}
	return out
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutDocuments(ctx, docs(2, 2)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = sqlite.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, _ := s.Stats(ctx); st.Events != 4 {
		t.Fatalf("after reopen %d events, want 4", st.Events)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.PutDocuments(ctx, docs(5, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// Processes that open a new file at once must not both create the schema.
func TestConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := sqlite.Open(context.Background(), path)
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

// BenchmarkPutDocuments measures ingest of coded events into SQLite:
// go test ./sqlite -run - -bench PutDocuments -benchtime 20000x
func BenchmarkPutDocuments(b *testing.B) { storetest.BenchmarkPut(b, open(b)) }

// BenchmarkQueries measures filtered pages and aggregates over 100,000
// stored events, the in-memory index built:
// go test ./sqlite -run - -bench Queries
func BenchmarkQueries(b *testing.B) { storetest.BenchmarkQueries(b, open(b)) }

// TestMigrationFillsDashboardColumns: a database of schema 1 gets the
// columns of migration 2 filled from event_data, as ingest fills them.
func TestMigrationFillsDashboardColumns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d := make([]*sitrep.Document, 80)
	for i := range d {
		d[i] = sqlitetest.NewsDocument(5, i, 3)
	}
	if _, err := s.PutDocuments(ctx, d); err != nil {
		t.Fatal(err)
	}
	aggs := func(s *sqlite.Store) map[sitrep.Aggregation][]sitrep.Bucket {
		out := map[sitrep.Aggregation][]sitrep.Bucket{}
		for _, a := range []sitrep.Aggregation{sitrep.ByDyad, sitrep.ByWeek, sitrep.ByPlace} {
			if out[a], err = s.Aggregate(ctx, sitrep.EventFilter{}, a); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	want := aggs(s)
	s.Close()

	// Back to schema 1: the columns of migration 2 dropped, and what later
	// migrations add.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE events DROP COLUMN src_name`, `ALTER TABLE events DROP COLUMN tgt_name`,
		`ALTER TABLE events DROP COLUMN inferred`, `ALTER TABLE events DROP COLUMN precision`,
		`ALTER TABLE documents DROP COLUMN main_event`,
		`DROP INDEX events_incident`, `DROP INDEX documents_lead`, `ALTER TABLE events DROP COLUMN incident`,
		`ALTER TABLE documents DROP COLUMN story`, `ALTER TABLE documents DROP COLUMN lead`,
		`DROP TABLE stories`, `DROP TABLE incidents`, `DROP TABLE feeds`, `PRAGMA user_version = 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()

	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := aggs(s)
	for a, w := range want {
		if len(w) == 0 || !reflect.DeepEqual(got[a], w) {
			t.Errorf("%s after migration:\n%+v\nwant\n%+v", a, got[a], w)
		}
	}
}
