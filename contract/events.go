package contract

import (
	"encoding/json"

	"github.com/sitrep-dev/sitrep"
)

// Event is the object `sitrep code` writes for each event. Evidence is the
// first statement of the event; AllEvidence lists every statement when the
// document restates it.
type Event struct {
	ID           string         `json:"id"`
	DocID        string         `json:"doc_id"`
	Sentence     int            `json:"sentence"`
	Type         string         `json:"type"`
	Mode         string         `json:"mode"`
	Context      []string       `json:"context"`
	CAMEO        string         `json:"cameo"`
	Source       []EventActor   `json:"source"`
	Target       []EventActor   `json:"target"`
	Location     *EventLocation `json:"location"`
	Date         *EventDate     `json:"date"`
	Realis       string         `json:"realis"`
	AttributedTo *EventActor    `json:"attributed_to"`
	Counts       EventCounts    `json:"counts"`
	Trigger      TextSpan       `json:"trigger"`
	Evidence     TextSpan       `json:"evidence"`
	AllEvidence  []TextSpan     `json:"all_evidence"`
	Confidence   float64        `json:"confidence"`
	// Incident is shared by every event that reports the same real-world
	// incident; "" when incidents were not assigned.
	Incident string `json:"incident"`
	// DocType is the PLOVER type the whole story is about.
	DocType string `json:"doc_type,omitempty"`
}

// EventActor is an actor as the text names it.
type EventActor struct {
	Text     string `json:"text"`
	Name     string `json:"name"`
	Country  string `json:"country"`
	Sector   string `json:"sector"`
	Code     string `json:"code"`
	Wikidata string `json:"wikidata"`
	Role     string `json:"role,omitempty"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// EventLocation is where the event happened: text, start and end name the
// place the text ties it to; name, lat, lon and the rest are the resolved
// place that gives its point (null lat and lon when none resolved), named at
// point when that is another name ("the Karte Naw area of Kabul city" →
// Kabul). Precision is the point's (country … subcity), or "inherited"
// when the event's sentence names no place and the point is the report's
// main place; place_precision is always the point's own.
type EventLocation struct {
	Text           string    `json:"text"`
	Name           string    `json:"name"`
	Lat            *float64  `json:"lat"`
	Lon            *float64  `json:"lon"`
	GeonameID      int       `json:"geonameid"`
	Country        string    `json:"country"`
	Admin1         string    `json:"admin1"`
	Precision      string    `json:"precision"`
	PlacePrecision string    `json:"place_precision"`
	Start          int       `json:"start"`
	End            int       `json:"end"`
	Point          *TextSpan `json:"point"`
}

// PrecisionInherited is the precision of an event location taken from the
// report rather than the event's own sentence.
const PrecisionInherited = "inherited"

func newEventLocation(text func(sitrep.Span) string, l *sitrep.EventLocation) *EventLocation {
	out := &EventLocation{Text: text(l.Span), Name: l.Name, GeonameID: l.GeonameID, Country: l.Country, Admin1: l.Admin1,
		Precision: string(l.Precision), PlacePrecision: string(l.Precision), Start: l.Start, End: l.End}
	if !l.Resolved() {
		return out
	}
	lat, lon := l.Lat, l.Lon
	out.Lat, out.Lon = &lat, &lon
	pt := textSpan(text, l.Span)
	if l.Point != (sitrep.Span{}) {
		pt = textSpan(text, l.Point)
	}
	out.Point = &pt
	if l.Inherited {
		out.Precision = PrecisionInherited
	}
	return out
}

// EventDate is the range of days (ISO dates, inclusive) the event can lie in.
type EventDate struct {
	Text      string `json:"text"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Precision string `json:"precision"`
	From      int    `json:"start_offset"`
	To        int    `json:"end_offset"`
}

// EventCounts are numbers tied to the event; null when the text states none.
type EventCounts struct {
	Killed   *int `json:"killed"`
	Injured  *int `json:"injured"`
	Arrested *int `json:"arrested"`
	Events   *int `json:"events"`
}

// TextSpan is a piece of the document text with its byte offsets.
type TextSpan struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func textSpan(text func(sitrep.Span) string, s sitrep.Span) TextSpan {
	return TextSpan{Text: text(s), Start: s.Start, End: s.End}
}

func eventActor(text func(sitrep.Span) string, a sitrep.ActorMention) EventActor {
	return EventActor{Text: text(a.Span), Name: a.Name, Country: a.Country, Sector: a.Sector, Code: a.Code,
		Wikidata: a.Wikidata, Role: a.Role, Start: a.Start, End: a.End}
}

func count(n int) *int {
	if n < 0 {
		return nil
	}
	return &n
}

// NewEvent builds the code object of event e of doc.
func NewEvent(doc *sitrep.Document, e *sitrep.Event) Event {
	out := EventOf(e, doc.ID, func(s sitrep.Span) string { return s.Of(doc.Text) })
	out.DocType = string(doc.MainEvent)
	return out
}

// EventOf builds the code object of event e of document docID, with the
// texts of its spans from text: the HTTP API builds its events from a
// store, which does not always load the document's text.
func EventOf(e *sitrep.Event, docID string, text func(sitrep.Span) string) Event {
	out := Event{
		ID: e.ID, DocID: docID, Sentence: e.Sentence, Type: string(e.Type), Mode: e.Mode, Context: e.Context, CAMEO: e.CAMEO,
		Source: make([]EventActor, len(e.Source)), Target: make([]EventActor, len(e.Target)),
		Realis: string(e.Realis), Trigger: textSpan(text, e.Trigger), Confidence: e.Confidence,
		Counts: counts(e.Counts), Incident: e.Incident,
	}
	if out.Context == nil {
		out.Context = []string{}
	}
	for i, a := range e.Source {
		out.Source[i] = eventActor(text, a)
	}
	for i, a := range e.Target {
		out.Target[i] = eventActor(text, a)
	}
	if e.AttributedTo != nil {
		a := eventActor(text, *e.AttributedTo)
		out.AttributedTo = &a
	}
	if l := e.Location; l != nil {
		out.Location = newEventLocation(text, l)
	}
	if d := e.Date; d != nil {
		out.Date = &EventDate{Text: text(d.Span), Start: d.Start.Format("2006-01-02"), End: d.End.Format("2006-01-02"),
			Precision: string(d.Precision), From: d.Span.Start, To: d.Span.End}
	}
	out.AllEvidence = make([]TextSpan, len(e.Evidence))
	for i, s := range e.Evidence {
		out.AllEvidence[i] = textSpan(text, s)
	}
	if len(e.Evidence) > 0 {
		out.Evidence = out.AllEvidence[0]
	}
	return out
}

// AppendEvents appends one JSON line per event of doc to b.
func AppendEvents(b []byte, doc *sitrep.Document) ([]byte, error) {
	for i := range doc.Events {
		out, err := json.Marshal(NewEvent(doc, &doc.Events[i]))
		if err != nil {
			return b, err
		}
		b = append(append(b, out...), '\n')
	}
	return b, nil
}
