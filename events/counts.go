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
	// heldOrTaken also hold and take things: their object counts people
	// only by a number.
	heldOrTaken = set("capture", "hold")
	wordNums    = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
		"hundred": 100, "hundreds": 200, "dozen": 12, "dozens": 24, "thousand": 1000, "thousands": 2000}
	// multipliers follow a number: "two dozen", "three hundred".
	multipliers = map[string]int{"dozen": 12, "hundred": 100, "thousand": 1000}
	// singularDets make a singular noun one person: "a man was killed",
	// "gunmen shot dead a lieutenant", "killed the driver".
	singularDets = set("a", "an", "one", "the", "this", "that", "another")
)

// number reads a cardinal token ("150", "1,200", "twelve", "twenty-five"),
// the lower end of a range ("5-6", "10–12"), -1 if none.
func number(s string) int {
	if n, ok := wordNums[strings.ToLower(s)]; ok {
		return n
	}
	if tens, ones, ok := strings.Cut(strings.ToLower(s), "-"); ok && wordNums[tens] >= 20 && wordNums[ones] > 0 && wordNums[ones] < 10 {
		return wordNums[tens] + wordNums[ones] // "twenty-five"
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return -1
	}
	if i := strings.IndexAny(s, "-–"); i > 0 {
		s = s[:i] // a range: ACLED and the wires count its lower end
	}
	s = strings.ReplaceAll(s, ",", "")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// numberAt reads the number at token k with a multiplier after it ("two
// dozen" = 24); -1 for a day of a date ("3 May").
func (s *sent) numberAt(k int) int {
	n := number(s.text(k))
	if n < 0 {
		return -1
	}
	if m, ok := multipliers[strings.ToLower(s.text(k))]; ok && k > s.first {
		if p := number(s.text(k - 1)); p > 0 && p < 100 {
			return p * m // "two dozen" with "dozen" as the head
		}
	}
	if k+1 < s.end {
		next := strings.ToLower(s.text(k + 1))
		if m, ok := multipliers[next]; ok && n < 100 {
			return n * m
		}
		if isDateWord(next) {
			return -1
		}
	}
	if k > s.first && isDateWord(strings.ToLower(s.text(k-1))) {
		return -1 // "March 21"
	}
	return n
}

// numberOf returns the number that quantifies nominal n ("150 attacks", "at
// least 12 people", "two dozen protesters", the lower end of "between 5 and
// 7 soldiers"), or n itself when it is a number ("wounding about 20").
func (s *sent) numberOf(n int) int {
	if s.upos(n) == "NUM" {
		return s.numberAt(n)
	}
	for _, k := range s.children(n) {
		// "one-on-one talks", "a two-day visit" are no count; "5-6" is.
		if e := s.doc.Tokens[k].End; e+1 < len(s.doc.Text) && s.doc.Text[e] == '-' && (s.doc.Text[e+1] < '0' || s.doc.Text[e+1] > '9') {
			continue
		}
		if s.rel(int(k)) == "nummod" {
			v := s.numberAt(int(k))
			if v < 0 {
				continue
			}
			if j := int(k); j-3 >= s.first && s.lemma(j-1) == "and" && s.upos(j-2) == "NUM" && s.lemma(j-3) == "between" {
				v = min(v, max(s.numberAt(j-2), 0)) // "between 5 and 7 soldiers"
			}
			for _, c := range s.children(int(k)) {
				if s.rel(int(c)) == "conj" { // "between 5 and 7"
					if w := s.numberAt(int(c)); w >= 0 && w < v {
						v = w
					}
				}
			}
			return v
		}
	}
	if k := n + 1; k < s.end && multipliers[strings.ToLower(s.text(k))] > 0 {
		return -1 // "a dozen" parsed with the noun as head: left to the caller
	}
	return -1
}

// victims returns the number of people nominal n names: its number, summed
// over its conjuncts ("2 guards and 6 drivers", "1 guard and 1
// soldier"), 1 for a singular person ("a lieutenant", "him", a named
// person), -1 when the text gives none.
func (s *sent) victims(n int) int {
	total := s.oneVictim(n)
	for _, k := range s.children(n) {
		if s.rel(int(k)) != "conj" || verbBetween(s, n, int(k)) {
			continue // "killed three soldiers and wounded seven": not summed
		}
		if v := s.oneVictim(int(k)); v >= 0 {
			total = max(total, 0) + v
		}
	}
	return total
}

// verbBetween reports whether a verb, or a word of killing, injury or
// arrest the tagger took for an adjective, lies between tokens a and b.
func verbBetween(s *sent, a, b int) bool {
	for k := min(a, b) + 1; k < max(a, b); k++ {
		if l := s.lemma(k); s.upos(k) == "VERB" || killVerbs[l] || injureVerbs[l] || arrestVerbs[l] {
			return true
		}
	}
	return false
}

func (s *sent) oneVictim(n int) int {
	if v := s.numberOf(n); v >= 0 {
		return v
	}
	switch s.upos(n) {
	case "PRON":
		switch strings.ToLower(s.text(n)) {
		case "him", "her", "he", "she":
			return 1
		}
		return -1
	case "PROPN":
		if ei := s.ent[n]; ei >= 0 && s.doc.Entities[ei].Label == sitrep.LabelPER {
			return 1 // "killed Ahmad Shah"
		}
		return -1
	case "NOUN":
	default:
		return -1
	}
	if x := s.doc.Tokens[n].XPOS; x != "NN" && x != "" {
		return -1 // plural: "policemen were killed" states no number
	}
	for _, k := range s.children(n) {
		switch s.rel(int(k)) {
		case "det":
			if singularDets[strings.ToLower(s.text(int(k)))] {
				return 1
			}
		case "nmod:poss":
			return 1 // "his son"
		}
	}
	return -1
}

// counts returns the numbers the sentence ties to the event at trigger t:
// the count of a nominal trigger ("over 150 attacks") and the killed, injured
// and arrested of verbs in the trigger's clause ("killing 8 people and
// wounding about 20", "a man was killed"). The trigger's own numbers come
// first; a verb with a subject of its own is another event's ("security
// forces killed 5; militants killed 3 soldiers"), not this one's.
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
	s.countVerb(t, t, &c)
	for i := s.first; i < s.end; i++ {
		if i == t {
			continue
		}
		// The count verb belongs to this event when one dominates the other
		// within the sentence's main clause.
		if !s.isAncestor(t, i) && !s.isAncestor(i, t) && !s.sameClause(t, i) {
			continue
		}
		if s.doer(i) >= 0 && !s.isAncestor(i, t) && s.doer(i) != s.doer(t) {
			continue
		}
		s.countVerb(i, t, &c)
	}
	return c
}

