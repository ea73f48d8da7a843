package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep"
)

// Abbreviation classes decide both tokenization (the period stays on the
// word) and sentence splitting (whether a capital after it starts a new
// sentence).
const (
	abbrNone  = iota
	abbrTitle // precedes a name or number: never ends a sentence (Mr., Gen., Jan., No.)
	abbrEnd   // often ends a sentence: ends one before a capital (Inc., etc., a.m.)
	abbrInit  // initials and initialisms (J., U.S.): end one only before a typical sentence opener
)

var abbrevs = map[string]int{}

func init() {
	for _, w := range strings.Fields(`Mr Mrs Ms Messrs Dr Prof Sr St Mt Ft Gen Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr
		Gov Sen Sens Rep Reps Pres Rev Hon Supt Det Insp Amb Atty Brig Gens
		Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
		vs v Ave Blvd Rd Hwy Univ Dept Assn Govt Calif Mass Conn Ariz Fla Ill Pa Va Wash Colo Ga La Md
		Mich Minn Mo Nev Okla Ore Tenn Tex Wis Ky Kan Neb Ala Miss approx ca Mssrs Lieut Fig Figs Vol Nos
		Art Sec Ch Op Ref Eq`) {
		abbrevs[w] = abbrTitle
	}
	for _, w := range strings.Fields(`Inc Ltd Corp Co Bros Jr etc al Esq Plc PLC LLC Ph.D e.g i.e a.m p.m
		A.M P.M cf viz ed eds est Intl Natl arrv approx misc dept`) {
		abbrevs[w] = abbrEnd
	}
}

// isAbbrev decides whether the period at text[end-1] belongs to word w
// (text[?:end-1]).
func isAbbrev(text, w string, end int) bool {
	if c, ok := abbrevs[w]; ok {
		// "No." and "Fig." are abbreviations only before a number.
		return c != abbrTitle || !numberOnly(w) || nextIsDigit(text, end)
	}
	if w == "No" || w == "no" || w == "p" || w == "pp" {
		return nextIsDigit(text, end)
	}
	return initialism(w)
}

func numberOnly(w string) bool {
	return w == "Nos" || w == "Fig" || w == "Figs" || w == "Vol" || w == "Art" || w == "Sec" || w == "Ch" || w == "Op" || w == "Eq"
}

func nextIsDigit(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i < len(text) && isDigit(text[i])
}

// initialism reports whether w is a single capital (an initial: "J") or
// letters joined by periods ("U.S", "D.C", "e.g").
func initialism(w string) bool {
	if len(w) == 1 {
		return isUpper(w[0])
	}
	if strings.IndexByte(w, '.') < 0 {
		return false
	}
	seg := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c == '.':
			if seg == 0 {
				return false
			}
			seg = 0
		case isLetter(c):
			seg++
			if seg > 2 {
				return false
			}
		default:
			return false
		}
	}
	return seg > 0
}

func abbrClass(w string) int {
	if !strings.HasSuffix(w, ".") || len(w) < 2 {
		return abbrNone
	}
	w = w[:len(w)-1]
	if c, ok := abbrevs[w]; ok {
		return c
	}
	if w == "No" || w == "no" || w == "p" || w == "pp" {
		return abbrTitle
	}
	if initialism(w) {
		return abbrInit
	}
	return abbrNone
}

// openers are words that commonly start a sentence, used to tell "U.S. The"
// (a new sentence) from "U.S. Army" (not).
var openers = setOf("The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On",
	"At", "This", "That", "These", "Those", "There", "His", "Her", "Their", "Its", "Our", "My", "If", "When",
	"After", "As", "Some", "Many", "Most", "However", "Meanwhile", "Officials", "Police", "So", "Yet", "Also")

// split groups toks[base:] into sentences.
func split(text string, toks []sitrep.Token, base int, sents []sitrep.Sentence) []sitrep.Sentence {
	first := base
	for i := base; i < len(toks); i++ {
		end := false
		if i+1 < len(toks) {
			end = boundary(text, toks, first, i)
		}
		if !end && i+1-first < MaxSentence && i+1 < len(toks) {
			continue
		}
		sents = append(sents, sitrep.Sentence{
			Span:       sitrep.Span{Start: toks[first].Start, End: toks[i].End},
			FirstToken: first, EndToken: i + 1,
		})
		first = i + 1
	}
	return sents
}

