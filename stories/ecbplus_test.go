//go:build ecbplus

package stories

// Story grouping measured on ECB+ (topics of two similar incidents each),
// in the file's order and in shuffled orders, on documents annotated once:
//
//	go run ./stories/internal/ecbdocs > /tmp/ecb-docs.jsonl
//	go test ./stories -tags ecbplus -run ECB -v [-args -ecbdocs FILE -orders N]
//
// TestECBStories scores the index as it is; TestECBWeightsCV the weights of
// its lead and numbers chosen on other topics; TestECBJoinModel is the
// experiment of docs/incidents.md that did not beat it: a logistic join
// decision trained on the index's own running groups (DAgger), topics held
// out in turn.

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/stories/internal/words"
)

var (
	ecbDocs = flag.String("ecbdocs", "/tmp/ecb-docs.jsonl", "ECB+ documents written by internal/ecbdocs")
	nOrders = flag.Int("orders", 5, "input orders: the file's, then shuffles")
	floor   = flag.Float64("floor", DefaultThreshold, "join model: least cosine of a candidate")
	rounds  = flag.Int("rounds", 5, "join model: training rounds on the model's own groups")
	l2      = flag.Float64("l2", 1, "join model: L2 penalty")
	folds   = flag.Int("folds", 5, "join model: topic folds (topic mod folds)")
	drop    = flag.String("drop", "", "join model: features left out, comma-separated")
	gate    = flag.Int("gate", 0, "join model: stories of fewer articles are joined by the rule")
	topOnly = flag.Bool("top", false, "join model: decide on the most similar candidate only")
	regroup = flag.Int("regroup", 0, "index: articles of a story regrouped (0: the default)")
	penalty = flag.Float64("conflict", 0, "average link: taken off the cosine of two articles each about a main actor the other never names")
)

type ecbDoc struct {
	Doc      *sitrep.Document `json:"doc"`
	Incident string           `json:"incident"`
	Topic    int              `json:"topic"`
}

