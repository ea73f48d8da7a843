// Package forms generates every inflected form of the verbs and nouns an
// event trigger may be, with the lemmas each may have, from WordNet 3.0
// (Debian's wordnet-base), a treebank's training set and a plover.lex
// lexicon.
// The lemmatizer's generator builds its dictionary from them, and its tests
// check the lemmatizer on them where the sources are installed.
package forms

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/conllu"
)

// WordNet is what the generator reads from WordNet 3.0: the single-word
// lemmas of each part of speech with their sense-tagged frequency, and the
// exception lists (irregular form → lemmas).
type WordNet struct {
	Verbs, Nouns     map[string]int // lemma → tagsense_cnt
	Proper           map[string]bool
	VerbExc, NounExc map[string][]string
}

// isWord keeps the lemmas the lemmatizer sees as one token: the tokenizer
// splits hyphens and multiword lemmas are no single word.
func isWord(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// ReadWordNet reads the verb and noun indexes and exception lists, and the
// noun data file, of a WordNet 3.0 dictionary directory.
func ReadWordNet(dir string) (*WordNet, error) {
	wn := &WordNet{Verbs: map[string]int{}, Nouns: map[string]int{},
		Proper: map[string]bool{}, VerbExc: map[string][]string{}, NounExc: map[string][]string{}}
	for pos, m := range map[string]map[string]int{"verb": wn.Verbs, "noun": wn.Nouns} {
		err := eachLine(filepath.Join(dir, "index."+pos), func(f []string) error {
			// lemma pos synset_cnt p_cnt ptr_symbol... sense_cnt tagsense_cnt offset...
			if len(f) < 4 || !isWord(f[0]) {
				return nil
			}
			p, err := strconv.Atoi(f[3])
			if err != nil || len(f) < 6+p {
				return fmt.Errorf("index.%s: bad line %q", pos, strings.Join(f, " "))
			}
			n, err := strconv.Atoi(f[5+p])
			if err != nil {
				return fmt.Errorf("index.%s: bad line %q", pos, strings.Join(f, " "))
			}
			m[f[0]] = n
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for pos, m := range map[string]map[string][]string{"verb": wn.VerbExc, "noun": wn.NounExc} {
		err := eachLine(filepath.Join(dir, pos+".exc"), func(f []string) error {
			if len(f) < 2 || !isWord(f[0]) {
				return nil
			}
			for _, l := range f[1:] {
				if isWord(l) && l != f[0] {
					m[f[0]] = append(m[f[0]], l)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// A noun written only with a capital in data.noun is a name ("Paris",
	// "Einstein"): it has no plural to check.
	common := map[string]bool{}
	err := eachLine(filepath.Join(dir, "data.noun"), func(f []string) error {
		// offset lex_filenum ss_type w_cnt(hex) word lex_id ...
		if len(f) < 4 || len(f[0]) != 8 {
			return nil
		}
		n, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil || len(f) < 4+2*int(n) {
			return fmt.Errorf("data.noun: bad line at %s", f[0])
		}
		for i := range int(n) {
			w := f[4+2*i]
			lw := strings.ToLower(w)
			if w == lw {
				common[lw] = true
			} else if !common[lw] {
				wn.Proper[lw] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for w := range common {
		delete(wn.Proper, w)
	}
	return wn, nil
}

func eachLine(path string, fn func(f []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		if err := fn(strings.Fields(line)); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Treebank holds the lemmas of treebanks' training sets: for each
// lower-case (form, XPOS), its lemma counts, and the sentences themselves.
type Treebank struct {
	counts map[string]map[string]int
	Sents  [][]conllu.Word
}

// ReadTreebank reads CoNLL-U files.
func ReadTreebank(paths ...string) (*Treebank, error) {
	tb := &Treebank{counts: map[string]map[string]int{}}
	for _, p := range paths {
		if err := tb.read(p); err != nil {
			return nil, err
		}
	}
	return tb, nil
}

func (tb *Treebank) read(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	err = conllu.Read(f, func(s *conllu.Sentence) error {
		tb.Sents = append(tb.Sents, s.Words)
		for _, w := range s.Words {
			if w.Lemma == "_" || w.Lemma == "" {
				continue
			}
			k := strings.ToLower(w.Form) + " " + w.XPOS
			if tb.counts[k] == nil {
				tb.counts[k] = map[string]int{}
			}
			tb.counts[k][strings.ToLower(w.Lemma)]++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Best is the treebank's most frequent lemma of form tagged xpos, "" if
// the pair is not in the treebank.
func (tb *Treebank) Best(form, xpos string) string {
	best, bn := "", 0
	for l, n := range tb.counts[form+" "+xpos] {
		if n > bn || n == bn && l < best {
			best, bn = l, n
		}
	}
	return best
}

// LexLemmas reads the trigger lemmas of a plover.lex file: verbs, nouns
// ("n:"), and the words a pattern asks of its object (nouns) or of the verb
// governing a nominal trigger (verbs).
func LexLemmas(path string, wn *WordNet) (verbs, nouns map[string]bool, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	verbs, nouns = map[string]bool{}, map[string]bool{}
	for line := range strings.SplitSeq(string(b), "\n") {
		line = strings.TrimSpace(line)
		_, pats, ok := strings.Cut(line, ":")
		if line == "" || line[0] == '#' || !ok {
			continue
		}
		for p := range strings.SplitSeq(pats, ",") {
			rest, noun := strings.CutPrefix(strings.TrimSpace(p), "n:")
			words := strings.Fields(rest)
			if len(words) == 0 || !isWord(words[0]) {
				continue
			}
			head, with := verbs, nouns
			if noun {
				head, with = nouns, verbs
			}
			head[words[0]] = true
			for _, w := range words[1:] {
				for x := range strings.SplitSeq(strings.TrimPrefix(w, "+"), "|") {
					// Particles ("pull +out") are neither.
					m := wn.Nouns
					if noun {
						m = wn.Verbs
					}
					if _, ok := m[x]; ok {
						with[x] = true
					}
				}
			}
		}
	}
	return verbs, nouns, nil
}

// Categories of inflected forms.
const (
	VBZ     = "verb -s"
	VBD     = "verb -ed"
	VBG     = "verb -ing"
	IrrVerb = "verb irregular"
	NNS     = "noun plural"
	IrrNoun = "noun irregular plural"
)

// A Form is one inflected form with a tag and the lemmas it may have: the
// treebank's most frequent where it attests the pair; else, of the lemmas
// that generate it ("bathed": bath, bathe), the most frequent in WordNet's
// sense-tagged corpus, or all of them where they tie.
type Form struct {
	Form, Tag string
	Lemmas    []string
	Cat       string
	Lex       bool // a form of a plover.lex lemma
	Treebank  bool // the treebank attests (Form, Tag)
}

func vowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

func sibilant(w string) bool {
	for _, s := range []string{"s", "x", "z", "ch", "sh"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// plural is the regular -s form of a noun or verb.
func plural(w string, verb bool) string {
	n := len(w)
	switch {
	case sibilant(w):
		return w + "es"
	case w[n-1] == 'y' && !vowel(w[n-2]):
		return w[:n-1] + "ies"
	case verb && w[n-1] == 'o' && !vowel(w[n-2]):
		return w + "es"
	}
	return w + "s"
}

func past(w string) string {
	n := len(w)
	switch {
	case w[n-1] == 'e':
		return w + "d"
	case w[n-1] == 'y' && !vowel(w[n-2]):
		return w[:n-1] + "ied"
	}
	return w + "ed"
}

func gerund(w string) string {
	n := len(w)
	switch {
	case strings.HasSuffix(w, "ie"):
		return w[:n-2] + "ying"
	case w[n-1] == 'e' && n > 2 && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "oe") && !strings.HasSuffix(w, "ye"):
		return w[:n-1] + "ing"
	}
	return w + "ing"
}

var verbTags = []string{"VBZ", "VBD", "VBN", "VBG"}

// Generate lists every inflected form of the verbs and nouns: WordNet's
// single-word lemmas (less names), plover.lex's, WordNet's irregular forms,
// and the treebank's forms of those lemmas. A regular form is left out
// where WordNet or the treebank gives the lemma an irregular one of that
// kind ("goed", "stoped", "cuted"), unless the treebank attests it
// ("dreamed"). Forms are sorted by form and tag.
func Generate(wn *WordNet, tb *Treebank, lexV, lexN map[string]bool) []Form {
	idx := map[string]int{}
	var out []Form
	add := func(f, tag, lemma, cat string, lex bool) {
		k := f + " " + tag
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Form{Form: f, Tag: tag, Cat: cat})
		}
		o := &out[i]
		if !slices.Contains(o.Lemmas, lemma) {
			o.Lemmas = append(o.Lemmas, lemma)
		}
		o.Lex = o.Lex || lex
		if cat == IrrVerb || cat == IrrNoun {
			o.Cat = cat
		}
	}
	verbs := map[string]bool{}
	for v := range wn.Verbs {
		verbs[v] = true
	}
	for v := range lexV {
		verbs[v] = true
	}
	nouns := map[string]bool{}
	for n := range wn.Nouns {
		if !wn.Proper[n] && !pluralLemma(n, wn) {
			nouns[n] = true
		}
	}
	lexN = maps.Clone(lexN)
	for n := range lexN {
		if !pluralLemma(n, wn) {
			nouns[n] = true
		} else {
			lexN[n[:len(n)-1]] = true // "n:talks": "talks" is checked as talk's plural
		}
	}
	// Irregular forms, and which kinds of form each lemma has irregularly.
	type kinds struct{ s, ed, ing, pl bool }
	irr := map[string]*kinds{}
	mark := func(l, tag string) {
		k := irr[l]
		if k == nil {
			k = &kinds{}
			irr[l] = k
		}
		switch tag {
		case "VBZ":
			k.s = true
		case "VBG":
			k.ing = true
		case "NNS":
			k.pl = true
		default:
			k.ed = true
		}
	}
	// An irregular form has the tags the treebank gives it and those its
	// ending suggests.
	tagsOf := func(f string) []string {
		tags := []string{"VBD", "VBN"}
		switch {
		case strings.HasSuffix(f, "ing"):
			tags = []string{"VBG"}
		case strings.HasSuffix(f, "s"):
			tags = []string{"VBZ"}
		}
		for _, t := range verbTags {
			if tb.Best(f, t) != "" && !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		return tags
	}
	for _, f := range sortedKeys(wn.VerbExc) {
		for _, l := range wn.VerbExc[f] {
			for _, t := range tagsOf(f) {
				add(f, t, l, IrrVerb, lexV[l])
				mark(l, t)
			}
		}
	}
	for _, f := range sortedKeys(wn.NounExc) {
		for _, l := range wn.NounExc[f] {
			add(f, "NNS", l, IrrNoun, lexN[l])
			mark(l, "NNS")
		}
	}
	regular := func(l, tag string) string {
		switch tag {
		case "VBZ":
			return plural(l, true)
		case "VBD", "VBN":
			return past(l)
		case "VBG":
			return gerund(l)
		}
		return plural(l, false)
	}
	// The treebank's forms of these lemmas ("cut"/VBD, "lent"/VBN).
	for _, k := range sortedKeys(tb.counts) {
		f, tag, _ := strings.Cut(k, " ")
		l := tb.Best(f, tag)
		cat := IrrVerb
		switch {
		case !isWord(f) || !isWord(l) || f == regular(l, tag):
		case tag == "NNS" && nouns[l]:
			cat = IrrNoun
			fallthrough
		case slices.Contains(verbTags, tag) && verbs[l]:
			add(f, tag, l, cat, tag == "NNS" && lexN[l] || tag != "NNS" && lexV[l])
			mark(l, tag)
		}
	}
	attested := func(f, tag, l string) bool { return tb.Best(f, tag) == l }
	for _, v := range sortedKeys(verbs) {
		k := irr[v]
		if k == nil {
			k = &kinds{}
		}
		lex := lexV[v]
		if f := plural(v, true); !k.s || attested(f, "VBZ", v) {
			add(f, "VBZ", v, VBZ, lex)
		}
		f := past(v)
		for _, t := range []string{"VBD", "VBN"} {
			if !k.ed || attested(f, t, v) {
				add(f, t, v, VBD, lex)
			}
		}
		if f := gerund(v); !k.ing || attested(f, "VBG", v) {
			add(f, "VBG", v, VBG, lex)
		}
	}
	for _, n := range sortedKeys(nouns) {
		if f := plural(n, false); irr[n] == nil || !irr[n].pl || attested(f, "NNS", n) {
			add(f, "NNS", n, NNS, lexN[n])
		}
	}
	for i := range out {
		o := &out[i]
		if b := tb.Best(o.Form, o.Tag); b != "" {
			o.Treebank = true
			o.Lemmas = []string{b}
			continue
		}
		freq := wn.Verbs
		if o.Tag == "NNS" {
			freq = wn.Nouns
		}
		top := 0
		for _, l := range o.Lemmas {
			top = max(top, freq[l])
		}
		o.Lemmas = slices.DeleteFunc(o.Lemmas, func(l string) bool { return freq[l] < top })
		sort.Strings(o.Lemmas)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Form != out[j].Form {
			return out[i].Form < out[j].Form
		}
		return out[i].Tag < out[j].Tag
	})
	return out
}

// pluralLemma reports whether a noun is itself a plural ("arms", "talks",
// "politics"): its "plural" is no form to check.
func pluralLemma(n string, wn *WordNet) bool {
	s, ok := strings.CutSuffix(n, "s")
	if !ok || strings.HasSuffix(s, "s") {
		return false
	}
	_, noun := wn.Nouns[s]
	_, verb := wn.Verbs[s]
	return noun || verb || strings.HasSuffix(n, "ics")
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
