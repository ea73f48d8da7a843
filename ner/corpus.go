package ner

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
		cur = Example{}
	}
	for sc.Scan() {
		line := sc.Text()
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
		if !allowedIOB(prev, l) {
			labels[i] = l - 1
		}
		prev = labels[i]
	}
}

var gumEntity = regexp.MustCompile(`\((\d+)-([a-z]+)-([^()]*)(\))?|(\d+)\)`)

var gumTypes = map[string]int{"person": 1, "organization": 3, "place": 5}

// ReadGUM reads GUM CoNLL-U with entity annotations in MISC and keeps the
// named person, organisation and place mentions (those linked to Wikipedia)
// in UNER's convention: within the mention's minimal span, the tokens from
// the first to the last proper noun, without leading titles ("President"),
// outermost mention first; spans across punctuation or a conjunction are left
// to their parts.
func ReadGUM(r io.Reader) ([]Example, error) {
	var out []Example
	type open struct {
		id, typ, rest string
		start         int
	}
	var words, upos []string
	var stack []open
	var cands []cand
	flush := func() {
		if len(words) == 0 {
			return
		}
		ex := Example{Words: words, Labels: make([]int, len(words))}
		sort.Slice(cands, func(i, j int) bool { return cands[i].end-cands[i].start > cands[j].end-cands[j].start })
		for _, c := range cands {
			a, b := c.start, c.end
			nameLike := func(i int) bool {
				if upos[i] == "PROPN" {
					return true
				}
				r, _ := utf8.DecodeRuneInString(words[i])
				return unicode.IsUpper(r) && (upos[i] == "ADJ" || upos[i] == "NOUN" || upos[i] == "VERB" || upos[i] == "NUM")
			}
			for a < b && (!nameLike(a) || (c.label == 1 && titles[strings.ToLower(words[a])])) {
				a++
			}
			for b > a && !nameLike(b-1) {
				b--
			}
			if a == b {
				continue
			}
			// "Sydney, Australia" and "Thomas and Manju Sam" are two names
			// each in UNER's convention: their parts are mentions of their
			// own, labelled when their turn comes.
			free := true
			for i := a; i < b; i++ {
				free = free && ex.Labels[i] == 0 && upos[i] != "PUNCT" && upos[i] != "CCONJ"
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
					o := open{g[1], g[2], g[3], i}
					if g[4] != "" {
						if c, ok := gumCand(o.typ, o.rest, i, i+1); ok {
							cands = append(cands, c)
						}
						continue
					}
					stack = append(stack, o)
					continue
				}
				for k := len(stack) - 1; k >= 0; k-- {
					if stack[k].id == g[5] {
						if c, ok := gumCand(stack[k].typ, stack[k].rest, stack[k].start, i+1); ok {
							cands = append(cands, c)
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

type cand struct{ start, end, label int }

// titles precede a person's name without being part of it.
var titles = map[string]bool{"president": true, "prime": true, "minister": true, "senator": true, "sen.": true,
	"governor": true, "gov.": true, "mayor": true, "king": true, "queen": true, "prince": true, "princess": true,
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "general": true, "gen.": true, "judge": true, "pope": true,
	"chancellor": true, "secretary": true, "rep.": true, "representative": true, "sir": true, "lord": true}

// gumCand makes a candidate of a mention [start, end) whose MISC fields after
// the type are rest (infstat-salience-centering-minspan-link[-identity]); only
// mentions with an identity (a Wikipedia link) are names.
func gumCand(typ, rest string, start, end int) (cand, bool) {
	l, ok := gumTypes[typ]
	f := strings.SplitN(rest, "-", 6)
	if !ok || len(f) < 6 || f[5] == "" {
		return cand{}, false
	}
	lo, hi := end-start, -1
	for _, p := range strings.Split(f[3], ",") {
		n, err := strconv.Atoi(strings.TrimSuffix(p, "*"))
		if err != nil || n < 1 {
			continue
		}
		lo, hi = min(lo, n-1), max(hi, n-1)
	}
	if hi >= 0 && hi < end-start {
		start, end = start+lo, start+hi+1
	}
	return cand{start, end, l}, true
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

// Evaluate tags gold's words, runs the document step (Document) over
// TokensWindow sentences as `sitrep ner --tokens` does, and scores exact spans
// per type; key "" holds the micro average.
func (t *Tagger) Evaluate(gold []Example) map[string]Score {
	res := map[string]Score{}
	words := make([][]string, len(gold))
	preds := make([][]int, len(gold))
	for i, ex := range gold {
		words[i], preds[i] = ex.Words, t.Tag(ex.Words, nil)
	}
	t.Document(words, preds, TokensWindow)
	for i, ex := range gold {
		pred := preds[i]
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
