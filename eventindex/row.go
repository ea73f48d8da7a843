package eventindex

import (
	"encoding/json"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep-dev/sitrep"
)

// RowOf gives the filter columns of ev, an event of doc; ID is left zero.
func RowOf(doc *sitrep.Document, ev *sitrep.Event) Row {
	r := Row{Day: -1, Type: string(ev.Type), Realis: string(ev.Realis), Conf: ev.Confidence,
		Src: firstCode(ev.Source), Tgt: firstCode(ev.Target), SrcName: firstName(ev.Source), TgtName: firstName(ev.Target),
		Actors: ActorKeys(doc.Text, ev)}
	switch {
	case ev.Date != nil && !ev.Date.Start.IsZero():
		r.Day = int32(DayNumber(ev.Date.Start))
	case !doc.Date.IsZero():
		r.Day, r.Inferred = int32(DayNumber(doc.Date)), true
	}
	if l := ev.Location; l != nil {
		r.Country, r.Admin1, r.Place, r.Precision = l.Country, l.Admin1, l.Name, string(l.Precision)
		if l.Inherited {
			r.Precision = "inherited"
		}
		r.Lat, r.Lon, r.HasPoint = l.Lat, l.Lon, l.Resolved()
	}
	return r
}

// EvidenceSpans are the spans that state ev: its evidence, else its
// sentence, else its trigger. The first is the event's evidence span in the
// API; stores index the text of all of them for full-text search.
func EvidenceSpans(doc *sitrep.Document, ev *sitrep.Event) []sitrep.Span {
	if len(ev.Evidence) > 0 {
		return ev.Evidence
	}
	if ev.Sentence >= 0 && ev.Sentence < len(doc.Sentences) {
		return []sitrep.Span{doc.Sentences[ev.Sentence].Span}
	}
	return []sitrep.Span{ev.Trigger}
}

// AppendEvidence appends the texts of spans to b, one a line.
func AppendEvidence(b []byte, text string, spans []sitrep.Span) []byte {
	for _, sp := range spans {
		b = append(b, sp.Of(text)...)
		b = append(b, '\n')
	}
	return b
}

// ActorKeys lists, space-separated, the name, mention, code, country, sector
// and country-and-sector of every source and target actor of ev, each as one
// word; the index answers actor filters from them.
func ActorKeys(text string, ev *sitrep.Event) string {
	var b strings.Builder
	for _, list := range [2][]sitrep.ActorMention{ev.Source, ev.Target} {
		for _, a := range list {
			// The actor's name and the words that mention it ("Khar" for
			// Hina Rabbani Khar) both find it.
			mention := a.Of(text)
			if strings.EqualFold(mention, a.Name) {
				mention = ""
			}
			for _, k := range [...]struct{ prefix, v string }{{"n_", a.Name}, {"n_", mention}, {"c_", a.Code}, {"k_", a.Country}, {"s_", a.Sector}} {
				if k.v != "" {
					b.WriteString(actorKey(k.prefix, k.v))
					b.WriteByte(' ')
				}
			}
			if a.Country != "" && a.Sector != "" {
				b.WriteString(actorKey("ks_", a.Country+"_"+a.Sector))
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// actorKey makes one word of a value: lower case, every other character than
// a letter or digit an underscore.
func actorKey(prefix, v string) string {
	return prefix + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return '_'
	}, v)
}

func firstCode(l []sitrep.ActorMention) string {
	if len(l) == 0 {
		return ""
	}
	return l[0].Code
}

func firstName(l []sitrep.ActorMention) string {
	if len(l) == 0 {
		return ""
	}
	return l[0].Name
}

// DayNumber is the number of days from 1970-01-01 to t's calendar day.
func DayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// DayTime is the day n days after 1970-01-01, zero for a negative n.
func DayTime(n int64) time.Time {
	if n < 0 {
		return time.Time{}
	}
	return time.Unix(n*86400, 0).UTC()
}

// storedEvent is an event as stores keep it, in JSON. EventDate's Start and
// End (days) hide the Start and End of its Span from encoding/json, so the
// span of the date's text travels beside it.
type storedEvent struct {
	sitrep.Event
	DateSpan *sitrep.Span `json:",omitempty"`
}

// MarshalEvent is the JSON a store keeps ev as, with every span.
func MarshalEvent(ev *sitrep.Event) ([]byte, error) {
	se := storedEvent{Event: *ev}
	if ev.Date != nil {
		se.DateSpan = &ev.Date.Span
	}
	return json.Marshal(&se)
}

// UnmarshalEvent reads what MarshalEvent wrote into ev.
func UnmarshalEvent(data []byte, ev *sitrep.Event) error {
	var se storedEvent
	if err := json.Unmarshal(data, &se); err != nil {
		return err
	}
	*ev = se.Event
	if ev.Date != nil && se.DateSpan != nil {
		ev.Date.Span = *se.DateSpan
	}
	return nil
}
