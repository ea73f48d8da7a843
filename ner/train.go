package ner

import (
	"io"
	"math"
	"math/rand/v2"
	"slices"
)

// Example is one training sentence: words and their label indices.
type Example struct {
	Words  []string
	Labels []int
	// The second stage's document features, as in sentence.
	extra []uint64
	off   []int32
}

// TrainOptions control Train.
type TrainOptions struct {
	Epochs int
	Seed   uint64
	// Prune drops features whose averaged weights are all below it in
	// absolute value, to keep the embedded model small.
	Prune float32
	// Progress, when set, is called after each epoch with the share of
	// training tokens the current weights mislabelled.
	Progress func(epoch int, errRate float64)
	// Runs > 1 trains that many times with seeds Seed, Seed+1, … and
	// averages the weights, which steadies the result against the order of
	// the training data.
	Runs int
}

// DefaultTrainOptions are the options the embedded model is trained with.
var DefaultTrainOptions = TrainOptions{Epochs: 12, Seed: 1, Runs: 4, Prune: 0.002}

// Model is a trained tagger that can also be written out.
type Model struct {
	*Tagger
}

// Write stores the model (int16 weights; package modelfile compresses the
// file).
func (m Model) Write(w io.Writer) error {
	if m.doc == nil {
		return writeModel(w, m.w)
	}
	return writeModel(w, m.w, m.doc)
}

type feat struct {
	w     [nLabels]float32
	total [nLabels]float64
	stamp [nLabels]int
}

// Train fits a structured averaged perceptron on train: each sentence is
// Viterbi-decoded as at run time and, where the best sequence differs from the
// gold one, the features of the gold labels are rewarded and those of the
// predicted labels penalised. It then fits the second stage (see Document) on
// the first stage's output for each of jackknifeFolds consecutive parts of
// train from a first stage fitted on the others, with the same options.
func Train(train []Example, gaz Gazetteer, lex Lexicon, opt TrainOptions) Model {
	bilou := make([]Example, len(train))
	for i, ex := range train {
		bilou[i] = Example{Words: ex.Words, Labels: toBILOU(ex.Labels, nil)}
	}
	first := trainRuns(bilou, gaz, lex, opt)
	if len(train) < jackknifeFolds {
		return Model{newTagger(first, nil, gaz, lex)}
	}
	words := make([][]string, len(train))
	labels := make([][]int, len(train))
	fold := opt
	fold.Progress = nil
	for f := range jackknifeFolds {
		lo, hi := f*len(train)/jackknifeFolds, (f+1)*len(train)/jackknifeFolds
		rest := append(slices.Clip(bilou[:lo]), bilou[hi:]...)
		t := newTagger(trainRuns(rest, gaz, lex, fold), nil, gaz, lex)
		for k := lo; k < hi; k++ {
			words[k], labels[k] = train[k].Words, t.Tag(train[k].Words, nil)
		}
	}
	documentFeatures(words, labels, TokensWindow, func(k int, extra []uint64, off []int32) {
		bilou[k].extra, bilou[k].off = slices.Clone(extra), slices.Clone(off)
	})
	return Model{newTagger(first, trainRuns(bilou, gaz, lex, opt), gaz, lex)}
}

// trainRuns trains opt.Runs times with successive seeds and averages the
// weights.
func trainRuns(train []Example, gaz Gazetteer, lex Lexicon, opt TrainOptions) *weights {
	if opt.Runs <= 1 {
		return trainRun(train, gaz, lex, opt)
	}
	sum := map[uint64]*[nLabels]float32{}
	for r := range opt.Runs {
		o := opt
		o.Seed = opt.Seed + uint64(r)
		w := trainRun(train, gaz, lex, o)
		for i, k := range w.keys {
			if k == 0 {
				continue
			}
			acc := sum[k]
			if acc == nil {
				acc = new([nLabels]float32)
				sum[k] = acc
			}
			for l := range nLabels {
				acc[l] += w.w[i*nLabels+l] / float32(opt.Runs)
			}
		}
	}
	w := newWeights(len(sum))
	for k, row := range sum {
		w.put(k, row[:])
	}
	return w
}

func trainRun(train []Example, gaz Gazetteer, lex Lexicon, opt TrainOptions) *weights {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	params := map[uint64]*feat{}
	step := 0
	update := func(k uint64, l int, d float32) {
		p := params[k]
		if p == nil {
			p = new(feat)
			params[k] = p
		}
		p.total[l] += float64(step-p.stamp[l]) * float64(p.w[l])
		p.stamp[l] = step
		p.w[l] += d
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5e1f))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	s := new(sentence)
	row := func(k uint64) []float32 {
		if p := params[k]; p != nil {
			return p.w[:]
		}
		return nil
	}
	var pred []int
	for epoch := range opt.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		wrong, n := 0, 0
		for _, ei := range order {
			ex := train[ei]
			step++
			n += len(ex.Words)
			s.prepare(ex.Words, gaz, lex)
			s.extra, s.off = ex.extra, ex.off
			if cap(pred) < len(ex.Words) {
				pred = make([]int, len(ex.Words)*2)
			}
			pred = pred[:len(ex.Words)]
			s.decode(row, pred)
			gp, pp := 0, 0
			for i, g := range ex.Labels {
				p := pred[i]
				if g != p || gp != pp {
					if g != p {
						wrong++
						for _, k := range s.static(i) {
							update(k, g, 1)
							update(k, p, -1)
						}
					}
					for _, k := range s.history(i, gp) {
						update(k, g, 1)
					}
					for _, k := range s.history(i, pp) {
						update(k, p, -1)
					}
				}
				gp, pp = g, p
			}
		}
		if opt.Progress != nil {
			opt.Progress(epoch+1, float64(wrong)/float64(max(n, 1)))
		}
	}
	kept := 0
	for _, p := range params {
		keep := false
		for l := range p.w {
			p.total[l] += float64(step-p.stamp[l]) * float64(p.w[l])
			p.w[l] = float32(p.total[l] / float64(step))
			keep = keep || math.Abs(float64(p.w[l])) >= float64(opt.Prune)
		}
		if keep {
			kept++
		} else {
			p.w = [nLabels]float32{}
		}
	}
	w := newWeights(kept)
	for k, p := range params {
		if p.w != ([nLabels]float32{}) {
			w.put(k, p.w[:])
		}
	}
	return w
}
