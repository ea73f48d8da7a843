package ner

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokensWindow is the context Propagate gets where the input marks no
// documents (`sitrep ner --tokens`, Evaluate): the sentences within this many
// of each, about a web document or news story's length on either side.
const TokensWindow = 20

const bPER = 1 // Labels index of B-PER

// Propagate labels, in each sentence, the untagged occurrences of the names
// the tagger found in its context: the sentences within window of it, or all
// of them (one document) when window < 0. A name a document repeats is mostly
// tagged in some sentences and missed in others ("Google can even survive",
// an acronym after its first use), and the sentence that misses it holds no
// clue the features could use. Only names starting with a capital letter
// spread, with the type they were tagged with most often, and only over
// tokens all tagged O that do not continue a name just before them.
func Propagate(words [][]string, labels [][]int, window int) {
	type name struct {
		toks []string
		b    int // B- label index
	}
	found := make([][]name, len(words))
	var ms []Mention
	for k, ls := range labels {
		ms = Mentions(ls, ms[:0])
		for _, m := range ms {
			if toks := words[k][m.Start:m.End]; capitalised(toks[0]) {
				found[k] = append(found[k], name{toks, labels[k][m.Start]})
			}
		}
	}
	type tally struct {
		toks []string
		n    [7]int // per IOB2 label
		b    int    // the label tagged most often
	}
	counts := map[string]*tally{}
	var cands []*tally
	byFirst := map[string][]*tally{} // by first token, longest first
	parts := map[string]bool{}
	build := func(lo, hi int) {
		clear(counts)
		clear(byFirst)
		clear(parts)
		cands = cands[:0]
		for _, f := range found[lo:hi] {
			for _, nm := range f {
				key := strings.Join(nm.toks, "\x00")
				t := counts[key]
				if t == nil {
					t = &tally{toks: nm.toks}
					counts[key] = t
					cands = append(cands, t)
				}
				t.n[nm.b]++
			}
		}
		for _, t := range cands {
			for l, n := range t.n {
				if n > t.n[t.b] {
					t.b = l
				}
			}
			byFirst[t.toks[0]] = append(byFirst[t.toks[0]], t)
		}
		// Longest names first, so that "Bank of America" wins over "Bank".
		for _, ts := range byFirst {
			slices.SortStableFunc(ts, func(a, b *tally) int { return len(b.toks) - len(a.toks) })
		}
		// A person named in full is then often named by one part ("Trump",
		// "Vangie"): a part becomes PER where it was tagged alone as another
		// type, and spreads over untagged tokens where no neighbour is a
		// name too and the context never tagged it alone.
		for _, f := range found[lo:hi] {
			for _, nm := range f {
				if nm.b != bPER || len(nm.toks) < 2 {
					continue
				}
				for _, w := range nm.toks {
					if len(w) > 2 && capitalised(w) && !strings.HasSuffix(w, ".") {
						parts[w] = true
					}
				}
			}
		}
	}
	plo, phi := -1, -1
	for k, ws := range words {
		lo, hi := 0, len(words)
		if window >= 0 {
			lo, hi = max(0, k-window), min(len(words), k+window+1)
		}
		if lo != plo || hi != phi { // a whole document is counted once
			build(lo, hi)
			plo, phi = lo, hi
		}
		ls := labels[k]
		for i := 0; i < len(ws); i++ {
			if ls[i] != 0 || i > 0 && ls[i-1] != 0 && capitalised(ws[i-1]) {
				continue
			}
			for _, t := range byFirst[ws[i]] {
				n := len(t.toks)
				if i+n > len(ws) || !slices.Equal(ws[i:i+n], t.toks) || slices.ContainsFunc(ls[i:i+n], func(l int) bool { return l != 0 }) {
					continue
				}
				ls[i] = t.b
				for j := i + 1; j < i+n; j++ {
					ls[j] = t.b + 1
				}
				i += n - 1
				break
			}
		}
		for i, w := range ws {
			if !parts[w] {
				continue
			}
			_, tagged := counts[w]
			alone := ls[i]%2 == 1 && (i+1 == len(ws) || ls[i+1] != ls[i]+1)
			if alone || !tagged && ls[i] == 0 && (i == 0 || ls[i-1] == 0) && (i+1 == len(ws) || !capitalised(ws[i+1])) {
				ls[i] = bPER
			}
		}
	}
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
