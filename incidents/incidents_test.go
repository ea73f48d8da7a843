package incidents

import (
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep"
)

var (
	kabul    = sitrep.Place{Name: "Kabul", Lat: 34.5281, Lon: 69.1723, GeonameID: 1138958, Country: "AFG", Precision: sitrep.PrecisionCity}
	kandahar = sitrep.Place{Name: "Kandahar", Lat: 31.6133, Lon: 65.7101, GeonameID: 1138336, Country: "AFG", Precision: sitrep.PrecisionCity}
	taliban  = sitrep.Actor{ID: "taliban", Name: "Taliban", Country: "AFG", Sector: "REB", Code: "AFGREB"}
	police   = sitrep.Actor{ID: "agent:police", Name: "police", Country: "AFG", Sector: "COP", Code: "AFGCOP"}
)

// newsDoc builds a document with one event: text holds the trigger word.
func newsDoc(id, story, text, trigger string, date time.Time, typ string, place *sitrep.Place, src []sitrep.Actor, killed int) *sitrep.Document {
	doc := &sitrep.Document{ID: id, Story: story, Text: text, Date: date}
	i := index(text, trigger)
	ev := sitrep.Event{ID: id + "-" + typ, Type: sitrep.EventType(typ), Realis: sitrep.Asserted, Trigger: sitrep.Span{Start: i, End: i + len(trigger)},
		Counts: sitrep.NoCounts, Confidence: 0.6}
	ev.Counts.Killed = killed
	if place != nil {
		ev.Location = &sitrep.EventLocation{Place: *place}
	}
	for _, a := range src {
		ev.Source = append(ev.Source, sitrep.ActorMention{Actor: a})
	}
	doc.Events = []sitrep.Event{ev}
	return doc
}

func index(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestMerge(t *testing.T) {
	mon := time.Date(2023, 1, 2, 8, 0, 0, 0, time.UTC)
	x := New(Options{})
	first := newsDoc("a", "s1", "Taliban attacked a checkpoint in Kabul, killing 5.", "attacked", mon, "ASSAULT", &kabul, []sitrep.Actor{taliban}, 5)
	// Another outlet, another story, the next day: the toll rose.
	later := newsDoc("b", "s2", "The Taliban assault on a Kabul checkpoint killed 9.", "assault", mon.AddDate(0, 0, 1), "ASSAULT", &kabul, []sitrep.Actor{taliban}, 9)
	// The same kind of attack in another city: another incident.
	elsewhere := newsDoc("c", "s3", "Taliban attacked a checkpoint in Kandahar.", "attacked", mon, "ASSAULT", &kandahar, []sitrep.Actor{taliban}, -1)
	// A week later in Kabul: another incident.
	weekOn := newsDoc("d", "s4", "Taliban attacked a checkpoint in Kabul.", "attacked", mon.AddDate(0, 0, 8), "ASSAULT", &kabul, []sitrep.Actor{taliban}, -1)
	// An older report arriving last, with a lower figure: the latest report wins.
	stale := newsDoc("e", "s1", "Taliban attacked a checkpoint in Kabul, killing 4.", "attacked", mon.Add(-2*time.Hour), "ASSAULT", &kabul, []sitrep.Actor{taliban}, 4)
	for _, d := range []*sitrep.Document{first, later, elsewhere, weekOn, stale} {
		x.Assign(d)
	}
	id := first.Events[0].Incident
	if later.Events[0].Incident != id || stale.Events[0].Incident != id {
		t.Fatalf("reports of one attack in %s, %s, %s", id, later.Events[0].Incident, stale.Events[0].Incident)
	}
	if elsewhere.Events[0].Incident == id || weekOn.Events[0].Incident == id {
		t.Errorf("Kandahar or the next week's attack joined the first")
	}
	incs := x.Incidents()
	if len(incs) != 3 {
		t.Fatalf("%d incidents", len(incs))
	}
	inc := incs[0]
	if !slices.Equal(inc.Docs, []string{"a", "b", "e"}) || !slices.Equal(inc.Leads, []string{"a", "b", "e"}) || len(inc.Events) != 3 {
		t.Errorf("docs %v leads %v events %v", inc.Docs, inc.Leads, inc.Events)
	}
	if inc.Counts.Killed != 9 || len(inc.CountHistory) != 3 || inc.CountHistory[0].Counts.Killed != 5 {
		t.Errorf("counts %+v history %+v", inc.Counts, inc.CountHistory)
	}
	if !inc.FirstSeen.Equal(stale.Date) || !inc.LastSeen.Equal(later.Date) || inc.Location.Name != "Kabul" || inc.Source[0].Name != "Taliban" {
		t.Errorf("incident %+v", inc)
	}
	if inc.Confidence <= 0.6 || inc.Confidence >= 1 {
		t.Errorf("confidence %v", inc.Confidence)
	}
}

// TestWeakEvidence: the same generic agent on the same day in unrelated
// stories is not enough.
func TestWeakEvidence(t *testing.T) {
	day := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	x := New(Options{})
	a := newsDoc("a", "s1", "Police arrested 12 in Lahore.", "arrested", day, "COERCE", nil, []sitrep.Actor{police}, -1)
	b := newsDoc("b", "s2", "Police arrested a man in Quetta.", "arrested", day, "COERCE", nil, []sitrep.Actor{police}, -1)
	x.Assign(a)
	x.Assign(b)
	if a.Events[0].Incident == b.Events[0].Incident {
		t.Error("two arrests merged on a generic agent and a date")
	}
}

// TestCopiesAndResume: a near-duplicate's events join the events they copy,
// even where two events of one kind would tie, and an incident added back
// to a fresh index takes its next report.
func TestCopiesAndResume(t *testing.T) {
	text := "Pakistan and India agreed on talks. Later China and Russia agreed on trade."
	doc := func(id string) *sitrep.Document {
		d := &sitrep.Document{ID: id, Story: "s", Text: text}
		for i, at := range []int{index(text, "agreed"), index(text[40:], "agreed") + 40} {
			d.Events = append(d.Events, sitrep.Event{ID: id + "-" + string(rune('a'+i)), Type: "AGREE", Trigger: sitrep.Span{Start: at, End: at + 6}, Counts: sitrep.NoCounts})
		}
		return d
	}
	x := New(Options{})
	orig, cp := doc("orig"), doc("copy")
	cp.NearDuplicateOf = "orig"
	x.Assign(orig)
	x.Assign(cp)
	if orig.Events[0].Incident == orig.Events[1].Incident {
		t.Fatal("two agreements of one document merged")
	}
	for i := range cp.Events {
		if cp.Events[i].Incident != orig.Events[i].Incident {
			t.Errorf("copy's event %d in %s, original's in %s", i, cp.Events[i].Incident, orig.Events[i].Incident)
		}
	}
	y := New(Options{})
	for _, inc := range x.Incidents() {
		y.Add(inc)
	}
	again := doc("again")
	again.Events = again.Events[:1]
	y.Assign(again)
	if got := again.Events[0].Incident; got != orig.Events[0].Incident && got != orig.Events[1].Incident {
		t.Errorf("after resume the report opened %s", again.Events[0].Incident)
	}
}
