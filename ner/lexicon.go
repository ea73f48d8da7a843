package ner

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

// WordInfo is what unlabelled text says about a (lower-cased) word: its
// distributional cluster, as a path with a leading 1 bit, and how often it is
// capitalised inside a sentence (Caps 1 never … 5 always; 0 unknown).
type WordInfo struct {
	Cluster uint32
	Caps    uint8
}

// Lexicon maps lower-cased words to what unlabelled text says about them.
// It lets the tagger generalise to names it never saw labelled: a word that
// is nearly always capitalised mid-sentence, or that shares contexts with
// known names, is likely a name.
type Lexicon map[string]WordInfo

// LexiconOptions control BuildLexicon.
type LexiconOptions struct {
	MinCount int // words seen fewer times get no cluster (default 3)
	Contexts int // context words per side (default 800)
	Top, Sub int // clusters at the first and second level (default 16 × 16)
	Iter     int // k-means iterations per level (default 8)
}

// BuildLexicon computes capitalisation rates and two-level clusters (spherical
// k-means over positive-PMI vectors of left and right neighbours) from
// tokenized sentences with their original case.
func BuildLexicon(sents [][]string, opt LexiconOptions) Lexicon {
	if opt.MinCount == 0 {
		opt.MinCount = 3
	}
	if opt.Contexts == 0 {
		opt.Contexts = 800
	}
	if opt.Top == 0 {
		opt.Top, opt.Sub = 16, 16
	}
	if opt.Iter == 0 {
		opt.Iter = 8
	}
	count := map[string]int{}
	mid, caps := map[string]int{}, map[string]int{}
	lower := make([][]string, len(sents))
	for si, s := range sents {
		ls := make([]string, len(s))
		for i, w := range s {
			l := strings.ToLower(w)
			ls[i] = l
			count[l]++
			if i > 0 {
				r, _ := utf8.DecodeRuneInString(w)
				if unicode.IsLetter(r) {
					mid[l]++
					if unicode.IsUpper(r) {
						caps[l]++
					}
				}
			}
		}
		lower[si] = ls
	}
	lex := Lexicon{}
	for w, n := range mid {
		if n < 2 {
			continue
		}
		r := float64(caps[w]) / float64(n)
		b := uint8(5)
		switch {
		case r < 0.05:
			b = 1
		case r < 0.3:
			b = 2
		case r < 0.7:
			b = 3
		case r < 0.95:
			b = 4
		}
		lex[w] = WordInfo{Caps: b}
	}
	// Vocabulary and context words by frequency.
	var vocab []string
	for w, n := range count {
		if n >= opt.MinCount {
			vocab = append(vocab, w)
		}
	}
	sort.Slice(vocab, func(i, j int) bool {
		if count[vocab[i]] != count[vocab[j]] {
			return count[vocab[i]] > count[vocab[j]]
		}
		return vocab[i] < vocab[j]
	})
	ctx := map[string]int{"\x00": 0}
	for _, w := range vocab {
		if len(ctx) >= opt.Contexts {
			break
		}
		ctx[w] = len(ctx)
	}
	vid := make(map[string]int, len(vocab))
	for i, w := range vocab {
		vid[w] = i
	}
	dims := 2 * len(ctx)
	co := make([]map[int32]float32, len(vocab))
	for i := range co {
		co[i] = map[int32]float32{}
	}
	colSum := make([]float64, dims)
	total := 0.0
	for _, s := range lower {
		for i, w := range s {
			v, ok := vid[w]
			if !ok {
				continue
			}
			left, right := "\x00", "\x00"
			if i > 0 {
				left = s[i-1]
			}
			if i+1 < len(s) {
				right = s[i+1]
			}
			if c, ok := ctx[left]; ok {
				co[v][int32(c)]++
				colSum[c]++
				total++
			}
			if c, ok := ctx[right]; ok {
				co[v][int32(len(ctx)+c)]++
				colSum[len(ctx)+c]++
				total++
			}
		}
	}
	vecs := make([]sparse, len(vocab))
	for v, m := range co {
		rowSum := 0.0
		for _, n := range m {
			rowSum += float64(n)
		}
		var sv sparse
		for c, n := range m {
			pmi := math.Log(float64(n) * total / (rowSum * colSum[c]))
			if pmi > 0 {
				sv.idx = append(sv.idx, c)
				sv.val = append(sv.val, float32(pmi))
			}
		}
		sv.normalize()
		vecs[v] = sv
	}
	all := make([]int, len(vocab))
	for i := range all {
		all[i] = i
	}
	top := kmeans(vecs, all, opt.Top, dims, opt.Iter)
	for c := range opt.Top {
		var members []int
		for i, v := range all {
			if top[i] == c {
				members = append(members, v)
			}
		}
		sub := kmeans(vecs, members, opt.Sub, dims, opt.Iter)
		for i, v := range members {
			info := lex[vocab[v]]
			info.Cluster = 1<<8 | uint32(c)<<4 | uint32(sub[i])
			lex[vocab[v]] = info
		}
	}
	return lex
}

