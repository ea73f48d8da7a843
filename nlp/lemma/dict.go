package lemma

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep/conllu"
)

// Dict is the lemmatizer's WordNet part, built by `go run ./nlp/lemma/gen`
// from WordNet 3.0 and embedded (dict.gz): WordNet's verbs, which make a
// candidate stem a known verb; suffix rules learned from the inflected forms
// of every WordNet verb and noun, for words known nowhere ("-nesses" →
// "-ness", "-ated" → "-ate"); and the forms that the rules and known words
// still get wrong, irregular ones mostly ("fought" → "fight", "theses" →
// "thesis").
type Dict struct {
	verbs    []string
	exc      map[dictKey]string
	suffixes map[suffixKey]rewrite
}

type dictKey struct {
	form string
	c    class
}

type suffixKey struct {
	c   class
	suf string
}

// A rewrite cuts the last cut bytes of a form and adds add.
type rewrite struct {
	cut int
	add string
}

// maxSuffix is the longest word ending the suffix rules look at.
const maxSuffix = 7

// suffix applies the rule of the longest ending of w that has one.
func (d *Dict) suffix(w string, c class) (string, bool) {
	for k := min(maxSuffix, len(w)); k >= 0; k-- {
		r, ok := d.suffixes[suffixKey{c, w[len(w)-k:]}]
		if !ok {
			continue
		}
		if r.cut > len(w)-2 {
			return "", false
		}
		if r.add == "" {
			return w[:len(w)-r.cut], true
		}
		return w[:len(w)-r.cut] + r.add, true
	}
	return "", false
}

// A Form is an inflected form, its Penn tag, and the lemmas it may have.
type Form struct {
	Form, Tag string
	Lemmas    []string
}

// BuildDict builds the dictionary from WordNet's verbs and the inflected
// forms with their lemmas: it learns the suffix rules from the forms, then
// keeps as exceptions the forms that a lemmatizer trained on sents (the
// treebank `sitrep train nlp` trains on) with these verbs and rules still
// gets wrong.
func BuildDict(verbs []string, forms []Form, sents [][]conllu.Word) *Dict {
	d := &Dict{verbs: append([]string(nil), verbs...), exc: map[dictKey]string{}, suffixes: map[suffixKey]rewrite{}}
	sort.Strings(d.verbs)
	d.learnSuffixes(forms)
	l := train(sents, d)
	for _, f := range forms {
		c := classOf(f.Tag)
		if c == clsNone || len(f.Lemmas) == 0 {
			continue
		}
		got := l.Lemma(f.Form, f.Tag)
		if !contains(f.Lemmas, got) {
			if _, ok := d.exc[dictKey{f.Form, c}]; !ok {
				d.exc[dictKey{f.Form, c}] = f.Lemmas[0]
			}
		}
	}
	return d
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// learnSuffixes learns, for each class and each word ending of up to
// maxSuffix bytes, the rewrite most of the forms with that ending take. An
// ending keeps its rule only where it differs from that of the longest
// shorter ending with a rule, and at least two forms agree on it: single
// words are exceptions, not rules.
func (d *Dict) learnSuffixes(forms []Form) {
	counts := map[suffixKey]map[rewrite]int{}
	for _, f := range forms {
		c := classOf(f.Tag)
		if c == clsNone || c >= clsEr || len(f.Lemmas) != 1 {
			continue
		}
		r, ok := rewriteOf(f.Form, f.Lemmas[0])
		if !ok {
			continue
		}
		for k := 0; k <= min(maxSuffix, len(f.Form)); k++ {
			sk := suffixKey{c, f.Form[len(f.Form)-k:]}
			if counts[sk] == nil {
				counts[sk] = map[rewrite]int{}
			}
			counts[sk][r]++
		}
	}
	keys := make([]suffixKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	// Shorter endings first, so a parent's rule is settled before its
	// children's.
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if len(a.suf) != len(b.suf) {
			return len(a.suf) < len(b.suf)
		}
		if a.c != b.c {
			return a.c < b.c
		}
		return a.suf < b.suf
	})
	for _, k := range keys {
		best, bn := rewrite{}, 0
		for r, n := range counts[k] {
			if n > bn || n == bn && (r.cut < best.cut || r.cut == best.cut && r.add < best.add) {
				best, bn = r, n
			}
		}
		if k.suf == "" {
			d.suffixes[k] = best
			continue
		}
		parent, _ := d.inherited(k)
		if best != parent && bn >= 2 && bn > counts[k][parent] {
			d.suffixes[k] = best
		}
	}
}

