package http_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	sitrephttp "github.com/sitrep-dev/sitrep/http"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

const nDocs, perDoc = 60, 3

func serve(t *testing.T, ingest func(context.Context, []byte, func(int)) (*sitrephttp.IngestReport, error)) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	docs := make([]*sitrep.Document, nDocs)
	for i := range docs {
		docs[i] = sqlitetest.Document(3, i, perDoc)
	}
	if _, err := st.PutDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&sitrephttp.Server{Events: st, Ingest: ingest, Token: "s3cret"}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string, want int, v any) http.Header {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d %.300s, want %d", path, resp.StatusCode, body, want)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v in %.200s", path, err, body)
		}
	}
	return resp.Header
}

type page struct {
	Events []struct {
		Key     int64
		Type    string
		Day     string
		Source  []struct{ Text, Code string }
		Trigger struct {
			Text       string
			Start, End int
		}
	}
	NextCursor string `json:"next_cursor"`
}

func TestEventsPaging(t *testing.T) {
	srv := serve(t, nil)
	seen := map[int64]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		var p page
		get(t, srv, "/api/events?limit=40&cursor="+cursor, 200, &p)
		for _, e := range p.Events {
			if seen[e.Key] {
				t.Fatalf("event %d twice", e.Key)
			}
			seen[e.Key] = true
			if e.Trigger.Text == "" || len(e.Source) == 0 || e.Source[0].Text == "" {
				t.Fatalf("event %d lacks span texts: %+v", e.Key, e)
			}
		}
		if p.NextCursor == "" {
			break
		}
		cursor = p.NextCursor
	}
	if len(seen) != nDocs*perDoc {
		t.Fatalf("paged through %d events, want %d", len(seen), nDocs*perDoc)
	}
	var p page
	get(t, srv, "/api/events?type=assault,protest&limit=1000", 200, &p)
	for _, e := range p.Events {
		if e.Type != "ASSAULT" && e.Type != "PROTEST" {
			t.Fatalf("type filter let %s through", e.Type)
		}
	}
}

func TestBadParameters(t *testing.T) {
	srv := serve(t, nil)
	for _, path := range []string{
		"/api/events?from=yesterday",
		"/api/events?from=2024-02-01&to=2024-01-01",
		"/api/events?type=HUG",
		"/api/events?realis=maybe",
		"/api/events?bbox=1,2,3",
		"/api/events?min_confidence=2",
		"/api/events?limit=0",
		"/api/events?limit=100000",
		"/api/events?cursor=garbage!",
		"/api/events?country=Pakistan",
		"/api/events?colour=red",
		"/api/events?q=%22%22",
		"/api/events/abc",
		"/api/aggregates/colour",
		"/api/aggregates/day?cursor=x",
		"/api/export/xlsx",
		// Values Go's query parser drops or strconv accepts were let through.
		"/api/events?actor=a;b",
		"/api/events?type=ASSAULT&x=1;y=2",
		"/api/events?min_confidence=NaN",
		"/api/events?bbox=NaN,0,10,10",
		"/api/events?bbox=0,0,Inf,10",
		"/api/events?bbox=-Inf,0,10,10",
		"/api/aggregates/day?min_confidence=nan",
		// A search with no words answers 400 in an export too (it cut the
		// connection).
		"/api/export/csv?q=*",
		"/api/export/jsonl?q=%22%22",
		"/api/export/geojson?q=*",
	} {
		var e struct{ Error string }
		get(t, srv, path, 400, &e)
		if e.Error == "" {
			t.Errorf("%s: no error message", path)
		}
	}
	get(t, srv, "/api/events/999999", 404, nil)
	get(t, srv, "/api/nothing", 404, nil)
	// A path that is not UTF-8 is no file of the dashboard (it was a 500).
	for _, p := range []string{"/%ff", "/assets/%c3%28.js", "/api/%ff"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 && resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 400 or 404", p, resp.StatusCode)
		}
	}
}

