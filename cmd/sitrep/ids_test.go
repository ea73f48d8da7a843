package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ingest"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// codeFiles reads inputs and codes them with the standard pipeline, in input
// order.
func codeFiles(t *testing.T, inputs ...string) []*sitrep.Document {
	t.Helper()
	ctx := context.Background()
	var docs []*sitrep.Document
	err := std(t).Run(ctx, ingest.Read(ctx, inputs, ingest.DefaultOptions), 1, func(r pipeline.Result) error {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		docs = append(docs, r.Doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// ids lists the document id and the event ids of each document.
func ids(docs []*sitrep.Document) [][]string {
	var out [][]string
	for _, d := range docs {
		l := []string{d.ID}
		for _, e := range d.Events {
			l = append(l, e.ID)
		}
		out = append(out, l)
	}
	return out
}

// TestIDsSurviveMove codes the same text and page under one path, then under
// another name in another folder: document and event ids are the same, and no
// two events share one.
func TestIDsSurviveMove(t *testing.T) {
	text := "Pakistan and India agreed on Friday to resume talks. Police arrested 12 protesters in Lahore on Thursday, officials said.\n"
	page := "<html><head><title>Clash</title></head><body><article><p>Troops clashed with militants in Kandahar on Monday, killing four, the army said.</p></article></body></html>\n"
	dir := t.TempDir()
	write := func(rel, content string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := ids(codeFiles(t, write("a/story.txt", text), write("a/page.html", page)))
	after := ids(codeFiles(t, write("b/c/renamed.txt", text), write("elsewhere.htm", page)))
	if !slices.EqualFunc(before, after, slices.Equal) {
		t.Errorf("ids changed with the paths:\n%v\n%v", before, after)
	}
	seen := map[string]bool{}
	n := 0
	for _, l := range before {
		for _, id := range l {
			if seen[id] {
				t.Errorf("id %s given twice", id)
			}
			seen[id] = true
		}
		n += len(l) - 1
	}
	if n < 3 {
		t.Errorf("want at least 3 events to compare, got %v", before)
	}
}
