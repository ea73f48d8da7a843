package contract

import (
	"encoding/json"

	"github.com/sitrep-dev/sitrep"
)

// Annotated is the object `sitrep annotate` writes for each document: the
// extract fields plus its entities.
type Annotated struct {
	ID       string   `json:"id"`
	URL      string   `json:"url"`
	Title    string   `json:"title"`
	Date     string   `json:"date"`
	Text     string   `json:"text"`
	Entities []Entity `json:"entities"`
	Quotes   []Quote  `json:"quotes"`
}

// Quote is a statement the text attributes to a speaker; speaker and cue are
// null when the text gives none, the speaker's actor when it is unresolved.
type Quote struct {
	Content TextSpan      `json:"content"`
	Speaker *QuoteSpeaker `json:"speaker"`
	Cue     *TextSpan     `json:"cue"`
	Direct  bool          `json:"direct"`
}

// QuoteSpeaker is who a quote is attributed to.
type QuoteSpeaker struct {
	TextSpan
	Actor *EntityActor `json:"actor,omitempty"`
}

// NewQuotes converts doc's quotes.
func NewQuotes(doc *sitrep.Document) []Quote {
	out := make([]Quote, 0, len(doc.Quotes))
	text := func(s sitrep.Span) string { return s.Of(doc.Text) }
	for _, q := range doc.Quotes {
		j := Quote{Content: textSpan(text, q.Content), Direct: q.Direct}
		if q.Speaker.Len() > 0 {
			j.Speaker = &QuoteSpeaker{TextSpan: textSpan(text, q.Speaker)}
			if a := q.Actor; a != nil {
				j.Speaker.Actor = &EntityActor{ID: a.ID, Name: a.Name, Country: a.Country, Sector: a.Sector, Code: a.Code, Wikidata: a.Wikidata, Role: a.Role}
			}
		}
		if q.Cue.Len() > 0 {
			c := textSpan(text, q.Cue)
			j.Cue = &c
		}
		out = append(out, j)
	}
	return out
}

// Entity is a mention with its resolved actor. Label is PER, ORG, LOC, GPE,
// NORP, AGENT (a generic agent such as "security forces", or "the group") or
// PRON (he, she linked to a person); mentions with
// one cluster number refer to one referent; metonymy is set when a place
// stands for its government ("Islamabad said").
type Entity struct {
	Text     string       `json:"text"`
	Start    int          `json:"start"`
	End      int          `json:"end"`
	Label    string       `json:"label"`
	Actor    *EntityActor `json:"actor,omitempty"`
	Cluster  int          `json:"cluster,omitempty"`
	Metonymy bool         `json:"metonymy,omitempty"`
}

// EntityActor is the actor an entity resolves to; country is ISO 3166-1
// alpha-3, sector a PLOVER sector, code CAMEO-style (country then sector).
type EntityActor struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Country  string `json:"country"`
	Sector   string `json:"sector"`
	Code     string `json:"code"`
	Wikidata string `json:"wikidata"`
	Role     string `json:"role,omitempty"`
}

// NewEntities converts doc's entities.
func NewEntities(doc *sitrep.Document) []Entity {
	out := make([]Entity, 0, len(doc.Entities))
	for _, e := range doc.Entities {
		j := Entity{Text: e.Of(doc.Text), Start: e.Start, End: e.End, Label: string(e.Label), Cluster: e.Cluster, Metonymy: e.Metonymy}
		if a := e.Actor; a != nil {
			j.Actor = &EntityActor{ID: a.ID, Name: a.Name, Country: a.Country, Sector: a.Sector, Code: a.Code, Wikidata: a.Wikidata, Role: a.Role}
		}
		out = append(out, j)
	}
	return out
}

// AppendAnnotated appends doc's annotate object and a newline to b.
func AppendAnnotated(b []byte, doc *sitrep.Document) ([]byte, error) {
	out, err := json.Marshal(Annotated{ID: doc.ID, URL: doc.URL, Title: doc.Title,
		Date: FormatDate(doc.Date, doc.DateHasTime), Text: doc.Text, Entities: NewEntities(doc), Quotes: NewQuotes(doc)})
	if err != nil {
		return b, err
	}
	return append(append(b, out...), '\n'), nil
}