// boundary reports whether a sentence ends after token i (which has a
// successor).
func boundary(text string, toks []sitrep.Token, first, i int) bool {
	t, next := toks[i].Of(text), toks[i+1].Of(text)
	if i > first && isDash(t) && toks[i-1].End < toks[i].Start && toks[i].End < toks[i+1].Start && dateline(text, toks, first, i) {
		return true
	}
	gap := text[toks[i].End:toks[i+1].Start]
	if nl := strings.Count(gap, "\n"); nl >= 2 || (nl == 1 && lineBreakEnds(text, toks, i)) {
		return true
	}
	if isClosing(next) && toks[i+1].Start == toks[i].End {
		return false // the quote or bracket closes this sentence
	}
	if credit(text, toks, i+1) && t != "," && t != "(" && t != ":" && !function[strings.ToLower(t)] {
		return true
	}
	// Skip closing quotes and brackets after the terminal mark.
	j := i
	for j > 0 && isClosing(t) && toks[j-1].End == toks[j].Start {
		j--
		t = toks[j].Of(text)
	}
	if j < i && !terminal(t) {
		return false
	}
	switch {
	case terminal(t) && j < i:
		return startsSentence(next)
	case terminal(t):
		// Web text starts sentences in lowercase after "!" and "?", but
		// not with a conjunction ("Yahoo! and AOL").
		return startsSentence(next) || t[0] != '.' && !joins[next]
	case strings.HasSuffix(t, "."):
		switch abbrClass(t) {
		case abbrEnd:
			return startsUpper(next)
		case abbrInit:
			return len(t) > 2 && openers[next]
		}
	}
	return false
}

// lineBreakEnds decides a single line break after token i: it ends a sentence
// when the next line starts with a capital, digit or quote and the line does
// not stop on a comma, hyphen or function word, so headlines and datelines
// split from the body while hard-wrapped prose does not.
func lineBreakEnds(text string, toks []sitrep.Token, i int) bool {
	t, next := toks[i].Of(text), toks[i+1].Of(text)
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
		return false
	}
	if len(t) <= 4 && function[strings.ToLower(t)] {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return !(last == ',' || last == '-' || last == ';' || last == '&')
}

var function = setOf("the", "a", "an", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and", "or",
	"but", "as", "that", "than", "his", "her", "its", "our", "their", "my", "your", "is", "are", "was", "were",
	"be", "has", "have", "had", "will", "said", "says", "told", "into", "over", "near")

var joins = setOf("and", "or", "nor", "of", "to", "in", "on", "at", "for", "with", "as")

// credit reports whether toks[k] starts a picture credit ("Image: Nick
// Moreau.", "Photo: Reuters"), which news pages put after a caption that has
// no final period: the caption ends there.
func credit(text string, toks []sitrep.Token, k int) bool {
	if k+1 >= len(toks) || toks[k+1].Start != toks[k].End || toks[k+1].Of(text) != ":" {
		return false
	}
	return creditLabels[toks[k].Of(text)]
}

var creditLabels = setOf("Image", "Photo", "Picture", "Photograph", "Credit")

func isDash(t string) bool { return t == "-" || t == "--" || t == "—" || t == "–" }

// dateline reports whether toks[first:i] (before a dash) is a dateline such
// as "ISLAMABAD (Reuters)" or "Evansville, Indiana, United States" at the
// start of a paragraph: short, capitalized words, commas and a bracketed
// agency.
func dateline(text string, toks []sitrep.Token, first, i int) bool {
	if i == first || i-first > 12 {
		return false
	}
	if s := toks[first].Start; s > 0 && !strings.Contains(text[max(0, s-2):s], "\n") {
		return false
	}
	// An ASCII dash ends a dateline ("TEHRAN (AFP) -"); a long dash only
	// after a bracketed agency ("WASHINGTON (AP) —"), since "Taipei, Taiwan —"
	// and "Group F —" usually run on.
	if t := toks[i].Of(text); t != "-" && t != "--" && toks[i-1].Of(text) != ")" {
		return false
	}
	paren := false
	for k := first; k < i; k++ {
		w := toks[k].Of(text)
		switch w {
		case ",":
			continue
		case "(":
			paren = true
			continue
		case ")":
			paren = false
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !paren && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func terminal(t string) bool {
	if t == "" {
		return false
	}
	switch t[0] {
	case '.', '!', '?':
		return true
	}
	return t == "…" || t == "。"
}

func isClosing(t string) bool {
	switch t {
	case "\"", "'", "''", ")", "]", "}", "”", "’", "»", "“":
		return true
	}
	return false
}

// startsSentence reports whether a token after a terminal mark can start a
// sentence: anything but a lowercase word or inner punctuation.
func startsSentence(next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(r) {
		return false
	}
	return r != ',' && r != ';' && r != ':' && r != ')' && r != '-'
}

func startsUpper(next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsUpper(r) || r == '"' || r == '“'
}
