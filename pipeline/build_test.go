package pipeline

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/ner"
)

func names(p Pipeline) []string {
	var out []string
	for _, s := range p {
		out = append(out, s.Name())
	}
	return out
}

func TestNewStagesInOrder(t *testing.T) {
	for _, c := range []struct {
		stages Stages
		want   []string
	}{
		{0, []string{"clean", "nlp", "ner", "actors", "geo", "events", "quotes"}},
		{Geo | NER, []string{"ner", "geo"}},
		{Clean, []string{"clean"}},
		{Standard &^ Clean, []string{"nlp", "ner", "actors", "geo", "events", "quotes"}},
		{NLP | Quotes, []string{"nlp", "quotes"}},
	} {
		p, err := New(Options{Stages: c.stages})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(p); !slices.Equal(got, c.want) {
			t.Errorf("stages %06b: %v, want %v", c.stages, got, c.want)
		}
		if (p.Coder() != nil) != (c.stages == 0 || c.stages&Events != 0) {
			t.Errorf("stages %06b: coder %v", c.stages, p.Coder())
		}
	}
}

func TestNewNERStage(t *testing.T) {
	for _, second := range []bool{false, true} {
		p, err := New(Options{Stages: NER, NERSecondStage: second})
		if err != nil {
			t.Fatal(err)
		}
		if s := p.Stage("ner").(*ner.Stage); s.FirstOnly == second {
			t.Errorf("NERSecondStage %v: FirstOnly %v", second, s.FirstOnly)
		}
	}
}

func TestNewBadDictionary(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"PETR.verbs.txt", "actors.tsv"} {
		_, err := New(Options{Dictionaries: []string{filepath.Join(dir, f)}, Lazy: true})
		var oe *OptionError
		if !errors.As(err, &oe) {
			t.Errorf("missing %s: %v, want an OptionError at once", f, err)
		}
	}
}

// A lazy pipeline loads no model until a document comes, and a windowed one
// codes a short document as the stages do: the commands' Coding.
func TestNewLazyWindows(t *testing.T) {
	p, err := New(Coding())
	if err != nil {
		t.Fatal(err)
	}
	if got := names(p); !slices.Equal(got, []string{"clean", "models"}) {
		t.Fatalf("lazy pipeline: %v", got)
	}
	eager, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	const text = "Police arrested 12 protesters in Lahore on Monday, officials said."
	a, b := &sitrep.Document{ID: "d", Text: text}, &sitrep.Document{ID: "d", Text: text}
	if err := p.Annotate(a); err != nil {
		t.Fatal(err)
	}
	if err := eager.Annotate(b); err != nil {
		t.Fatal(err)
	}
	if len(a.Events) == 0 || !reflect.DeepEqual(a.Events, b.Events) {
		t.Errorf("lazy, windowed: %+v\neager: %+v", a.Events, b.Events)
	}
}

func TestWithout(t *testing.T) {
	p := Pipeline{upper{}, named("events"), upper{}}
	if got := names(p.Without("events")); !slices.Equal(got, []string{"upper", "upper"}) {
		t.Errorf("Without: %v", got)
	}
	if p.Stage("events") == nil || p.Stage("geo") != nil {
		t.Error("Stage finds the wrong stage")
	}
}

type named string

func (n named) Name() string                  { return string(n) }
func (named) Annotate(*sitrep.Document) error { return nil }
