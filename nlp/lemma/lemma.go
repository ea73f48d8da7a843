// Package lemma gives each word its dictionary form from the word and its
// Penn Treebank tag. Suffix rules ("-ies" → "-y", "-ed", "-ing", doubled
// consonants) propose candidate stems, and a candidate wins when it is a
// known word of the tag's part of speech: "severed"/VBD is "sever", not the
// adjective "severe"; "denounced" is "denounce", not "denounc". Known words
// are the treebank's lemmas and WordNet's verbs. Two tables hold what the
// rules get wrong: one learned from the treebank ("went" → "go", "'s" →
// "be"), and WordNet's (Dict: irregular forms, "fought" → "fight", and
// suffix rules learned from every WordNet verb and noun for words known
// nowhere, "weaponized" → "weaponize").
package lemma

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/conllu"
)

// Lemmatizer is a trained lemmatizer; safe for concurrent use.
type Lemmatizer struct {
	known map[string]word  // lowercase lemma → itself and its parts of speech
	tb    map[string]uint8 // the treebank's lemmas and their parts of speech, which Write saves
	exc   map[key]string   // (lowercase form, XPOS) → lemma, where the rules fail on the treebank
	dict  *Dict
}

// A word is a known lemma: the string is kept so that a lemma built from a
// form ("cities" → "city") is returned without allocating.
type word struct {
	s   string
	pos uint8
}

// Parts of speech of a known lemma: the rules ask for verbs and nouns.
const (
	posVerb uint8 = 1 << iota
	posNoun
	posOther
)

type key struct{ form, xpos string }

// maxLen bounds the words the lemmatizer looks at; longer ones are their
// own lemma.
const maxLen = 64

// Lemma returns the lemma of form tagged xpos. It returns form itself
// (no copy) when the lemma is the form.
func (l *Lemmatizer) Lemma(form, xpos string) string {
	if len(form) > maxLen {
		return form
	}
	lower := toLower(form)
	if v, ok := l.exc[key{lower, xpos}]; ok {
		return v
	}
	return l.rule(form, lower, xpos)
}

// Verb reports whether lemma is a known verb (a treebank verb lemma or a
// WordNet verb).
func (l *Lemmatizer) Verb(lemma string) bool { return l.known[lemma].pos&posVerb != 0 }

func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// A class is a kind of inflected form, with its own rules.
type class uint8

const (
	clsNone class = iota
	clsS          // VBZ
	clsEd         // VBD, VBN
	clsIng        // VBG
	clsPl         // NNS
	clsEr         // JJR, RBR
	clsEst        // JJS, RBS
	nClass
)

func classOf(xpos string) class {
	switch xpos {
	case "VBZ":
		return clsS
	case "VBD", "VBN":
		return clsEd
	case "VBG":
		return clsIng
	case "NNS":
		return clsPl
	case "JJR", "RBR":
		return clsEr
	case "JJS", "RBS":
		return clsEst
	}
	return clsNone
}

// A suffix rule cuts a suffix and adds another; double undoes a doubled
// consonant before the cut suffix ("stopped" → "stop").
type suffixRule struct {
	cut, add string
	double   bool
}

// rules are tried in order; the first candidate known as a word of the
// class's part of speech wins. The order settles forms two known words
// could give: "hoped" is "hope" before "hop" (whose past is "hopped"),
// "horses" "horse" before "hors".
var rules = [nClass][]suffixRule{
	clsS:   {{cut: "ies", add: "y"}, {cut: "s"}, {cut: "es"}},
	clsPl:  {{cut: "ies", add: "y"}, {cut: "ves", add: "f"}, {cut: "ves", add: "fe"}, {cut: "s"}, {cut: "es"}},
	clsEd:  {{cut: "ied", add: "y"}, {cut: "d"}, {cut: "ed"}, {cut: "ed", double: true}},
	clsIng: {{cut: "ying", add: "ie"}, {cut: "ing", add: "e"}, {cut: "ing"}, {cut: "ing", double: true}},
	clsEr:  {{cut: "ier", add: "y"}, {cut: "er", add: "e"}, {cut: "er"}, {cut: "er", double: true}},
	clsEst: {{cut: "iest", add: "y"}, {cut: "est", add: "e"}, {cut: "est"}, {cut: "est", double: true}},
}

