package sqlitetest

import (
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Coder stands in for the event coder in tests of storing and queueing: it
// gives each synthetic document (Document(Seed, i, Events)) back the
// annotations made for it, at the offset where their text lies in the
// cleaned text (so what cleaning cut shows in the events), Delay after it
// starts, so that a kill can land mid-run. Documents of other origins get
// none.
type Coder struct {
	Seed, Events int
	Delay        time.Duration
}

// Name names the stage.
func (Coder) Name() string { return "fixture-coder" }

// Annotate gives doc its synthetic annotations.
func (c Coder) Annotate(doc *sitrep.Document) error {
	i, err := strconv.Atoi(strings.TrimPrefix(doc.ID, "synthetic-"+strconv.Itoa(c.Seed)+"-"))
	if err != nil {
		return err
	}
	want := Document(uint64(c.Seed), i, c.Events)
	at := strings.Index(doc.Text, want.Text)
	if at < 0 {
		return nil
	}
	doc.Sentences, doc.Entities, doc.Toponyms, doc.Events = want.Sentences, want.Entities, want.Toponyms, want.Events
	shiftSpans(doc, at)
	time.Sleep(c.Delay)
	return nil
}

// shiftSpans moves every span of doc's annotations by d bytes.
func shiftSpans(doc *sitrep.Document, d int) {
	sh := func(s *sitrep.Span) { s.Start += d; s.End += d }
	for i := range doc.Sentences {
		sh(&doc.Sentences[i].Span)
	}
	for i := range doc.Entities {
		sh(&doc.Entities[i].Span)
	}
	for i := range doc.Toponyms {
		sh(&doc.Toponyms[i].Span)
	}
	for i := range doc.Events {
		e := &doc.Events[i]
		sh(&e.Trigger)
		for _, l := range [][]sitrep.ActorMention{e.Source, e.Target} {
			for j := range l {
				sh(&l[j].Span)
			}
		}
		for j := range e.Evidence {
			sh(&e.Evidence[j])
		}
		if e.Location != nil {
			sh(&e.Location.Span)
		}
		if e.Date != nil {
			sh(&e.Date.Span)
		}
	}
}
