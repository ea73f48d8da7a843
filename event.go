package sitrep

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"time"
)

// Event is one coded event: who did what to whom, where and when, with the
// span of text behind every field.
type Event struct {
	ID       string
	Sentence int // index into Document.Sentences
	Type     EventType
	Mode     string
	Context  []string
	CAMEO    string

	Source, Target []ActorMention
	Location       *EventLocation
	Date           *EventDate

	Realis       Realis
	AttributedTo *ActorMention
	Counts       Counts

	Trigger Span
	// Incident is the ID of the real-world incident the event reports,
	// shared with the events of other documents that report it; "" until one
	// is assigned.
	Incident string
	// Evidence holds every span that states the event: a restatement later in
	// the document adds a span rather than a second event.
	Evidence   []Span
	Confidence float64
}

// EventLocation is where an event happened. Span is the place name the text
// ties the event to; Place is the resolved place whose point the event gets:
// that name's own, or, when the gazetteer lacks it ("the Karte Naw area of
// Kabul"), the most specific resolved place that contains or accompanies
// it, named at Point. A Place that is not Resolved has no point.
type EventLocation struct {
	Span
	Place
	// Point is the span of the name whose place gives the point; zero when
	// it is Span itself or no place resolved.
	Point Span
	// Inherited marks a place taken from the report (its dateline or main
	// place) for an event whose own sentence names none.
	Inherited bool
}

// EventDate is the range of days an event can lie in.
type EventDate struct {
	Span
	Start, End time.Time
	Precision  DatePrecision
}

// EventType is a PLOVER event type.
type EventType string

// The PLOVER event types, cooperative to conflictual.
const (
	AGREE     EventType = "AGREE"
	CONSULT   EventType = "CONSULT"
	SUPPORT   EventType = "SUPPORT"
	CONCEDE   EventType = "CONCEDE"
	COOPERATE EventType = "COOPERATE"
	AID       EventType = "AID"
	RETREAT   EventType = "RETREAT"
	REQUEST   EventType = "REQUEST"
	ACCUSE    EventType = "ACCUSE"
	REJECT    EventType = "REJECT"
	THREATEN  EventType = "THREATEN"
	PROTEST   EventType = "PROTEST"
	SANCTION  EventType = "SANCTION"
	MOBILIZE  EventType = "MOBILIZE"
	COERCE    EventType = "COERCE"
	ASSAULT   EventType = "ASSAULT"
)

// DatePrecision is how precisely the text dates an event.
type DatePrecision string

const (
	DateDay     DatePrecision = "day"
	DateWeek    DatePrecision = "week"
	DateMonth   DatePrecision = "month"
	DateQuarter DatePrecision = "quarter"
	DateYear    DatePrecision = "year"
	DateRange   DatePrecision = "range"
)

// Realis says whether the text asserts the event happened.
type Realis string

const (
	Asserted     Realis = "asserted"
	Negated      Realis = "negated"
	Hypothetical Realis = "hypothetical"
	Future       Realis = "future"
	Claimed      Realis = "claimed"
	Denied       Realis = "denied"
)

// Counts are numbers the text ties to an event; -1 means not stated.
type Counts struct {
	Killed, Injured, Arrested, Events int
}

// NoCounts is the Counts of an event whose text states no number.
var NoCounts = Counts{-1, -1, -1, -1}

// EventID names event i of doc by its document and its content (type and
// trigger offset), never by a file path or its index, so that an event keeps
// its id when the file moves or another event of the document comes or goes.
// Events that share a trigger and type ("X and Y agreed": one event per
// party) add a hash of their trigger's extent and their actors' spans.
func EventID(doc *Document, i int) string {
	e := &doc.Events[i]
	id := doc.ID
	if id == "" {
		id = "doc"
	}
	id += "-" + string(e.Type) + "-" + strconv.Itoa(e.Trigger.Start)
	for j := range doc.Events {
		if o := &doc.Events[j]; j != i && o.Type == e.Type && o.Trigger.Start == e.Trigger.Start {
			h := fnv.New32a()
			fmt.Fprint(h, e.Trigger.End)
			for _, l := range [2][]ActorMention{e.Source, e.Target} {
				for _, a := range l {
					fmt.Fprint(h, "/", a.Start, a.End, a.Code)
				}
				h.Write([]byte{'|'})
			}
			id += fmt.Sprintf("-%08x", h.Sum32())
			break
		}
	}
	return id
}
