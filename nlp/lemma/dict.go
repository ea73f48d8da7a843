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

// MaxSuffix is the longest word ending the suffix rules look at.
const MaxSuffix = 7

// suffix applies the rule of the longest ending of w that has one.
func (d *Dict) suffix(w string, c class) (string, bool) {
	for k := min(MaxSuffix, len(w)); k >= 0; k-- {
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

var classLetter = [nClass]byte{clsS: 's', clsEd: 'd', clsIng: 'g', clsPl: 'p'}

func classOfLetter(b byte) class {
	for c, x := range classLetter {
		if x == b && x != 0 {
			return class(c)
		}
	}
	return clsNone
}

// DictHeader is the first line of a dictionary file (ReadDict).
const DictHeader = "sitrep-lemma-dict-1"

const dictMagic = DictHeader + "\n"

// Write writes the dictionary, gzip-compressed text: the DictHeader line,
// then the verbs, the suffix rules (class, ending, bytes cut, bytes added)
// and the exceptions (form, class, lemma), each section sorted and after a
// line with its count. A class is a letter: s for VBZ, d for VBD and VBN, g
// for VBG, p for NNS.
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