func loadECB(t *testing.T) []ecbDoc {
	f, err := os.Open(*ecbDocs)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var docs []ecbDoc
	dec := json.NewDecoder(bufio.NewReader(f))
	for dec.More() {
		var d ecbDoc
		if err := dec.Decode(&d); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	return docs
}

// order k of docs: 0 the file's, else a shuffle; a near-duplicate that comes
// before what it repeats becomes the original.
func order(docs []ecbDoc, k int) []ecbDoc {
	out := make([]ecbDoc, len(docs))
	for i, d := range docs {
		c := *d.Doc
		out[i] = ecbDoc{&c, d.Incident, d.Topic}
	}
	if k == 0 {
		return out
	}
	r := rand.New(rand.NewPCG(uint64(k), 15))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	pos := map[string]int{}
	for i, d := range out {
		pos[d.Doc.ID] = i
	}
	for i, d := range out {
		if j, ok := pos[d.Doc.NearDuplicateOf]; ok && j > i {
			out[j].Doc.NearDuplicateOf, d.Doc.NearDuplicateOf = d.Doc.ID, ""
		}
	}
	return out
}

// b3 scores each document's story against its incident, over the documents
// keep is true of.
func b3(docs []ecbDoc, story map[string]string, keep func(ecbDoc) bool) (p, r, f float64) {
	pair := map[[2]string]int{}
	pred, gold := map[string]int{}, map[string]int{}
	n := 0
	for _, d := range docs {
		if keep(d) {
			s := story[d.Doc.ID]
			pair[[2]string{s, d.Incident}]++
			pred[s]++
			gold[d.Incident]++
			n++
		}
	}
	for _, d := range docs {
		if keep(d) {
			c := float64(pair[[2]string{story[d.Doc.ID], d.Incident}])
			p += c / float64(pred[story[d.Doc.ID]])
			r += c / float64(gold[d.Incident])
		}
	}
	p, r = p/float64(n), r/float64(n)
	return p, r, 2 * p * r / (p + r)
}

func all(ecbDoc) bool { return true }

// report logs B³ in every order: run(k) gives the stories of order k and
// the documents scored.
func report(t *testing.T, name string, docs []ecbDoc, run func(k int) (map[string]string, func(ecbDoc) bool)) {
	var fs []string
	sum, low, sp, sr := 0.0, 1.0, 0.0, 0.0
	for k := range *nOrders {
		story, keep := run(k)
		p, r, f := b3(docs, story, keep)
		if k > 0 {
			sp += p
			sr += r
		}
		if k == 0 {
			fs = append(fs, fmt.Sprintf("file order %.3f (P %.3f R %.3f); shuffled", f, p, r))
			continue
		}
		fs = append(fs, fmt.Sprintf("%.3f", f))
		sum += f
		low = min(low, f)
	}
	t.Logf("%s: %s; mean %.3f (P %.3f R %.3f), min %.3f", name, strings.Join(fs, " "), sum/float64(*nOrders-1), sp/float64(*nOrders-1), sr/float64(*nOrders-1), low)
}

// assignAll assigns docs in order with an index of options opt and
// returns each document's story, with prefix, after the regroups' moves.
func assignAll(t *testing.T, opt Options, docs []ecbDoc, prefix string) map[string]string {
	x, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return assignWith(x, docs, prefix)
}

func assignWith(x *Index, docs []ecbDoc, prefix string) map[string]string {
	story := map[string]string{}
	for _, d := range docs {
		story[d.Doc.ID] = prefix + x.Assign(d.Doc).ID
		for _, m := range x.Moves() {
			story[m.Doc] = prefix + m.To.ID
		}
	}
	return story
}

func TestECBStories(t *testing.T) {
	docs := loadECB(t)
	report(t, "index", docs, func(k int) (map[string]string, func(ecbDoc) bool) {
		return assignAll(t, Options{Regroup: *regroup}, order(docs, k), ""), all
	})
	report(t, "index without regroup", docs, func(k int) (map[string]string, func(ecbDoc) bool) {
		return assignAll(t, Options{Regroup: -1}, order(docs, k), ""), all
	})
}

// The join model's features of an article and a candidate story.
const (
	fBias       = iota
	fSim        // cosine of the article and the profile
	fBelow      // how far the cosine is below the best candidate's
	fOtherMain  // each names a main actor the other never does
	fSameMain   // the article's main actor is a main actor of the story
	fNoMain     // the article names no actor twice
	fCover      // the share of the article's weight the profile holds
	fNames      // the share of the article's actor mentions the story names
	fStoryNames // the share of the story's actor namings the article names
	fSize       // log of the story's articles
	fSimSize    // fSim × fSize
	fMainShare  // the share of the story's articles whose main actor is the article's
	fTopNamed   // the article names the story's main actor
	fTopMain    // the story's main actor is the article's
	fLater      // the article's latest year is after the story's
	fEarlier    // the article's latest year is before the story's
	fActors     // cosine of the article's and the story's actor mention counts
	fMonthSame  // the article names a month the story's articles name
	fMonthOther // both name months, none the same
	fDaySame    // the article names a weekday the story's articles name
	fDayOther   // both name weekdays, none the same
	nFeatures
)

var featureNames = [nFeatures]string{"bias", "sim", "below", "other_main", "same_main", "no_main", "cover", "names", "story_names", "size", "sim_size", "main_share", "top_named", "top_main", "later", "earlier", "actors", "month_same", "month_other", "day_same", "day_other"}

type features [nFeatures]float64

type joinModel features

func (m *joinModel) score(f *features) float64 {
	var s float64
	for i, w := range m {
		s += w * f[i]
	}
	return s
}

// storyState is what the features need beyond the profile.
type storyState struct {
	n, year int32
	when    uint32 // months (bits 0-11) and weekdays (bits 12-18) named
}

var whenBits = map[string]uint32{}

func init() {
	for i, m := range strings.Fields("january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday") {
		whenBits[m] = 1 << i
	}
}

// when is the months and weekdays text names.
func when(text string) uint32 {
	var b uint32
	words.Each(text, func(w []byte, _ uint64, _, _ bool) { b |= whenBits[string(w)] })
	return b
}

// year is the latest year (19xx, 20xx) the text mentions, 0 when none.
func year(text string) int32 {
	var y int32
	for i := 0; i+4 <= len(text); i++ {
		w := text[i : i+4]
		if (w[:2] == "19" || w[:2] == "20") && isDigit(w[2]) && isDigit(w[3]) && (i == 0 || !isDigit(text[i-1])) && (i+4 == len(text) || !isDigit(text[i+4])) {
			y = max(y, int32(w[0]-'0')*1000+int32(w[1]-'0')*100+int32(w[2]-'0')*10+int32(w[3]-'0'))
		}
	}
	return y
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func featuresOf(a *article, ay int32, aw uint32, e *entry, st storyState, sim, best float64) features {
	var f features
	f[fBias] = 1
	f[fSim] = sim
	f[fBelow] = best - sim
	if e.otherMain(a) {
		f[fOtherMain] = 1
	}
	if a.main == 0 {
		f[fNoMain] = 1
	} else if e.actors[a.main].main > 0 {
		f[fSameMain] = 1
	}
	var cover float64
	for i, j := 0, 0; i < len(a.vec) && j < len(e.profile); {
		switch {
		case a.vec[i].h < e.profile[j].h:
			i++
		case a.vec[i].h > e.profile[j].h:
			j++
		default:
			cover += float64(a.vec[i].w) * float64(a.vec[i].w)
			i++
			j++
		}
	}
	f[fCover] = cover
	var named, total int
	var dot, na, ns float64
	for k, n := range a.actors {
		total += n
		if e.actors[k].named > 0 {
			named += n
		}
		dot += float64(n) * float64(e.actors[k].named)
		na += float64(n) * float64(n)
	}
	if total > 0 {
		f[fNames] = float64(named) / float64(total)
	}
	var snamed, sall int32
	for k, c := range e.actors {
		sall += c.named
		if a.actors[k] > 0 {
			snamed += c.named
		}
		ns += float64(c.named) * float64(c.named)
	}
	if sall > 0 {
		f[fStoryNames] = float64(snamed) / float64(sall)
	}
	if na > 0 && ns > 0 {
		f[fActors] = dot / math.Sqrt(na*ns)
	}
	f[fSize] = math.Log(float64(max(st.n, 1)))
	f[fSimSize] = sim * f[fSize]
	if a.main != 0 {
		f[fMainShare] = float64(e.actors[a.main].main) / float64(max(st.n, 1))
	}
	if top := topMain(e); top != 0 {
		if a.actors[top] > 0 {
			f[fTopNamed] = 1
		}
		if top == a.main {
			f[fTopMain] = 1
		}
	}
	const months, days = 1<<12 - 1, (1<<7 - 1) << 12
	switch {
	case aw&st.when&months != 0:
		f[fMonthSame] = 1
	case aw&months != 0 && st.when&months != 0:
		f[fMonthOther] = 1
	}
	switch {
	case aw&st.when&days != 0:
		f[fDaySame] = 1
	case aw&days != 0 && st.when&days != 0:
		f[fDayOther] = 1
	}
	switch {
	case ay == 0 || st.year == 0:
	case ay > st.year:
		f[fLater] = 1
	case ay < st.year:
		f[fEarlier] = 1
	}
	return f
}

// topMain is the actor most of the story's articles are mainly about.
func topMain(e *entry) uint64 {
	var top uint64
	var n int32
	for k, c := range e.actors {
		if c.main > n || c.main == n && n > 0 && k < top {
			top, n = k, c.main
		}
	}
	return top
}

// decision is the candidates an article met, each with whether the
// article's incident is most of the story's articles.
type decision struct {
	f   []features
	pos []bool
}

// group assigns docs in order as Assign does, but with the join decision of
// m among the candidates of at least floor cosine: the highest scoring one
// if its score is above 0. It returns each document's story and the
// decisions met.
func group(t *testing.T, docs []ecbDoc, m joinModel) (map[string]string, []decision) {
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	story := map[string]string{}
	state := map[int32]storyState{}
	members := map[int32]map[string]int{}
	var ds []decision
	for _, d := range docs {
		a := x.article(d.Doc)
		ay, aw := year(d.Doc.Text), when(d.Doc.Text)
		slot, dup := x.docs[d.Doc.NearDuplicateOf]
		if !dup || d.Doc.NearDuplicateOf == "" || x.stories[slot] == nil {
			type cand struct {
				slot int32
				sim  float64
			}
			var cs []cand
			high := 0.0
			for _, s := range x.candidates(&a, d.Doc.Date) {
				e := x.stories[s]
				if sim := cosine(a.vec, e.profile, e.norm); sim >= *floor {
					cs = append(cs, cand{s, sim})
					high = max(high, sim)
				}
			}
			slot = -1
			var dc decision
			bestScore := 0.0
			for _, c := range cs {
				if *topOnly && c.sim != high {
					continue
				}
				f := featuresOf(&a, ay, aw, x.stories[c.slot], state[c.slot], c.sim, high)
				if state[c.slot].n < int32(*gate) {
					// a young story: the index's rule
					if !x.stories[c.slot].otherMain(&a) && c.sim == high && c.sim > *floor {
						slot = c.slot
					}
					continue
				}
				if sc := m.score(&f); sc > bestScore || sc == bestScore && slot >= 0 && c.slot < slot {
					slot, bestScore = c.slot, sc
				}
				n := 0
				for _, v := range members[c.slot] {
					n += v
				}
				dc.f = append(dc.f, f)
				dc.pos = append(dc.pos, 2*members[c.slot][d.Incident] > n)
			}
			if len(cs) > 0 {
				ds = append(ds, dc)
			}
		}
		s := x.add(slot, d.Doc, &a, "")
		slot = x.byID[s.ID]
		st := state[slot]
		st.n++
		st.year = max(st.year, ay)
		st.when |= aw
		state[slot] = st
		if members[slot] == nil {
			members[slot] = map[string]int{}
		}
		members[slot][d.Incident]++
		story[d.Doc.ID] = s.ID
	}
	return story, ds
}

// fit trains a logistic model by Newton's method with an L2 penalty.
func fit(ds []decision) joinModel {
	var w joinModel
	var keep features
	for i := range keep {
		keep[i] = 1
		if slices.Contains(strings.Split(*drop, ","), featureNames[i]) {
			keep[i] = 0
		}
	}
	for range 30 {
		var g features
		var h [nFeatures][nFeatures]float64
		for _, d := range ds {
			for k, f := range d.f {
				for i := range f {
					f[i] *= keep[i]
				}
				p := 1 / (1 + math.Exp(-w.score(&f)))
				y := 0.0
				if d.pos[k] {
					y = 1
				}
				for i := range f {
					g[i] += (p - y) * f[i]
					for j := range f {
						h[i][j] += p * (1 - p) * f[i] * f[j]
					}
				}
			}
		}
		for i := range nFeatures {
			h[i][i] += 1e-9
			if i != fBias {
				g[i] += *l2 * w[i]
				h[i][i] += *l2
			}
		}
		step := solve(h, g)
		for i := range w {
			w[i] -= step[i]
		}
	}
	return w
}

// solve solves a·x = b by Gaussian elimination with partial pivoting.
func solve(a [nFeatures][nFeatures]float64, b features) features {
	const n = nFeatures
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			m := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= m * a[c][k]
			}
			b[r] -= m * b[c]
		}
	}
	var x features
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// train runs the DAgger loop on the documents keep is true of: each round
// groups them with the current model in every order, adds the decisions met
// to the set and refits on all; then the decision's offset is the one of
// the best mean B³ over the orders.
func train(t *testing.T, docs []ecbDoc, keep func(ecbDoc) bool, m joinModel) joinModel {
	var sub []ecbDoc
	for _, d := range docs {
		if keep(d) {
			sub = append(sub, d)
		}
	}
	var seen []decision
	for range *rounds {
		for k := range *nOrders {
			_, ds := group(t, order(sub, k), m)
			seen = append(seen, ds...)
		}
		m = fit(seen)
	}
	best, bestF := 0.0, 0.0
	for tau := -3.0; tau <= 1; tau += 0.25 {
		mt := m
		mt[fBias] -= tau
		sum := 0.0
		for k := range *nOrders {
			s, _ := group(t, order(sub, k), mt)
			_, _, f := b3(sub, s, all)
			sum += f
		}
		if sum > bestF {
			best, bestF = tau, sum
		}
	}
	m[fBias] -= best
	return m
}

