package parser

import (
	"bytes"
	"compress/gzip"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/sitrep-dev/sitrep/nlp/internal/lex"
)

// toy builds an example from forms, tags and gold heads (1-based, 0 root)
// and labels.
func toy(forms []string, tags []int, heads []int, labels []string) Example {
	var ex Example
	var buf []byte
	for i, f := range forms {
		var w lex.Word
		w, buf = lex.Make(f, buf)
		ex.Words = append(ex.Words, w)
		ex.GoldHeads = append(ex.GoldHeads, heads[i]-1)
	}
	ex.Tags, ex.GoldLabels = tags, labels
	return ex
}

func TestTrainParse(t *testing.T) {
	exs := []Example{
		toy([]string{"troops", "killed", "militants", "."}, []int{0, 1, 0, 2}, []int{2, 0, 2, 2}, []string{"nsubj", "root", "obj", "punct"}),
		toy([]string{"the", "army", "shelled", "the", "town", "."}, []int{3, 0, 1, 3, 0, 2}, []int{2, 3, 0, 5, 3, 3}, []string{"det", "nsubj", "root", "det", "obj", "punct"}),
		toy([]string{"police", "arrested", "two", "men", "."}, []int{0, 1, 4, 0, 2}, []int{2, 0, 4, 2, 2}, []string{"nsubj", "root", "nummod", "obj", "punct"}),
	}
	for _, beam := range []int{1, 4} {
		p := Train(exs, 10, beam, 0.9, 0, nil)
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		p2, err := Read(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if p2.Beam != beam {
			t.Errorf("beam %d read back as %d", beam, p2.Beam)
		}
		var sc Scratch
		for _, pp := range []*Parser{p, p2} {
			for _, ex := range exs {
				s := ex.Sentence
				pp.Parse(&s, &sc)
				for i, h := range s.Heads {
					if h != ex.GoldHeads[i] || pp.Labels[s.Labels[i]] != ex.GoldLabels[i] {
						t.Errorf("beam %d, word %d: head %d %s, want %d %s", beam, i, h, pp.Labels[s.Labels[i]], ex.GoldHeads[i], ex.GoldLabels[i])
					}
				}
			}
		}
	}
	if _, err := Read(bytes.NewReader([]byte("junk"))); err == nil {
		t.Fatal("junk read as a model")
	}
}

// TestBeamOne checks the beam decoder against the greedy one: with width 1
// it must make the same choices.
func TestBeamOne(t *testing.T) {
	exs := toyTrees()
	p := Train(exs, 2, 1, 0.9, 0, nil)
	var sc Scratch
	for _, ex := range exs {
		g, b := ex.Sentence, ex.Sentence
		g.Heads, g.Labels, b.Heads, b.Labels = nil, nil, nil, nil
		p.Parse(&g, &sc)
		p.parseBeam(&b, &sc, 1)
		if !slices.Equal(g.Heads, b.Heads) || !slices.Equal(g.Labels, b.Labels) {
			t.Errorf("greedy %v %v, beam 1 %v %v", g.Heads, g.Labels, b.Heads, b.Labels)
		}
	}
}

func TestProjective(t *testing.T) {
	// root at n = 4
	if !projective([]int{1, 4, 1, 1}) {
		t.Error("projective tree rejected")
	}
	if projective([]int{2, 4, 1, 1}) { // 0→2 crosses 1→3
		t.Error("crossing arcs accepted")
	}
}

// TestBeamScores checks that the scores the beam derives from another
// hypothesis' equal the model's own.
func TestBeamScores(t *testing.T) {
	exs := toyTrees()
	p := Train(exs, 3, 4, 0.9, 0, nil)
	var bm beam
	var feats []uint64
	nt := nFixed + 2*len(p.Labels)
	want := make([]float32, nt)
	reused := 0
	for _, ex := range exs {
		bm.start(len(ex.Words), 4, nt)
		for !bm.cur[0].st.done() {
			p.step(&ex.Sentence, &bm, p.model, nil)
			for i := range bm.live {
				feats = p.features(&ex.Sentence, &bm.cur[i].st, feats[:0])
				clear(want)
				p.model.Score(feats, want)
				if got := bm.scores[i*nt : (i+1)*nt]; !slices.Equal(got, want) {
					t.Fatalf("hypothesis %d: scores %v, want %v", i, got, want)
				}
			}
			reused += bm.live - 1
			bm.advance(p, false)
		}
	}
	if reused == 0 {
		t.Error("no hypothesis beside the best")
	}
}

// toyTrees makes 40 small right-branching trees over varied words and tags.
func toyTrees() []Example {
	var exs []Example
	words := []string{"the", "army", "shelled", "a", "town", "near", "the", "border", "and", "police", "arrested", "two", "men", "."}
	for i := range 40 {
		n := 3 + i%9
		var forms []string
		var tags, heads []int
		var labels []string
		for k := range n {
			forms = append(forms, words[(i*7+k*3)%len(words)])
			tags = append(tags, (i+k*5)%6)
			if k == n-1 {
				heads, labels = append(heads, 0), append(labels, "root")
			} else {
				heads, labels = append(heads, k+2), append(labels, []string{"nsubj", "obj", "det", "amod"}[(i+k)%4])
			}
		}
		exs = append(exs, toy(forms, tags, heads, labels))
	}
	return exs
}

// TestCachedScores checks that a greedy parse's scores, from cached sums and
// the other features, are those of the model over all the features, bit for
// bit, in the states of greedy parses and of random walks, for a toy parser
// and the shipped one.
func TestCachedScores(t *testing.T) {
	parsers := []*Parser{Train(toyTrees(), 3, 1, 0.9, 0, nil)}
	if f, err := os.Open("../models/parser.gz"); err == nil {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Read(zr)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		parsers = append(parsers, p)
	}
	exs := toyTrees()
	rng := rand.New(rand.NewPCG(1, 2))
	for pi, p := range parsers {
		var sc Scratch
		sc.cache.use(p)
		nt := p.model.NClasses
		got, want := make([]float32, nt), make([]float32, nt)
		checked := 0
		for _, ex := range exs {
			sc.cache.sentence(&ex.Sentence)
			for walk := range 3 {
				var st state
				st.reset(len(ex.Words))
				for !st.done() {
					var v view
					p.view(&ex.Sentence, &st, &v)
					clear(got)
					sc.cache.add(&v, got)
					p.model.Score(v.others(nil), got)
					clear(want)
					p.model.Score(p.features(&ex.Sentence, &st, nil), want)
					for k := range got {
						if math.Float32bits(got[k]) != math.Float32bits(want[k]) {
							t.Fatalf("parser %d: transition %d scores %v from the cache, want %v", pi, k, got[k], want[k])
						}
					}
					checked++
					// The first walk is greedy, the others random.
					best := -1
					for k := range want {
						if p.valid(&st, k) && (best < 0 || walk == 0 && want[k] > want[best] || walk > 0 && rng.IntN(3) == 0) {
							best = k
						}
					}
					p.apply(&st, best)
				}
			}
		}
		t.Logf("parser %d: %d states", pi, checked)
	}
}
