package doctype

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

func TestEmbedded(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Labels) != 16 || !strings.Contains(m.Meta, "held-out") {
		t.Fatalf("labels %v meta %q", m.Labels, m.Meta)
	}
	st := Story{Title: "Teachers Strike Over Pay",
		Events: []sitrep.Event{{Type: "PROTEST", Mode: "demo"}}}
	if got, conf := m.Classify(st, nil); got != "PROTEST" || conf <= 0 || conf > 1 {
		t.Errorf("%s (%.2f), want PROTEST", got, conf)
	}
}

// A headline word the training never saw still says its type through the
// lexicon cue, with the stance word before it.
func TestCue(t *testing.T) {
	cue := func(ws []string, i int) []string {
		if ws[i] == "shells" {
			return []string{"ASSAULT"}
		}
		return nil
	}
	var train []Example
	for _, w := range []string{"bombs", "shells", "attacks"} {
		train = append(train, Example{Story{Title: "Army " + w + " town"}, "ASSAULT"})
	}
	train = append(train, Example{Story{Title: "Crowds rally in capital"}, "PROTEST"})
	f := Features(Story{Title: "Rebels may shell port"}, func(ws []string, i int) []string {
		return cue([]string{ws[i] + "s"}, 0)
	}, nil, nil)
	if !slices.Contains(f, "lx=ASSAULT") || !slices.Contains(f, "lxh=ASSAULT") || !slices.Contains(f, "st=h") {
		t.Errorf("features %v lack the cue, its hedge and the hedge alone", f)
	}
	m := Train(train, cue, nil, 5)
	if l, _ := m.Classify(Story{Title: "Navy shells harbour"}, cue); l != "ASSAULT" {
		t.Errorf("got %s", l)
	}
}

// A headline word of a PLOVER mode's name says that mode's type, in any of
// its forms.
func TestModes(t *testing.T) {
	p := filepath.Join(t.TempDir(), CodebookFile)
	csv := "event,mode,event_def\nRETREAT,resign,x\nRETREAT,withdraw,x\nSANCTION,withdraw,x\nASSAULT,crowd-control,x\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	modes, err := ReadModes(p)
	if err != nil {
		t.Fatal(err)
	}
	want := Modes{"resign": "RETREAT", "crowd": "ASSAULT", "control": "ASSAULT"}
	if !maps.Equal(modes, want) {
		t.Errorf("modes %v, want %v", modes, want)
	}
	f := Features(Story{Title: "Mayor's resignation not withdrawn"}, nil, modes, nil)
	if !slices.Contains(f, "md=RETREAT") || slices.ContainsFunc(f, func(s string) bool { return strings.HasPrefix(s, "md=") && s != "md=RETREAT" }) {
		t.Errorf("features %v: want md=RETREAT alone", f)
	}
}

func TestSaveLoad(t *testing.T) {
	m := Train([]Example{{Story{Title: "troops shelled the town"}, "ASSAULT"},
		{Story{Title: "crowds marched in protest"}, "PROTEST"}}, nil, Modes{"resign": "RETREAT"}, 3)
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := m2.Classify(Story{Title: "they shelled it"}, nil); l != "ASSAULT" {
		t.Errorf("reloaded model says %s", l)
	}
	if !maps.Equal(m2.modes, m.modes) {
		t.Errorf("reloaded modes %v, want %v", m2.modes, m.modes)
	}
	if _, err := Load(strings.NewReader("labels\tA\nmeta\tx\nt=a\t7:1\n")); err == nil {
		t.Error("bad weight index accepted")
	}
	if _, err := Load(strings.NewReader("")); err == nil {
		t.Error("empty model accepted")
	}
}

func TestReadNGEC(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "ngec-synthetic", "gpt_synthetic_events_2023-10-19_19.csv.zip")
	if _, err := os.Stat(p); err != nil {
		t.Skip("shared data absent")
	}
	stories, err := ReadNGEC(p)
	if err != nil {
		t.Fatal(err)
	}
	rows, tmpl := 0, 0
	for _, s := range stories {
		if s.HeldOutRow {
			rows++
		}
		if s.TemplateFold == TemplateFolds-1 {
			tmpl++
		}
		if s.Title == "" || strings.Contains(s.Title, "{") || s.Label == "" {
			t.Fatalf("story %+v", s)
		}
	}
	if len(stories) != 4500 || rows != 900 || tmpl == 0 || tmpl == len(stories) {
		t.Errorf("%d stories, %d held out by row, %d by template", len(stories), rows, tmpl)
	}
}
