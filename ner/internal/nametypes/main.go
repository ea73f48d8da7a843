// Command nametypes writes the name types the NER tagger reads as a feature
// (ner/model/nametypes.txt.gz): for each of the 200,000 most frequent GloVe
// words, the kind of name (PER, ORG, LOC) a linear classifier over its vector
// predicts, when it predicts one. The classifier learns from names we already
// have — the actor database's persons, organisations and groups, the place
// names of ner/model/places.txt.gz — against lower-case English words, so it
// tells apart words the labelled data never shows ("yahoo", "mozilla") by what
// their vectors say. It reads no NER training data: a feature learnt from the
// tagger's own training labels would be too good on them.
//
//	(cd nlp/wordclass/gen && npm ci)   # GloVe vectors (see nlp/wordclass)
//	apt-get install wamerican
//	go run ./ner/internal/nametypes    # then retrain: sitrep train ner
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/ner/internal/namelist"
	"github.com/sitrep-dev/sitrep/nlp/wordclass/glove"
)

const (
	tO = iota
	tPER
	tORG
	tLOC
	nTypes
)

func main() {
	src := flag.String("vectors", glove.DefaultPath, "wink-embeddings JSON file")
	dict := flag.String("words", "/usr/share/dict/american-english", "English word list (Debian wamerican)")
	out := flag.String("out", "ner/model/nametypes.txt.gz", "file to write")
	vocab := flag.Int("n", 200000, "most frequent words kept")
	flag.Parse()
	words, vecs, err := glove.Load(*src, *vocab)
	if err != nil {
		log.Fatal(err)
	}
	label := map[string]int{}
	counts := [nTypes]int{}
	set := func(w string, t int) {
		if old, ok := label[w]; ok && old != t {
			label[w] = -1 // ambiguous: left out
			return
		}
		label[w] = t
	}
	english, err := namelist.EnglishWords(*dict)
	if err != nil {
		log.Fatal(err)
	}
	if err := readActors("actors/data/persons.tsv", func(name string) {
		for _, t := range strings.Fields(name) {
			if len(t) > 2 && !english[t] {
				set(t, tPER)
			}
		}
	}); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"actors/data/organisations.tsv", "actors/data/groups.tsv"} {
		if err := readActors(f, func(name string) {
			if !strings.Contains(name, " ") && len(name) > 2 {
				set(name, tORG)
			}
		}); err != nil {
			log.Fatal(err)
		}
	}
	if err := readPlaces("ner/model/places.txt.gz", func(name string) {
		if !strings.Contains(name, " ") {
			set(name, tLOC)
		}
	}); err != nil {
		log.Fatal(err)
	}
	for w := range english {
		if _, named := label[w]; !named {
			label[w] = tO
		}
	}
	var xs []int
	var ys []int
	for i, w := range words {
		if t, ok := label[w]; ok && t >= 0 {
			xs, ys = append(xs, i), append(ys, t)
			counts[t]++
		}
	}
	log.Printf("%d labelled words: O %d, PER %d, ORG %d, LOC %d", len(xs), counts[tO], counts[tPER], counts[tORG], counts[tLOC])
	w := train(vecs, xs, ys, counts)
	if err := write(*out, words, vecs, w); err != nil {
		log.Fatal(err)
	}
}

// readActors calls fn with each lower-cased name and alias of an actor file.
func readActors(path string, fn func(string)) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var cols map[string]int
	for line := range strings.SplitSeq(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if cols == nil {
			cols = map[string]int{}
			for i, c := range f {
				cols[c] = i
			}
			continue
		}
		for _, c := range []string{"name", "aliases"} {
			if i, ok := cols[c]; ok && i < len(f) {
				for n := range strings.SplitSeq(f[i], "|") {
					if n != "" {
						fn(strings.ToLower(n))
					}
				}
			}
		}
	}
	return nil
}

func readPlaces(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if _, name, ok := strings.Cut(sc.Text(), "\t"); ok {
			fn(name)
		}
	}
	return sc.Err()
}

// train fits multinomial logistic regression by SGD, each class weighted
// inversely to its size so that the many English words do not swamp names.
func train(vecs [][]float32, xs, ys []int, counts [nTypes]int) [][]float64 {
	dim := len(vecs[0]) + 1
	w := make([][]float64, nTypes)
	for t := range w {
		w[t] = make([]float64, dim)
	}
	cw := [nTypes]float64{}
	for t, n := range counts {
		if n > 0 {
			cw[t] = float64(len(xs)) / float64(nTypes*n)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	for epoch := range 20 {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := 0.5 / (1 + float64(epoch))
		for _, k := range order {
			v, y := vecs[xs[k]], ys[k]
			p := probs(w, v)
			for t := range nTypes {
				g := p[t]
				if t == y {
					g--
				}
				g *= lr * cw[y]
				for d, x := range v {
					w[t][d] -= g * float64(x)
				}
				w[t][dim-1] -= g
			}
		}
	}
	right := 0
	for k, i := range xs {
		p := probs(w, vecs[i])
		if argmax(p) == ys[k] {
			right++
		}
	}
	log.Printf("training accuracy %.3f", float64(right)/float64(len(xs)))
	return w
}

func probs(w [][]float64, v []float32) [nTypes]float64 {
	var s [nTypes]float64
	m := math.Inf(-1)
	for t := range nTypes {
		z := w[t][len(v)]
		for d, x := range v {
			z += w[t][d] * float64(x)
		}
		s[t] = z
		m = max(m, z)
	}
	sum := 0.0
	for t := range s {
		s[t] = math.Exp(s[t] - m)
		sum += s[t]
	}
	for t := range s {
		s[t] /= sum
	}
	return s
}

func argmax(p [nTypes]float64) int {
	b := 0
	for t := range p {
		if p[t] > p[b] {
			b = t
		}
	}
	return b
}

// write stores "word<TAB>type" for words predicted to be names, the type
// followed by "+" when the probability is at least 0.8.
func write(path string, words []string, vecs [][]float32, w [][]float64) error {
	names := []string{"", "PER", "ORG", "LOC"}
	var lines []string
	for i, word := range words {
		p := probs(w, vecs[i])
		t := argmax(p)
		if t == tO || p[t] < 0.5 {
			continue
		}
		conf := ""
		if p[t] >= 0.8 {
			conf = "+"
		}
		lines = append(lines, word+"\t"+names[t]+conf)
	}
	slices.Sort(lines)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	log.Printf("%d words with a name type → %s", len(lines), path)
	return f.Close()
}
