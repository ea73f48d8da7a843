package eval

import (
	"math"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// fakeCoder gives each document the events listed for its id.
func fakeCoder(events map[string][]string) Annotator {
	return func(doc *sitrep.Document) error {
		for _, t := range events[doc.ID] {
			doc.Events = append(doc.Events, sitrep.Event{Type: sitrep.EventType(t)})
		}
		return nil
	}
}

func TestTypesShare(t *testing.T) {
	items := []TypeItem{
		{ID: "a", Gold: []string{"ACCUSE"}},
		{ID: "b", Gold: []string{"CONCEDE", "RETREAT"}},
		{ID: "c", Gold: []string{"AID"}},
	}
	res, err := Types(items, Share, fakeCoder(map[string][]string{"a": {"ACCUSE", "REQUEST"}, "b": {"RETREAT"}}))
	if err != nil {
		t.Fatal(err)
	}
	// Recall 2/3; precision the mean of 1/2 and 1/1.
	if math.Abs(res.Type.R-2.0/3) > 1e-9 || math.Abs(res.Type.P-0.75) > 1e-9 {
		t.Errorf("type %+v, want P 0.75 R 0.667", res.Type)
	}
	if res.Confusion["AID"]["none"] != 1 || res.Confusion["CONCEDE|RETREAT"]["RETREAT"] != 1 {
		t.Errorf("confusion %v", res.Confusion)
	}
	if p := res.PerType["REQUEST"]; p.P != 0 || res.Support["REQUEST"] != 0 {
		t.Errorf("REQUEST %+v support %d", p, res.Support["REQUEST"])
	}
	var b strings.Builder
	res.TypeTable(&b)
	if !strings.Contains(b.String(), "ACCUSE") {
		t.Errorf("table lacks a row:\n%s", b.String())
	}
}

func TestTypesViolent(t *testing.T) {
	items := []TypeItem{
		{ID: "a", Gold: []string{"ASSAULT"}},
		{ID: "b", Gold: []string{"PROTEST"}},
		{ID: "d", Negative: true},
	}
	res, err := Types(items, Violent, fakeCoder(map[string][]string{
		"a": {"ASSAULT", "COERCE", "REQUEST"}, "b": {"ACCUSE"}, "d": {"ASSAULT"}}))
	if err != nil {
		t.Fatal(err)
	}
	// One hit of two; false positives: COERCE on a, ASSAULT on the disaster
	// (REQUEST is not violent and does not count).
	if res.Type.R != 0.5 || math.Abs(res.Type.P-1.0/3) > 1e-9 || res.Negatives != 1 {
		t.Errorf("type %+v negatives %d, want P 0.333 R 0.5, 1 negative", res.Type, res.Negatives)
	}
}

func TestBothActors(t *testing.T) {
	text := "Gondor accused Mordor of shelling."
	doc := &sitrep.Document{Text: text, Events: []sitrep.Event{{Type: "ACCUSE",
		Source: []sitrep.ActorMention{{Span: sitrep.Span{Start: 0, End: 6}}},
		Target: []sitrep.ActorMention{{Span: sitrep.Span{Start: 15, End: 21}}}}}}
	it := TypeItem{Gold: []string{"ACCUSE"}, Pairs: []SpanPair{{"the Gondor government", "Mordor"}}}
	if !bothActors(doc, it) {
		t.Error("Gondor > Mordor should match the gold pair")
	}
	it.Pairs = []SpanPair{{"Rohan", "Mordor"}}
	if bothActors(doc, it) {
		t.Error("Gondor is not Rohan")
	}
}