var want = [nClass]uint8{clsS: posVerb, clsEd: posVerb, clsIng: posVerb, clsPl: posNoun}

// rule lemmatizes a form the treebank's table does not hold.
func (l *Lemmatizer) rule(form, lower, xpos string) string {
	switch xpos {
	case "NNP":
		return form
	case "NNPS":
		if s, ok := cutSuffix(form, "s"); ok && len(s) > 2 {
			return s
		}
		return form
	}
	c := classOf(xpos)
	switch c {
	case clsNone:
		return lower
	case clsEr, clsEst:
		return l.pickAny(lower, c)
	}
	if v, ok := l.dict.exc[dictKey{lower, c}]; ok {
		return v
	}
	return l.pick(lower, c)
}

// candidate applies r to w, building the candidate in buf when r adds
// letters, and looks it up among the known words.
func (l *Lemmatizer) candidate(w string, r suffixRule, buf []byte) (stem string, known word, ok bool) {
	stem, cut := cutSuffix(w, r.cut)
	if !cut || len(stem) < 2 {
		return "", word{}, false
	}
	if r.double {
		n := len(stem)
		if n < 3 || stem[n-1] != stem[n-2] || isVowel(stem[n-1]) {
			return "", word{}, false
		}
		stem = stem[:n-1]
	}
	if r.add == "" {
		known = l.known[stem]
		return stem, known, true
	}
	n := copy(buf, stem)
	n += copy(buf[n:], r.add)
	known = l.known[string(buf[:n])]
	return "", known, true
}

// pick returns the first candidate known as a word of the class's part of
// speech; else the form if it is a known word; else what WordNet's suffix
// rules give; else the first candidate known as any word, or the form.
func (l *Lemmatizer) pick(w string, c class) string {
	var buf [maxLen + 4]byte
	for _, r := range rules[c] {
		if _, k, ok := l.candidate(w, r, buf[:]); ok && k.pos&want[c] != 0 {
			return k.s
		}
	}
	// A base form tagged as inflected ("beat"/VBN, "cross"/VBZ).
	if k, ok := l.known[w]; ok {
		return k.s
	}
	if s, ok := l.dict.suffix(w, c); ok {
		return s
	}
	return l.pickAny(w, c)
}

// pickAny returns the first candidate known as any word. When none is
// known, the last plain cut ("-s", "-ed", "-er") or "-ies"/"-ied" → "-y"
// that applies wins, unless the form itself is a known word.
func (l *Lemmatizer) pickAny(w string, c class) string {
	var buf [maxLen + 4]byte
	fallback := ""
	for _, r := range rules[c] {
		stem, k, ok := l.candidate(w, r, buf[:])
		if !ok {
			continue
		}
		if k.s != "" {
			return k.s
		}
		if fallback == "" && !r.double && (r.add == "" || r.cut == "ies" || r.cut == "ied") {
			fallback = stem
			if r.add != "" {
				fallback = stem + r.add
			}
		}
	}
	if _, ok := l.known[w]; fallback != "" && !ok {
		return fallback
	}
	return w
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

func cutSuffix(s, suf string) (string, bool) {
	if len(s) > len(suf) && strings.HasSuffix(s, suf) {
		return s[:len(s)-len(suf)], true
	}
	return s, false
}

// posOf maps a UPOS tag to the part of speech a lemma is known as.
func posOf(upos string) uint8 {
	switch upos {
	case "VERB", "AUX":
		return posVerb
	case "NOUN":
		return posNoun
	}
	return posOther
}

func (l *Lemmatizer) addKnown(s string, pos uint8) {
	w := l.known[s]
	w.s = s
	w.pos |= pos
	l.known[s] = w
}

// Train builds a lemmatizer from gold sentences and the embedded WordNet
// dictionary: the known lemmas with their parts of speech, and for each
// (form, tag) whose most frequent lemma the rules miss, that lemma.
func Train(sents [][]conllu.Word) *Lemmatizer {
	d, err := embeddedDict()
	if err != nil {
		panic(err) // the package tests read the embedded dictionary
	}
	return TrainDict(sents, d)
}

// TrainDict is Train with the dictionary d: the dictionary's generator
// trains with the one it is building.
func TrainDict(sents [][]conllu.Word, d *Dict) *Lemmatizer {
	l := &Lemmatizer{known: map[string]word{}, tb: map[string]uint8{}, exc: map[key]string{}}
	counts := map[key]map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			if w.Lemma == "_" || w.Lemma == "" {
				continue
			}
			lm := strings.ToLower(w.Lemma)
			l.tb[lm] |= posOf(w.UPOS)
			k := key{strings.ToLower(w.Form), w.XPOS}
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			counts[k][w.Lemma]++
		}
	}
	for lm, pos := range l.tb {
		l.addKnown(lm, pos)
	}
	l.setDict(d)
	for k, cs := range counts {
		best, bn := "", 0
		for lm, n := range cs {
			if n > bn || n == bn && lm < best {
				best, bn = lm, n
			}
		}
		if bn > 0 && l.rule(k.form, k.form, k.xpos) != best {
			l.exc[k] = best
		}
	}
	return l
}