type sparse struct {
	idx []int32
	val []float32
}

func (s *sparse) normalize() {
	n := 0.0
	for _, v := range s.val {
		n += float64(v) * float64(v)
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range s.val {
		s.val[i] = float32(float64(s.val[i]) / n)
	}
}

// kmeans clusters the members' vectors into k groups by cosine similarity,
// seeded with evenly spaced members (members are in frequency order), and
// returns each member's group.
func kmeans(vecs []sparse, members []int, k, dims, iter int) []int {
	assign := make([]int, len(members))
	if len(members) <= k {
		for i := range assign {
			assign[i] = i
		}
		return assign
	}
	cent := make([][]float32, k)
	for c := range cent {
		cent[c] = make([]float32, dims)
		v := vecs[members[c*len(members)/k]]
		for j, d := range v.idx {
			cent[c][d] = v.val[j]
		}
	}
	for range iter {
		for i, m := range members {
			v := vecs[m]
			best, bestSim := 0, float32(-1)
			for c := range cent {
				var sim float32
				for j, d := range v.idx {
					sim += v.val[j] * cent[c][d]
				}
				if sim > bestSim {
					best, bestSim = c, sim
				}
			}
			assign[i] = best
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, m := range members {
			v := vecs[m]
			for j, d := range v.idx {
				cent[assign[i]][d] += v.val[j]
			}
		}
		for c := range cent {
			n := 0.0
			for _, x := range cent[c] {
				n += float64(x) * float64(x)
			}
			if n > 0 {
				n = math.Sqrt(n)
				for d := range cent[c] {
					cent[c][d] = float32(float64(cent[c][d]) / n)
				}
			}
		}
	}
	return assign
}

// Write stores the lexicon as TSV: word, cluster path (binary), caps
// (package modelfile compresses the file).
func (l Lexicon) Write(w io.Writer) error {
	words := make([]string, 0, len(l))
	for k := range l {
		words = append(words, k)
	}
	sort.Strings(words)
	bw := bufio.NewWriter(w)
	for _, k := range words {
		if strings.ContainsAny(k, "\t\n") {
			continue
		}
		in := l[k]
		fmt.Fprintf(bw, "%s\t%s\t%d\n", k, strconv.FormatUint(uint64(in.Cluster), 2), in.Caps)
	}
	return bw.Flush()
}

// ReadLexicon reads a lexicon written by Write.
func ReadLexicon(r io.Reader) (Lexicon, error) {
	l := Lexicon{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("ner lexicon: line %d: want 3 columns", n)
		}
		c, err1 := strconv.ParseUint(f[1], 2, 32)
		caps, err2 := strconv.ParseUint(f[2], 10, 8)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("ner lexicon: line %d: bad numbers", n)
		}
		l[f[0]] = WordInfo{Cluster: uint32(c), Caps: uint8(caps)}
	}
	return l, sc.Err()
}

// Sentences tokenizes raw text into sentences of tokens with the run-time
// tokenizer, for BuildLexicon.
func Sentences(text string, dst [][]string) [][]string {
	toks, sents := tokenize.Tokenize(text, nil, nil)
	for _, s := range sents {
		words := make([]string, 0, s.EndToken-s.FirstToken)
		for i := s.FirstToken; i < s.EndToken; i++ {
			words = append(words, toks[i].Of(text))
		}
		dst = append(dst, words)
	}
	return dst
}
