package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

// group assigns docs to stories and incidents as an ingest does and returns
// what changed.
func group(t *testing.T, s *stories.Index, x *incidents.Index, docs []*sitrep.Document) ([]*sitrep.Story, []*sitrep.Incident) {
	t.Helper()
	var sts []*sitrep.Story
	var incs []*sitrep.Incident
	for _, d := range docs {
		if st := s.Assign(d); !slices.Contains(sts, st) {
			sts = append(sts, st)
		}
		for _, inc := range x.Assign(d) {
			if !slices.Contains(incs, inc) {
				incs = append(incs, inc)
			}
		}
	}
	return sts, incs
}

// copies makes n documents of the same text under other ids.
func copies(d *sitrep.Document, n int) []*sitrep.Document {
	var out []*sitrep.Document
	for i := range n {
		c := *d
		c.ID = d.ID + "-copy" + string(rune('a'+i))
		c.Events = slices.Clone(d.Events)
		for k := range c.Events {
			c.Events[k].ID = c.ID + "-" + string(c.Events[k].Type)
		}
		out = append(out, &c)
	}
	return out
}

// GroupStore is what TestGroups tests.
type GroupStore interface {
	Store
	sitrep.IncidentStore
	Close() error
}

// TestGroups stores stories and incidents, takes them back as a new run
// does, and reads incidents back by id, by filter and by aggregate. open
// opens one database, empty at the first call, and again at the second.
func TestGroups(t *testing.T, open func(testing.TB) GroupStore) {
	ctx := context.Background()
	st := open(t)
	si, err := stories.New(stories.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ii := incidents.New(incidents.Options{})
	first := docs(6, 2)
	sts, incs := group(t, si, ii, first)
	if n, err := st.PutGrouped(ctx, first, sts, incs); err != nil || n != 6 {
		t.Fatalf("put: %d %v", n, err)
	}
	st.Close()

	// A new run takes the stored groups back, and copies of the first
	// documents join their stories and incidents.
	st = open(t)
	defer st.Close()
	si, _ = stories.New(stories.Options{})
	ii = incidents.New(incidents.Options{})
	oldStories, err := st.RecentStories(ctx, 100)
	if err != nil || len(oldStories) == 0 {
		t.Fatalf("recent stories: %d %v", len(oldStories), err)
	}
	for _, s := range oldStories {
		if err := si.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	oldIncs, err := st.RecentIncidents(ctx, 100)
	if err != nil || len(oldIncs) != len(incs) {
		t.Fatalf("recent incidents: %d of %d, %v", len(oldIncs), len(incs), err)
	}
	for _, inc := range oldIncs {
		ii.Add(inc)
	}
	again := copies(first[0], 2)
	sts, incs = group(t, si, ii, again)
	if _, err := st.PutGrouped(ctx, again, sts, incs); err != nil {
		t.Fatal(err)
	}
	for _, d := range again {
		if d.Story != first[0].Story {
			t.Errorf("copy %s in story %s, original in %s", d.ID, d.Story, first[0].Story)
		}
		for k := range d.Events {
			if d.Events[k].Incident != first[0].Events[k].Incident {
				t.Errorf("copy's event %d in %s, original's in %s", k, d.Events[k].Incident, first[0].Events[k].Incident)
			}
		}
	}

	// The incident of the first document's events has all three reports.
	id := first[0].Events[0].Incident
	inc, reports, err := st.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Reports != 3 || inc.ReportDocs != 3 || len(reports) != 3 || inc.Type != first[0].Events[0].Type || len(inc.Docs) != 3 {
		t.Errorf("incident %+v with %d reports", inc, len(reports))
	}
	if _, _, err := st.Incident(ctx, "i-none"); sitrep.ErrorCode(err) != sitrep.ENOTFOUND {
		t.Errorf("missing incident: %v", err)
	}
	doc, err := st.Document(ctx, again[0].ID)
	if err != nil || doc.Story != first[0].Story || doc.Events[0].Incident != id {
		t.Errorf("stored copy: story %q, incident %q, %v", doc.Story, doc.Events[0].Incident, err)
	}

	// Listing by incident gives each incident once; counting by incident
	// counts each once.
	all, _, err := st.FindIncidents(ctx, sitrep.EventFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, x := range all {
		if seen[x.ID] {
			t.Errorf("incident %s listed twice", x.ID)
		}
		seen[x.ID] = true
	}
	if !seen[id] || len(all) != len(oldIncs) {
		t.Errorf("%d incidents listed, %d stored", len(all), len(oldIncs))
	}
	// Pages of one.
	var paged []string
	f := sitrep.EventFilter{Limit: 1}
	for {
		page, next, err := st.FindIncidents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range page {
			paged = append(paged, x.ID)
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if len(paged) != len(all) {
		t.Errorf("paged %d incidents, listed %d", len(paged), len(all))
	}
	total := func(by bool) int {
		b, err := st.Aggregate(ctx, sitrep.EventFilter{ByIncident: by}, sitrep.ByType)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range b {
			n += x.Count
		}
		return n
	}
	if reports, incidents := total(false), total(true); reports != 16 || incidents != len(all) {
		t.Errorf("by type: %d reports (want 16), %d incidents (want %d)", reports, incidents, len(all))
	}
}

// Two deaths told in alike words, for TestStoryMoves.
const (
	felt  = "Mark Felt, the FBI official who was Deep Throat in the Watergate scandal, died on Thursday at 95. Felt guided reporters through the scandal that brought down Nixon; Felt's family confirmed his death."
	larue = "Fred LaRue, the Nixon aide who carried money to the Watergate burglars and was named as a possible Deep Throat, died in a hotel at 75. LaRue pleaded guilty in the scandal; LaRue's body was found on Saturday."
)

// TestStoryMoves stores a document at a time through a grouper whose
// threshold lets one story take both deaths, so that its regroup moves
// documents stored in earlier batches: the store must point each document,
// and its near-duplicate, at the story the grouper ended with.
func TestStoryMoves(t *testing.T, open func(testing.TB) GroupStore) {
	ctx := context.Background()
	st := open(t)
	defer st.Close()
	g, err := pipeline.LoadGrouper(ctx, st, stories.Options{Threshold: 0.01, Split: 0.8, MinSplit: 2}, incidents.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gs := g.Store(st)
	texts := []string{felt, larue, "Syndicated: " + larue, "Felt, who was Deep Throat, died at 95. " + felt,
		"LaRue, the aide who carried the money, died at 75. " + larue, felt + " Felt was 95.", larue + " LaRue was 75."}
	ids := []string{"f1", "l1", "l1-copy", "f2", "l2", "f3", "l3"}
	for i, text := range texts {
		d := &sitrep.Document{ID: ids[i], Text: text}
		if ids[i] == "l1-copy" {
			d.NearDuplicateOf = "l1"
		}
		if _, err := gs.PutDocuments(ctx, []*sitrep.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	story := map[string]string{}
	for _, id := range ids {
		d, err := st.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		story[id] = d.Story
	}
	if story["f1"] == "" || story["f1"] == story["l1"] || story["f1"] != story["f2"] || story["f1"] != story["f3"] ||
		story["l1"] != story["l2"] || story["l1"] != story["l3"] || story["l1"] != story["l1-copy"] {
		t.Errorf("stored stories %v", story)
	}
}
