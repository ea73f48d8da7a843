package events

import (
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/events/lexicon"
)

// mayFire reports whether a trigger of tokens [first, end) of doc, a whole
// sentence tagged and lemmatized but not parsed, has an entry that names
// no word the sentence lacks: most trigger words of the lexicon ("go",
// "take", "work", "accord") code an event only beside a companion ("go on
// strike", "take into custody") or a PETRARCH phrase, and a sentence without
// any of them is not worth its parse. The test reads the lexicon as
// verbTrigger, nounTrigger and pickMarked do, and lets through whatever the
// parse or the names would decide (actor markers, a coordinated subject,
// synsets, an object or clause of any word), so it changes no event.
func (c *Coder) mayFire(doc *sitrep.Document, first, end int) bool {
	words := make([]string, 0, 3*(end-first))
	for i := first; i < end; i++ {
		t := &doc.Tokens[i]
		form := lowerASCII(t.Of(doc.Text))
		words = append(words, form, lowerASCII(lemmaOf(doc, t)))
		if h := hyphened(doc, first, i); h != "" {
			words = append(words, h)
		}
	}
	for i := first; i < end; i++ {
		t := &doc.Tokens[i]
		form, lemma := lowerASCII(t.Of(doc.Text)), lowerASCII(lemmaOf(doc, t))
		// The tags verbTrigger and nounTrigger accept.
		switch t.UPOS {
		case "VERB", "NOUN", "ADJ", "PROPN":
			if anyMayFire(c.lx.VerbForm(form, lemma), words) {
				return true
			}
		}
		if t.UPOS != "NOUN" && t.UPOS != "ADJ" && t.XPOS != "VBG" {
			continue
		}
		keys := nounKeys(form, t.XPOS, lemma)
		for _, k := range keys {
			if anyMayFire(c.lx.Noun(k), words) {
				return true
			}
		}
		if anyMayFire(c.lx.Noun(hyphened(doc, first, i)), words) {
			return true
		}
	}
	return false
}

// lemmaOf is a token's lemma, or its form where it has none.
func lemmaOf(doc *sitrep.Document, t *sitrep.Token) string {
	if t.Lemma == "" || t.Lemma == "_" {
		return t.Of(doc.Text)
	}
	return t.Lemma
}

// anyMayFire reports whether one of es codes an event (a blocking entry
// codes none) and names no word missing from words.
func anyMayFire(es []lexicon.Entry, words []string) bool {
	for i := range es {
		if es[i].Type != "" && mayHold(&es[i], words) {
			return true
		}
	}
	return false
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
