package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// maxLabel is the most tokens a speaker's label before a colon may have.
const maxLabel = 5

// turns finds the paragraphs that open with a speaker's label and a colon —
// a transcript's turns ("HOST: Welcome back …", "Q: …") and headlines
// ("Mayor: We will rebuild") — and makes the rest of each paragraph a quote of
// the label: names the entity stage found, or words in capitals.
func (w *work) turns() {
	doc := w.doc
	toks := doc.Tokens
	w.turnSpans = w.turnSpans[:0]
	for _, st := range doc.Sentences {
		ls := strings.LastIndexByte(doc.Text[:st.Start], '\n') + 1
		if strings.Trim(doc.Text[ls:st.Start], " \t\"“") != "" {
			continue // not a paragraph's start
		}
		c := -1
		for t := st.FirstToken; t < st.EndToken && t <= st.FirstToken+maxLabel; t++ {
			if toks[t].Of(doc.Text) == ":" {
				c = t
				break
			}
		}
		if c <= st.FirstToken || !w.isLabel(st.FirstToken, c) {
			continue
		}
		end := strings.IndexByte(doc.Text[toks[c].End:], '\n')
		if end < 0 {
			end = len(doc.Text) - toks[c].End
		}
		content := trim(doc.Text, sitrep.Span{Start: toks[c].End, End: toks[c].End + end})
		if content.Len() == 0 {
			continue
		}
		q := sitrep.Quote{Content: content, Speaker: sitrep.Span{Start: toks[st.FirstToken].Start, End: toks[c-1].End}, Cue: toks[c].Span}
		if e := w.ent[st.FirstToken]; e >= 0 && doc.Entities[e].EndToken >= c {
			q.Actor = doc.Entities[e].Actor
		}
		doc.Quotes = append(doc.Quotes, q)
		w.turnSpans = append(w.turnSpans, content)
	}
}

// isLabel reports whether tokens [first, end) name a speaker: capitalised
// words that are all in entities or all in capitals.
func (w *work) isLabel(first, end int) bool {
	doc := w.doc
	names, caps := true, true
	for t := first; t < end; t++ {
		s := doc.Tokens[t].Of(doc.Text)
		r, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsUpper(r) {
			return false
		}
		names = names && w.ent[t] >= 0
		caps = caps && strings.ToUpper(s) == s
	}
	return names || caps
}
