package stories

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/stories/internal/words"
)

var (
	quake1 = "A magnitude 6.1 earthquake struck the island of Qeshm off southern Iran on Sunday, killing ten people in the village of Dargahan. Rescuers searched the rubble of Dargahan through the night, Iranian officials said."
	quake2 = "Rescuers in Dargahan on Qeshm island dug through rubble on Monday after Sunday's earthquake killed ten villagers; Iranian officials said the quake measured 6.1."
	fire   = "Fire crews fought a blaze at the Waitrose supermarket in Banstead, Surrey, on Friday night. More than fifty firefighters tackled the fire in Banstead High Street and police called it suspicious."
	felt   = "Mark Felt, the FBI official who was Deep Throat in the Watergate scandal, died on Thursday at 95. Felt guided reporters through the scandal that brought down Nixon; Felt's family confirmed his death."
	larue  = "Fred LaRue, the Nixon aide who carried money to the Watergate burglars and was named as a possible Deep Throat, died in a hotel at 75. LaRue pleaded guilty in the scandal; LaRue's body was found on Saturday."
)

func doc(id, text string, date time.Time, ents ...sitrep.Entity) *sitrep.Document {
	return &sitrep.Document{ID: id, Text: text, Date: date, Entities: ents}
}

// per marks each occurrence of name in text as a PER entity.
func per(text string, names ...string) []sitrep.Entity {
	var out []sitrep.Entity
	for _, n := range names {
		for i := 0; ; {
			j := indexFrom(text, n, i)
			if j < 0 {
				break
			}
			out = append(out, sitrep.Entity{Span: sitrep.Span{Start: j, End: j + len(n)}, Label: sitrep.LabelPER})
			i = j + len(n)
		}
	}
	return out
}