// The server logs each request: method, path, status and duration.
func TestRequestLog(t *testing.T) {
	var buf strings.Builder
	srv := httptest.NewServer((&sitrephttp.Server{Events: nil, Log: log.New(&buf, "", 0)}).Handler())
	for _, p := range []string{"/api/openapi.json", "/api/nothing?x=1"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// A request is logged once its response is out; Close waits for the
	// handlers to return, so every line is written before it is read.
	srv.Close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log %q: want one line per request", buf.String())
	}
	for i, want := range []string{"GET /api/openapi.json 200 ", "GET /api/nothing?x=1 404 "} {
		if !strings.Contains(lines[i], want) || !strings.HasSuffix(lines[i], "ms") {
			t.Errorf("log line %q, want %q and a duration", lines[i], want)
		}
	}
}

// The OpenAPI document describes each status by what it means.
func TestOpenAPIStatuses(t *testing.T) {
	srv := serve(t, nil)
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct{ Description string }
		}
	}
	get(t, srv, "/api/openapi.json", 200, &doc)
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for status, r := range op.Responses {
				if status != "400" && strings.Contains(r.Description, "Bad parameter") {
					t.Errorf("%s %s: %s described as %q", method, path, status, r.Description)
				}
			}
		}
	}
}

func TestEventDetail(t *testing.T) {
	srv := serve(t, nil)
	var p page
	get(t, srv, "/api/events?limit=1", 200, &p)
	var d struct {
		Event struct {
			Trigger struct {
				Text       string
				Start, End int
			}
			Location struct {
				Text       string
				Start, End int
			}
		}
		Document struct {
			Text      string
			Sentences [][2]int
			Entities  []struct{ Text string }
		}
	}
	get(t, srv, "/api/events/"+strconv.FormatInt(p.Events[0].Key, 10), 200, &d)
	tr := d.Event.Trigger
	if tr.Text == "" || d.Document.Text[tr.Start:tr.End] != tr.Text {
		t.Errorf("trigger %+v does not point into the document", tr)
	}
	loc := d.Event.Location
	if loc.Text == "" || d.Document.Text[loc.Start:loc.End] != loc.Text {
		t.Errorf("location %+v does not point into the document", loc)
	}
	if len(d.Document.Sentences) != perDoc || len(d.Document.Entities) == 0 {
		t.Errorf("document has %d sentences, %d entities", len(d.Document.Sentences), len(d.Document.Entities))
	}
}

func TestAggregates(t *testing.T) {
	srv := serve(t, nil)
	for _, by := range []string{"day", "week", "type", "actor-pair", "country", "admin1", "place", "realis"} {
		var a struct {
			Total   int
			Buckets []struct {
				Key   string
				Count int
				Lat   *float64
			}
		}
		get(t, srv, "/api/aggregates/"+by+"?limit=10000", 200, &a)
		if a.Total != nDocs*perDoc || len(a.Buckets) == 0 {
			t.Errorf("%s: total %d in %d buckets, want %d", by, a.Total, len(a.Buckets), nDocs*perDoc)
		}
		if by == "place" && a.Buckets[0].Lat == nil {
			t.Errorf("place buckets without points")
		}
	}
}

func TestExports(t *testing.T) {
	srv := serve(t, nil)
	resp, err := http.Get(srv.URL + "/api/export/csv?type=ASSAULT")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || len(recs) < 2 || recs[0][0] != "key" {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	for _, r := range recs[1:] {
		if r[4] != "ASSAULT" || r[18] == "" {
			t.Fatalf("csv row %v", r)
		}
	}

	resp, err = http.Get(srv.URL + "/api/export/jsonl")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e["type"] == nil || e["doc_id"] == nil {
			t.Fatalf("jsonl line %d: %v %v", n, err, e)
		}
		n++
	}
	resp.Body.Close()
	if n != nDocs*perDoc {
		t.Errorf("jsonl has %d events, want %d", n, nDocs*perDoc)
	}

	var g struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [2]float64
			}
		}
	}
	get(t, srv, "/api/export/geojson?country=PAK", 200, &g)
	if g.Type != "FeatureCollection" || len(g.Features) == 0 || g.Features[0].Geometry.Type != "Point" {
		t.Fatalf("geojson: %+v", g)
	}
	if c := g.Features[0].Geometry.Coordinates; c[0] < 60 || c[0] > 80 {
		t.Errorf("PAK point at lon %v", c[0])
	}
}

