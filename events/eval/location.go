package eval

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/pipeline"
)

// LocationItem is one sentence of the event-location set: the event verb's
// span and the gold location span (Loc.End == 0 when the event has none).
// Spans are byte offsets.
type LocationItem struct {
	Text      string
	Verb, Loc sitrep.Span
}

// Parts of the event-location set ReadLocations returns.
const (
	Dev     = iota // the four fifths the location model is trained on
	HeldOut        // the fifth it never sees (by a hash of the text)
	All            // every record (a separate test file)
)

// ReadLocations reads the event-location set (gzip or plain JSONL with
// "text" and "spans" labelled VERB and LOCATION, character offsets, and
// optional "tokens") and returns the given part of it.
func ReadLocations(path string, part int) ([]LocationItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = zr
	}
	var out []LocationItem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		var rec struct {
			Text  string `json:"text"`
			Spans []struct {
				Start      int    `json:"start"`
				End        int    `json:"end"`
				TokenStart *int   `json:"token_start"`
				TokenEnd   *int   `json:"token_end"`
				Label      string `json:"label"`
			} `json:"spans"`
			Tokens []struct {
				Start int `json:"start"`
				End   int `json:"end"`
			} `json:"tokens"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if part != All && (crc32.ChecksumIEEE([]byte(rec.Text))%5 == 0) != (part == HeldOut) {
			continue
		}
		it := LocationItem{Text: rec.Text}
		b := charToByte(rec.Text)
		ok := false
		for _, s := range rec.Spans {
			// Some records' character offsets are off while their token
			// offsets (inclusive) are right: prefer the tokens.
			if s.TokenStart != nil && s.TokenEnd != nil && *s.TokenStart >= 0 && *s.TokenStart <= *s.TokenEnd && *s.TokenEnd < len(rec.Tokens) {
				s.Start, s.End = rec.Tokens[*s.TokenStart].Start, rec.Tokens[*s.TokenEnd].End
			}
			if s.Start < 0 || s.End >= len(b) || s.Start > s.End {
				continue
			}
			sp := sitrep.Span{Start: b[s.Start], End: b[s.End]}
			switch s.Label {
			case "VERB":
				it.Verb, ok = sp, true
			case "LOCATION":
				if it.Loc.End == 0 {
					it.Loc = sp
				}
			}
		}
		if ok {
			out = append(out, it)
		}
	}
	return out, sc.Err()
}

// charToByte maps character offsets of s to byte offsets.
func charToByte(s string) []int {
	m := make([]int, 0, len(s)+1)
	for i := range s {
		m = append(m, i)
	}
	return append(m, len(s))
}

// LocationResult holds the event-location figures.
type LocationResult struct {
	Items, Located int
	// Accuracy is over events with a gold location: the predicted span is
	// the gold one or overlaps it.
	Accuracy float64
	// Forced is the accuracy when the coder must name a place for each
	// event with a gold location (no "none").
	Forced float64
	// NoneRight is the share of events without a gold location for which no
	// location was predicted.
	NoneRight float64
	// OnVerb counts the sentences where the coder, reading the sentence
	// alone, codes an event on the annotated event verb; Elsewhere those
	// where it codes events but none on it. The set's verbs are events of
	// newswire (attacks, arrests, protests, and some disasters and crimes),
	// so this reads how much news violence the coder finds.
	OnVerb, Elsewhere int
}

// LocationCoder codes a sentence's events and places a given event verb.
type LocationCoder interface {
	Annotate(doc *sitrep.Document) error
	Locate(doc *sitrep.Document, verb sitrep.Span, force bool) *sitrep.EventLocation
}

// Locations runs annotate (every stage before events) on each sentence,
// asks coder for the location of its event verb, and codes its events.
func Locations(items []LocationItem, annotate Annotator, coder LocationCoder) (LocationResult, error) {
	var res LocationResult
	ok, forced, none, noneOK := 0, 0, 0, 0
	for i, it := range items {
		doc := &sitrep.Document{ID: fmt.Sprint(i), Text: it.Text, Format: "text"}
		if err := annotate(doc); err != nil {
			return res, err
		}
		p := coder.Locate(doc, it.Verb, false)
		if it.Loc.End == 0 {
			none++
			if p == nil {
				noneOK++
			}
		} else {
			res.Located++
			if p != nil && p.Span.Overlaps(it.Loc) {
				ok++
			}
			if p = coder.Locate(doc, it.Verb, true); p != nil && p.Span.Overlaps(it.Loc) {
				forced++
			}
		}
		if err := coder.Annotate(doc); err != nil {
			return res, err
		}
		switch {
		case slices.ContainsFunc(doc.Events, func(e sitrep.Event) bool { return e.Trigger.Overlaps(it.Verb) }):
			res.OnVerb++
		case len(doc.Events) > 0:
			res.Elsewhere++
		}
	}
	res.Items = len(items)
	if res.Located > 0 {
		res.Accuracy = float64(ok) / float64(res.Located)
		res.Forced = float64(forced) / float64(res.Located)
	}
	if none > 0 {
		res.NoneRight = float64(noneOK) / float64(none)
	}
	return res, nil
}

// LocationPipeline returns the stages the event-location ranker is trained
// and measured after, and the coder whose Locate answers with ranker locs
// (nil: the embedded one): the standard pipeline without cleaning (the gold
// spans index the raw sentence) and without the events stage. Every
// sentence is parsed: the event verb is given, and a coded event's sentence
// always is; the parse filter would leave a verb the lexicon lacks unparsed,
// so that adding it to the lexicon changed its place.
func LocationPipeline(locs *events.LocModel) (pipeline.Pipeline, *events.Coder, error) {
	p, err := pipeline.New(pipeline.Options{Stages: pipeline.Standard &^ pipeline.Clean, Locations: locs, ParseAll: true})
	if err != nil {
		return nil, nil, err
	}
	return p.Without("events"), p.Coder(), nil
}

// TrainLocation trains an event-location ranker for epochs passes over
// items, each annotated by annotate (the stages of LocationPipeline).
func TrainLocation(items []LocationItem, annotate Annotator, epochs int) (*events.LocModel, error) {
	exs := make([]events.LocExample, 0, len(items))
	for _, it := range items {
		doc := &sitrep.Document{Text: it.Text}
		if err := annotate(doc); err != nil {
			return nil, err
		}
		exs = append(exs, events.LocExample{Doc: doc, Trigger: it.Verb, Gold: it.Loc})
	}
	return events.TrainLocation(exs, epochs), nil
}

// TrainLocationFiles trains the event-location ranker on the development
// four fifths of the event-location set at path, scores it on the held-out
// fifth, writes its meta record, which says both, to w and the model with
// it to the file out.
func TrainLocationFiles(w io.Writer, path, out string) error {
	dev, err := ReadLocations(path, Dev)
	if err != nil {
		return err
	}
	held, err := ReadLocations(path, HeldOut)
	if err != nil {
		return err
	}
	pre, _, err := LocationPipeline(nil)
	if err != nil {
		return err
	}
	m, err := TrainLocation(dev, pre.Annotate, 15)
	if err != nil {
		return err
	}
	_, coder, err := LocationPipeline(m)
	if err != nil {
		return err
	}
	res, err := Locations(held, pre.Annotate, coder)
	if err != nil {
		return err
	}
	meta := fmt.Sprintf("averaged perceptron trained on %d of the %d sentences of 4/5 of the event-location set (ahalterman/event_location, MIT; %d with a gold place that is no candidate); "+
		"held-out fifth: %.3f exact or overlapping with a place named for each located event, %.3f as coded",
		m.Trained, len(dev), m.Missed, res.Forced, res.Accuracy)
	fmt.Fprintln(w, meta)
	return modelfile.Create(out, meta, m.Save)
}

// LocationFile scores the embedded ranker on a part of the event-location
// set at path, after the stages of LocationPipeline.
func LocationFile(path string, part int) (LocationResult, error) {
	items, err := ReadLocations(path, part)
	if err != nil {
		return LocationResult{}, err
	}
	pre, coder, err := LocationPipeline(nil)
	if err != nil {
		return LocationResult{}, err
	}
	return Locations(items, pre.Annotate, coder)
}

// String is the report of `sitrep eval location`.
func (r LocationResult) String() string {
	return fmt.Sprintf("sentences %d, with a gold location %d; no-location events left unlocated %.3f\n"+
		"event verbs coded as events %d (%.3f); sentences with events on other words only %d, with none %d\n"+
		"as coded (the model may say none) %.3f\n"+
		"event-location accuracy (exact or overlapping; a place named for each located event) %.3f\n",
		r.Items, r.Located, r.NoneRight, r.OnVerb, float64(r.OnVerb)/float64(max(1, r.Items)), r.Elsewhere,
		r.Items-r.OnVerb-r.Elsewhere, r.Accuracy, r.Forced)
}
