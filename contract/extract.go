package contract

import (
	"encoding/json"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Extracted is the object `sitrep extract` writes for each document.
type Extracted struct {
	ID              string           `json:"id"`
	URL             string           `json:"url"`
	Title           string           `json:"title"`
	Date            string           `json:"date"`
	Author          string           `json:"author"`
	Lang            string           `json:"lang"`
	Text            string           `json:"text"`
	Format          string           `json:"format"`
	Source          string           `json:"source"`
	Removed         []sitrep.Removal `json:"removed"`
	NearDuplicateOf string           `json:"near_duplicate_of"`
}

// NewExtracted builds the extract object of doc.
func NewExtracted(doc *sitrep.Document) Extracted {
	removed := doc.Removed
	if removed == nil {
		removed = []sitrep.Removal{}
	}
	return Extracted{
		ID: doc.ID, URL: doc.URL, Title: doc.Title, Date: FormatDate(doc.Date, doc.DateHasTime),
		Author: doc.Author, Lang: doc.Lang, Text: doc.Text, Format: doc.Format, Source: doc.Source,
		Removed: removed, NearDuplicateOf: doc.NearDuplicateOf,
	}
}

// AppendExtracted appends doc's extract object and a newline to b.
func AppendExtracted(b []byte, doc *sitrep.Document) ([]byte, error) {
	out, err := json.Marshal(NewExtracted(doc))
	if err != nil {
		return b, err
	}
	return append(append(b, out...), '\n'), nil
}

// FormatDate writes a publication date as the contract reads it: "" when
// unknown, YYYY-MM-DD for a day, RFC 3339 for a time with its zone, and the
// time without offset when the source gave no zone (sitrep.UnknownZone).
func FormatDate(t time.Time, hasTime bool) string {
	switch {
	case t.IsZero():
		return ""
	case !hasTime:
		return t.Format(time.DateOnly)
	case t.Location() == sitrep.UnknownZone:
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format(time.RFC3339)
}
