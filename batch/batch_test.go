package batch

import (
	"bufio"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/stories"
)

const (
	fixtureSeed = 11
	killEvents  = 5
)

// fixtureCoder stands in for the event coder.
var fixtureCoder = sqlitetest.Coder{Seed: fixtureSeed, Events: killEvents}

// An upload answers what became of each document, in the order of the body.
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
		d := sqlitetest.Document(fixtureSeed, i, killEvents)
		enc.Encode(map[string]string{"id": d.ID, "text": d.Text})
		if i == 2 {
			body.WriteString("{not json\n")
		}
	}
	stages := pipeline.Pipeline{fixtureCoder}
	upload, err := Uploads(ctx, st, ingest.DefaultOptions, stages, 1)
	if err != nil {
		t.Fatal(err)
	}
	for run, want := range []string{"added", "skipped"} {
		done := 0
		rep, err := upload(ctx, []byte(body.String()), func(n int) { done = n })
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Documents) != 6 || done != 6 || rep.Failed != 1 || rep.Added+rep.Skipped != 5 {
			t.Fatalf("upload %d: %+v", run, rep)
		}
		for i, d := range rep.Documents {
			wantInput := "body:" + strconv.Itoa(i+1)
			switch {
			case d.Input != wantInput:
				t.Errorf("upload %d, document %d: input %q, want %q", run, i, d.Input, wantInput)
			case i == 3 && (d.Status != "failed" || !strings.Contains(d.Error, "not a JSON document")):
				t.Errorf("upload %d, bad line: %+v", run, d)
			case i != 3 && d.Status != want:
				t.Errorf("upload %d, document %d: %+v, want %s", run, i, d, want)
			}
		}
		if run == 0 && rep.Events != 5*killEvents {
			t.Errorf("%d events reported, want %d", rep.Events, 5*killEvents)
		}
	}
}

// Where stderr is no terminal, progress is a plain line now and then, with
// the total and the time left (it showed only on a terminal, without them).
func TestProgressLine(t *testing.T) {
	defer func(d time.Duration) { progressLogEvery = d }(progressLogEvery)
	progressLogEvery = 0
	var read atomic.Int64
	var out strings.Builder
	p := &progress{out: &out, start: time.Now().Add(-10 * time.Second), read: &read}
	p.total.Store(40e6)
	read.Store(10e6)
	p.add()
	line := out.String()
	for _, want := range []string{"sitrep: 1 document,", "10.0 of 40.0 MB (25%)", "documents/s", "about 30s left"} {
		if !strings.Contains(line, want) {
			t.Errorf("progress line %q lacks %q", line, want)
		}
	}
}

// Grouped writes each document after putting it in its story and its
// events in incidents; with no write it only groups.
func TestGrouped(t *testing.T) {
	g, err := pipeline.NewGrouper(stories.Options{}, incidents.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var written []string
	write := Grouped(context.Background(), g, func(_ *bufio.Writer, doc *sitrep.Document) error {
		if doc.Story == "" || doc.Events[0].Incident == "" {
			t.Errorf("%s written before it was grouped", doc.ID)
		}
		written = append(written, doc.ID)
		return nil
	})
	for i := range 3 {
		if err := write(nil, sqlitetest.Document(fixtureSeed, i, killEvents)); err != nil {
			t.Fatal(err)
		}
	}
	d := sqlitetest.Document(fixtureSeed, 3, killEvents)
	if err := Grouped(context.Background(), g, nil)(nil, d); err != nil || d.Story == "" {
		t.Errorf("grouping alone: story %q, %v", d.Story, err)
	}
	if len(written) != 3 {
		t.Errorf("written %v", written)
	}
}
