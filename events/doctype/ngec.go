package doctype

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
)

// ReadNGEC reads the NGEC synthetic stories (the zipped CSV with text and
// label columns) and splits them: every fifth row is held out for testing.
//
// With byTitle the split is by headline instead: every story written from a
// held-out headline is held out, so no test headline was seen in training.
func ReadNGEC(path string, byTitle bool) (train, test []Example, err error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, err
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		return nil, nil, fmt.Errorf("%s: empty zip", path)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	ti, li, pi := -1, -1, -1
	for i, h := range head {
		switch h {
		case "text":
			ti = i
		case "label":
			li = i
		case "prompt":
			pi = i
		}
	}
	if ti < 0 || li < 0 {
		return nil, nil, fmt.Errorf("%s: no text and label columns", path)
	}
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		// The prompt's first line is the story's headline (with the country
		// filled in): the document title a real story has.
		e := Example{Text: rec[ti], Label: rec[li]}
		if pi >= 0 {
			title, _, _ := strings.Cut(rec[pi], "\n")
			e.Title = title
		}
		if heldOut(rec, n, byTitle) {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test, nil
}

func heldOut(rec []string, n int, byTitle bool) bool {
	if !byTitle {
		return n%5 == 4
	}
	// The title column is the headline template ("{country_1} Teachers on
	// Strike"); hash it so the split is stable.
	return crc32.ChecksumIEEE([]byte(rec[2]))%5 == 4
}

// Accuracy is the share of examples m labels right.
func Accuracy(m *Model, examples []Example) float64 {
	if len(examples) == 0 {
		return 0
	}
	ok := 0
	for _, e := range examples {
		if l, _ := m.Classify(e.Title, e.Text); l == e.Label {
			ok++
		}
	}
	return float64(ok) / float64(len(examples))
}

// TrainNGEC trains a model on the NGEC stories at path as ReadNGEC splits
// them, in a fixed shuffled order, and measures it on the held-out ones; its
// Meta says so.
func TrainNGEC(path string, byTitle bool) (*Model, error) {
	train, test, err := ReadNGEC(path, byTitle)
	if err != nil {
		return nil, err
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	m := Train(train, 8)
	m.Meta = fmt.Sprintf("averaged perceptron, word uni+bigrams; NGEC synthetic PLOVER stories (MIT), %d train / %d held out; held-out accuracy %.3f", len(train), len(test), Accuracy(m, test))
	return m, nil
}
