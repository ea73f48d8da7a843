package contract

import (
	"encoding/json"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

func TestAppendAnnotated(t *testing.T) {
	doc := &sitrep.Document{ID: "d", Text: "Islamabad said.", Entities: []sitrep.Entity{{
		Span: sitrep.Span{Start: 0, End: 9}, FirstToken: 0, EndToken: 1, Label: sitrep.LabelGPE, Metonymy: true,
		Actor: &sitrep.Actor{ID: "PAK", Name: "Pakistan", Country: "PAK", Sector: "GOV", Code: "PAKGOV"},
	}}}
	b, err := AppendAnnotated(nil, doc)
	if err != nil {
		t.Fatal(err)
	}
	var got Annotated
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	e := got.Entities[0]
	if e.Text != "Islamabad" || !e.Metonymy || e.Actor == nil || e.Actor.Code != "PAKGOV" || b[len(b)-1] != '\n' {
		t.Errorf("got %s", b)
	}
	doc.Entities = nil
	if b, _ := AppendAnnotated(nil, doc); string(b) == "" || json.Unmarshal(b, &got) != nil || got.Entities == nil {
		t.Errorf("no entities: want an empty list, got %s", b)
	}
}
