// Package lemma gives each word its dictionary form from the word and its
// Penn Treebank tag. Suffix rules ("-ies" → "-y", "-ing", doubled consonants)
// choose among candidate stems by checking them against the lemmas seen in
// training, and a table learned from the treebank holds the irregular forms
// the rules get wrong ("went" → "go", "children" → "child").
package lemma

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/contract"
)

// Lemmatizer is a trained lemmatizer; safe for concurrent use.
type Lemmatizer struct {
	known map[string]bool   // lowercase lemmas seen in training
	exc   map[string]string // lowercase form + " " + XPOS → lemma, where the rules fail
}

// Lemma returns the lemma of form tagged xpos. It returns form itself
// (no copy) when the lemma is the form.
func (l *Lemmatizer) Lemma(form, xpos string) string {
	if len(form) > 64 {
		return form
	}
	lower := toLower(form)
	if v, ok := l.exc[lower+" "+xpos]; ok {
		return v
	}
	return l.rule(form, lower, xpos)
}

func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

func (l *Lemmatizer) rule(form, lower, xpos string) string {
	switch xpos {
	case "NNP":
		return form
	case "NNPS":
		if s, ok := cutSuffix(form, "s"); ok && len(s) > 2 {
			return s
		}
		return form
	case "NNS":
		return l.pick(lower, "ies:y", "sses:ss", "ches:ch", "shes:sh", "xes:x", "zes:z", "ves:f", "s:")
	case "VBZ":
		return l.pick(lower, "ies:y", "sses:ss", "ches:ch", "shes:sh", "xes:x", "zes:z", "oes:o", "s:")
	case "VBD", "VBN":
		return l.pick(lower, "ied:y", "ed:e", "ed:", "d:", "DD")
	case "VBG":
		return l.pick(lower, "ying:ie", "ing:e", "ing:", "GG")
	case "JJR", "RBR":
		return l.pick(lower, "ier:y", "er:e", "er:", "RR")
	case "JJS", "RBS":
		return l.pick(lower, "iest:y", "est:e", "est:", "SS")
	}
	return lower
}

// pick applies the first suffix rule "old:new" whose result is a known
// lemma; "DD", "GG", "RR" and "SS" undo a doubled consonant before -ed,
// -ing, -er and -est. When no result is known, the last plain rule that
// applies wins, else the word is its own lemma.
func (l *Lemmatizer) pick(w string, rules ...string) string {
	fallback := ""
	for _, r := range rules {
		var cand string
		switch r {
		case "DD", "GG", "RR", "SS":
			suf := map[string]string{"DD": "ed", "GG": "ing", "RR": "er", "SS": "est"}[r]
			s, ok := cutSuffix(w, suf)
			if !ok || len(s) < 3 || s[len(s)-1] != s[len(s)-2] {
				continue
			}
			cand = s[:len(s)-1]
		default:
			old, nw, _ := strings.Cut(r, ":")
			s, ok := cutSuffix(w, old)
			if !ok || len(s) < 2 {
				continue
			}
			cand = s + nw
			if fallback == "" && (nw == "" || old == "ies" || old == "ied") {
				fallback = cand
			}
		}
		if l.known[cand] {
			return cand
		}
	}
	if fallback != "" && !l.known[w] {
		return fallback
	}
	return w
}

func cutSuffix(s, suf string) (string, bool) {
	if len(s) > len(suf) && strings.HasSuffix(s, suf) {
		return s[:len(s)-len(suf)], true
	}
	return s, false
}

// Train builds a lemmatizer from gold sentences: the known lemmas, and for
// each (form, tag) whose most frequent lemma the rules miss, that lemma.
func Train(sents [][]contract.ConlluWord) *Lemmatizer {
	l := &Lemmatizer{known: map[string]bool{}, exc: map[string]string{}}
	counts := map[string]map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			if w.Lemma == "_" || w.Lemma == "" {
				continue
			}
			l.known[strings.ToLower(w.Lemma)] = true
			k := strings.ToLower(w.Form) + " " + w.XPOS
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			counts[k][w.Lemma]++
		}
	}
	for k, cs := range counts {
		best, bn := "", 0
		for lm, n := range cs {
			if n > bn || n == bn && lm < best {
				best, bn = lm, n
			}
		}
		lower, xpos, _ := strings.Cut(k, " ")
		if bn > 0 && l.rule(lower, lower, xpos) != best {
			l.exc[k] = best
		}
	}
	return l
}

const magic = "sitrep-lemma-1\n"

// Write writes the lemmatizer, gzip-compressed text.
func (l *Lemmatizer) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	known := make([]string, 0, len(l.known))
	for k := range l.known {
		if !strings.ContainsAny(k, " \t\n") {
			known = append(known, k)
		}
	}
	sort.Strings(known)
	fmt.Fprintf(bw, "%d\n", len(known))
	for _, k := range known {
		bw.WriteString(k + "\n")
	}
	exc := make([]string, 0, len(l.exc))
	for k, v := range l.exc {
		if !strings.ContainsAny(k+v, "\t\n") {
			exc = append(exc, k+"\t"+v)
		}
	}
	sort.Strings(exc)
	fmt.Fprintf(bw, "%d\n", len(exc))
	for _, e := range exc {
		bw.WriteString(e + "\n")
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read reads a lemmatizer written by Write.
func Read(r io.Reader) (*Lemmatizer, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("lemma model: %w", err)
	}
	br := bufio.NewReader(zr)
	line := func() string { s, _ := br.ReadString('\n'); return strings.TrimSuffix(s, "\n") }
	if line()+"\n" != magic {
		return nil, errors.New("lemma model: bad header")
	}
	l := &Lemmatizer{known: map[string]bool{}, exc: map[string]string{}}
	var n int
	if _, err := fmt.Sscan(line(), &n); err != nil {
		return nil, errors.New("lemma model: bad count")
	}
	for range n {
		l.known[line()] = true
	}
	if _, err := fmt.Sscan(line(), &n); err != nil {
		return nil, errors.New("lemma model: bad count")
	}
	for range n {
		k, v, ok := strings.Cut(line(), "\t")
		if !ok {
			return nil, errors.New("lemma model: bad entry")
		}
		l.exc[k] = v
	}
	return l, nil
}
