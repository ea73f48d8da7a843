package contract

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// QuoteChars is a quote as `sitrep eval quotes` writes it for
// ../shared/eval/score_quotes.py: character (not byte) offsets, null where
// the text gives no speaker or cue.
type QuoteChars struct {
	ContentStart int  `json:"content_start"`
	ContentEnd   int  `json:"content_end"`
	SpeakerStart *int `json:"speaker_start"`
	SpeakerEnd   *int `json:"speaker_end"`
	CueStart     *int `json:"cue_start"`
	CueEnd       *int `json:"cue_end"`
}

// AppendQuoteChars appends the line of `sitrep eval quotes` for doc:
// {"id", "quotes": [QuoteChars...]}.
func AppendQuoteChars(b []byte, doc *sitrep.Document) ([]byte, error) {
	char := charOffsets(doc.Text)
	out := struct {
		ID     string       `json:"id"`
		Quotes []QuoteChars `json:"quotes"`
	}{ID: doc.ID, Quotes: []QuoteChars{}}
	opt := func(sp sitrep.Span) (*int, *int) {
		if sp.Len() == 0 {
			return nil, nil
		}
		s, e := char(sp.Start), char(sp.End)
		return &s, &e
	}
	for _, q := range doc.Quotes {
		j := QuoteChars{ContentStart: char(q.Content.Start), ContentEnd: char(q.Content.End)}
		j.SpeakerStart, j.SpeakerEnd = opt(q.Speaker)
		j.CueStart, j.CueEnd = opt(q.Cue)
		out.Quotes = append(out.Quotes, j)
	}
	line, err := json.Marshal(out)
	if err != nil {
		return b, err
	}
	return append(append(b, line...), '\n'), nil
}

// charOffsets maps byte offsets of text to character offsets.
func charOffsets(text string) func(int) int {
	idx := make([]int32, len(text)+1)
	n := int32(0)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for k := range size {
			idx[i+k] = n
		}
		i += size
		n++
	}
	idx[len(text)] = n
	return func(b int) int { return int(idx[min(max(b, 0), len(text))]) }
}
