package sitrep

import "time"

// Event is one coded event: who did what to whom, where and when, with the
// span of text behind every field.
type Event struct {
	ID       string
	Sentence int    // index into Document.Sentences
	Type     string // PLOVER event type (AGREE … ASSAULT)
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
	Precision  string // day, week, month, quarter, year, range
}

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
