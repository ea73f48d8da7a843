package actors_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/actors"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
	"github.com/sitrep-dev/sitrep/pipeline"
)

func annotate(t testing.TB, text string, date time.Time) *sitrep.Document {
	t.Helper()
	p, err := pipeline.New(pipeline.Options{Stages: pipeline.NER | pipeline.Actors, NERSecondStage: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := &sitrep.Document{Text: text, Date: date}
	if err := p.Annotate(doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// find returns the entities whose text is s.
func find(doc *sitrep.Document, s string) []sitrep.Entity {
	var out []sitrep.Entity
	for _, e := range doc.Entities {
		if e.Of(doc.Text) == s {
			out = append(out, e)
		}
	}
	return out
}

func code(e sitrep.Entity) string {
	if e.Actor == nil {
		return "<nil>"
	}
	return e.Actor.Country + " " + e.Actor.Sector
}

// TestStory runs the ner and actors stages on a story of the running
// example's shape: persons with offices, a group and its acronym, "the
// group", metonymy, media, generic agents, and the Taliban resolved by date.
func TestStory(t *testing.T) {
	text, err := os.ReadFile("testdata/story.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc := annotate(t, string(text), time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	want := []struct{ text, code string }{
		{"Ishaq Dar", "PAK GOV"},
		{"Dar", "PAK GOV"},
		{"Sergei Lavrov", "RUS GOV"},
		{"Balochistan Liberation Army", "PAK REB"},
		{"BLA", "PAK REB"},
		{"the banned group", "PAK REB"},
		{"the group", "PAK REB"},
		{"VOA", "USA MED"},
		{"Afghan Taliban", "AFG GOV"},
		{"Taliban administration", "AFG GOV"},
		{"security forces", "PAK MIL"},
	}
	for _, w := range want {
		es := find(doc, w.text)
		if len(es) == 0 {
			t.Errorf("%q: not found", w.text)
			continue
		}
		for _, e := range es {
			if code(e) != w.code {
				t.Errorf("%q at %d: actor %s, want %s", w.text, e.Start, code(e), w.code)
			}
		}
	}
	if es := find(doc, "Dar"); len(es) > 0 && es[0].Cluster == 0 {
		t.Errorf("Dar is not linked to Ishaq Dar")
	}
	if a, b := find(doc, "Balochistan Liberation Army"), find(doc, "the group"); len(a) > 0 && len(b) > 0 && (a[0].Cluster == 0 || a[0].Cluster != b[0].Cluster) {
		t.Errorf("the group: cluster %d, want the BLA's %d", b[0].Cluster, a[0].Cluster)
	}
	isl := find(doc, "Islamabad")
	if len(isl) != 2 || isl[0].Metonymy || !isl[1].Metonymy || code(isl[1]) != "PAK GOV" {
		t.Errorf("Islamabad: want a dateline place, then PAK GOV by metonymy; got %+v", isl)
	}
	if k := find(doc, "Kabul"); len(k) != 1 || k[0].Metonymy {
		t.Errorf("in Kabul: want a place, got %+v", k)
	}
	// Before August 2021 the Taliban were an armed group.
	old := annotate(t, "The Afghan Taliban attacked a checkpoint.", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	if es := find(old, "Afghan Taliban"); len(es) != 1 || code(es[0]) != "AFG REB" {
		t.Errorf("Taliban in 2019: got %+v", es)
	}
}

func TestResolveSpan(t *testing.T) {
	doc := annotate(t, "Pakistani security forces killed five militants in North Waziristan, the army said.", time.Time{})
	db, _ := actors.Default()
	r := actors.NewResolver(db)
	for _, c := range []struct{ span, want string }{
		{"Pakistani security forces", "PAKMIL"},
		{"five militants", "PAKREB"},
		{"the army", "PAKMIL"},
	} {
		i := strings.Index(doc.Text, c.span)
		a, ok := r.ResolveSpan(doc, sitrep.Span{Start: i, End: i + len(c.span)})
		if !ok || a.Code != c.want {
			t.Errorf("%q: got %+v %v, want %s", c.span, a, ok, c.want)
		}
	}
}

// TestRunningExample checks every entity of the shared example against its
// hand-coded reading; it skips when ../shared is absent.
func TestRunningExample(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "examples")
	text, err := os.ReadFile(filepath.Join(dir, "khar-kabulov-ttp.txt"))
	if err != nil {
		t.Skip("shared example not available:", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "khar-kabulov-ttp.expected.json"))
	if err != nil {
		t.Skip(err)
	}
	var exp struct {
		Entities []struct {
			Text     string   `json:"text"`
			Aliases  []string `json:"aliases"`
			Metonymy string   `json:"metonymy"`
			Actor    *struct {
				Country, Sector string
			} `json:"actor"`
		} `json:"entities"`
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatal(err)
	}
	doc := annotate(t, string(text), time.Time{})
	for _, x := range exp.Entities {
		es := find(doc, x.Text)
		if len(es) == 0 {
			t.Errorf("%q: not found", x.Text)
			continue
		}
		switch {
		case x.Actor != nil:
			want := x.Actor.Country + " " + x.Actor.Sector
			for _, e := range es {
				if code(e) != want {
					t.Errorf("%q at %d: %s, want %s", x.Text, e.Start, code(e), want)
				}
			}
			for _, al := range x.Aliases {
				as := find(doc, al)
				if len(as) == 0 {
					t.Errorf("alias %q of %q: not found", al, x.Text)
				}
				for _, a := range as {
					if code(a) != want || a.Actor.ID != es[0].Actor.ID {
						t.Errorf("alias %q at %d: %s (%s), want %s", al, a.Start, code(a), a.Actor.ID, want)
					}
				}
			}
		case x.Metonymy != "":
			met := false
			for _, e := range es {
				met = met || (e.Metonymy && code(e) == x.Metonymy)
			}
			if !met {
				t.Errorf("%q: no mention with metonymy %s", x.Text, x.Metonymy)
			}
		}
	}
	for _, s := range []string{"security forces", "the banned group", "the group"} {
		for _, e := range find(doc, s) {
			if want := map[bool]string{true: "PAK MIL", false: "PAK REB"}[s == "security forces"]; code(e) != want {
				t.Errorf("%q at %d: %s, want %s", s, e.Start, code(e), want)
			}
		}
	}
}

func BenchmarkEntities(b *testing.B) {
	text, err := os.ReadFile("testdata/story.txt")
	if err != nil {
		b.Fatal(err)
	}
	p, err := pipeline.New(pipeline.Options{Stages: pipeline.NER | pipeline.Actors, NERSecondStage: true})
	if err != nil {
		b.Fatal(err)
	}
	base := &sitrep.Document{Text: string(text)}
	_ = p.Annotate(base)
	tokens := len(base.Tokens)
	b.ResetTimer()
	for range b.N {
		doc := &sitrep.Document{Text: base.Text, Tokens: base.Tokens, Sentences: base.Sentences}
		if err := p.Annotate(doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func TestTitles(t *testing.T) {
	doc := annotate(t, "Russia's foreign minister said the talks were useful. Later, the president met Pakistan's army chief.", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range []struct{ text, id string }{
		{"foreign minister", "sergei-lavrov"},
		{"president", "vladimir-putin"},
		{"army chief", "asim-munir"},
	} {
		es := find(doc, c.text)
		if len(es) != 1 || es[0].Actor == nil || es[0].Actor.ID != c.id {
			t.Errorf("%q: got %+v, want %s", c.text, es, c.id)
		}
	}
}

func TestPronouns(t *testing.T) {
	doc := annotate(t, "Sergei Lavrov met Ishaq Dar in Moscow. He said the talks were useful. The weather was fine.", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))
	he := find(doc, "He")
	if len(he) != 1 || he[0].Label != sitrep.LabelPRON || he[0].Actor == nil || he[0].Actor.ID != "sergei-lavrov" {
		t.Fatalf("He: got %+v", he)
	}
	if l := find(doc, "Sergei Lavrov"); len(l) != 1 || l[0].Cluster == 0 || l[0].Cluster != he[0].Cluster {
		t.Errorf("He is not in Lavrov's cluster: %+v %+v", l, he)
	}
}

func TestCaseSensitiveNames(t *testing.T) {
	doc := annotate(t, "Who said so? Let me see. The WHO said the outbreak was over, and LeT denied it.", time.Time{})
	if es := find(doc, "Who"); len(es) != 0 {
		t.Errorf("Who: want no entity, got %+v", es)
	}
	if es := find(doc, "Let"); len(es) != 0 {
		t.Errorf("Let: want no entity, got %+v", es)
	}
	if es := find(doc, "WHO"); len(es) != 1 || code(es[0]) != " IGO" {
		t.Errorf("WHO: got %+v", es)
	}
}

// A short lower-case acronym of the dictionaries names its group only in
// capitals ("an" is Aryan Nations'); a name with capitals inside it still
// matches at the start of a sentence ("The UN" is the alias "the UN").
func TestAcronymCase(t *testing.T) {
	doc := annotate(t, "An official said so. The UN condemned the attack.", time.Time{})
	for _, e := range doc.Entities {
		if e.Actor != nil && e.Actor.ID == "aryan-nations" {
			t.Errorf("%q resolved to Aryan Nations", e.Of(doc.Text))
		}
	}
	if es := find(doc, "The UN"); len(es) != 1 || es[0].Actor == nil || es[0].Actor.Code != "IGOUNO" {
		t.Errorf("The UN: got %+v", es)
	}
}

func TestSharedPlaceNames(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Police in Lahore said Pakistan would act. Attacks hit Punjab.", "PAK"},
		{"India said its police in Punjab and Haryana were on alert. New Delhi sent troops to Punjab.", "IND"},
	} {
		doc := annotate(t, c.text, time.Time{})
		es := find(doc, "Punjab")
		if len(es) == 0 || es[len(es)-1].Actor == nil || es[len(es)-1].Actor.Country != c.want {
			t.Errorf("%q: Punjab %+v, want %s", c.text, es, c.want)
		}
	}
}

// TestLeadingArticle resolves a name the recognizer tagged with its article
// ("The Islamic State") and trims the mention to the name.
func TestLeadingArticle(t *testing.T) {
	db, err := actors.Default()
	if err != nil {
		t.Fatal(err)
	}
	doc := &sitrep.Document{Text: "The Islamic State claimed the attack."}
	doc.Tokens, doc.Sentences = tokenize.Tokenize(doc.Text, nil, nil)
	doc.Entities = []sitrep.Entity{{Span: sitrep.Span{Start: 0, End: len("The Islamic State")}, FirstToken: 0, EndToken: 3, Label: sitrep.LabelORG}}
	if err := actors.NewStage(db).Annotate(doc); err != nil {
		t.Fatal(err)
	}
	es := find(doc, "Islamic State")
	if len(es) != 1 || es[0].Actor == nil || es[0].Actor.Sector == "" {
		t.Fatalf("want Islamic State resolved without its article, got %+v", doc.Entities)
	}
}
