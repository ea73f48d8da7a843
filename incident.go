package sitrep

import "time"

// Story is a group of articles about one real-world happening, whether or not
// they hold a coded event: syndicated copies and reports of the same who,
// what, where and when.
type Story struct {
	ID    string
	Title string   // the title of its first article
	Docs  []string // document IDs, in the order they joined
	// First and Last are the publication days of its earliest and latest
	// article; zero when none is dated.
	First, Last time.Time
	// Profile is the stories package's summary of the story's words, which
	// new articles are compared with; stores keep it as they get it.
	Profile []byte
}

// Incident is one real-world incident and every event, in any document, that
// reports it. Its place, date, actors and counts are the best supported
// among its reports; counts are reconciled, never summed across reports.
type Incident struct {
	ID     string
	Type   EventType
	Realis Realis // of the report that opened it
	// Stories are the stories of its reports, each once.
	Stories []string
	Events  []string // event IDs, in the order they joined
	// Docs are the documents with an event in it, each once; Leads those
	// of them whose main incident it is (each document leads one incident).
	Docs, Leads []string
	// Triggers are the lower-cased words that report it, each once.
	Triggers []string
	// FirstSeen and LastSeen are the publication times of its earliest and
	// latest report; zero when no report is dated.
	FirstSeen, LastSeen time.Time
	// Start and End are the days it can lie in; zero when undated.
	Start, End time.Time
	Location   *Place
	// Source and Target are the actors its reports name, the most often
	// named first.
	Source, Target []Actor
	Counts         Counts
	// CountHistory lists each report that stated a number, in the order
	// they were seen: a later report revises the toll.
	CountHistory []CountReport
	Confidence   float64
	// State is the incidents package's tally of what its reports said,
	// which new reports are matched against; stores keep it as they get it.
	State []byte
}

// CountReport is the numbers one report gave for an incident.
type CountReport struct {
	Event  string
	Seen   time.Time // publication time of the report; zero when undated
	Counts Counts
}

// Quote is a statement the text attributes to a speaker: direct ("…," he
// said) or indirect (he said that …, according to VOA). Speaker and Cue are
// zero spans when the text gives none.
type Quote struct {
	Content Span
	Speaker Span
	// Actor is the speaker resolved to an actor; nil when unresolved.
	Actor  *Actor
	Cue    Span
	Direct bool
}
