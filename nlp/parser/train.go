package parser

import (
	"math/rand/v2"
	"slices"

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
// arc-eager oracle assumes projective trees. With beam 1 it is trained
// greedily, one transition at a time, and after the first epoch it follows
// its own (possibly wrong) predictions with probability explore. With a wider
// beam it is trained globally on whole transition sequences (see trainBeam);
// explore is not used. Averaged weights smaller than prune in magnitude are
// dropped.
func Train(exs []Example, epochs, beam int, explore, prune float64, logf func(format string, args ...any)) *Parser {
	p := &Parser{Beam: max(beam, 1)}
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
	if p.Beam > 1 {
		var bt beamTrainer
		for ep := 0; ep < epochs; ep++ {
			rng.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
			right := 0
			for _, si := range train {
				if p.trainBeam(tr, &exs[si], &golds[si], &bt) {
					right++
				}
			}
			if logf != nil {
				logf("parser epoch %d: %.2f%% of sentences right (beam %d)", ep+1, 100*float64(right)/float64(max(len(train), 1)), p.Beam)
			}
		}
		p.model = tr.Model(prune)
		return p
	}
	var st state
	var feats []uint64
	scores := make([]float32, nt)
	costs := make([]int32, nt)
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
				p.costs(&st, g, costs)
				pred, best := -1, -1 // best valid, best zero-cost
				for t := range scores {
					if !p.valid(&st, t) {
						continue
					}
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

// costs sets out[t], for each valid transition t, to the number of gold arcs
// t makes unreachable (Goldberg and Nivre 2012, arc-eager), counting an arc
// with the wrong label as one.
func (p *Parser) costs(st *state, g *gold, out []int32) {
	s0, b, n, nl := st.s0(), st.b, st.n, len(p.Labels)
	if b < n { // shift, and what every right arc loses
		c := int32(0)
		for _, k := range st.stack {
			if g.heads[k] == b && st.head(k) < 0 {
				c++
			}
		}
		right := c
		for _, k := range st.stack {
			if g.heads[b] == k {
				c++
			}
		}
		out[shift] = c
		if s0 >= 0 {
			gh := g.heads[b]
			lost := int32(0) // b's gold arc, when its head is not s0
			if gh > b {
				lost = 1
			} else if gh != s0 {
				for _, k := range st.stack {
					if k == gh {
						lost = 1
						break
					}
				}
			}
			for l := range nl {
				c := right + lost
				if gh == s0 && g.labels[b] != l {
					c++
				}
				out[nFixed+nl+l] = c
			}
		}
	}
	if s0 < 0 {
		return
	}
	// reduce, and what every left arc loses: s0's gold dependents in the buffer
	deps := int32(0)
	for k := b; k < n; k++ {
		if g.heads[k] == s0 {
			deps++
		}
	}
	out[reduce] = deps
	gh := g.heads[s0]
	for l := range nl {
		c := deps
		if gh > b || gh == b && g.labels[s0] != l {
			c++
		}
		out[nFixed+l] = c
	}
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

// beamTrainer is the working memory of trainBeam.
type beamTrainer struct {
	bm         beam
	gold       hyp // the gold hypothesis while it is out of the beam
	gscores    []float32
	gcosts     []int32
	pred, good state
	seqP, seqG []int32
	feats      []uint64
}

// trainBeam decodes ex with a beam and the current weights and reports
// whether the best parse is right. If it is not, it updates the weights at
// the step where the best hypothesis beats the gold one by the most (max
// violation, Huang, Fayong and Guo 2012): towards the gold transitions up to
// that step and away from the best hypothesis'. Several transition sequences
// can build the gold tree; the gold hypothesis is the highest-scoring one
// found: the best in the beam that can still reach the gold tree, else the
// previous gold hypothesis extended by its best zero-cost transition.
func (p *Parser) trainBeam(tr *perceptron.Trainer, ex *Example, g *gold, bt *beamTrainer) bool {
	n, nt := len(ex.Words), nFixed+2*len(p.Labels)
	bm := &bt.bm
	bm.start(n, p.Beam, nt)
	bt.gold.st.reset(n)
	if len(bt.gscores) < nt {
		bt.gscores, bt.gcosts = make([]float32, nt), make([]int32, nt)
	}
	goldAt := 0 // the gold hypothesis' index in the beam, -1 for bt.gold
	worst, vPred, vGold := 0.0, int32(-1), int32(-1)
	for !bm.cur[0].st.done() {
		p.step(&ex.Sentence, bm, tr, g)
		var gst *state
		var gsc []float32
		var gcost []int32
		var gscore float64
		if goldAt >= 0 {
			gst, gscore = &bm.cur[goldAt].st, bm.cur[goldAt].score
			gsc, gcost = bm.scores[goldAt*nt:(goldAt+1)*nt], bm.costs[goldAt*nt:(goldAt+1)*nt]
		} else {
			gst, gscore, gsc, gcost = &bt.gold.st, bt.gold.score, bt.gscores[:nt], bt.gcosts[:nt]
			bt.feats = p.features(&ex.Sentence, gst, bt.feats[:0])
			clear(gsc)
			tr.Score(bt.feats, gsc)
			p.costs(gst, g, gcost)
		}
		gt := -1
		for t := range nt {
			if gcost[t] == 0 && p.valid(gst, t) && (gt < 0 || gsc[t] > gsc[gt]) {
				gt = t
			}
		}
		gscore += float64(gsc[gt])
		z := -1
		for j, c := range bm.cands {
			if c.zero {
				z = j
				break
			}
		}
		if z >= 0 && bm.cands[z].score >= gscore {
			goldAt = z
		} else {
			if goldAt >= 0 {
				bt.gold.st.copyFrom(gst)
				bt.gold.hist = bm.cur[goldAt].hist
			}
			p.apply(&bt.gold.st, gt)
			bt.gold.score = gscore
			bm.hist = append(bm.hist, link{bt.gold.hist, int32(gt)})
			bt.gold.hist = int32(len(bm.hist) - 1)
			goldAt = -1
		}
		bm.advance(p, true)
		if top := &bm.cur[0]; !top.zero {
			gh := bt.gold.hist
			if goldAt >= 0 {
				gscore, gh = bm.cur[goldAt].score, bm.cur[goldAt].hist
			}
			if v := top.score - gscore; v >= worst {
				worst, vPred, vGold = v, top.hist, gh
			}
		}
	}
	tr.Tick()
	if bm.cur[0].zero {
		return true
	}
	if vPred >= 0 {
		bt.update(p, tr, &ex.Sentence, vPred, vGold)
	}
	return false
}

// update replays the transition sequences ending in the history links pred
// and good and moves the weights of their transitions apart, skipping the
// prefix they share.
func (bt *beamTrainer) update(p *Parser, tr *perceptron.Trainer, s *Sentence, pred, good int32) {
	trace := func(seq []int32, i int32) []int32 {
		seq = seq[:0]
		for ; i >= 0; i = bt.bm.hist[i].parent {
			seq = append(seq, bt.bm.hist[i].t)
		}
		slices.Reverse(seq)
		return seq
	}
	bt.seqP, bt.seqG = trace(bt.seqP, pred), trace(bt.seqG, good)
	n := len(s.Words)
	bt.pred.reset(n)
	c := 0
	for c < len(bt.seqP) && bt.seqP[c] == bt.seqG[c] {
		p.apply(&bt.pred, int(bt.seqP[c]))
		c++
	}
	bt.good.reset(n)
	bt.good.copyFrom(&bt.pred)
	for _, r := range []struct {
		st    *state
		seq   []int32
		delta int32
	}{{&bt.pred, bt.seqP[c:], -1}, {&bt.good, bt.seqG[c:], 1}} {
		for _, t := range r.seq {
			bt.feats = p.features(s, r.st, bt.feats[:0])
			tr.Add(bt.feats, int(t), r.delta)
			p.apply(r.st, int(t))
		}
	}
}
