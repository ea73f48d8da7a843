// Package doctype classifies a whole news story by its main PLOVER event type
// ("what is this story about": a protest, an attack, a visit). It is an
// averaged perceptron over lower-cased word unigrams and bigrams, trained by
// Train on the NGEC synthetic PLOVER stories; the trained model is embedded
// (model.txt.gz) and rebuilt with `go run ./events/doctype/train`.
package doctype

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/internal/modelfile"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

//go:embed model.txt.gz
var embedded []byte

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	Labels  []string
	weights map[string][]float32 // feature → weight per label
	Meta    string               // training data and held-out accuracy
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the embedded model.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		r, _, err := modelfile.Open(embedded)
		if err != nil {
			defaultErr = err
			return
		}
		defaultModel, defaultErr = Load(r)
	})
	return defaultModel, defaultErr
}

// Features returns the features of a story: lower-case words and word pairs
// of its text, and apart from them those of its headline, which says most
// directly what the story is about.
func Features(title, text string, buf []string) []string {
	// The headline's features count several times, so that a few headline
	// words can outweigh hundreds of body words.
	for range titleWeight {
		buf = words("t", title, buf)
	}
	return words("w", text, buf)
}

const titleWeight = 3

func words(prefix, text string, buf []string) []string {
	toks := tokenize.Words(text, nil)
	prev := "<s>"
	for _, t := range toks {
		w := strings.ToLower(t.Of(text))
		if len(w) == 1 && !isAlnum(w[0]) {
			continue
		}
		buf = append(buf, prefix+"="+w, prefix+"b="+prev+"_"+w)
		prev = w
	}
	return buf
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// Classify returns the most likely main event type of a story and a confidence
// (a softmax over the label scores).
func (m *Model) Classify(title, text string) (string, float64) {
	scores := make([]float64, len(m.Labels))
	for _, f := range Features(title, text, nil) {
		if w, ok := m.weights[f]; ok {
			for i, x := range w {
				scores[i] += float64(x)
			}
		}
	}
	best := 0
	for i := range scores {
		if scores[i] > scores[best] {
			best = i
		}
	}
	z := 0.0
	for _, s := range scores {
		z += math.Exp(s - scores[best])
	}
	return m.Labels[best], 1 / z
}

// Doc classifies a document by its title and text.
func (m *Model) Doc(doc *sitrep.Document) (string, float64) { return m.Classify(doc.Title, doc.Text) }

// Example is one labelled training text.
type Example struct {
	Title, Text, Label string
}

// Train fits an averaged perceptron for epochs passes over examples (in the
// given order; shuffle them first).
func Train(examples []Example, epochs int) *Model {
	labelIdx := map[string]int{}
	m := &Model{weights: map[string][]float32{}}
	for _, e := range examples {
		if _, ok := labelIdx[e.Label]; !ok {
			labelIdx[e.Label] = len(m.Labels)
			m.Labels = append(m.Labels, e.Label)
		}
	}
	nl := len(m.Labels)
	feats := make([][]string, len(examples))
	for i, e := range examples {
		feats[i] = Features(e.Title, e.Text, nil)
	}
	w := map[string][]float64{}
	total := map[string][]float64{} // running sums for averaging
	stamp := map[string][]int{}
	c := 0
	upd := func(f string, l int, d float64) {
		if w[f] == nil {
			w[f], total[f], stamp[f] = make([]float64, nl), make([]float64, nl), make([]int, nl)
		}
		total[f][l] += float64(c-stamp[f][l]) * w[f][l]
		stamp[f][l] = c
		w[f][l] += d
	}
	scores := make([]float64, nl)
	for ep := 0; ep < epochs; ep++ {
		for i, e := range examples {
			c++
			for l := range scores {
				scores[l] = 0
			}
			for _, f := range feats[i] {
				if ws := w[f]; ws != nil {
					for l, x := range ws {
						scores[l] += x
					}
				}
			}
			best := 0
			for l := range scores {
				if scores[l] > scores[best] {
					best = l
				}
			}
			gold := labelIdx[e.Label]
			if best != gold {
				for _, f := range feats[i] {
					upd(f, gold, 1)
					upd(f, best, -1)
				}
			}
		}
	}
	for f, ws := range w {
		avg := make([]float32, nl)
		keep := false
		for l := range ws {
			t := total[f][l] + float64(c-stamp[f][l])*ws[l]
			avg[l] = float32(t / float64(c))
			if math.Abs(float64(avg[l])) >= 0.01 {
				keep = true
			}
		}
		if keep {
			m.weights[f] = avg
		}
	}
	return m
}

// Save writes the model in its text format: a "labels" line, a "meta" line,
// then one line per feature with its non-zero weights as label:weight.
func (m *Model) Save(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "labels\t%s\nmeta\t%s\n", strings.Join(m.Labels, " "), m.Meta)
	keys := make([]string, 0, len(m.weights))
	for f := range m.weights {
		keys = append(keys, f)
	}
	sort.Strings(keys)
	for _, f := range keys {
		bw.WriteString(f)
		for l, x := range m.weights[f] {
			if math.Abs(float64(x)) >= 0.01 {
				fmt.Fprintf(bw, "\t%d:%.2f", l, x)
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	m := &Model{weights: map[string][]float32{}}
	n := 0
	for sc.Scan() {
		n++
		f := strings.Split(sc.Text(), "\t")
		switch {
		case n == 1 && f[0] == "labels" && len(f) == 2:
			m.Labels = strings.Fields(f[1])
		case n == 2 && f[0] == "meta":
			m.Meta = strings.Join(f[1:], "\t")
		case n > 2 && len(m.Labels) > 0:
			ws := make([]float32, len(m.Labels))
			for _, kv := range f[1:] {
				k, v, ok := strings.Cut(kv, ":")
				l, err1 := strconv.Atoi(k)
				x, err2 := strconv.ParseFloat(v, 32)
				if !ok || err1 != nil || err2 != nil || l < 0 || l >= len(ws) {
					return nil, fmt.Errorf("doctype model line %d: bad weight %q", n, kv)
				}
				ws[l] = float32(x)
			}
			m.weights[f[0]] = ws
		default:
			return nil, fmt.Errorf("doctype model line %d: unexpected %q", n, f[0])
		}
	}
	if len(m.Labels) == 0 {
		return nil, fmt.Errorf("doctype model: no labels")
	}
	return m, sc.Err()
}

// Describe says what the embedded model is, for `sitrep version -v`, from
// its meta line.
func Describe() string {
	m, err := Default()
	if err != nil {
		return "doctype: " + err.Error()
	}
	return "doctype: " + m.Meta + "; rebuild: sitrep train doctype ../shared/data/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip"
}