// inherited is the rule of the longest proper ending of k's that has one.
func (d *Dict) inherited(k suffixKey) (rewrite, bool) {
	for i := 1; i <= len(k.suf); i++ {
		if r, ok := d.suffixes[suffixKey{k.c, k.suf[i:]}]; ok {
			return r, true
		}
	}
	return rewrite{}, false
}

// rewriteOf is the rewrite from form to lemma, if it only changes the end
// of the word (at most 4 bytes cut, 3 added).
func rewriteOf(form, lemma string) (rewrite, bool) {
	p := 0
	for p < len(form) && p < len(lemma) && form[p] == lemma[p] {
		p++
	}
	r := rewrite{cut: len(form) - p, add: lemma[p:]}
	return r, r.cut <= 4 && len(r.add) <= 3 && p >= 2
}

var classLetter = [nClass]byte{clsS: 's', clsEd: 'd', clsIng: 'g', clsPl: 'p'}

func classOfLetter(b byte) class {
	for c, x := range classLetter {
		if x == b && x != 0 {
			return class(c)
		}
	}
	return clsNone
}

const dictMagic = "sitrep-lemma-dict-1\n"

// Write writes the dictionary, gzip-compressed text: the verbs, the suffix
// rules (class, ending, bytes cut, bytes added) and the exceptions (form,
// class, lemma), each section sorted.
func (d *Dict) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(dictMagic)
	fmt.Fprintf(bw, "%d\n", len(d.verbs))
	for _, v := range d.verbs {
		bw.WriteString(v + "\n")
	}
	var lines []string
	for k, r := range d.suffixes {
		lines = append(lines, fmt.Sprintf("%c\t%s\t%d\t%s", classLetter[k.c], k.suf, r.cut, r.add))
	}
	sort.Strings(lines)
	fmt.Fprintf(bw, "%d\n", len(lines))
	for _, s := range lines {
		bw.WriteString(s + "\n")
	}
	lines = lines[:0]
	for k, v := range d.exc {
		lines = append(lines, fmt.Sprintf("%s\t%c\t%s", k.form, classLetter[k.c], v))
	}
	sort.Strings(lines)
	fmt.Fprintf(bw, "%d\n", len(lines))
	for _, s := range lines {
		bw.WriteString(s + "\n")
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// ReadDict reads a dictionary written by Write.
func ReadDict(r io.Reader) (*Dict, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("lemma dictionary: %w", err)
	}
	sc := bufio.NewScanner(zr)
	line := func() string { sc.Scan(); return sc.Text() }
	if line()+"\n" != dictMagic {
		return nil, errors.New("lemma dictionary: bad header")
	}
	bad := func(s string) error { return fmt.Errorf("lemma dictionary: bad line %q", s) }
	count := func() (int, error) {
		s := line()
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, bad(s)
		}
		return n, nil
	}
	d := &Dict{exc: map[dictKey]string{}, suffixes: map[suffixKey]rewrite{}}
	n, err := count()
	if err != nil {
		return nil, err
	}
	d.verbs = make([]string, 0, n)
	for range n {
		d.verbs = append(d.verbs, line())
	}
	if n, err = count(); err != nil {
		return nil, err
	}
	for range n {
		s := line()
		f := strings.Split(s, "\t")
		if len(f) != 4 || len(f[0]) != 1 || classOfLetter(f[0][0]) == clsNone {
			return nil, bad(s)
		}
		cut, err := strconv.Atoi(f[2])
		if err != nil || cut < 0 {
			return nil, bad(s)
		}
		d.suffixes[suffixKey{classOfLetter(f[0][0]), f[1]}] = rewrite{cut, f[3]}
	}
	if n, err = count(); err != nil {
		return nil, err
	}
	for range n {
		s := line()
		f := strings.Split(s, "\t")
		if len(f) != 3 || len(f[1]) != 1 || classOfLetter(f[1][0]) == clsNone {
			return nil, bad(s)
		}
		d.exc[dictKey{f[0], classOfLetter(f[1][0])}] = f[2]
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lemma dictionary: %w", err)
	}
	return d, nil
}

//go:embed dict.gz
var dictGz []byte

var embeddedDict = sync.OnceValues(func() (*Dict, error) {
	d, err := ReadDict(bytes.NewReader(dictGz))
	if err != nil {
		return nil, fmt.Errorf("%w (rebuild with `go run ./nlp/lemma/gen`)", err)
	}
	return d, nil
})
