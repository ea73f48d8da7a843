package http

import (
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/contract"
)

// The JSON of an event is the event object of the command-line contract
// (contract.Event, docs/cli-contract.md) plus the store's numeric "key",
// "day" and "evidence_spans"; its counts stay numbers (-1: not stated) and
// its date keeps "span_start" and "span_end", as the API gave them before it
// shared the contract's encoding.
type eventJSON struct {
	Key int64 `json:"key"`
	contract.Event
	Day           string              `json:"day,omitempty"`
	Location      *locationJSON       `json:"location,omitempty"`
	Date          *dateJSON           `json:"date,omitempty"`
	Counts        countsJSON          `json:"counts"`
	EvidenceSpans []contract.TextSpan `json:"evidence_spans,omitempty"`
}

// locationJSON is the contract's location with the place's own precision,
// where the contract says "inherited" for a place taken from the report: the
// API gives that as a flag.
type locationJSON struct {
	contract.EventLocation
	Precision string `json:"precision,omitempty"`
	Inherited bool   `json:"inherited,omitempty"`
}

type dateJSON struct {
	contract.EventDate
	SpanStart int `json:"span_start"`
	SpanEnd   int `json:"span_end"`
}

type countsJSON struct {
	Killed   int `json:"killed"`
	Injured  int `json:"injured"`
	Arrested int `json:"arrested"`
	Events   int `json:"events"`
}

// spanText gives the text of sp from the document text when there is one,
// else from the evidence text when sp lies inside it (list pages do not load
// whole documents).
func spanText(e *sitrep.StoredEvent, docText string, sp sitrep.Span) string {
	if docText != "" {
		return sp.Of(docText)
	}
	if ev := e.EvidenceSpan; ev.Contains(sp) && ev.Len() == len(e.EvidenceText) {
		return sitrep.Span{Start: sp.Start - ev.Start, End: sp.End - ev.Start}.Of(e.EvidenceText)
	}
	return ""
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func encodeEvent(e *sitrep.StoredEvent, text string) *eventJSON {
	ev := &e.Event
	out := &eventJSON{
		Key: e.Key, Day: date(e.Day),
		Event:  contract.EventOf(ev, e.DocID, func(sp sitrep.Span) string { return spanText(e, text, sp) }),
		Counts: countsJSON{ev.Counts.Killed, ev.Counts.Injured, ev.Counts.Arrested, ev.Counts.Events},
	}
	// The store keeps the texts of the trigger and of the first evidence.
	out.Trigger.Text = e.TriggerText
	out.Evidence = contract.TextSpan{Text: e.EvidenceText, Start: e.EvidenceSpan.Start, End: e.EvidenceSpan.End}
	if l := out.Event.Location; l != nil {
		out.Location = &locationJSON{EventLocation: *l, Precision: l.PlacePrecision, Inherited: ev.Location.Inherited}
	}
	if d := out.Event.Date; d != nil {
		d.Start, d.End = date(ev.Date.Start), date(ev.Date.End)
		out.Date = &dateJSON{EventDate: *d, SpanStart: ev.Date.Span.Start, SpanEnd: ev.Date.Span.End}
	}
	if text != "" {
		out.EvidenceSpans = out.AllEvidence
	}
	return out
}

// The JSON of an incident is the incident object of `sitrep incidents`
// (contract.Incident) plus how many events and documents report it. As in
// events, its counts stay numbers (-1: no report states it) and an
// unresolved place has null lat/lon; its lists of events and documents are
// filled by /api/incidents/{id} only.
type incidentJSON struct {
	contract.Incident
	Reports      int                `json:"reports"`
	ReportDocs   int                `json:"report_docs"`
	Docs         []string           `json:"docs,omitempty"`
	AllDocs      []string           `json:"all_docs,omitempty"`
	Events       []string           `json:"events,omitempty"`
	Location     *incidentPlaceJSON `json:"location,omitempty"`
	Counts       countsJSON         `json:"counts"`
	CountHistory []countReportJSON  `json:"count_history"`
}

type incidentPlaceJSON struct {
	contract.IncidentPlace
	Lat *float64 `json:"lat"`
	Lon *float64 `json:"lon"`
}

type countReportJSON struct {
	contract.CountReport
	Counts countsJSON `json:"counts"`
}

func encodeIncident(inc *sitrep.StoredIncident) *incidentJSON {
	c := inc.Counts
	out := &incidentJSON{
		Incident: contract.NewIncident(&inc.Incident), Reports: inc.Reports, ReportDocs: inc.ReportDocs,
		Docs: inc.Leads, AllDocs: inc.Docs, Events: inc.Events,
		Counts:       countsJSON{c.Killed, c.Injured, c.Arrested, c.Events},
		CountHistory: make([]countReportJSON, len(inc.CountHistory)),
	}
	if l := out.Incident.Location; l != nil {
		out.Location = &incidentPlaceJSON{IncidentPlace: *l}
		if inc.Location.Resolved() {
			out.Location.Lat, out.Location.Lon = &l.Lat, &l.Lon
		}
	}
	for i, r := range out.Incident.CountHistory {
		c := inc.CountHistory[i].Counts
		out.CountHistory[i] = countReportJSON{CountReport: r, Counts: countsJSON{c.Killed, c.Injured, c.Arrested, c.Events}}
	}
	return out
}

// Entities and toponyms are the contract's (annotate's and geoparse's),
// with the actor's offsets as the API gave them before.
type entityJSON struct {
	contract.Entity
	Actor *entityActorJSON `json:"actor,omitempty"`
}

type entityActorJSON struct {
	contract.EntityActor
	Start int `json:"start"`
	End   int `json:"end"`
}

type documentJSON struct {
	ID        string                `json:"id"`
	URL       string                `json:"url,omitempty"`
	Title     string                `json:"title,omitempty"`
	Author    string                `json:"author,omitempty"`
	Date      string                `json:"date,omitempty"`
	Lang      string                `json:"lang,omitempty"`
	Text      string                `json:"text"`
	Sentences [][2]int              `json:"sentences"`
	Entities  []entityJSON          `json:"entities"`
	Toponyms  []contract.GeoToponym `json:"toponyms"`
	Removed   []sitrep.Removal      `json:"removed,omitempty"`
}

func encodeDocument(d *sitrep.Document) *documentJSON {
	out := &documentJSON{ID: d.ID, URL: d.URL, Title: d.Title, Author: d.Author, Lang: d.Lang, Text: d.Text,
		Sentences: make([][2]int, len(d.Sentences)), Entities: make([]entityJSON, len(d.Entities)),
		Toponyms: contract.NewGeoDoc(d).Toponyms, Removed: d.Removed}
	if !d.Date.IsZero() {
		out.Date = d.Date.Format(time.RFC3339)
	}
	for i, s := range d.Sentences {
		out.Sentences[i] = [2]int{s.Start, s.End}
	}
	for i, e := range contract.NewEntities(d) {
		out.Entities[i].Entity = e
		if e.Actor != nil {
			out.Entities[i].Actor = &entityActorJSON{EntityActor: *e.Actor, Start: e.Start, End: e.End}
		}
	}
	return out
}