func TestOpenAPIAndDashboard(t *testing.T) {
	srv := serve(t, nil)
	var doc struct {
		OpenAPI string
		Paths   map[string]any
	}
	get(t, srv, "/api/openapi.json", 200, &doc)
	for _, p := range []string{"/api/events", "/api/events/{key}", "/api/aggregates/{by}", "/api/export/{format}", "/api/documents", "/api/jobs/{id}", "/api/incidents", "/api/incidents/{id}"} {
		if doc.Paths[p] == nil {
			t.Errorf("openapi lacks %s", p)
		}
	}
	h := get(t, srv, "/", 200, nil)
	if !strings.HasPrefix(h.Get("Content-Type"), "text/html") || h.Get("Content-Security-Policy") == "" {
		t.Errorf("dashboard headers %v", h)
	}
	// No way out of the embedded assets.
	for _, p := range []string{"/../go.mod", "/%2e%2e/go.mod", "/assets/../../server.go"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "module ") || strings.Contains(string(body), "package http") {
			t.Errorf("%s served a source file", p)
		}
	}
}

// fakeIngest reads a body of lines: "ok ID" is added, "old ID" already
// stored, anything else fails.
func fakeIngest(_ context.Context, body []byte, progress func(int)) (*sitrephttp.IngestReport, error) {
	rep := &sitrephttp.IngestReport{}
	for i, line := range strings.Split(strings.TrimSpace(string(body)), "\n") {
		d := sitrephttp.IngestedDocument{Input: "line " + strconv.Itoa(i+1)}
		switch kind, id, _ := strings.Cut(line, " "); kind {
		case "ok":
			d.ID, d.Status, d.Events = id, sitrephttp.StatusAdded, 2
			rep.Added++
			rep.Events += 2
		case "old":
			d.ID, d.Status = id, sitrephttp.StatusSkipped
			rep.Skipped++
		default:
			d.Status, d.Error = sitrephttp.StatusFailed, "not a JSON document"
			rep.Failed++
		}
		rep.Documents = append(rep.Documents, d)
		if progress != nil {
			progress(i + 1)
		}
	}
	return rep, nil
}

func post(t *testing.T, srv *httptest.Server, token, body string, header ...string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/api/documents", strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v, resp.Header
}

func TestIngestNeedsToken(t *testing.T) {
	var got []byte
	srv := serve(t, func(ctx context.Context, body []byte, p func(int)) (*sitrephttp.IngestReport, error) {
		got = body
		return fakeIngest(ctx, []byte("ok a"), p)
	})
	if c, _, _ := post(t, srv, "", `{"id":"a","text":"x"}`); c != 401 {
		t.Errorf("no token: %d", c)
	}
	if c, _, _ := post(t, srv, "wrong", `{"id":"a","text":"x"}`); c != 401 {
		t.Errorf("wrong token: %d", c)
	}
	if got != nil {
		t.Fatal("ingest ran without a valid token")
	}
	if c, _, _ := post(t, srv, "s3cret", `{"id":"a","text":"x"}`); c != 200 || string(got) != `{"id":"a","text":"x"}` {
		t.Errorf("good token: %d, body %q", c, got)
	}
	if c, _, _ := post(t, srv, "s3cret", strings.Repeat("x", sitrephttp.MaxBodyBytes+1)); c != 413 {
		t.Errorf("huge body: %d, want 413", c)
	}
}

