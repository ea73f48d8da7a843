package events

import (
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep"
)

var (
	killVerbs   = set("kill", "die", "dead", "murder", "slay", "massacre", "execute", "behead")
	injureVerbs = set("injure", "wound", "hurt", "injured", "wounded")
	arrestVerbs = set("arrest", "detain", "jail", "imprison", "apprehend", "capture", "hold", "round")
	wordNums    = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"hundred": 100, "hundreds": 200, "dozen": 12, "dozens": 24, "thousand": 1000, "thousands": 2000}
)

// number reads a cardinal token ("150", "1,200", "twelve"), -1 if none.
func number(s string) int {
	if n, ok := wordNums[strings.ToLower(s)]; ok {
		return n
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return -1
	}
	s = strings.ReplaceAll(s, ",", "")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// numberOf returns the number that quantifies nominal n ("150 attacks", "at
// least 12 people"), or n itself when it is a number ("wounding about 20").
func (s *sent) numberOf(n int) int {
	if s.upos(n) == "NUM" {
		return number(s.text(n))
	}
	for _, k := range s.children(n) {
		// "one-on-one talks" is no count.
		if e := s.doc.Tokens[k].End; e < len(s.doc.Text) && s.doc.Text[e] == '-' {
			continue
		}
		if s.rel(int(k)) == "nummod" {
			if v := number(s.text(int(k))); v >= 0 {
				return v
			}
		}
	}
	return -1
}

// counts returns the numbers the sentence ties to the event at trigger t:
// the count of a nominal trigger ("over 150 attacks") and the killed, injured
// and arrested of verbs in the trigger's clause ("killing 8 people and
// wounding about 20").
func (s *sent) counts(t int, typ string, noun bool) sitrep.Counts {
	c := sitrep.NoCounts
	if noun {
		if n := s.numberOf(t); n > 1 {
			c.Events = n
		}
	}
	if typ != "ASSAULT" && typ != "COERCE" && typ != "PROTEST" {
		return c
	}
	for i := s.first; i < s.end; i++ {
		l := s.lemma(i)
		kill, inj, arr := killVerbs[l], injureVerbs[l], arrestVerbs[l]
		if !kill && !inj && !arr {
			continue
		}
		// The count verb belongs to this event when one dominates the other
		// within the sentence's main clause.
		if !s.isAncestor(t, i) && !s.isAncestor(i, t) && !s.sameClause(t, i) {
			continue
		}
		n := -1
		if o := s.child(i, "obj"); o >= 0 {
			n = s.numberOf(o)
		} else if p := s.child(i, "nsubj:pass"); p >= 0 {
			n = s.numberOf(p)
		} else if s.rel(i) == "amod" || s.rel(i) == "acl" {
			n = s.numberOf(s.head(i)) // "12 wounded people", "12 people killed"
		} else if sb := s.child(i, "nsubj"); sb >= 0 && (l == "die" || l == "dead") {
			n = s.numberOf(sb)
		}
		if n < 0 {
			continue
		}
		switch {
		case kill && c.Killed < 0:
			c.Killed = n
		case inj && c.Injured < 0:
			c.Injured = n
		case arr && c.Arrested < 0:
			c.Arrested = n
		}
	}
	return c
}

// sameClause reports whether a and b hang on the same predicate through
// coordination or adverbial participles ("hit a bus, killing 8").
func (s *sent) sameClause(a, b int) bool {
	root := func(i int) int {
		for n := 0; n < 8; n++ {
			switch s.rel(i) {
			case "conj", "advcl", "xcomp", "acl":
				if h := s.head(i); h >= 0 {
					i = h
					continue
				}
			}
			break
		}
		return i
	}
	return root(a) == root(b)
}