// doer returns the subject of verb i, or of the verb it is coordinated with,
// when it names an actor ("militants killed 3 soldiers"); -1 when there is
// none or it names the event itself ("the attack killed twelve").
func (s *sent) doer(i int) int {
	for n := 0; i >= 0 && n < 4; n++ {
		if sb := s.child(i, "nsubj"); sb >= 0 {
			if s.ent[sb] >= 0 || s.upos(sb) == "PRON" || s.upos(sb) == "PROPN" {
				return sb
			}
			return -1
		}
		if s.rel(i) != "conj" {
			break
		}
		i = s.head(i)
	}
	return -1
}

// countVerb adds to c the number of people that verb i (kill, injure, arrest
// and their kin) says it struck, where c lacks one.
func (s *sent) countVerb(i, t int, c *sitrep.Counts) {
	l := s.lemma(i)
	kill, inj, arr := killVerbs[l], injureVerbs[l], arrestVerbs[l]
	if !kill && !inj && !arr {
		return
	}
	n := -1
	if o := s.child(i, "obj"); o >= 0 {
		if heldOrTaken[l] && s.upos(o) == "NOUN" && s.numberOf(o) < 0 {
			return // "held a protest", "captured a town": "a" counts no one
		}
		n = s.victims(o)
	} else if p := s.child(i, "nsubj:pass"); p >= 0 {
		n = s.victims(p)
	} else if s.rel(i) == "amod" || s.rel(i) == "acl" {
		n = s.victims(s.head(i)) // "12 wounded people", "12 people killed"
	} else if sb := s.child(i, "nsubj"); sb >= 0 && (l == "die" || l == "dead" || s.upos(sb) == "NUM") {
		n = s.victims(sb) // "three people died", "12 were killed and 30 wounded"
	}
	if n < 0 && (s.doc.Tokens[i].XPOS == "VBN" || s.upos(i) == "ADJ") {
		n = s.leftCount(i)
	}
	if n < 0 {
		return
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

// leftCount reads the people counted just before a participle that the
// parse gave no subject to ("On 3 May, 4 guards and 3 drivers
// were killed", "12 were killed and 30 wounded"): the numbers of the
// listed noun phrases before it, summed, the lower end of a range; -1 when
// there are none.
func (s *sent) leftCount(i int) int {
	k := i - 1
	for k >= s.first {
		switch strings.ToLower(s.text(k)) {
		case "were", "was", "been", "have", "has", "had", "be", "also", "reportedly", "allegedly":
			k--
			continue
		}
		break
	}
	total, found := 0, false
	for ; k >= s.first; k-- {
		switch s.upos(k) {
		case "NUM":
			if k > s.first && (s.text(k-1) == "-" || s.text(k-1) == "–" || strings.ToLower(s.text(k-1)) == "and" && k-2 >= s.first && s.upos(k-2) == "NUM") {
				continue // the upper end of "5-6", "between 5 and 7"
			}
			if v := s.numberAt(k); v >= 0 {
				total, found = total+v, true
			}
		case "NOUN", "PROPN", "ADJ", "DET", "CCONJ", "SYM", "PART":
		case "PUNCT":
			if t := s.text(k); t != "," && t != "'" && t != "’" {
				return count(total, found)
			}
		default:
			return count(total, found)
		}
	}
	return count(total, found)
}

func count(n int, ok bool) int {
	if !ok {
		return -1
	}
	return n
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