// An upload answers what became of each document, and a 4xx when nothing
// could be read: a body of bad lines answered 200 {"added": 0}.
func TestIngestReport(t *testing.T) {
	srv := serve(t, fakeIngest)
	c, v, _ := post(t, srv, "s3cret", "ok a\nbad\nold b")
	if c != 200 || v["added"] != 1.0 || v["skipped"] != 1.0 || v["failed"] != 1.0 || v["events"] != 2.0 {
		t.Fatalf("mixed upload: %d %v", c, v)
	}
	docs, _ := v["documents"].([]any)
	if len(docs) != 3 {
		t.Fatalf("documents %v", v["documents"])
	}
	if d := docs[1].(map[string]any); d["status"] != "failed" || d["input"] != "line 2" || d["error"] == "" {
		t.Errorf("failed document %v", d)
	}
	for _, body := range []string{"bad", "bad\nworse", ""} {
		c, v, _ := post(t, srv, "s3cret", body)
		if c != 400 || v["error"] == nil || v["error"] == "" {
			t.Errorf("upload %q with nothing readable: %d %v", body, c, v)
		}
	}
}

// A large upload becomes a job: 202 with its URL, where its progress and
// then its report are read.
func TestIngestJob(t *testing.T) {
	release := make(chan struct{})
	srv := serve(t, func(ctx context.Context, body []byte, p func(int)) (*sitrephttp.IngestReport, error) {
		p(1)
		<-release
		return fakeIngest(ctx, body, p)
	})
	var b strings.Builder
	for i := 0; b.Len() <= sitrephttp.AsyncBodyBytes; i++ {
		fmt.Fprintf(&b, "ok doc-%d\n", i)
	}
	c, v, h := post(t, srv, "s3cret", b.String())
	url, _ := v["url"].(string)
	if c != 202 || url == "" || h.Get("Location") != url {
		t.Fatalf("large upload: %d %v %v", c, v, h)
	}
	var job struct {
		State  string
		Done   int `json:"documents_done"`
		Report *sitrephttp.IngestReport
	}
	for deadline := time.Now().Add(10 * time.Second); job.Done == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("job never reported progress: %+v", job)
		}
		get(t, srv, url, 200, &job)
	}
	if job.State != "running" || job.Report != nil {
		t.Errorf("job in progress: %+v", job)
	}
	close(release)
	for deadline := time.Now().Add(10 * time.Second); job.State != "done"; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("job never finished: %+v", job)
		}
		get(t, srv, url, 200, &job)
	}
	if job.Report == nil || job.Report.Added < 1000 || job.Report.Added != len(job.Report.Documents) {
		t.Errorf("finished job: %+v", job.Report)
	}
	// A small upload can ask for a job too.
	c, v, _ = post(t, srv, "s3cret", "bad", "Prefer", "respond-async")
	if c != 202 {
		t.Fatalf("Prefer: respond-async: %d %v", c, v)
	}
	for deadline := time.Now().Add(10 * time.Second); job.State != "failed"; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("job of nothing readable did not fail: %+v", job)
		}
		get(t, srv, v["url"].(string), 200, &job)
	}
	get(t, srv, "/api/jobs/nosuchjob", 404, nil)
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, ":8080": false, "0.0.0.0:80": false, "10.0.0.1:80": false} {
		if got := sitrephttp.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

func TestLocalOnly(t *testing.T) {
	srv := httptest.NewServer((&sitrephttp.Server{Events: nil, LocalOnly: true}).Handler())
	defer srv.Close()
	for host, want := range map[string]int{"evil.example": 403, "evil.example:8080": 403, "10.1.2.3:80": 403, "localhost": 200, "127.0.0.1:8080": 200, "[::1]:8080": 200} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/openapi.json", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

// lockedBuffer is a log shared by the request handlers and Serve's warming.
type lockedBuffer struct {
	mu sync.Mutex
	strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Builder.Write(p)
}

// Serve answers on the listener it is given, says what it serves where (and
// that it is read-only), and returns nil once its context ends.
func TestServe(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	srv := &sitrephttp.Server{Events: st, Token: "t", ReadOnly: true, Log: log.New(&logs, "", 0)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, ln.Addr().String(), ln, "t.db") }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil || resp.StatusCode != 200 {
		t.Fatalf("Serve: %v, GET openapi.json %d", err, resp.StatusCode)
	}
	logs.mu.Lock()
	defer logs.mu.Unlock()
	for _, want := range []string{"t.db cannot be written: serving it read-only, without POST /api/documents", "serving t.db on http://" + ln.Addr().String()} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log %q, want %q", logs.String(), want)
		}
	}
}