func indexFrom(s, sub string, i int) int {
	for ; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func newIndex(t *testing.T) *Index {
	t.Helper()
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestStories(t *testing.T) {
	day := time.Date(2005, 11, 27, 0, 0, 0, 0, time.UTC)
	x := newIndex(t)
	a := doc("a", quake1, day)
	b := doc("b", fire, day)
	c := doc("c", quake2, day.AddDate(0, 0, 1))
	copyOfA := doc("a-copy", "Syndicated: "+quake1, day)
	copyOfA.NearDuplicateOf = "a"
	late := doc("late", quake1, day.AddDate(1, 0, 0)) // the same words a year on: another quake
	for _, d := range []*sitrep.Document{a, b, c, copyOfA, late} {
		x.Assign(d)
	}
	if a.Story == "" || a.Story != c.Story || a.Story != copyOfA.Story {
		t.Errorf("the quake reports are not one story: %s %s %s", a.Story, c.Story, copyOfA.Story)
	}
	if b.Story == a.Story || late.Story == a.Story {
		t.Errorf("the fire or the next year's quake joined the quake story")
	}
	got := x.Stories()
	if len(got) != 3 || !slices.Equal(got[0].Docs, []string{"a", "c", "a-copy"}) || !got[0].First.Equal(day) || !got[0].Last.Equal(day.AddDate(0, 0, 1)) {
		t.Errorf("stories %+v", got)
	}
}

// TestMainActors: two deaths told in the same words are two stories when
// each names a main person the other never does.
func TestMainActors(t *testing.T) {
	x := newIndex(t)
	f := doc("felt", felt, time.Time{}, per(felt, "Mark Felt", "Felt")...)
	l := doc("larue", larue, time.Time{}, per(larue, "Fred LaRue", "LaRue")...)
	f2 := doc("felt2", "Felt, who was Deep Throat, died at 95. "+felt, time.Time{}, per("Felt, who was Deep Throat, died at 95. "+felt, "Mark Felt", "Felt")...)
	for _, d := range []*sitrep.Document{f, l, f2} {
		x.Assign(d)
	}
	if f.Story == l.Story || f.Story != f2.Story {
		t.Errorf("felt %s, larue %s, felt2 %s", f.Story, l.Story, f2.Story)
	}
}

// TestAddResumes: a story stored and added back to a fresh index takes the
// articles it would have taken.
func TestAddResumes(t *testing.T) {
	x := newIndex(t)
	a := doc("a", quake1, time.Time{})
	s := x.Assign(a)
	stored := &sitrep.Story{ID: s.ID, Title: s.Title, Profile: slices.Clone(s.Profile)}
	y := newIndex(t)
	if err := y.Add(stored); err != nil {
		t.Fatal(err)
	}
	c := doc("c", quake2, time.Time{})
	y.Assign(c)
	if c.Story != s.ID {
		t.Errorf("resumed index put the follow-up in %s, not %s", c.Story, s.ID)
	}
	if err := y.Add(&sitrep.Story{ID: "bad", Profile: []byte{5, 1}}); err == nil {
		t.Error("a truncated profile was accepted")
	}
}

// TestArticleWeights: a word of the lead counts leadWeight more than the same
// word further down, and a number other than a year numberWeight.
func TestArticleWeights(t *testing.T) {
	x := newIndex(t)
	// ratio is the weight of word u over word v's in text, over the ratio
	// of their idfs.
	ratio := func(text, u, v string) float64 {
		d := doc("d", text, time.Time{})
		for i := 0; i < len(text); {
			n := strings.IndexByte(text[i:], '.') + 1
			d.Sentences = append(d.Sentences, sitrep.Sentence{Span: sitrep.Span{Start: i, End: i + n}})
			i += n + 1
		}
		a := x.article(d)
		w := map[uint64]float64{}
		for _, t := range a.vec {
			w[t.h] = float64(t.w) / float64(x.idf.of(t.h))
		}
		return w[words.Hash(u)] / w[words.Hash(v)]
	}
	lead := 1 + math.Log(1+leadWeight)
	first := "Quake hits villages. Rescue teams arrive. Rubble fills streets."
	last := "Rescue teams arrive. Rubble fills streets. Quake hits villages."
	if r := ratio(first, "quake", "rubble"); math.Abs(r-lead) > 1e-3 {
		t.Errorf("quake in the lead / rubble after it: %.3f, want %.3f", r, lead)
	}
	if r := ratio(last, "rubble", "quake"); math.Abs(r-lead) > 1e-3 {
		t.Errorf("rubble in the lead / quake after it: %.3f, want %.3f", r, lead)
	}
	tail := "Rescue teams arrive. Rubble fills streets. The quake killed 84 villagers in 2013."
	if r := ratio(tail, "84", "villagers"); math.Abs(r-(1+math.Log(numberWeight))) > 1e-3 {
		t.Errorf("84/villagers %.3f", r)
	}
	if r := ratio(tail, "2013", "villagers"); math.Abs(r-1) > 1e-3 {
		t.Errorf("2013/villagers %.3f", r)
	}
}

// TestRegroup: a story that took reports of two deaths (no names marked, a
// threshold that joins anything alike) is split by its regroup: each death's
// reports end in a story of their own, the near-duplicate with its original,
// every document in one story, and the moves name what moved.
func TestRegroup(t *testing.T) {
	x, err := New(Options{Threshold: 0.01, Split: 0.8, MinSplit: 2})
	if err != nil {
		t.Fatal(err)
	}
	docs := []*sitrep.Document{
		doc("f1", felt, time.Time{}),
		doc("l1", larue, time.Time{}),
		doc("l1-copy", "Syndicated: "+larue, time.Time{}),
		doc("f2", "Felt, who was Deep Throat, died at 95. "+felt, time.Time{}),
		doc("l2", "LaRue, the aide who carried the money, died at 75. "+larue, time.Time{}),
		doc("f3", felt+" Felt was 95.", time.Time{}),
		doc("l3", larue+" LaRue was 75.", time.Time{}),
	}
	docs[2].NearDuplicateOf = "l1"
	story := map[string]string{}
	moved := 0
	for _, d := range docs {
		s := x.Assign(d)
		for _, m := range x.Moves() {
			if m.Doc != d.ID && story[m.Doc] != m.From.ID {
				t.Errorf("%s moved from %s, was in %s", m.Doc, m.From.ID, story[m.Doc])
			}
			story[m.Doc] = m.To.ID
			moved++
		}
		if story[d.ID] != "" && story[d.ID] != s.ID || d.Story != s.ID {
			t.Errorf("%s assigned to %s (doc.Story %s), moved to %s", d.ID, s.ID, d.Story, story[d.ID])
		}
		story[d.ID] = s.ID
	}
	if moved == 0 || story["f1"] == story["l1"] || story["f1"] != story["f2"] || story["f1"] != story["f3"] ||
		story["l1"] != story["l2"] || story["l1"] != story["l3"] || story["l1"] != story["l1-copy"] {
		t.Errorf("%d moves, stories %v", moved, story)
	}
	seen := map[string]bool{}
	for _, s := range x.Stories() {
		for _, d := range s.Docs {
			if seen[d] || story[d] != s.ID {
				t.Errorf("%s listed twice or in %s, not %s", d, s.ID, story[d])
			}
			seen[d] = true
		}
	}
	if len(seen) != len(docs) {
		t.Errorf("%d documents listed, want %d", len(seen), len(docs))
	}
}

// TestHeldBounded: past heldMax articles held by all stories, the oldest
// are let go.
func TestHeldBounded(t *testing.T) {
	x := newIndex(t)
	x.heldMax = 3
	for i, text := range []string{quake1, fire, felt, larue, quake2} {
		x.Assign(doc(fmt.Sprint(i), text, time.Time{}))
	}
	var held []string
	for _, e := range x.stories {
		for _, h := range e.held {
			held = append(held, h.doc)
		}
	}
	slices.Sort(held)
	if !slices.Equal(held, []string{"2", "3", "4"}) {
		t.Errorf("held %v, want the latest 3", held)
	}
}

// TestHeldStored: a story's held articles come back with its profile, so
// that whoever takes it back regroups as its writer would have.
func TestHeldStored(t *testing.T) {
	x := newIndex(t)
	a := doc("a", quake1, time.Date(2005, 11, 27, 0, 0, 0, 0, time.UTC), per(quake1, "Dargahan")...)
	s := x.Assign(a)
	dup := doc("a-copy", "Syndicated: "+quake1, a.Date)
	dup.NearDuplicateOf = "a"
	x.Assign(dup)
	s.Profile = encodeProfile(x.stories[x.byID[s.ID]])
	var e entry
	if _, err := decodeProfile(s.Profile, &e); err != nil {
		t.Fatal(err)
	}
	want := x.stories[x.byID[s.ID]].held
	if len(e.held) != 1 || e.held[0].doc != "a" || !e.held[0].date.Equal(a.Date) || !slices.Equal(e.held[0].dups, []string{"a-copy"}) ||
		!slices.Equal(e.held[0].a.vec, want[0].a.vec) || e.held[0].a.main != want[0].a.main || len(e.held[0].a.actors) != len(want[0].a.actors) {
		t.Errorf("held %+v, want %+v", e.held, want)
	}
	if _, err := decodeProfile(append(slices.Clone(s.Profile), 1), &e); err == nil {
		t.Error("a profile with bytes left over was read")
	}
}

// BenchmarkAssignBigStory assigns reports of one happening, the worst case of
// a regroup: every article joins a story holding Regroup articles.
func BenchmarkAssignBigStory(b *testing.B) {
	for _, r := range []int{-1, DefaultRegroup} {
		b.Run(fmt.Sprint("regroup=", r), func(b *testing.B) {
			x, err := New(Options{Regroup: r})
			if err != nil {
				b.Fatal(err)
			}
			docs := make([]*sitrep.Document, 256)
			for i := range docs {
				docs[i] = doc(fmt.Sprint(i), fmt.Sprintf("Report %d. %s", i, quake1), time.Time{})
			}
			b.ResetTimer()
			for i := range b.N {
				d := *docs[i%len(docs)]
				d.ID = fmt.Sprint(i)
				x.Assign(&d)
				x.Moves()
			}
		})
	}
}
