package pipeline

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// sentenceCoder is a stand-in for the NLP and event stages: it tokenizes,
// chains every mention of "Kabul" in a document, and codes an event for
// each "attacked" with the sentence as evidence and the words around it as
// actors.
type sentenceCoder struct{}

func (sentenceCoder) Name() string { return "sentence-coder" }

func (sentenceCoder) Annotate(doc *sitrep.Document) error {
	doc.Tokens, doc.Sentences = tokenize.Tokenize(doc.Text, nil, nil)
	for i := range doc.Tokens {
		doc.Tokens[i].Head = -1
		if i > 0 && doc.Tokens[i-1].Start > doc.Sentences[0].Start {
			doc.Tokens[i].Head = i - 1
		}
	}
	for si, s := range doc.Sentences {
		for ti := s.FirstToken; ti < s.EndToken; ti++ {
			t := doc.Tokens[ti]
			switch doc.TokenText(ti) {
			case "Kabul":
				doc.Entities = append(doc.Entities, sitrep.Entity{Span: t.Span, FirstToken: ti, EndToken: ti + 1, Label: sitrep.LabelLOC, Cluster: 1})
				doc.Toponyms = append(doc.Toponyms, sitrep.Toponym{Span: t.Span})
			case "attacked":
				if ti == s.FirstToken || ti+1 == s.EndToken {
					continue
				}
				src, tgt := doc.Tokens[ti-1].Span, doc.Tokens[ti+1].Span
				doc.Events = append(doc.Events, sitrep.Event{
					ID: fmt.Sprintf("%s-e%d", doc.ID, len(doc.Events)+1), Sentence: si, Type: "ASSAULT",
					Source:       []sitrep.ActorMention{{Span: src}},
					Target:       []sitrep.ActorMention{{Span: tgt}},
					AttributedTo: &sitrep.ActorMention{Span: src},
					Location:     &sitrep.EventLocation{Span: tgt},
					Date:         &sitrep.EventDate{Span: src},
					Trigger:      t.Span, Evidence: []sitrep.Span{s.Span},
				})
			}
		}
	}
	doc.MainEvent = sitrep.EventType("window at " + doc.Text[:10])
	return nil
}

func longText(paragraphs int) string {
	var b strings.Builder
	for i := range paragraphs {
		fmt.Fprintf(&b, "In report %d, rebels attacked police near Kabul on Monday. Talks resumed in Kabul.\n", i)
		if i%7 == 0 {
			b.WriteString("A long line without a break, " + strings.Repeat("and more words ", 20) + "ends here. Troops attacked villages.\n")
		}
	}
	return b.String()
}

// A long document is annotated in windows whose annotations are mapped back
// into it: every span points at the same text as the stage saw, indices
// point at the merged sentences and tokens, and each chain stays apart.
func TestWindowsMapBack(t *testing.T) {
	text := longText(200)
	whole := &sitrep.Document{ID: "d", Text: text}
	if err := (sentenceCoder{}).Annotate(whole); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []bool{true, false} {
		doc := &sitrep.Document{ID: "d", Text: text}
		w := &Windows{Stages: Pipeline{sentenceCoder{}}, Size: 1000, KeepTokens: keep}
		if err := w.Annotate(doc); err != nil {
			t.Fatal(err)
		}
		if keep != (len(doc.Tokens) > 0) {
			t.Errorf("KeepTokens %v: %d tokens", keep, len(doc.Tokens))
		}
		if keep && len(doc.Tokens) != len(whole.Tokens) {
			t.Errorf("%d tokens, want %d", len(doc.Tokens), len(whole.Tokens))
		}
		for i, tok := range doc.Tokens {
			if tok.Head >= i || tok.Head < -1 || tok.Of(text) != whole.Tokens[i].Of(text) {
				t.Fatalf("token %d %+v", i, tok)
			}
		}
		if len(doc.Sentences) != len(whole.Sentences) || len(doc.Events) != len(whole.Events) || len(doc.Entities) != len(whole.Entities) {
			t.Fatalf("%d sentences, %d events, %d entities; want %d, %d, %d", len(doc.Sentences), len(doc.Events), len(doc.Entities),
				len(whole.Sentences), len(whole.Events), len(whole.Entities))
		}
		for i, s := range doc.Sentences {
			if s != whole.Sentences[i] {
				t.Fatalf("sentence %d %+v, want %+v", i, s, whole.Sentences[i])
			}
		}
		ids, clusters := map[string]bool{}, map[int]bool{}
		for i, e := range doc.Events {
			w := whole.Events[i]
			if e.Trigger.Of(text) != "attacked" || e.Trigger != w.Trigger || e.Source[0] != w.Source[0] || e.Target[0] != w.Target[0] ||
				*e.AttributedTo != *w.AttributedTo || e.Location.Span != w.Location.Span || e.Date.Span != w.Date.Span || e.Evidence[0] != w.Evidence[0] {
				t.Fatalf("event %d %+v, want %+v", i, e, w)
			}
			if !doc.Sentences[e.Sentence].Contains(e.Trigger) {
				t.Fatalf("event %d: sentence %d does not hold its trigger", i, e.Sentence)
			}
			if ids[e.ID] {
				t.Fatalf("event id %s twice", e.ID)
			}
			ids[e.ID] = true
		}
		for _, e := range doc.Entities {
			if e.Of(text) != "Kabul" {
				t.Fatalf("entity %+v is %q", e, e.Of(text))
			}
			if keep && doc.TokenText(e.FirstToken) != "Kabul" {
				t.Fatalf("entity %+v: token %d is %q", e, e.FirstToken, doc.TokenText(e.FirstToken))
			}
			clusters[e.Cluster] = true
		}
		if len(clusters) < 2 {
			t.Error("the windows' chains were merged into one")
		}
		if string(doc.MainEvent) != "window at "+text[:10] {
			t.Errorf("main event %q, want the first window's", doc.MainEvent)
		}
	}
}

// A document no longer than a window is annotated whole, exactly as by its
// stages.
func TestWindowsShortDocument(t *testing.T) {
	text := longText(3)
	a, b := &sitrep.Document{ID: "d", Text: text}, &sitrep.Document{ID: "d", Text: text}
	(sentenceCoder{}).Annotate(a)
	if err := (&Windows{Stages: Pipeline{sentenceCoder{}}}).Annotate(b); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("windowed %.300s\nwhole %.300s", jb, ja)
	}
}

// Windows end after a line break in their second half, else a sentence end,
// else a space, else at a rune boundary.
func TestWindowEnd(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
	}{
		{"aaaaaa\nbbbbbb", 7},
		{"aaaaaa. bbbbbbb", 8},
		{"aaaaaaa bbbbbb", 8},
		{"aaaaaaaaaéééé", 9}, // é is two bytes: not cut in two
		{"a\nshort", 7},
	} {
		if got := windowEnd(c.text, 0, 10); got != c.want {
			t.Errorf("windowEnd(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}
