package quotes

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// Direct quotations shorter than minWords words are left out unless a cue
// introduces them: short quoted phrases are mostly titles and scare quotes
// ("so-called “midnight rules”").
const minWords = 8

// direct finds the quotations in quotation marks. A quotation that holds
// most of the content of a reported-speech quote becomes that quote's content
// ("X said, “A. B.”"); one that follows a cue next to it gets that cue's
// speaker (“…,” she said; He said: “…”); one that follows a speaker's
// quotation without a cue of its own, or with the same cue, continues it
// (“A,” she said. “B.”; “A,” she said, “B.”).
// The content keeps its marks.
func (s *Stage) direct(w *work) {
	doc := w.doc
	last := -1 // the quote a next quotation may continue
	for _, m := range w.marks {
		inner := sitrep.Span{Start: m.Start + m.open, End: m.End - m.close}
		if inner.Len() <= 0 {
			continue
		}
		if i := overlapping(doc.Quotes, inner); i >= 0 {
			q := &doc.Quotes[i]
			q.Content = sitrep.Span{Start: min(q.Content.Start, m.Start), End: max(q.Content.End, m.End)}
			q.Direct = true
			last = i
			continue
		}
		first, end := tokenRange(doc, inner)
		cue := s.cueNear(w, first, end)
		// A quotation without a cue of its own, or with the cue of the
		// quotation before it (“A,” she said, “B.”), continues it.
		if last >= 0 && (cue < 0 || doc.Quotes[last].Cue == w.cueSpan(cue)) && continues(doc, &doc.Quotes[last], m.Span) {
			q := &doc.Quotes[last]
			q.Content.End = max(q.Content.End, m.End)
			continue
		}
		if cue < 0 && end-first < minWords {
			continue
		}
		q := sitrep.Quote{Content: m.Span, Direct: true}
		if cue >= 0 && cue < first && end-first < minWords {
			// A few quoted words after their cue are part of what it
			// reports (said the plan was “a disaster”): they join
			// the cue's quote, or the cue's complement is the content.
			if i := w.quoteOf(w.cueSpan(cue)); i >= 0 {
				qi := &doc.Quotes[i]
				qi.Content = sitrep.Span{Start: min(qi.Content.Start, m.Start), End: max(qi.Content.End, m.End)}
				last = i
				continue
			}
			start := doc.Tokens[cue+1].Start
			cend := m.End
			if c := w.child(cue, "ccomp", "xcomp", "obj"); c > cue {
				start = w.subtree(c).Start
				cend = max(cend, w.complementEnd(cue, c))
			}
			q.Content = trim(doc.Text, sitrep.Span{Start: min(start, m.Start), End: cend})
			q.Direct = false
		}
		if cue >= 0 {
			q.Cue = w.cueSpan(cue)
			if sp := w.speaker(cue); sp >= 0 {
				q.Speaker = w.subtree(sp, speakerSkip...)
				if e := w.ent[sp]; e >= 0 {
					q.Actor = doc.Entities[e].Actor
				}
			} else if sp, e := w.nameNear(cue, first, end); sp.Len() > 0 {
				q.Speaker = sp
				if e >= 0 {
					q.Actor = doc.Entities[e].Actor
				}
			}
		}
		doc.Quotes = append(doc.Quotes, q)
		last = len(doc.Quotes) - 1
	}
}

// quoteOf is the index of the quote with cue span c, -1 if none.
func (w *work) quoteOf(c sitrep.Span) int {
	for i := range w.doc.Quotes {
		if w.doc.Quotes[i].Cue == c {
			return i
		}
	}
	return -1
}

// continues reports whether a quotation starting at next follows the
// content of quote q within the next sentence or two: no more than a
// speaker and cue ("she said.") lies between them, or, in the same
// paragraph, the rest of the sentence of q's cue (“A,” she said on Monday
// at a dinner in Washington. “B.”).
func continues(doc *sitrep.Document, q *sitrep.Quote, next sitrep.Span) bool {
	if next.Start < q.Content.End {
		return false
	}
	gap := doc.Text[q.Content.End:next.Start]
	if len(gap) <= 80 && strings.Count(gap, "\n\n") <= 1 {
		return true
	}
	return q.Cue.Start >= q.Content.End && q.Cue.End <= next.Start && strings.IndexByte(gap, '\n') < 0
}

