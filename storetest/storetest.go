// Package storetest is the test suite every event store passes (sqlite,
// postgres): idempotent ingest, round trips of every span, each filter and
// aggregate against counts computed from the fixtures of sqlitetest, cursors,
// bad filters; and the benchmarks of ingest and queries.
package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

// Store is what the suite tests.
type Store interface {
	sitrep.DocumentStore
	sitrep.EventStore
	// Warm builds the in-memory index of the filter columns.
	Warm(ctx context.Context) error
}

// Test runs the suite, each test on a new empty store from open.
func Test(t *testing.T, open func(testing.TB) Store) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, Store)
	}{
		{"IngestIsIdempotent", testIdempotent},
		{"DocumentRoundTrip", testRoundTrip},
		{"Filters", testFilters},
		{"EventHasSpans", testSpans},
		{"Aggregates", testAggregates},
		{"BadFilters", testBadFilters},
		{"DashboardColumns", testDashboardColumns},
		{"SearchFolding", testSearchFolding},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func docs(n, per int) []*sitrep.Document {
	out := make([]*sitrep.Document, n)
	for i := range out {
		out[i] = sqlitetest.Document(1, i, per)
	}
	return out
}

func testIdempotent(t *testing.T, s Store) {
	ctx := context.Background()
	d := docs(20, 3)
	if n, err := s.PutDocuments(ctx, d[:12]); err != nil || n != 12 {
		t.Fatalf("first put: %d, %v", n, err)
	}
	if n, err := s.PutDocuments(ctx, d); err != nil || n != 8 {
		t.Fatalf("second put: %d new, %v; want 8", n, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 20 || st.Events != 60 {
		t.Fatalf("stats %+v, want 20 documents, 60 events", st)
	}
	if ok, _ := s.HasDocument(ctx, d[3].ID); !ok {
		t.Error("HasDocument false for a stored document")
	}
	if ok, _ := s.HasDocument(ctx, "nope"); ok {
		t.Error("HasDocument true for a missing document")
	}
}

func testRoundTrip(t *testing.T, s Store) {
	ctx := context.Background()
	in := sqlitetest.Document(7, 0, 4)
	if _, err := s.PutDocuments(ctx, []*sitrep.Document{in}); err != nil {
		t.Fatal(err)
	}
	out, err := s.Document(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if out.Text != in.Text || len(out.Sentences) != 4 || len(out.Entities) != 12 || len(out.Toponyms) != 4 || len(out.Events) != 4 {
		t.Fatalf("document came back with %d sentences, %d entities, %d toponyms, %d events",
			len(out.Sentences), len(out.Entities), len(out.Toponyms), len(out.Events))
	}
	if got, want := out.Events[2].Source[0].Of(out.Text), in.Events[2].Source[0].Of(in.Text); got != want {
		t.Errorf("source span gives %q, want %q", got, want)
	}
	if got, want := out.Events[1].Date.Of(out.Text), in.Events[1].Date.Of(in.Text); got != want || got == "" {
		t.Errorf("date span gives %q, want %q", got, want)
	}
	if !out.Date.Equal(in.Date) {
		t.Errorf("date %v, want %v", out.Date, in.Date)
	}
	if _, err := s.Document(ctx, "missing"); sitrep.ErrorCode(err) != sitrep.ENOTFOUND {
		t.Errorf("missing document: %v, want ENOTFOUND", err)
	}
}

// count pages through every event f matches and checks the order and that no
// event comes twice.
func count(t *testing.T, s Store, f sitrep.EventFilter) []*sitrep.StoredEvent {
	t.Helper()
	var all []*sitrep.StoredEvent
	seen := map[int64]bool{}
	for {
		page, next, err := s.FindEvents(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			if seen[e.Key] {
				t.Fatalf("event %d on two pages", e.Key)
			}
			seen[e.Key] = true
			if n := len(all); n > 0 && all[n-1].Day.Before(e.Day) {
				t.Fatalf("event of %v after one of %v: not newest first", e.Day, all[n-1].Day)
			}
			all = append(all, e)
		}
		if next == "" {
			return all
		}
		f.Cursor = next
	}
}

func testFilters(t *testing.T, s Store) {
	ctx := context.Background()
	d := docs(200, 3)
	if _, err := s.PutDocuments(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Expected counts straight from the fixtures.
	want := map[string]int{}
	kabulDoc := ""
	for _, doc := range d {
		for _, e := range doc.Events {
			want["all"]++
			if e.Type == "ASSAULT" {
				want["type"]++
			}
			if e.Location.Country == "PAK" && e.Location.Admin1 == "Punjab" {
				want["admin1"]++
			}
			if e.Source[0].Code == "PAKREB" || e.Target[0].Code == "PAKREB" {
				want["actor"]++
			}
			if e.Source[0].Sector == "MIL" || e.Target[0].Sector == "MIL" {
				want["sector"]++
			}
			if e.Realis == sitrep.Negated || e.Realis == sitrep.Denied {
				want["realis"]++
			}
			if e.Confidence >= 0.9 {
				want["conf"]++
			}
			if e.Location.Lon > 60 && e.Location.Lon < 80 && e.Location.Lat > 25 && e.Location.Lat < 40 {
				want["bbox"]++
			}
			day := doc.Date
			if e.Date != nil {
				day = e.Date.Start
			}
			if !day.Before(sqlitetest.Epoch.AddDate(0, 3, 0)) && day.Before(sqlitetest.Epoch.AddDate(0, 6, 0)) {
				want["time"]++
			}
			if e.Location.Name == "Kabul" {
				want["search"]++
				if kabulDoc == "" {
					kabulDoc = doc.ID
				}
				if doc.ID == kabulDoc {
					want["search+doc"]++
				}
			}
		}
	}
	for name, f := range map[string]sitrep.EventFilter{
		"all":    {Limit: 100},
		"type":   {Types: []string{"ASSAULT"}, Limit: 7},
		"admin1": {Country: "PAK", Admin1: "Punjab"},
		"actor":  {Actor: "PAKREB"},
		"sector": {ActorSector: "MIL", Limit: 1000},
		"realis": {Realis: []sitrep.Realis{sitrep.Negated, sitrep.Denied}},
		"conf":   {MinConfidence: 0.9},
		"bbox":   {BBox: &sitrep.BBox{West: 60, South: 25, East: 80, North: 40}},
		"time":   {From: sqlitetest.Epoch.AddDate(0, 3, 0), To: sqlitetest.Epoch.AddDate(0, 6, -1)},
		"search": {Query: "kabul"},
		// The search again, cached, with a document: the cached ids stay whole.
		"search+doc": {Query: "kabul", DocID: kabulDoc},
	} {
		if want[name] == 0 {
			t.Fatalf("%s: fixtures have no matching event", name)
		}
		if got := len(count(t, s, f)); got != want[name] {
			t.Errorf("%s: %d events, want %d", name, got, want[name])
		}
		sum := 0
		b, err := s.Aggregate(ctx, f, sitrep.ByType)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range b {
			sum += x.Count
		}
		if name != "all" && name != "type" && sum != want[name] {
			t.Errorf("%s: aggregate counts %d, want %d", name, sum, want[name])
		}
	}
	// The actor name matches without regard to case.
	if got := len(count(t, s, sitrep.EventFilter{Actor: "boko haram"})); got == 0 {
		t.Error("actor name found no event")
	}
	// So do the words that mention an actor.
	doc := sqlitetest.Document(9, 0, 1)
	doc.Events[0].Source[0].Name = "Abubakar Shekau"
	mention := doc.Events[0].Source[0].Of(doc.Text)
	before := len(count(t, s, sitrep.EventFilter{Actor: mention}))
	if _, err := s.PutDocuments(ctx, []*sitrep.Document{doc}); err != nil {
		t.Fatal(err)
	}
	if got := len(count(t, s, sitrep.EventFilter{Actor: "abubakar shekau"})); got != 1 {
		t.Errorf("actor by name: %d events, want 1", got)
	}
	if got := len(count(t, s, sitrep.EventFilter{Actor: mention})); got != before+1 {
		t.Errorf("actor by mention %q: %d events, want %d", mention, got, before+1)
	}
}

func testSpans(t *testing.T, s Store) {
	ctx := context.Background()
	d := docs(3, 2)
	if _, err := s.PutDocuments(ctx, d); err != nil {
		t.Fatal(err)
	}
	page, _, err := s.FindEvents(ctx, sitrep.EventFilter{Limit: 1})
	if err != nil || len(page) != 1 {
		t.Fatal(len(page), err)
	}
	e, doc, err := s.Event(ctx, page[0].Key)
	if err != nil {
		t.Fatal(err)
	}
	if e.TriggerText == "" || e.TriggerText != e.Event.Trigger.Of(doc.Text) {
		t.Errorf("trigger text %q, span gives %q", e.TriggerText, e.Event.Trigger.Of(doc.Text))
	}
	if e.EvidenceText != e.Event.Evidence[0].Of(doc.Text) {
		t.Errorf("evidence text %q", e.EvidenceText)
	}
	if e.Event.Location.Of(doc.Text) != e.Event.Location.Name {
		t.Errorf("location span %q, name %q", e.Event.Location.Of(doc.Text), e.Event.Location.Name)
	}
	if _, _, err := s.Event(ctx, 1<<40); sitrep.ErrorCode(err) != sitrep.ENOTFOUND {
		t.Errorf("missing event: %v", err)
	}
}

func testAggregates(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.PutDocuments(ctx, docs(100, 2)); err != nil {
		t.Fatal(err)
	}
	for _, a := range []sitrep.Aggregation{sitrep.ByDay, sitrep.ByWeek, sitrep.ByType, sitrep.ByActorPair, sitrep.ByCountry, sitrep.ByAdmin1, sitrep.ByPlace, sitrep.ByRealis, sitrep.ByDyad} {
		b, err := s.Aggregate(ctx, sitrep.EventFilter{}, a)
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		sum := 0
		for i, x := range b {
			sum += x.Count
			if x.Types != nil {
				n := 0
				for _, c := range x.Types {
					n += c
				}
				if n != x.Count || x.Inferred > x.Count {
					t.Errorf("%s: %+v: types sum to %d", a, x, n)
				}
			}
			if a == sitrep.ByWeek {
				d, err := time.Parse(time.DateOnly, x.Key)
				if err != nil || d.Weekday() != time.Monday {
					t.Errorf("week key %q is no Monday", x.Key)
				}
			}
			if (a == sitrep.ByDay || a == sitrep.ByWeek) && i > 0 && b[i-1].Key >= x.Key {
				t.Errorf("%s: %q after %q", a, x.Key, b[i-1].Key)
			}
			if a == sitrep.ByPlace && (x.Lat == 0 || x.Key == "") {
				t.Errorf("place bucket without point: %+v", x)
			}
		}
		if sum != 200 {
			t.Errorf("%s: buckets sum to %d, want 200", a, sum)
		}
	}
	if b, _ := s.Aggregate(ctx, sitrep.EventFilter{Limit: 3}, sitrep.ByActorPair); len(b) != 3 {
		t.Errorf("limit 3 gave %d buckets", len(b))
	}
	if b, _ := s.Aggregate(ctx, sitrep.EventFilter{Limit: 3}, sitrep.ByDyad); len(b) != 3 {
		t.Errorf("limit 3 gave %d buckets", len(b))
	}
}

func testBadFilters(t *testing.T, s Store) {
	ctx := context.Background()
	for name, f := range map[string]sitrep.EventFilter{
		"cursor": {Cursor: "!!!"},
		"limit":  {Limit: eventindex.MaxLimit + 1},
		"bbox":   {BBox: &sitrep.BBox{West: 0, South: 10, East: 1, North: 5}},
		"query":  {Query: "  ()  "},
	} {
		if _, _, err := s.FindEvents(ctx, f); sitrep.ErrorCode(err) != sitrep.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	if _, err := s.Aggregate(ctx, sitrep.EventFilter{}, "colour"); sitrep.ErrorCode(err) != sitrep.EINVALID {
		t.Errorf("bad aggregation: %v", err)
	}
	// Quotes and FTS operators in a search are words, not syntax.
	if _, _, err := s.FindEvents(ctx, sitrep.EventFilter{Query: `"NEAR( a OR b* AND -c`}); err != nil {
		t.Errorf("search with operators: %v", err)
	}
}

// testDashboardColumns: what the dashboard reads beside the filters agrees
// with the fixtures: dyads by name and code and the source and target
// filters that select them, days dated by their document, types per day,
// places' precision, and the document's fields on each event.
func testDashboardColumns(t *testing.T, s Store) {
	ctx := context.Background()
	d := docs(120, 3)
	if _, err := s.PutDocuments(ctx, d); err != nil {
		t.Fatal(err)
	}
	dyads := map[[4]string]int{}
	inferred, assaultsByDay := 0, map[string]int{}
	for _, doc := range d {
		for _, e := range doc.Events {
			src, tgt := e.Source[0], e.Target[0]
			dyads[[4]string{src.Name, src.Code, tgt.Name, tgt.Code}]++
			day := doc.Date
			if e.Date == nil {
				inferred++
			} else {
				day = e.Date.Start
			}
			if e.Type == "ASSAULT" {
				assaultsByDay[day.Format(time.DateOnly)]++
			}
		}
	}
	b, err := s.Aggregate(ctx, sitrep.EventFilter{}, sitrep.ByDyad)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != len(dyads) {
		t.Errorf("%d dyads, want %d", len(b), len(dyads))
	}
	for _, x := range b {
		if want := dyads[[4]string{x.Key, x.Code, x.Key2, x.Code2}]; x.Count != want {
			t.Errorf("dyad %+v: %d events, want %d", x, x.Count, want)
		}
	}
	top := b[0]
	got := count(t, s, sitrep.EventFilter{Source: strings.ToUpper(top.Key), Target: top.Code2, Limit: 1000})
	if len(got) != top.Count {
		t.Errorf("source %q target %q: %d events, want %d", top.Key, top.Code2, len(got), top.Count)
	}
	n := 0
	err = s.EachEvent(ctx, sitrep.EventFilter{Source: top.Key, Target: strings.ToLower(top.Key2)}, func(e *sitrep.StoredEvent) error {
		n++
		if e.DocURL == "" || e.DocTitle == "" || e.DocDate.IsZero() || e.DocType == "" || !strings.Contains(e.DocText, e.EvidenceText) {
			t.Fatalf("event %d lacks its document's fields: %+v", e.Key, e)
		}
		return nil
	})
	if err != nil || n != top.Count || got[0].DocURL == "" {
		t.Errorf("%d events, %v", n, err)
	}
	days, err := s.Aggregate(ctx, sitrep.EventFilter{}, sitrep.ByDay)
	if err != nil {
		t.Fatal(err)
	}
	n = 0
	for _, x := range days {
		n += x.Inferred
		if x.Types["ASSAULT"] != assaultsByDay[x.Key] {
			t.Errorf("%s: %d assaults, want %d", x.Key, x.Types["ASSAULT"], assaultsByDay[x.Key])
		}
	}
	if n != inferred || inferred == 0 {
		t.Errorf("%d days inferred, want %d", n, inferred)
	}
	places, err := s.Aggregate(ctx, sitrep.EventFilter{}, sitrep.ByPlace)
	if err != nil {
		t.Fatal(err)
	}
	if places[0].Precision != "city" {
		t.Errorf("place %+v", places[0])
	}
}

// Searches ignore case and diacritics, and a trailing * finds a prefix.
func testSearchFolding(t *testing.T, s Store) {
	ctx := context.Background()
	text := "Protesters marched through Zürich's old town on Monday."
	doc := &sitrep.Document{ID: "folding", Text: text, Date: sqlitetest.Epoch, Events: []sitrep.Event{{
		ID: "folding-e1", Type: "PROTEST", Realis: sitrep.Asserted, Sentence: -1,
		Trigger: sitrep.Span{Start: 11, End: 18}, Evidence: []sitrep.Span{{Start: 0, End: len(text)}},
	}}}
	if _, err := s.PutDocuments(ctx, append(docs(5, 1), doc)); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"zurich": 1, "ZÜRICH": 1, "züri*": 1, "zürich marched": 1, "zurich kabul": 0, "protest": 0, "protest*": 1} {
		page, _, err := s.FindEvents(ctx, sitrep.EventFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, e := range page {
			if e.DocID == "folding" {
				got++
			}
		}
		if got != want {
			t.Errorf("search %q: %d events of the document, want %d", q, got, want)
		}
	}
}

// BenchmarkPut measures the ingest of coded events into s, 5 per document
// in batches of 256 documents.
func BenchmarkPut(b *testing.B, s Store) {
	ctx := context.Background()
	const per, batch = 5, 256
	d := make([]*sitrep.Document, b.N)
	for i := range d {
		d[i] = sqlitetest.Document(2, i, per)
	}
	b.ResetTimer()
	for i := 0; i < len(d); i += batch {
		if _, err := s.PutDocuments(ctx, d[i:min(i+batch, len(d))]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*per)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkQueries measures filtered pages and aggregates over 100,000
// events stored in s, the in-memory index built.
func BenchmarkQueries(b *testing.B, s Store) {
	ctx := context.Background()
	const n, per = 20000, 5
	for i := 0; i < n; i += 500 {
		batch := make([]*sitrep.Document, 0, 500)
		for j := i; j < i+500; j++ {
			batch = append(batch, sqlitetest.Document(4, j, per))
		}
		if _, err := s.PutDocuments(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	filters := map[string]sitrep.EventFilter{
		"none":    {},
		"type":    {Types: []string{"ASSAULT"}},
		"country": {Country: "PAK", Realis: []sitrep.Realis{sitrep.Asserted}},
		"actor":   {Actor: "PAKMIL"},
		"search":  {Query: "attacked"},
		"range":   {From: sqlitetest.Epoch.AddDate(0, 6, 0), To: sqlitetest.Epoch.AddDate(0, 7, 0), MinConfidence: 0.8},
	}
	for name, f := range filters {
		b.Run("events/"+name, func(b *testing.B) {
			for range b.N {
				if _, _, err := s.FindEvents(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, a := range []sitrep.Aggregation{sitrep.ByWeek, sitrep.ByActorPair} {
			b.Run("aggregate-"+string(a)+"/"+name, func(b *testing.B) {
				for range b.N {
					if _, err := s.Aggregate(ctx, f, a); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
