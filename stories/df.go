package stories

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"

	"github.com/sitrep-dev/sitrep/stories/internal/words"
)

// df.tsv.gz counts, for each word, the news articles of a background corpus
// that hold it (see internal/gendf for the corpus and the rebuild command). A
// fixed table rather than counts from the documents seen so far keeps a
// word's weight the same whatever came before it, so an article lands in the
// same story after a restart or in another run.
//
//go:embed data/df.tsv.gz
var dfGz []byte

// idfTable holds the inverse document frequency of each background word.
type idfTable struct {
	idf    map[uint64]float32
	unseen float32 // idf of a word the corpus never had: a rare one
}

var (
	idfOnce sync.Once
	idfs    idfTable
	idfErr  error
)

func loadIDF() (*idfTable, error) {
	idfOnce.Do(func() { idfs, idfErr = readIDF(dfGz) })
	return &idfs, idfErr
}

// readIDF reads "# docs N" then "word<TAB>df" lines.
func readIDF(gz []byte) (idfTable, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return idfTable{}, err
	}
	sc := bufio.NewScanner(zr)
	t := idfTable{idf: map[uint64]float32{}}
	n := 0.0
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# docs "); ok {
			if n, err = strconv.ParseFloat(rest, 64); err != nil {
				return t, fmt.Errorf("stories: df table: %w", err)
			}
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		w, c, ok := strings.Cut(line, "\t")
		df, err := strconv.ParseFloat(c, 64)
		if !ok || err != nil || n == 0 {
			return t, fmt.Errorf("stories: df table: bad line %q", line)
		}
		t.idf[words.Hash(w)] = float32(math.Log((n + 1) / (df + 0.5)))
	}
	t.unseen = float32(math.Log((n + 1) / 1.5))
	return t, sc.Err()
}

func (t *idfTable) of(h uint64) float32 {
	if v, ok := t.idf[h]; ok {
		return v
	}
	return t.unseen
}
