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
	g := &generator{wn: wn, tb: tb, lexV: lexV, idx: map[string]int{}, irr: map[string]*kinds{}}
	g.lemmas(lexN)
	g.irregular()
	g.treebank()
	g.regular()
	g.chooseLemmas()
	return g.out
}

// generator is Generate's state: its sources, the lemmas whose forms it
// lists, the irregular kinds of form each lemma has, and the forms so far.
type generator struct {
	wn           *WordNet
	tb           *Treebank
	lexV, lexN   map[string]bool   // plover.lex's verb and noun lemmas
	verbs, nouns map[string]bool   // the lemmas whose forms are listed
	irr          map[string]*kinds // lemma → the kinds of form it has irregularly
	idx          map[string]int    // "form tag" → index into out
	out          []Form
}

// kinds are the kinds of form a lemma has irregularly.
type kinds struct{ s, ed, ing, pl bool }

// lemmas gathers the verbs of WordNet and plover.lex, and their nouns less
// names and nouns that are plurals themselves, whose plural is checked as
// their singular's ("n:talks": "talks" is checked as talk's plural).
func (g *generator) lemmas(lexN map[string]bool) {
	g.verbs = map[string]bool{}
	for v := range g.wn.Verbs {
		g.verbs[v] = true
	}
	for v := range g.lexV {
		g.verbs[v] = true
	}
	g.nouns = map[string]bool{}
	for n := range g.wn.Nouns {
		if !g.wn.Proper[n] && !pluralLemma(n, g.wn) {
			g.nouns[n] = true
		}
	}
	// A plural lemma adds its singular to lexN: ranging over lexN itself
	// while adding would list the singular's forms on some runs only.
	g.lexN = maps.Clone(lexN)
	for _, n := range sortedKeys(lexN) {
		if !pluralLemma(n, g.wn) {
			g.nouns[n] = true
		} else {
			g.lexN[n[:len(n)-1]] = true
			g.nouns[n[:len(n)-1]] = true
		}
	}
}

// add lists form f with tag of lemma, in category cat (an irregular
// category wins over a regular one), in plover.lex if lex.
func (g *generator) add(f, tag, lemma, cat string, lex bool) {
	k := f + " " + tag
	i, ok := g.idx[k]
	if !ok {
		i = len(g.out)
		g.idx[k] = i
		g.out = append(g.out, Form{Form: f, Tag: tag, Cat: cat})
	}
	o := &g.out[i]
	if !slices.Contains(o.Lemmas, lemma) {
		o.Lemmas = append(o.Lemmas, lemma)
	}
	o.Lex = o.Lex || lex
	if cat == IrrVerb || cat == IrrNoun {
		o.Cat = cat
	}
}

// mark records that lemma l has an irregular form of tag's kind.
func (g *generator) mark(l, tag string) {
	k := g.irr[l]
	if k == nil {
		k = &kinds{}
		g.irr[l] = k
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

// irregular lists WordNet's irregular verb and noun forms.
func (g *generator) irregular() {
	for _, f := range sortedKeys(g.wn.VerbExc) {
		for _, l := range g.wn.VerbExc[f] {
			for _, t := range g.tagsOf(f) {
				g.add(f, t, l, IrrVerb, g.lexV[l])
				g.mark(l, t)
			}
		}
	}
	for _, f := range sortedKeys(g.wn.NounExc) {
		for _, l := range g.wn.NounExc[f] {
			g.add(f, "NNS", l, IrrNoun, g.lexN[l])
			g.mark(l, "NNS")
		}
	}
}

// tagsOf gives an irregular form the tags the treebank gives it and those
// its ending suggests.
func (g *generator) tagsOf(f string) []string {
	tags := []string{"VBD", "VBN"}
	switch {
	case strings.HasSuffix(f, "ing"):
		tags = []string{"VBG"}
	case strings.HasSuffix(f, "s"):
		tags = []string{"VBZ"}
	}
	for _, t := range verbTags {
		if g.tb.Best(f, t) != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// treebank lists the treebank's irregular forms of the lemmas ("cut"/VBD,
// "lent"/VBN).
func (g *generator) treebank() {
	for _, k := range sortedKeys(g.tb.counts) {
		f, tag, _ := strings.Cut(k, " ")
		l := g.tb.Best(f, tag)
		cat := IrrVerb
		switch {
		case !isWord(f) || !isWord(l) || f == regularForm(l, tag):
		case tag == "NNS" && g.nouns[l]:
			cat = IrrNoun
			fallthrough
		case slices.Contains(verbTags, tag) && g.verbs[l]:
			g.add(f, tag, l, cat, tag == "NNS" && g.lexN[l] || tag != "NNS" && g.lexV[l])
			g.mark(l, tag)
		}
	}
}

// regularForm is lemma l's regular form of tag.
func regularForm(l, tag string) string {
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

// regular lists the regular forms of the lemmas but those of a kind the
// lemma has irregularly, unless the treebank attests them.
func (g *generator) regular() {
	for _, v := range sortedKeys(g.verbs) {
		k := g.irr[v]
		if k == nil {
			k = &kinds{}
		}
		lex := g.lexV[v]
		if f := plural(v, true); !k.s || g.attested(f, "VBZ", v) {
			g.add(f, "VBZ", v, VBZ, lex)
		}
		f := past(v)
		for _, t := range []string{"VBD", "VBN"} {
			if !k.ed || g.attested(f, t, v) {
				g.add(f, t, v, VBD, lex)
			}
		}
		if f := gerund(v); !k.ing || g.attested(f, "VBG", v) {
			g.add(f, "VBG", v, VBG, lex)
		}
	}
	for _, n := range sortedKeys(g.nouns) {
		if f := plural(n, false); g.irr[n] == nil || !g.irr[n].pl || g.attested(f, "NNS", n) {
			g.add(f, "NNS", n, NNS, g.lexN[n])
		}
	}
}

func (g *generator) attested(f, tag, l string) bool { return g.tb.Best(f, tag) == l }

// chooseLemmas gives each form the treebank's lemma where it attests the
// form, else its lemmas of highest WordNet frequency, and sorts the forms
// by form and tag.
func (g *generator) chooseLemmas() {
	out := g.out
	for i := range out {
		o := &out[i]
		if b := g.tb.Best(o.Form, o.Tag); b != "" {
			o.Treebank = true
			o.Lemmas = []string{b}
			continue
		}
		freq := g.wn.Verbs
		if o.Tag == "NNS" {
			freq = g.wn.Nouns
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