func TestECBJoinModel(t *testing.T) {
	docs := loadECB(t)
	// The index's rule as a model: the most similar story, unless each
	// names a main actor the other never does.
	var rule joinModel
	rule[fSim], rule[fOtherMain] = 1, -10
	report(t, "rule", docs, func(k int) (map[string]string, func(ecbDoc) bool) {
		s, _ := group(t, order(docs, k), rule)
		return s, all
	})
	// Each fold's model groups every document; its held-out topics are
	// scored.
	models := make([]joinModel, *folds)
	for i := range models {
		models[i] = train(t, docs, func(d ecbDoc) bool { return d.Topic%*folds != i }, rule)
	}
	report(t, "model, held-out topics", docs, func(k int) (map[string]string, func(ecbDoc) bool) {
		story := map[string]string{}
		for i, m := range models {
			s, _ := group(t, order(docs, k), m)
			for _, d := range docs {
				if d.Topic%*folds == i {
					story[d.Doc.ID] = fmt.Sprint(i, s[d.Doc.ID])
				}
			}
		}
		return story, all
	})
	m := train(t, docs, all, rule)
	report(t, "model, all topics", docs, func(k int) (map[string]string, func(ecbDoc) bool) {
		s, _ := group(t, order(docs, k), m)
		return s, all
	})
	var b strings.Builder
	for i, w := range m {
		fmt.Fprintf(&b, " %s %.3g", featureNames[i], w)
	}
	t.Log("weights:" + b.String())
}

