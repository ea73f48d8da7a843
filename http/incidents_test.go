package http_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/stories"
)

// serveGrouped serves 20 synthetic documents and two copies of the first,
// put in stories and incidents.
func serveGrouped(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var docs []*sitrep.Document
	for i := range 20 {
		docs = append(docs, sqlitetest.Document(4, i, 3))
	}
	for k := range 2 {
		c := *docs[0]
		c.ID = c.ID + "-copy" + string(rune('a'+k))
		c.NearDuplicateOf = docs[0].ID
		c.Events = slices.Clone(c.Events)
		for i := range c.Events {
			c.Events[i].ID = c.ID + "-" + string(c.Events[i].Type)
		}
		docs = append(docs, &c)
	}
	si, err := stories.New(stories.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ii := incidents.New(incidents.Options{})
	var sts []*sitrep.Story
	var incs []*sitrep.Incident
	for _, d := range docs {
		if s := si.Assign(d); !slices.Contains(sts, s) {
			sts = append(sts, s)
		}
		for _, inc := range ii.Assign(d) {
			if !slices.Contains(incs, inc) {
				incs = append(incs, inc)
			}
		}
	}
	if _, err := st.PutGrouped(ctx, docs, sts, incs); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&sitrephttp.Server{Events: st, Incidents: st}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

type incidentPage struct {
	Incidents []struct {
		ID      string
		Type    string
		Reports int
	}
	NextCursor string `json:"next_cursor"`
}

func TestIncidentsAPI(t *testing.T) {
	srv := serveGrouped(t)
	var all incidentPage
	get(t, srv, "/api/incidents?limit=1000", http.StatusOK, &all)
	seen := map[string]bool{}
	reports := 0
	merged := ""
	for _, inc := range all.Incidents {
		if seen[inc.ID] {
			t.Errorf("incident %s listed twice", inc.ID)
		}
		seen[inc.ID] = true
		reports += inc.Reports
		if inc.Reports == 3 {
			merged = inc.ID
		}
	}
	if reports != 66 || merged == "" {
		t.Fatalf("%d incidents with %d reports, none with the 3 copies", len(all.Incidents), reports)
	}
	var one struct {
		Incident struct {
			ID      string
			AllDocs []string `json:"all_docs"`
		}
		Reports []struct{ Incident, DocID string }
	}
	get(t, srv, "/api/incidents/"+merged, http.StatusOK, &one)
	if one.Incident.ID != merged || len(one.Reports) != 3 || len(one.Incident.AllDocs) != 3 || one.Reports[0].Incident != merged {
		t.Errorf("incident %s: %+v", merged, one)
	}
	get(t, srv, "/api/incidents/i-none", http.StatusNotFound, nil)
	get(t, srv, "/api/incidents?by_incident=maybe", http.StatusBadRequest, nil)

	// Counting incidents instead of reports.
	var byReport, byIncident struct{ Total int }
	get(t, srv, "/api/aggregates/type", http.StatusOK, &byReport)
	get(t, srv, "/api/aggregates/type?by_incident=1", http.StatusOK, &byIncident)
	if byReport.Total != 66 || byIncident.Total != len(all.Incidents) {
		t.Errorf("by type: %d reports, %d incidents; want 66 and %d", byReport.Total, byIncident.Total, len(all.Incidents))
	}
	var events page
	get(t, srv, "/api/events?by_incident=true&limit=1000", http.StatusOK, &events)
	if len(events.Events) != len(all.Incidents) {
		t.Errorf("events by incident: %d rows for %d incidents", len(events.Events), len(all.Incidents))
	}

	// Exports carry the incident.
	resp, err := http.Get(srv.URL + "/api/export/csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	recs, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "incident")
	if col < 0 || len(recs) != 67 {
		t.Fatalf("csv header %v, %d rows", recs[0], len(recs))
	}
	for _, r := range recs[1:] {
		if !strings.HasPrefix(r[col], "i-") || !seen[r[col]] {
			t.Errorf("row with incident %q", r[col])
		}
	}
}
