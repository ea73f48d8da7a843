package events

import (
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

// mayFire reports whether a trigger of tokens [first, end) of doc, a whole
// sentence tagged and lemmatized but not parsed (marks[i] the WordMarks of
// token first+i), has an entry that names no word the sentence lacks: most trigger words of the lexicon ("go",
// "take", "work", "accord") code an event only beside a companion ("go on
// strike", "take into custody") or a PETRARCH phrase, and a sentence without
// any of them is not worth its parse. The test reads the lexicon as
// verbTrigger, nounTrigger and pickMarked do, and lets through whatever the
// parse or the names would decide (actor markers, a coordinated subject,
// synsets, an object or clause of any word), so it changes no event.
func (c *Coder) mayFire(doc *sitrep.Document, first, end int, marks []uint8) bool {
	var words []string // of the sentence, made when an entry first asks
	fires := func(es []lexicon.Entry) bool {
		for i := range es {
			if es[i].Type == "" { // a blocking entry codes nothing
				continue
			}
			if words == nil && (len(es[i].With) > 0 || len(es[i].Before)+len(es[i].After) > 0) {
				words = sentenceWords(doc, first, end)
			}
			if mayHold(&es[i], words) {
				return true
			}
		}
		return false
	}
	for i := first; i < end; i++ {
		t := &doc.Tokens[i]
		// The tags verbTrigger and nounTrigger accept.
		noun := t.UPOS == "NOUN" || t.UPOS == "ADJ" || t.XPOS == "VBG"
		if marks[i-first]&MayTrigger != 0 {
			form, lemma := lowerASCII(t.Of(doc.Text)), lowerASCII(lemmaOf(doc, t))
			switch t.UPOS {
			case "VERB", "NOUN", "ADJ", "PROPN":
				if fires(c.lx.VerbForm(form, lemma)) {
					return true
				}
			}
			if noun {
				for _, k := range nounKeys(form, t.XPOS, lemma) {
					if fires(c.lx.Noun(k)) {
						return true
					}
				}
			}
		}
		if h := hyphened(doc, first, i); h != "" && noun && fires(c.lx.Noun(h)) {
			return true
		}
	}
	return false
}

// sentenceWords are the lower-case forms and lemmas of tokens [first, end)
// of doc and the words joined at a hyphen there, which entries' companions
// and phrases are looked for among.
func sentenceWords(doc *sitrep.Document, first, end int) []string {
	words := make([]string, 0, 2*(end-first))
	for i := first; i < end; i++ {
		t := &doc.Tokens[i]
		words = append(words, lowerASCII(t.Of(doc.Text)), lowerASCII(lemmaOf(doc, t)))
		if h := hyphened(doc, first, i); h != "" {
			words = append(words, h)
		}
	}
	return words
}

// lemmaOf is a token's lemma, or its form where it has none.
func lemmaOf(doc *sitrep.Document, t *sitrep.Token) string {
	if t.Lemma == "" || t.Lemma == "_" {
		return t.Of(doc.Text)
	}
	return t.Lemma
}

// mayHold reports whether the words entry e names are among words: one of
// its companions, and the first literal word of each phrase before and
// after it.
func mayHold(e *lexicon.Entry, words []string) bool {
	if len(e.With) > 0 && !slices.ContainsFunc(e.With, func(w string) bool {
		w = strings.TrimPrefix(w, "s:")
		switch {
		case w == negation:
			return slices.ContainsFunc(words, func(w string) bool { return negWords[w] })
		case strings.HasPrefix(w, "_"): // any object or clause
			return true
		}
		return slices.Contains(words, w)
	}) {
		return false
	}
	for _, els := range [2][]string{e.Before, e.After} {
		for _, el := range els {
			w, _, _ := strings.Cut(el, " ")
			switch {
			case w == lexicon.Skip, w == lexicon.Source, w == lexicon.Target, strings.HasPrefix(w, "&"):
			case !slices.Contains(words, w):
				return false
			}
		}
	}
	return true
}
