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
		if !paragraphStart(doc.Text, st.Start) {
			continue
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
		if !w.hasVerb(content) {
			continue // a tally or a title ("Smith: 412."), not a statement
		}
		q := sitrep.Quote{Content: content, Speaker: sitrep.Span{Start: toks[st.FirstToken].Start, End: toks[c-1].End}, Cue: toks[c].Span}
		if e := w.ent[st.FirstToken]; e >= 0 && doc.Entities[e].EndToken >= c {
			q.Actor = doc.Entities[e].Actor
		}
		doc.Quotes = append(doc.Quotes, q)
		w.turnSpans = append(w.turnSpans, content)
	}
}

// hasVerb reports whether span sp holds a verb.
func (w *work) hasVerb(sp sitrep.Span) bool {
	first, end := tokenRange(w.doc, sp)
	for t := first; t < end; t++ {
		if u := w.doc.Tokens[t].UPOS; u == "VERB" || u == "AUX" {
			return true
		}
	}
	return false
}

// paragraphStart reports whether only spaces and opening quotation marks
// lie between the line's start and i.
func paragraphStart(text string, i int) bool {
	for i > 0 {
		switch {
		case text[i-1] == '\n':
			return true
		case text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '"':
			i--
		case strings.HasSuffix(text[:i], "“"):
			i -= len("“")
		default:
			return false
		}
	}
	return true
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