// TestECBAverageLink clusters all the documents at once, with no order, by
// average-link agglomeration over the articles' vectors: what the vectors
// alone can tell apart (-conflict: and the main actors of each pair).
func TestECBAverageLink(t *testing.T) {
	docs := loadECB(t)
	x, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := len(docs)
	vec := make([]article, n)
	for i, d := range docs {
		vec[i] = x.article(d.Doc)
	}
	for _, stop := range []float64{0.15, 0.2, 0.25, 0.3} {
		sim := make([][]float64, n)
		for i := range sim {
			sim[i] = make([]float64, n)
			for j := range sim[i] {
				sim[i][j] = cosine(vec[i].vec, vec[j].vec, 1)
				if conflicts(&vec[i], &vec[j]) {
					sim[i][j] -= *penalty
				}
			}
		}
		size := make([]int, n)
		of := make([]int, n)
		for i := range of {
			size[i], of[i] = 1, i
		}
		for {
			bi, bj, bs := -1, -1, stop
			for i := range n {
				for j := i + 1; j < n && size[i] > 0; j++ {
					if size[j] > 0 && sim[i][j] > bs {
						bi, bj, bs = i, j, sim[i][j]
					}
				}
			}
			if bi < 0 {
				break
			}
			for k := range n {
				v := (sim[bi][k]*float64(size[bi]) + sim[bj][k]*float64(size[bj])) / float64(size[bi]+size[bj])
				sim[bi][k], sim[k][bi] = v, v
			}
			size[bi] += size[bj]
			size[bj] = 0
			for k := range of {
				if of[k] == bj {
					of[k] = bi
				}
			}
		}
		story := map[string]string{}
		for i, d := range docs {
			story[d.Doc.ID] = fmt.Sprint(of[i])
		}
		p, r, f := b3(docs, story, all)
		t.Logf("average link, merging down to %.2f: %.3f (P %.3f R %.3f)", stop, f, p, r)
	}
}

