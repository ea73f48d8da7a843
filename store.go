package sitrep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// DocumentStore keeps annotated documents. Storing a document whose key is
// already stored changes nothing, so an interrupted ingest can simply be run
// again.
type DocumentStore interface {
	// PutDocuments stores docs in one transaction and returns how many were
	// new.
	PutDocuments(ctx context.Context, docs []*Document) (added int, err error)
	// HasDocument reports whether a document with this key is stored.
	HasDocument(ctx context.Context, key string) (bool, error)
	// Document returns the stored document with this key, ENOTFOUND if none.
	Document(ctx context.Context, key string) (*Document, error)
}

// EventStore answers analysts' questions about stored events.
type EventStore interface {
	// FindEvents returns up to f.Limit events, newest first, and the cursor
	// of the next page ("" on the last page).
	FindEvents(ctx context.Context, f EventFilter) (events []*StoredEvent, next string, err error)
	// EachEvent calls fn for every event f matches, newest first, ignoring
	// f.Limit and f.Cursor: exports stream through it.
	EachEvent(ctx context.Context, f EventFilter, fn func(*StoredEvent) error) error
	// Event returns one event with its document, ENOTFOUND if none.
	Event(ctx context.Context, id int64) (*StoredEvent, *Document, error)
	// Aggregate counts the events f matches, grouped by a.
	Aggregate(ctx context.Context, f EventFilter, a Aggregation) ([]Bucket, error)
	// Stats gives the store's totals.
	Stats(ctx context.Context) (Stats, error)
}

// IncidentStore keeps stories and incidents with the documents they group,
// and answers analysts' questions about incidents.
type IncidentStore interface {
	// PutGrouped stores docs as PutDocuments does, with the stories and
	// incidents their assignment changed, in one transaction, so that an
	// interrupted run leaves documents and groups in step.
	PutGrouped(ctx context.Context, docs []*Document, stories []*Story, incidents []*Incident) (added int, err error)
	// RecentStories and RecentIncidents return up to n of those changed
	// most recently, in the order they were opened: the ones new documents
	// may join.
	RecentStories(ctx context.Context, n int) ([]*Story, error)
	RecentIncidents(ctx context.Context, n int) ([]*Incident, error)
	// FindIncidents returns up to f.Limit incidents that have an event f
	// matches, the one with the newest such event first, and the cursor of
	// the next page ("" on the last page). Their event and document lists
	// are left empty; Reports says how many of each.
	FindIncidents(ctx context.Context, f EventFilter) (incidents []*StoredIncident, next string, err error)
	// Incident returns one incident with its reports, ENOTFOUND if none.
	Incident(ctx context.Context, id string) (*StoredIncident, []*StoredEvent, error)
}

// SharedIncidentStore is an IncidentStore that writers in several
// processes group into at once (workers, concurrent ingests). Grouping is a
// pass in one order, so a writer assigns and stores each batch holding a
// lock that one writer holds at a time, having first taken back the groups
// the others wrote since its last batch.
type SharedIncidentStore interface {
	IncidentStore
	// GroupSeq returns the sequence number of the last write of groups, 0
	// when none.
	GroupSeq(ctx context.Context) (int64, error)
	// PutAssigned stores docs as PutGrouped does, in one transaction that
	// holds the grouping lock, with the groups assign returns. assign gets
	// the documents of docs not stored yet, in their order, and the stories
	// and incidents written after since, in the order they were opened; it
	// returns those it changed. seq is the sequence number the writer has
	// now seen everything up to.
	PutAssigned(ctx context.Context, docs []*Document, since int64, assign AssignFunc) (added int, seq int64, err error)
}

// AssignFunc groups the documents of a batch under the grouping lock of a
// SharedIncidentStore, given the groups other writers changed.
type AssignFunc func(docs []*Document, stories []*Story, incidents []*Incident) ([]*Story, []*Incident, error)

// StoredIncident is an incident as the store returns it.
type StoredIncident struct {
	Incident
	// Reports and ReportDocs are how many events and documents report it.
	Reports, ReportDocs int
}

// DocumentKey is the key a document is stored under: its id, else its URL,
// else a hash of its text. Callers compute it before the pipeline runs so that
// documents already stored are not coded again.
func DocumentKey(doc *Document) string {
	switch {
	case doc.ID != "":
		return doc.ID
	case doc.URL != "":
		return doc.URL
	}
	h := sha256.Sum256([]byte(doc.Text))
	return "sha256:" + hex.EncodeToString(h[:16])
}

