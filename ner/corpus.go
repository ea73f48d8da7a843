package ner

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

func labelIndex(tag string) int {
	for i, l := range Labels {
		if l == tag {
			return i
		}
	}
	return 0
}

// ReadIOB2 reads Universal NER files (ID, token, tag columns) or any
// token…tag column file. Tags outside PER/ORG/LOC (OTH, the stray B-O) become O.
func ReadIOB2(r io.Reader) ([]Example, error) {
	var out []Example
	var cur Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
		}
		cur = Example{ID: cur.ID}
	}
	for sc.Scan() {
		line := sc.Text()
		if id, ok := strings.CutPrefix(line, "# sent_id = "); ok {
			cur.ID = strings.TrimSpace(id)
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			cols = strings.Fields(line)
		}
		if len(cols) < 2 {
			return nil, fmt.Errorf("line %q: want token and tag columns", line)
		}
		tok, tag := cols[0], cols[len(cols)-1]
		if len(cols) >= 3 && isDigits(cols[0]) {
			tok, tag = cols[1], cols[2]
		}
		cur.Words = append(cur.Words, tok)
		cur.Labels = append(cur.Labels, labelIndex(tag))
	}
	flush()
	for _, ex := range out {
		fixIOB(ex.Labels)
	}
	return out, sc.Err()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// fixIOB turns an I- tag that does not continue its type into a B- tag.
func fixIOB(labels []int) {
	prev := 0
	for i, l := range labels {
		if !allowed(prev, l) {
			labels[i] = l - 1
		}
		prev = labels[i]
	}
}

var gumEntity = regexp.MustCompile(`\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)`)

var gumTypes = map[string]int{"person": 1, "organization": 3, "place": 5}

// ReadGUM reads GUM CoNLL-U with entity annotations in MISC and keeps the
// named part of person, organisation and place mentions: the tokens from the
// first to the last proper noun of the mention, outermost mention first.
func ReadGUM(r io.Reader) ([]Example, error) {
	var out []Example
	type open struct {
		id, typ string
		start   int
	}
	var words, upos []string
	var stack []open
	type cand struct{ start, end, label int }
	var cands []cand
	flush := func() {
		if len(words) == 0 {
			return
		}
		ex := Example{Words: words, Labels: make([]int, len(words)), POS: upos}
		sort.Slice(cands, func(i, j int) bool { return cands[i].end-cands[i].start > cands[j].end-cands[j].start })
		for _, c := range cands {
			a, b := c.start, c.end
			for a < b && upos[a] != "PROPN" {
				a++
			}
			for b > a && upos[b-1] != "PROPN" {
				b--
			}
			if a == b {
				continue
			}
			free := true
			for i := a; i < b; i++ {
				free = free && ex.Labels[i] == 0
			}
			if !free {
				continue
			}
			ex.Labels[a] = c.label
			for i := a + 1; i < b; i++ {
				ex.Labels[i] = c.label + 1
			}
		}
		out = append(out, ex)
		words, upos, cands = nil, nil, nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		if line == "" {
			flush()
			stack = stack[:0]
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 10 {
			return nil, fmt.Errorf("line %q: want 10 CoNLL-U columns", line)
		}
		if strings.ContainsAny(cols[0], "-.") {
			continue
		}
		i := len(words)
		words = append(words, cols[1])
		upos = append(upos, cols[3])
		for _, m := range strings.Split(cols[9], "|") {
			v, ok := strings.CutPrefix(m, "Entity=")
			if !ok {
				continue
			}
			for _, g := range gumEntity.FindAllStringSubmatch(v, -1) {
				if g[1] != "" {
					o := open{g[1], g[2], i}
					if g[3] != "" {
						if l, ok := gumTypes[o.typ]; ok {
							cands = append(cands, cand{i, i + 1, l})
						}
						continue
					}
					stack = append(stack, o)
					continue
				}
				for k := len(stack) - 1; k >= 0; k-- {
					if stack[k].id == g[4] {
						if l, ok := gumTypes[stack[k].typ]; ok {
							cands = append(cands, cand{stack[k].start, i + 1, l})
						}
						stack = append(stack[:k], stack[k+1:]...)
						break
					}
				}
			}
		}
	}
	flush()
	return out, sc.Err()
}

// Score is precision, recall and F1 of exact-span matches.
type Score struct {
	TP, FP, FN int
}

// P, R and F1 of the score.
func (s Score) P() float64  { return ratio(s.TP, s.TP+s.FP) }
func (s Score) R() float64  { return ratio(s.TP, s.TP+s.FN) }
func (s Score) F1() float64 { p, r := s.P(), s.R(); return ratio2(2*p*r, p+r) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func ratio2(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Evaluate tags gold's words and scores exact spans per type; key "" holds
// the micro average.
func (t *Tagger) Evaluate(gold []Example) map[string]Score {
	res := map[string]Score{}
	var pred []int
	for _, ex := range gold {
		pred = t.TagPOS(ex.Words, ex.POS, pred)
		g := map[Mention]bool{}
		for _, m := range Mentions(ex.Labels, nil) {
			g[m] = true
		}
		for _, m := range Mentions(pred, nil) {
			s, all := res[m.Type], res[""]
			if g[m] {
				s.TP++
				all.TP++
				delete(g, m)
			} else {
				s.FP++
				all.FP++
			}
			res[m.Type], res[""] = s, all
		}
		for m := range g {
			s, all := res[m.Type], res[""]
			s.FN++
			all.FN++
			res[m.Type], res[""] = s, all
		}
	}
	return res
}

// AttachPOS copies the UPOS column of a CoNLL-U file onto the examples with
// the same sent_id and the same number of words (UNER EWT and UD EWT share
// sentences). It returns how many examples got tags.
func AttachPOS(examples []Example, conllu io.Reader) (int, error) {
	byID := map[string][]string{}
	sc := bufio.NewScanner(conllu)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	id := ""
	var tags []string
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "# sent_id = "); ok {
			id = strings.TrimSpace(v)
			continue
		}
		if line == "" {
			if id != "" {
				byID[id] = tags
			}
			id, tags = "", nil
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 4 || strings.ContainsAny(cols[0], "-.") {
			continue
		}
		tags = append(tags, cols[3])
	}
	if id != "" {
		byID[id] = tags
	}
	n := 0
	for i := range examples {
		if t, ok := byID[examples[i].ID]; ok && len(t) == len(examples[i].Words) {
			examples[i].POS = t
			n++
		}
	}
	return n, sc.Err()
}
