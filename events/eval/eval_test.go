package eval

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
)

const suite = `<Sentences>
<Sentence date="19950101" id="A-1" sentence="true">
<EventCoding eventcode="040" sourcecode="ARNGOV" targetcode="GON" />
<EventCoding eventcode="010" sourcecode="ARN" targetcode="GON" />
<Text>
Arnor met
Gondor.
</Text>
</Sentence>
<Sentence date="19950101" id="A-2" evaluate="false">
<EventCoding eventcode="040" sourcecode="ARN" targetcode="GON" />
<Text>Skipped.</Text>
</Sentence>
<Sentence date="19950102" id="B-1">
<EventCoding sourcecode="HOB" targetcode="SHR" eventcode="190">
Bilbo attacked the Shire.
<Parse>(ROOT (S))</Parse>
</Sentence>
</Sentences>`

func TestPETR(t *testing.T) {
	p := filepath.Join(t.TempDir(), "suite.xml")
	if err := os.WriteFile(p, []byte(suite), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadPETR(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Text != "Arnor met Gondor." || recs[1].Text != "Bilbo attacked the Shire." || len(recs[0].Gold) != 2 {
		t.Fatalf("records %+v", recs)
	}
	// A coder that finds the meeting with the right actors and nothing else.
	res, err := PETR(recs, func(doc *sitrep.Document) error {
		if doc.ID == "A-1" {
			doc.Events = []sitrep.Event{{Type: "CONSULT",
				Source: []sitrep.ActorMention{{Actor: sitrep.Actor{Country: "ARN", Code: "ARNGOV"}}},
				Target: []sitrep.ActorMention{{Actor: sitrep.Actor{Code: "GON"}}}}}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Gold: CONSULT in A-1 (010 has no PLOVER type) and ASSAULT in B-1.
	if res.Type.P != 1 || res.Type.R != 0.5 || res.Triple.P != 1 || res.Triple.R != 0.5 {
		t.Errorf("%+v", res)
	}
	if _, err := ReadPETR(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("missing file read")
	}
}

// PETRFiles writes a line per suite, its path and figures, and stops at
// the first that cannot be read.
func TestPETRFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "suite.xml")
	if err := os.WriteFile(p, []byte(suite), 0o644); err != nil {
		t.Fatal(err)
	}
	none := func(*sitrep.Document) error { return nil }
	var b strings.Builder
	if err := PETRFiles(&b, []string{p, p}, none); err != nil {
		t.Fatal(err)
	}
	recs, _ := ReadPETR(p)
	res, _ := PETR(recs, none)
	if line := p + ": " + res.String() + "\n"; b.String() != line+line {
		t.Errorf("%q, want two lines %q", b.String(), line)
	}
	if err := PETRFiles(&b, []string{filepath.Join(t.TempDir(), "none")}, none); err == nil {
		t.Error("missing file read")
	}
}

// locationSet writes two records of the event-location set to a file and
// returns its path. The second record's character offsets are wrong; its
// token offsets are right.
func locationSet(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "loc.jsonl.gz")
	f, _ := os.Create(p)
	zw := gzip.NewWriter(f)
	zw.Write([]byte(`{"text": "Troops shelled Homs.", "spans": [{"start": 7, "end": 14, "label": "VERB"}, {"start": 15, "end": 19, "label": "LOCATION"}]}
{"text": " Police arrested him in Lima.", "tokens": [{"start": 0, "end": 1}, {"start": 1, "end": 7}, {"start": 8, "end": 16}, {"start": 17, "end": 20}, {"start": 21, "end": 23}, {"start": 24, "end": 28}], "spans": [{"start": 8, "end": 16, "label": "VERB"}, {"start": 3, "end": 4, "token_start": 5, "token_end": 5, "label": "LOCATION"}]}
`))
	zw.Close()
	f.Close()
	return p
}

func TestLocations(t *testing.T) {
	p := locationSet(t)
	a, err := ReadLocations(p, HeldOut)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ReadLocations(p, Dev)
	items, _ := ReadLocations(p, All)
	if len(items) != 2 || len(a)+len(b) != 2 {
		t.Fatalf("%d items, %d+%d in parts", len(items), len(a), len(b))
	}
	for _, it := range items {
		if got := it.Loc.Of(it.Text); got != "Homs" && got != "Lima" {
			t.Errorf("gold %q", got)
		}
	}
	res, err := Locations(items, func(*sitrep.Document) error { return nil }, shelledOnly{})
	if err != nil || res.Located != 2 || res.Accuracy != 0.5 || res.Forced != 0.5 || res.OnVerb != 1 || res.Elsewhere != 0 {
		t.Errorf("%+v %v", res, err)
	}
}

// shelledOnly is a stand-in coder that knows one verb, "shelled", and
// places it at bytes 15-19.
type shelledOnly struct{}

func (shelledOnly) Annotate(doc *sitrep.Document) error {
	if i := strings.Index(doc.Text, "shelled"); i >= 0 {
		doc.Events = append(doc.Events, sitrep.Event{Trigger: sitrep.Span{Start: i, End: i + len("shelled")}})
	}
	return nil
}

func (shelledOnly) Locate(doc *sitrep.Document, verb sitrep.Span, force bool) *sitrep.EventLocation {
	if doc.Text[verb.Start:verb.End] == "shelled" {
		return &sitrep.EventLocation{Span: sitrep.Span{Start: 15, End: 19}}
	}
	return nil
}

// TrainLocationFiles prints the meta record of the model it writes.
func TestTrainLocationFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "locmodel.txt.gz")
	var w strings.Builder
	if err := TrainLocationFiles(&w, locationSet(t), out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r, meta, err := modelfile.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := events.LoadLocModel(r); err != nil {
		t.Fatal(err)
	}
	if w.String() != meta+"\n" || !strings.HasPrefix(meta, "averaged perceptron trained on ") {
		t.Errorf("printed %q, file's meta %q", w.String(), meta)
	}
}

func TestPlaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.csv")
	csv := "EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,NOTES,LATITUDE,LONGITUDE,FATALITIES\n" +
		"X1,05 March 2020,Battles,Rebels attacked a post near Townsville. Two soldiers died.,10.0,20.0,2\n" +
		"X2,06 March 2020,Protests,Farmers marched in Farville.,30.0,40.0,0\n" +
		"X3,07 March 2020,Strategic developments,Not scored.,1,1,0\n" +
		"X4,07 March 2020,Riots,,1,1,0\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	notes, err := ReadACLED(p)
	if err != nil || len(notes) != 2 || notes[0].ID != "X1" || notes[0].Fatalities != 2 || !notes[0].HasPoint || notes[0].Date.Day() != 5 {
		t.Fatalf("%+v %v", notes, err)
	}
	// A stand-in pipeline: the first note's event 0.3° (about 33 km) from
	// its point and with its toll, the second's inherited and far away.
	annotate := func(doc *sitrep.Document) error {
		ev := sitrep.Event{Counts: sitrep.NoCounts}
		switch doc.ID {
		case "X1":
			ev.Location = &sitrep.EventLocation{Place: sitrep.Place{Lat: 10.3, Lon: 20, Precision: sitrep.PrecisionCity}}
			ev.Counts.Killed = 2
		case "X2":
			ev.Location = &sitrep.EventLocation{Place: sitrep.Place{Lat: 31, Lon: 40, Precision: sitrep.PrecisionCountry}, Inherited: true}
		}
		doc.Events = append(doc.Events, ev)
		return nil
	}
	res, err := Places(notes, annotate)
	if err != nil || res.Notes != 2 || res.Located != 1 || res.Inherited != 1 || res.Within50 != 0.5 || res.ExactFatalities != 1 || res.FatalNotes != 1 {
		t.Errorf("%+v %v", res, err)
	}
}

// eval events --sets may name only Sets.
func TestCheckSets(t *testing.T) {
	if err := CheckSets([]string{"plv", "location"}); err != nil {
		t.Errorf("plv, location: %v", err)
	}
	if err := CheckSets([]string{"plv", "acled-notes"}); err == nil || err.Error() != `"acled-notes" is none of plv, case, acled, petr, ngec, location` {
		t.Errorf("acled-notes: %v", err)
	}
}