// StoredEvent is an event as the store returns it: the event with the
// document it comes from and the texts of its spans.
type StoredEvent struct {
	Key   int64  // the store's id of the event, stable across runs
	DocID string // DocumentKey of its document
	// Day is the first day the event can lie in (its date, else the date of
	// its document); zero when neither is known.
	Day         time.Time
	Event       Event
	TriggerText string
	// EvidenceText is the text of EvidenceSpan: the event's first evidence
	// span, else its sentence.
	EvidenceText string
	EvidenceSpan Span
	// The document's text (for the texts of the event's spans; EachEvent
	// and Event give it, FindEvents need not), URL, title, publication date
	// and main event type (Document.MainEvent).
	DocText          string
	DocURL, DocTitle string
	DocDate          time.Time
	DocType          string
}

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	From, To time.Time // days, inclusive
	Types    []string  // PLOVER types
	Realis   []Realis

	// Actor matches events where a source or target actor has this name or
	// is mentioned by these words (case-insensitive), or has this code. The
	// actor conditions hold for any actor of the event, except ActorCountry
	// with ActorSector, which hold for one and the same actor.
	Actor        string
	ActorCountry string // ISO 3166-1 alpha-3 of a source or target actor
	ActorSector  string
	ActorCode    string
	// Source and Target match events whose first source (target) actor has
	// this name (case-insensitive) or code: the actor network's nodes and
	// edges (ByDyad).
	Source, Target string
	Country        string // ISO 3166-1 alpha-3 of the location
	Admin1         string
	BBox           *BBox
	MinConfidence  float64
	// Query is full-text search over the evidence: words, all of which must
	// occur; a trailing * makes a word a prefix.
	Query string
	DocID string
	// ByIncident counts and lists each incident once, by its newest
	// matching report, rather than every report.
	ByIncident bool

	Limit  int
	Cursor string // from the previous page
}

// BBox is a bounding box in degrees.
type BBox struct {
	West, South, East, North float64
}

// Aggregation is what Aggregate groups by.
type Aggregation string

const (
	ByDay       Aggregation = "day"
	ByWeek      Aggregation = "week" // keyed by the Monday of the week
	ByType      Aggregation = "type"
	ByActorPair Aggregation = "actor-pair" // first source code → first target code
	ByCountry   Aggregation = "country"
	ByAdmin1    Aggregation = "admin1"
	ByPlace     Aggregation = "place" // one bucket per located place, with its point
	ByRealis    Aggregation = "realis"
	// ByDyad groups by the first source and first target actor, each by
	// name and code (an actor without a name by its code).
	ByDyad Aggregation = "dyad"
)

// Bucket is one group of an aggregation. Key is a day (YYYY-MM-DD), a type, a
// country, …; Key2 is the target of an actor pair or dyad or the country of an
// admin-1. Lat, Lon and Precision are set for places.
type Bucket struct {
	Key, Key2 string
	Count     int
	Lat, Lon  float64
	Precision string
	// Code and Code2 are the actor codes of a dyad's source and target.
	Code, Code2 string
	// Types counts the bucket's events by PLOVER type, and Inferred those
	// whose day is their document's date for want of a date in the text; set
	// for days, weeks, dyads and places.
	Types    map[string]int
	Inferred int
}

// Stats are a store's totals.
type Stats struct {
	Documents, Events int
	First, Last       time.Time // days of the first and last dated events
}

// FeedState is what a watcher keeps of a feed between polls: the validators
// of its last response, for conditional requests, and its failures, for
// backing off.
type FeedState struct {
	URL          string
	ETag         string
	LastModified string
	Polled       time.Time // last successful poll
	Failures     int       // failed polls in a row
	LastError    string
}

// FeedStore keeps feed states. A watcher saves a feed's state only after the
// documents of that poll are stored, so that a crash in between makes it
// fetch the feed again rather than lose its items.
type FeedStore interface {
	// FeedState returns the state of a feed, a zero state (but its URL)
	// when none is stored.
	FeedState(ctx context.Context, url string) (FeedState, error)
	PutFeedState(ctx context.Context, f FeedState) error
}
