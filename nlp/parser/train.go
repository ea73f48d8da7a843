package parser

import (
	"math/rand/v2"

	"github.com/sitrep-dev/sitrep/nlp/perceptron"
)

// Example is a training sentence: the parser's input with gold heads
// (sentence-relative, -1 root) and gold labels (strings).
type Example struct {
	Sentence
	GoldHeads  []int
	GoldLabels []string
}

// Train learns a parser. Non-projective sentences are skipped, since the
// arc-eager oracle assumes projective trees. After the first epoch the parser
// follows its own (possibly wrong) predictions with probability explore.
// Averaged weights smaller than prune in magnitude are dropped.
func Train(exs []Example, epochs int, explore, prune float64, logf func(format string, args ...any)) *Parser {
	p := &Parser{}
	labelOf := map[string]int{}
	for _, ex := range exs {
		for _, l := range ex.GoldLabels {
			if _, ok := labelOf[l]; !ok {
				labelOf[l] = len(p.Labels)
				p.Labels = append(p.Labels, l)
			}
		}
	}
	if _, ok := labelOf["root"]; !ok {
		labelOf["root"] = len(p.Labels)
		p.Labels = append(p.Labels, "root")
	}
	if len(p.Labels) > 64 {
		panic("parser: more than 64 labels")
	}
	p.root = labelOf["root"]
	var train []int
	golds := make([]gold, len(exs))
	for i, ex := range exs {
		n := len(ex.GoldHeads)
		g := gold{heads: make([]int, n), labels: make([]int, n)}
		for k, hd := range ex.GoldHeads {
			if hd < 0 {
				hd = n
			}
			g.heads[k], g.labels[k] = hd, labelOf[ex.GoldLabels[k]]
		}
		golds[i] = g
		if projective(g.heads) {
			train = append(train, i)
		}
	}
	nt := nFixed + 2*len(p.Labels)
	tr := perceptron.NewTrainer(nt)
	rng := rand.New(rand.NewPCG(3, 4))
	var st state
	var feats []uint64
	scores := make([]float32, nt)
	costs := make([]int, nt)
	for ep := 0; ep < epochs; ep++ {
		rng.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
		right, total := 0, 0
		for _, si := range train {
			ex, g := &exs[si], &golds[si]
			st.reset(len(ex.Words))
			for !st.done() {
				feats = p.features(&ex.Sentence, &st, feats[:0])
				clear(scores)
				tr.Score(feats, scores)
				pred, best := -1, -1 // best valid, best zero-cost
				for t := range scores {
					if !p.valid(&st, t) {
						continue
					}
					costs[t] = p.cost(&st, g, t)
					if pred < 0 || scores[t] > scores[pred] {
						pred = t
					}
					if costs[t] == 0 && (best < 0 || scores[t] > scores[best]) {
						best = t
					}
				}
				tr.Tick()
				total++
				if best < 0 { // cannot happen on projective trees; keep going
					best = pred
				}
				if costs[pred] == 0 {
					right++
				} else {
					tr.Update(feats, best, pred)
				}
				next := best
				if ep > 0 && costs[pred] > 0 && rng.Float64() < explore {
					next = pred
				}
				p.apply(&st, next)
			}
		}
		if logf != nil {
			logf("parser epoch %d: %.2f%% of transitions right", ep+1, 100*float64(right)/float64(max(total, 1)))
		}
	}
	p.model = tr.Model(prune)
	return p
}

type gold struct{ heads, labels []int } // root = n

// cost is the number of gold arcs transition t makes unreachable (Goldberg
// and Nivre 2012, arc-eager), counting a right arc with the wrong label as
// one.
func (p *Parser) cost(st *state, g *gold, t int) int {
	s0, b, n := st.s0(), st.b, st.n
	c := 0
	switch {
	case t == shift:
		for _, k := range st.stack {
			if g.heads[b] == k {
				c++
			}
			if g.heads[k] == b && st.heads[k] < 0 {
				c++
			}
		}
	case t == reduce:
		for k := b; k < n; k++ {
			if g.heads[k] == s0 {
				c++
			}
		}
	case t < nFixed+len(p.Labels):
		if gh := g.heads[s0]; gh > b {
			c++
		} else if gh == b && g.labels[s0] != t-nFixed {
			c++
		}
		for k := b; k < n; k++ {
			if g.heads[k] == s0 {
				c++
			}
		}
	default:
		gh := g.heads[b]
		if gh > b {
			c++
		} else if gh == s0 {
			if g.labels[b] != t-nFixed-len(p.Labels) {
				c++
			}
		} else {
			for _, k := range st.stack {
				if k == gh {
					c++
					break
				}
			}
		}
		for _, k := range st.stack {
			if g.heads[k] == b && st.heads[k] < 0 {
				c++
			}
		}
	}
	return c
}

// projective reports whether no two arcs cross (root at n).
func projective(heads []int) bool {
	for d, h := range heads {
		lo, hi := min(d, h), max(d, h)
		for k := lo + 1; k < hi; k++ {
			// every word between must be dominated by h
			a := k
			for steps := 0; a != h && a < len(heads) && steps <= len(heads); steps++ {
				a = heads[a]
			}
			if a != h {
				return false
			}
		}
	}
	return true
}
