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
		j := Entity{Text: e.Of(doc.Text), Start: e.Start, End: e.End, Label: e.Label, Cluster: e.Cluster, Metonymy: e.Metonymy}
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
		Date: FormatDate(doc.Date, doc.DateHasTime), Text: doc.Text, Entities: NewEntities(doc)})
	if err != nil {
		return b, err
	}
	return append(append(b, out...), '\n'), nil
}