// TestECBWeightsCV chooses the lead's and the numbers' weights on the
// training topics of each fold (topic mod folds), by the mean B³ over the
// shuffled orders, and scores each fold's choice on its own topics: the
// held-out figure of the weights the index uses.
func TestECBWeightsCV(t *testing.T) {
	docs := loadECB(t)
	var grid []weights
	for _, lead := range []float32{0, 1, 2, 4} {
		for _, n := range []float32{1, 2, 3} {
			for _, num := range []float32{1, 3, 5} {
				if lead > 0 || n == 1 {
					grid = append(grid, weights{lead, n, num})
				}
			}
		}
	}
	// stories[g][k]: the grouping of order k under weights g.
	stories := make([][]map[string]string, len(grid))
	for g, w := range grid {
		for k := range *nOrders {
			x, err := New(Options{})
			if err != nil {
				t.Fatal(err)
			}
			x.w = w
			stories[g] = append(stories[g], assignWith(x, order(docs, k), fmt.Sprint(g)))
		}
	}
	meanB3 := func(g int, keep func(ecbDoc) bool) float64 {
		var sum float64
		for k := 1; k < *nOrders; k++ {
			_, _, f := b3(docs, stories[g][k], keep)
			sum += f
		}
		return sum / float64(*nOrders-1)
	}
	chosen := make([]int, *folds)
	for i := range chosen {
		train := func(d ecbDoc) bool { return d.Topic%*folds != i }
		for g := range grid {
			if meanB3(g, train) > meanB3(chosen[i], train) {
				chosen[i] = g
			}
		}
		t.Logf("fold %d: lead %v over %v sentences, numbers %v (training topics %.3f)", i, grid[chosen[i]].lead, grid[chosen[i]].leadSentences, grid[chosen[i]].number, meanB3(chosen[i], train))
	}
	report(t, "held out", docs, func(k int) (map[string]string, func(ecbDoc) bool) {
		story := map[string]string{}
		for _, d := range docs {
			story[d.Doc.ID] = stories[chosen[d.Topic%*folds]][k][d.Doc.ID]
		}
		return story, all
	})
}
