package http

import (
	"time"

	"github.com/sitrep-dev/sitrep"
)

// The JSON of an event follows the event schema of the command-line contract
// (docs/cli-contract.md), plus the store's numeric "key", "day" and
// "evidence_spans".

type spanJSON struct {
	Text  string `json:"text,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type actorJSON struct {
	Text     string `json:"text,omitempty"`
	Name     string `json:"name,omitempty"`
	Country  string `json:"country,omitempty"`
	Sector   string `json:"sector,omitempty"`
	Code     string `json:"code,omitempty"`
	Wikidata string `json:"wikidata,omitempty"`
	Role     string `json:"role,omitempty"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

type locationJSON struct {
	Text      string   `json:"text,omitempty"`
	Name      string   `json:"name"`
	Lat       *float64 `json:"lat"` // null: the name did not resolve
	Lon       *float64 `json:"lon"`
	GeonameID int      `json:"geonameid,omitempty"`
	Country   string   `json:"country,omitempty"`
	Admin1    string   `json:"admin1,omitempty"`
	Precision string   `json:"precision,omitempty"`
	Inherited bool     `json:"inherited,omitempty"` // the report's main place, not the event's sentence's
	Start     int      `json:"start"`
	End       int      `json:"end"`
}

type dateJSON struct {
	Text      string `json:"text,omitempty"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Precision string `json:"precision,omitempty"`
	SpanStart int    `json:"span_start"`
	SpanEnd   int    `json:"span_end"`
}

type countsJSON struct {
	Killed   int `json:"killed"`
	Injured  int `json:"injured"`
	Arrested int `json:"arrested"`
	Events   int `json:"events"`
}

type eventJSON struct {
	Key           int64         `json:"key"`
	ID            string        `json:"id"`
	DocID         string        `json:"doc_id"`
	Day           string        `json:"day,omitempty"`
	Sentence      int           `json:"sentence"`
	Type          string        `json:"type"`
	Mode          string        `json:"mode,omitempty"`
	Context       []string      `json:"context,omitempty"`
	CAMEO         string        `json:"cameo,omitempty"`
	Source        []actorJSON   `json:"source"`
	Target        []actorJSON   `json:"target"`
	Location      *locationJSON `json:"location,omitempty"`
	Date          *dateJSON     `json:"date,omitempty"`
	Realis        sitrep.Realis `json:"realis"`
	AttributedTo  *actorJSON    `json:"attributed_to,omitempty"`
	Counts        countsJSON    `json:"counts"`
	Trigger       spanJSON      `json:"trigger"`
	Evidence      spanJSON      `json:"evidence"`
	EvidenceSpans []spanJSON    `json:"evidence_spans,omitempty"`
	Confidence    float64       `json:"confidence"`
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

func encodeActors(e *sitrep.StoredEvent, text string, l []sitrep.ActorMention) []actorJSON {
	out := make([]actorJSON, len(l))
	for i := range l {
		out[i] = encodeActor(e, text, &l[i])
	}
	return out
}

func encodeActor(e *sitrep.StoredEvent, text string, a *sitrep.ActorMention) actorJSON {
	return actorJSON{Text: spanText(e, text, a.Span), Name: a.Name, Country: a.Country, Sector: a.Sector, Code: a.Code,
		Wikidata: a.Wikidata, Role: a.Role, Start: a.Start, End: a.End}
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
		Key: e.Key, ID: ev.ID, DocID: e.DocID, Day: date(e.Day), Sentence: ev.Sentence, Type: ev.Type, Mode: ev.Mode,
		Context: ev.Context, CAMEO: ev.CAMEO,
		Source: encodeActors(e, text, ev.Source), Target: encodeActors(e, text, ev.Target),
		Realis:     ev.Realis,
		Counts:     countsJSON{ev.Counts.Killed, ev.Counts.Injured, ev.Counts.Arrested, ev.Counts.Events},
		Trigger:    spanJSON{e.TriggerText, ev.Trigger.Start, ev.Trigger.End},
		Evidence:   spanJSON{e.EvidenceText, e.EvidenceSpan.Start, e.EvidenceSpan.End},
		Confidence: ev.Confidence,
	}
	if l := ev.Location; l != nil {
		out.Location = &locationJSON{Text: spanText(e, text, l.Span), Name: l.Name, GeonameID: l.GeonameID,
			Country: l.Country, Admin1: l.Admin1, Precision: string(l.Precision), Inherited: l.Inherited, Start: l.Start, End: l.End}
		if l.Resolved() {
			lat, lon := l.Lat, l.Lon
			out.Location.Lat, out.Location.Lon = &lat, &lon
		}
	}
	if d := ev.Date; d != nil {
		out.Date = &dateJSON{Text: spanText(e, text, d.Span), Start: date(d.Start), End: date(d.End), Precision: d.Precision,
			SpanStart: d.Span.Start, SpanEnd: d.Span.End}
	}
	if a := ev.AttributedTo; a != nil {
		j := encodeActor(e, text, a)
		out.AttributedTo = &j
	}
	if text != "" {
		for _, sp := range ev.Evidence {
			out.EvidenceSpans = append(out.EvidenceSpans, spanJSON{sp.Of(text), sp.Start, sp.End})
		}
	}
	return out
}

type entityJSON struct {
	Start   int        `json:"start"`
	End     int        `json:"end"`
	Text    string     `json:"text"`
	Label   string     `json:"label"`
	Actor   *actorJSON `json:"actor,omitempty"`
	Cluster int        `json:"cluster,omitempty"`
}

type toponymJSON struct {
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"text"`
	Name     string  `json:"name"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	Country  string  `json:"country,omitempty"`
	Admin1   string  `json:"admin1,omitempty"`
	Metonymy bool    `json:"metonymy,omitempty"`
}

type documentJSON struct {
	ID        string           `json:"id"`
	URL       string           `json:"url,omitempty"`
	Title     string           `json:"title,omitempty"`
	Author    string           `json:"author,omitempty"`
	Date      string           `json:"date,omitempty"`
	Lang      string           `json:"lang,omitempty"`
	Text      string           `json:"text"`
	Sentences [][2]int         `json:"sentences"`
	Entities  []entityJSON     `json:"entities"`
	Toponyms  []toponymJSON    `json:"toponyms"`
	Removed   []sitrep.Removal `json:"removed,omitempty"`
}

func encodeDocument(d *sitrep.Document) *documentJSON {
	out := &documentJSON{ID: d.ID, URL: d.URL, Title: d.Title, Author: d.Author, Lang: d.Lang, Text: d.Text,
		Sentences: make([][2]int, len(d.Sentences)), Entities: make([]entityJSON, len(d.Entities)),
		Toponyms: make([]toponymJSON, len(d.Toponyms)), Removed: d.Removed}
	if !d.Date.IsZero() {
		out.Date = d.Date.Format(time.RFC3339)
	}
	for i, s := range d.Sentences {
		out.Sentences[i] = [2]int{s.Start, s.End}
	}
	for i, e := range d.Entities {
		out.Entities[i] = entityJSON{Start: e.Start, End: e.End, Text: e.Of(d.Text), Label: e.Label, Cluster: e.Cluster}
		if e.Actor != nil {
			a := e.Actor
			out.Entities[i].Actor = &actorJSON{Name: a.Name, Country: a.Country, Sector: a.Sector, Code: a.Code, Wikidata: a.Wikidata, Role: a.Role, Start: e.Start, End: e.End}
		}
	}
	for i, t := range d.Toponyms {
		out.Toponyms[i] = toponymJSON{Start: t.Start, End: t.End, Text: t.Of(d.Text), Name: t.Name, Lat: t.Lat, Lon: t.Lon,
			Country: t.Country, Admin1: t.Admin1, Metonymy: t.Metonymy}
	}
	return out
}