// overlapping is the index of the quote whose content shares the most with
// sp, when that is more than half of either; -1 if none.
func overlapping(qs []sitrep.Quote, sp sitrep.Span) int {
	best, most := -1, 0
	for i, q := range qs {
		n := min(q.Content.End, sp.End) - max(q.Content.Start, sp.Start)
		if n > most && (2*n > sp.Len() || 2*n > q.Content.Len()) {
			best, most = i, n
		}
	}
	return best
}

// mark is a quotation with its marks; open and close are their lengths in
// bytes.
type mark struct {
	sitrep.Span
	open, close int
}

// quotationMarks pairs “ with ”, “ with ”, and straight double quotes and
// doubled apostrophes (”) with the next of their kind. A quotation still
// open at the end of a paragraph ends there: news style opens each quoted
// paragraph again, and a stray mark must not pair with one paragraphs away.
func quotationMarks(text string) []mark {
	var out []mark
	open := [4]int{-1, -1, -1, -1} // “, ``, ", ''
	lens := [4]int{len("“"), 2, 1, 2}
	closeAll := func(at int) {
		for k, o := range open {
			if o >= 0 && at > o+lens[k] {
				out = append(out, mark{sitrep.Span{Start: o, End: at}, lens[k], 0})
			}
			open[k] = -1
		}
	}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		pair := func(k, closeLen int) {
			out = append(out, mark{sitrep.Span{Start: open[k], End: i + closeLen}, lens[k], closeLen})
			open[k] = -1
		}
		switch {
		case r == '\n':
			end := i
			for end > 0 && (text[end-1] == ' ' || text[end-1] == '\r') {
				end--
			}
			closeAll(end)
		case r == '“':
			open[0] = i
		case r == '”' && open[0] >= 0:
			pair(0, n)
		case r == '"':
			if open[2] < 0 {
				open[2] = i
			} else {
				pair(2, 1)
			}
		case r == '`' && strings.HasPrefix(text[i:], "``"):
			open[1], n = i, 2
		case r == '\'' && strings.HasPrefix(text[i:], "''"):
			n = 2
			switch {
			case open[1] >= 0:
				pair(1, 2)
			case open[3] >= 0:
				pair(3, 2)
			default:
				open[3] = i
			}
		}
		i += n
	}
	closeAll(len(text))
	slices.SortFunc(out, func(a, b mark) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// cueNear finds a cue verb outside tokens [first, end) in the sentences the
// quotation starts and ends in: after it first, then before it; -1 if none.
func (s *Stage) cueNear(w *work, first, end int) int {
	doc := w.doc
	if first >= end {
		return -1
	}
	lo := sentenceOf(doc, first).FirstToken
	hi := sentenceOf(doc, end-1).EndToken
	// A quotation that ends its sentence may have its cue in the next:
	// “… .” He said.
	if hi == end || hi == end+1 {
		if next := sentenceOf(doc, hi); next.FirstToken == hi && next.EndToken-next.FirstToken <= 8 {
			hi = next.EndToken
		}
	}
	isCue := func(t int) bool {
		tok := &doc.Tokens[t]
		return (tok.UPOS == "VERB" || tok.UPOS == "AUX") && s.cues[strings.ToLower(tok.Lemma)]&(treebankCue|communication) != 0
	}
	for t := end; t < hi && t < len(doc.Tokens); t++ {
		if isCue(t) {
			return t
		}
	}
	for t := first - 1; t >= lo; t-- {
		if isCue(t) {
			return t
		}
	}
	return -1
}

// nameNear is the name or pronoun next to cue t outside the quotation
// [first, end), for sentences without a parse ("…,” said Ms Khar), and its
// entity (-1: a pronoun).
func (w *work) nameNear(t, first, end int) (sitrep.Span, int) {
	doc := w.doc
	for _, d := range []int{1, -1, 2, -2, 3} {
		u := t + d
		if u < 0 || u >= len(doc.Tokens) || u >= first && u < end {
			continue
		}
		if e := w.ent[u]; e >= 0 {
			return doc.Entities[e].Span, int(e)
		}
		if doc.Tokens[u].UPOS == "PRON" {
			return doc.Tokens[u].Span, -1
		}
	}
	return sitrep.Span{}, -1
}

func sentenceOf(doc *sitrep.Document, t int) sitrep.Sentence {
	i, _ := slices.BinarySearchFunc(doc.Sentences, t, func(s sitrep.Sentence, t int) int {
		switch {
		case s.EndToken <= t:
			return -1
		case s.FirstToken > t:
			return 1
		}
		return 0
	})
	if i >= len(doc.Sentences) {
		return sitrep.Sentence{FirstToken: len(doc.Tokens), EndToken: len(doc.Tokens)}
	}
	return doc.Sentences[i]
}

// tokenRange returns the tokens [first, end) a span covers.
func tokenRange(doc *sitrep.Document, sp sitrep.Span) (int, int) {
	first, _ := slices.BinarySearchFunc(doc.Tokens, sp.Start, func(t sitrep.Token, at int) int { return cmp.Compare(t.End, at+1) })
	end := first
	for end < len(doc.Tokens) && doc.Tokens[end].Start < sp.End {
		end++
	}
	return first, end
}

// quoted reports whether a content span is a quotation in marks.
func quoted(text string, sp sitrep.Span) bool {
	before := strings.TrimRight(text[max(0, sp.Start-4):sp.Start], " ")
	after := strings.TrimLeft(text[sp.End:min(len(text), sp.End+4)], " ")
	return (strings.HasSuffix(before, "“") || strings.HasSuffix(before, `"`)) &&
		(strings.HasPrefix(after, "”") || strings.HasPrefix(after, `"`) || strings.HasPrefix(after, ",”") || strings.HasPrefix(after, ".”"))
}

// sortQuotes orders quotes by their content and drops repeats of one.
func sortQuotes(qs []sitrep.Quote) []sitrep.Quote {
	slices.SortStableFunc(qs, func(a, b sitrep.Quote) int {
		if c := cmp.Compare(a.Content.Start, b.Content.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.Content.End, b.Content.End)
	})
	return slices.CompactFunc(qs, func(a, b sitrep.Quote) bool { return a.Content == b.Content })
}

// dropNested drops the quotes whose cue lies in the content of another:
// what the outer speaker reports includes who said what inside it ("X said
// Y told police that …" attributes to X), and the embedded attribution is
// the outer speaker's, not the article's.
func dropNested(qs []sitrep.Quote) []sitrep.Quote {
	nested := func(q *sitrep.Quote) bool {
		if q.Cue.Len() == 0 {
			return false
		}
		for i := range qs {
			o := &qs[i]
			if o != q && o.Content.Contains(q.Cue) && !q.Content.Contains(o.Cue) {
				return true
			}
		}
		return false
	}
	drop := make([]bool, len(qs))
	for i := range qs {
		drop[i] = nested(&qs[i])
	}
	out := qs[:0]
	for i, q := range qs {
		if !drop[i] {
			out = append(out, q)
		}
	}
	return out
}

// Attribute gives each claimed or denied event of doc that has no source of
// the claim the speaker of the quote its trigger lies in.
func Attribute(doc *sitrep.Document) {
	for i := range doc.Events {
		ev := &doc.Events[i]
		if ev.AttributedTo != nil || ev.Realis != sitrep.Claimed && ev.Realis != sitrep.Denied {
			continue
		}
		for _, q := range doc.Quotes {
			if q.Speaker.Len() == 0 || !q.Content.Contains(ev.Trigger) {
				continue
			}
			a := sitrep.ActorMention{Span: q.Speaker}
			if q.Actor != nil {
				a.Actor = *q.Actor
			} else {
				a.Name = q.Speaker.Of(doc.Text)
			}
			ev.AttributedTo = &a
			break
		}
	}
}
