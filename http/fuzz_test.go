package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

// FuzzQuery sends any query string (and any path) to every read endpoint:
// the answer is never a server error. A bad value is the client's 400, as
// `actor=a;b`, NaN and a search with no words once were not.
func FuzzQuery(f *testing.F) {
	for _, q := range []string{
		"", "type=ASSAULT,protest&limit=5", "actor=a;b", "min_confidence=NaN", "bbox=NaN,0,10,10", "bbox=170,-10,-170,10",
		"q=*", "q=%22%22", "q=kabul*&from=2023-01-01&to=2023-12-31", "cursor=MTk5MjIuMTQ2", "cursor=%ff", "doc=synthetic-5-3",
		"actor_country=PAK&actor_sector=mil", "limit=1000000", "from=2023-02-30", "realis=asserted&realis=negated", "%zz=1",
	} {
		f.Add(uint8(0), "", q)
	}
	f.Add(uint8(9), "%ff", "")
	f.Add(uint8(9), "assets/../../x", "")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "t.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	docs := make([]*sitrep.Document, 20)
	for i := range docs {
		docs[i] = sqlitetest.Document(5, i, 3)
	}
	if _, err := st.PutDocuments(ctx, docs); err != nil {
		f.Fatal(err)
	}
	h := (&sitrephttp.Server{Events: st}).Handler()
	endpoints := []string{"/api/events", "/api/aggregates/day", "/api/aggregates/actor_pair", "/api/aggregates/place",
		"/api/export/csv", "/api/export/jsonl", "/api/export/geojson", "/api/stats", "/api/events/1"}
	f.Fuzz(func(t *testing.T, endpoint uint8, path, query string) {
		p := "/" + path
		if int(endpoint) < len(endpoints) {
			p = endpoints[endpoint]
		}
		r := &http.Request{Method: "GET", URL: &url.URL{Path: p, RawQuery: query}, Header: http.Header{}, Host: "127.0.0.1"}
		r = r.WithContext(ctx)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%s: %d %.300s", p, query, w.Code, w.Body.String())
		}
	})
}
