package contract

import (
	"encoding/json"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Story is the object `sitrep stories` writes for each story.
type Story struct {
	ID    string   `json:"id"`
	Docs  []string `json:"docs"`
	Title string   `json:"title"`
	// First and Last are the publication days of its earliest and latest
	// article, "" when none is dated.
	First string `json:"first"`
	Last  string `json:"last"`
}

// AppendStory appends s's object and a newline to b.
func AppendStory(b []byte, s *sitrep.Story) ([]byte, error) {
	out, err := json.Marshal(Story{ID: s.ID, Docs: s.Docs, Title: s.Title, First: day(s.First), Last: day(s.Last)})
	if err != nil {
		return b, err
	}
	return append(append(b, out...), '\n'), nil
}

// day formats a day as YYYY-MM-DD, "" when zero.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