// setDict adds d's verbs to the known words.
func (l *Lemmatizer) setDict(d *Dict) {
	l.dict = d
	for _, v := range d.verbs {
		l.addKnown(v, posVerb)
	}
}

const magic = "sitrep-lemma-2\n"

// Write writes the lemmatizer's treebank part as text (package modelfile
// compresses the file); the WordNet dictionary is embedded in the package.
func (l *Lemmatizer) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	// Only the treebank's lemmas: WordNet's verbs come with the dictionary.
	known := make([]string, 0, len(l.tb))
	for k := range l.tb {
		if !strings.ContainsAny(k, " \t\n") {
			known = append(known, k)
		}
	}
	sort.Strings(known)
	fmt.Fprintf(bw, "%d\n", len(known))
	for _, k := range known {
		fmt.Fprintf(bw, "%s\t%d\n", k, l.tb[k])
	}
	exc := make([]string, 0, len(l.exc))
	for k, v := range l.exc {
		if !strings.ContainsAny(k.form+k.xpos+v, " \t\n") {
			exc = append(exc, k.form+" "+k.xpos+"\t"+v)
		}
	}
	sort.Strings(exc)
	fmt.Fprintf(bw, "%d\n", len(exc))
	for _, e := range exc {
		bw.WriteString(e + "\n")
	}
	return bw.Flush()
}

// Read reads a lemmatizer written by Write, with the embedded dictionary.
func Read(r io.Reader) (*Lemmatizer, error) {
	d, err := embeddedDict()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(r)
	line := func() string { s, _ := br.ReadString('\n'); return strings.TrimSuffix(s, "\n") }
	if line()+"\n" != magic {
		return nil, errors.New("lemma model: bad header (rebuild with `sitrep train nlp`)")
	}
	var n int
	if _, err := fmt.Sscan(line(), &n); err != nil {
		return nil, errors.New("lemma model: bad count")
	}
	l := &Lemmatizer{known: make(map[string]word, n+len(d.verbs)), tb: make(map[string]uint8, n), exc: map[key]string{}}
	for range n {
		k, p, ok := strings.Cut(line(), "\t")
		pos, err := strconv.ParseUint(p, 10, 8)
		if !ok || err != nil {
			return nil, errors.New("lemma model: bad lemma")
		}
		l.tb[k] = uint8(pos)
		l.addKnown(k, uint8(pos))
	}
	if _, err := fmt.Sscan(line(), &n); err != nil {
		return nil, errors.New("lemma model: bad count")
	}
	for range n {
		k, v, ok := strings.Cut(line(), "\t")
		form, xpos, ok2 := strings.Cut(k, " ")
		if !ok || !ok2 {
			return nil, errors.New("lemma model: bad entry")
		}
		l.exc[key{form, xpos}] = v
	}
	l.setDict(d)
	return l, nil
}
