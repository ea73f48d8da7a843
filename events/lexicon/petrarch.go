package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// LoadPETRARCH replaces the lexicon's triggers with those of a PETRARCH/TABARI
// verb dictionary ("--- VERB [code] ---" blocks with "- X * Y [code]"
// patterns), so that a suite written for that dictionary is coded with it.
// Codes map to PLOVER through PLOVER(); a code with no PLOVER type ([---],
// 01x, 02x, test codes) blocks its pattern. As in TABARI:
//   - a verb line names a form, not a lemma: "CALLED" and "LEFT" are blocks of
//     their own that the word in the text must match; a verb's regular -s,
//     -ed and -ing forms are generated, others listed ("BAN {BANS BANNED}"),
//     so the text's words are looked up as written before their lemma
//     (VerbForm);
//   - words joined by "_" must be adjacent ("SHOW_NO_*", "*_ON"), words apart
//     may have others between them;
//   - a synset (&NAME) lists words or phrases, and may name another synset.
//
// Actor markers standing alone in a pattern are kept: "$" and "+" place the
// source and the target ("- * AT ^ +": "warned at X of Y" targets Y), "^"
// skips a noun phrase, "%" asks for a compound subject. Events then need a
// source and a target (RequireDyad), PETRARCH's default.
func (lx *Lexicon) LoadPETRARCH(r io.Reader) error {
	verbs := map[string][]Entry{}
	forms := map[string]string{} // a form → its verb line
	listed := map[string]bool{}  // forms a dictionary lists, not generated
	synsets := map[string][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var (
		lemmas  []string
		code    string
		synset  string
		n       int
		comment bool
	)
	addEntry := func(lemmas []string, before, after string, code string, compound, verb bool) {
		// "[---]" codes nothing and "[###]" discards (TABARI); "[+++]" or
		// "[xxy]" are no codes, errors PETRARCH passes over.
		if code != "---" && code != "###" && !strings.ContainsAny(code, "0123456789") {
			return
		}
		e := Entry{Before: patternElems(before), After: patternElems(after), Compound: compound, Verb: verb}
		e.NextBefore = strings.HasSuffix(strings.TrimSpace(before), "_")
		e.NextAfter = strings.HasPrefix(strings.TrimSpace(after), "_")
		e.CAMEO, e.Reverse, _ = strings.Cut(code, ":")
		if e.Type = PLOVER(e.CAMEO); e.Type == "" {
			e.CAMEO, e.Reverse = "", ""
		}
		for _, l := range lemmas {
			verbs[l] = append(verbs[l], e)
		}
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		if comment || strings.HasPrefix(strings.TrimSpace(line), "<!--") {
			comment = !strings.Contains(line, "-->")
			continue
		}
		line = strings.TrimSpace(stripComment(line))
		switch {
		case line == "":
			synset = ""
		case strings.HasPrefix(line, "---"):
			f := strings.Fields(strings.Trim(line, "- "))
			if len(f) < 1 {
				return fmt.Errorf("line %d: empty verb block header", n)
			}
			code = bracket(line)
			lemmas = lemmas[:0]
			synset = ""
		case line[0] == '&':
			synset = strings.Fields(line)[0]
		case line[0] == '+' && synset != "":
			ws := patternWords(line[1:])
			for i, w := range ws {
				if strings.HasPrefix(w, "&") { // a synset inside a synset
					ws[i] = strings.ToUpper(w)
				}
			}
			if len(ws) > 0 {
				synsets[synset] = append(synsets[synset], strings.Join(ws, " "))
			}
		case line[0] == '-' && len(lemmas) > 0:
			pat, c := line[1:], bracket(line)
			if i := strings.IndexByte(pat, '['); i >= 0 {
				pat = pat[:i]
			}
			b, a, ok := strings.Cut(pat, "*")
			if !ok {
				continue
			}
			addEntry(lemmas, b, a, c, strings.Contains(b, "%"), false)
		case code != "" && line[0] != '-':
			// A verb line: "ABANDON", "BAN {BANS BANNED}", "BACK_DOWN", or
			// a multi-word verb of the block, "+" marking the verb:
			// "+CORDON_OFF {+CORDONED_OFF}", "WIRE_+TAP {WIRE_+TAPPED}".
			verb, before, after := verbPhrase(strings.Fields(line)[0])
			if verb == "" {
				continue
			}
			forms[verb], listed[verb] = verb, true
			for _, f := range regularForms(verb) {
				if !listed[f] {
					forms[f] = verb
				}
			}
			for _, f := range strings.Fields(braces(line)) {
				if f, _, _ := verbPhrase(f); f != "" {
					forms[f], listed[f] = verb, true
				}
			}
			// The verbs of a block share its patterns; a verb line may
			// carry a code of its own for the bare verb ("DOWNPLAY [014]").
			if !slices.Contains(lemmas, verb) {
				lemmas = append(lemmas, verb)
			}
			own := code
			if c := bracket(line); c != "" {
				own = c
			}
			addEntry([]string{verb}, before, after, own, false, true)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, es := range verbs {
		for i := range es {
			es[i].Before = expand(es[i].Before, synsets)
			es[i].After = expand(es[i].After, synsets)
		}
	}
	lx.verbs = map[string][]Entry{}
	lx.nouns = map[string][]Entry{}
	lx.synsets = synsets
	lx.forms = forms
	lx.RequireDyad = true
	for l, es := range verbs {
		for _, e := range es {
			lx.add(l, e)
		}
	}
	return nil
}

// stripComment cuts a "#" comment, but not a "#" inside a code ("[###]").
func stripComment(line string) string {
	in := false
	for i, r := range line {
		switch r {
		case '[':
			in = true
		case ']':
			in = false
		case '#':
			if !in {
				return line[:i]
			}
		}
	}
	return line
}

// PETRARCH's actor markers as pattern elements.
const (
	Source = "$" // the source actor starts here
	Target = "+" // the target actor starts here
	Skip   = "^" // a noun phrase is skipped here
)

func bracket(s string) string {
	i, j := strings.IndexByte(s, '['), strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return ""
	}
	return strings.TrimSpace(s[i+1 : j])
}

func braces(s string) string {
	i, j := strings.IndexByte(s, '{'), strings.IndexByte(s, '}')
	if i < 0 || j < i {
		return ""
	}
	return s[i+1 : j]
}

// verbPhrase splits a verb entry into the verb and the words that must
// come just before and after it: "BACK_DOWN" → back, "", "_down";
// "WIRE_+TAP" → tap, "wire_", "".
func verbPhrase(w string) (verb, before, after string) {
	words := strings.Split(strings.Trim(strings.ToLower(w), "_"), "_")
	v := 0
	for i, x := range words {
		if strings.HasPrefix(x, "+") {
			v = i
			break
		}
	}
	verb = strings.TrimPrefix(words[v], "+")
	if v > 0 {
		before = strings.Join(words[:v], "_") + "_"
	}
	if v+1 < len(words) {
		after = "_" + strings.Join(words[v+1:], "_")
	}
	return verb, before, after
}

// regularForms are the inflections PETRARCH generates for a verb: -s, -ed,
// -ing, without doubling consonants (irregular and doubled forms are listed
// in braces: "BAN {BANS BANNED}").
func regularForms(v string) []string {
	if len(v) < 2 {
		return nil
	}
	last, stem := v[len(v)-1], v[:len(v)-1]
	vowel := strings.IndexByte("aeiou", v[len(v)-2]) >= 0
	switch {
	case last == 'e':
		return []string{v + "s", v + "d", stem + "ing"}
	case last == 'y' && !vowel:
		return []string{stem + "ies", stem + "ied", v + "ing"}
	case last == 's' || last == 'x' || last == 'z' || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "sh"):
		return []string{v + "es", v + "ed", v + "ing"}
	}
	return []string{v + "s", v + "ed", v + "ing"}
}

// patternWords splits a PETRARCH phrase into lower-case words, without the
// actor markers.
func patternWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == '\t' }) {
		w = strings.Trim(w, "%+$^")
		if w != "" {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// patternElems splits one side of a pattern into elements: runs of words
// joined by "_", which must be adjacent, kept as one space-separated string;
// a free-standing actor marker is an element of its own (Source, Target,
// Skip).
func patternElems(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if f == Source || f == Target || f == Skip {
			out = append(out, f)
			continue
		}
		if e := strings.Join(patternWords(f), " "); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// expand marks synset references (&NAME, kept upper case) only when the
// synset is known; unknown ones would make the pattern unmatchable.
func expand(elems []string, syn map[string][]string) []string {
	for i, el := range elems {
		ws := strings.Fields(el)
		for j, w := range ws {
			if strings.HasPrefix(w, "&") {
				if _, ok := syn[strings.ToUpper(w)]; !ok {
					ws[j] = "\x00" // matches nothing
				} else {
					ws[j] = strings.ToUpper(w)
				}
			}
		}
		elems[i] = strings.Join(ws, " ")
	}
	return elems
}

// MatchAt reports how many words, from words[0] on, a pattern element (one
// or more adjacent words or &SYNSETs) matches; 0 when it does not. words are
// lower case and match as written, as in PETRARCH ("resolution" is not
// "resolutions").
func (lx *Lexicon) MatchAt(elem string, words []string) int {
	return lx.matchSeq(strings.Fields(elem), words, 0)
}

func (lx *Lexicon) matchSeq(pats, words []string, depth int) int {
	k := 0
	for _, p := range pats {
		if k >= len(words) {
			return 0
		}
		if !strings.HasPrefix(p, "&") {
			if p != words[k] {
				return 0
			}
			k++
			continue
		}
		if depth > 4 { // a synset naming itself
			return 0
		}
		best := 0
		for _, m := range lx.synsets[p] {
			if n := lx.matchSeq(strings.Fields(m), words[k:], depth+1); n > best {
				best = n
			}
		}
		if best == 0 {
			return 0
		}
		k += best
	}
	return k
}

// LoadDiscards reads a PETRARCH discard list: one phrase per line, "+" before
// a phrase that discards the whole story, "#" comments.
func (lx *Lexicon) LoadDiscards(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(line, "_", " ")), " "))
		if line == "" {
			continue
		}
		if p, ok := strings.CutPrefix(line, "+"); ok {
			lx.StoryDiscards = append(lx.StoryDiscards, strings.TrimSpace(p))
		} else {
			lx.Discards = append(lx.Discards, line)
		}
	}
	return sc.Err()
}

// Discarded reports whether text contains one of the phrases as whole words
// (case-insensitive).
func Discarded(text string, phrases []string) bool {
	if len(phrases) == 0 {
		return false
	}
	low := strings.ToLower(text)
	for _, p := range phrases {
		for i := 0; ; {
			j := strings.Index(low[i:], p)
			if j < 0 {
				break
			}
			a, b := i+j, i+j+len(p)
			if (a == 0 || !isWordByte(low[a-1])) && (b == len(low) || !isWordByte(low[b])) {
				return true
			}
			i = a + 1
		}
	}
	return false
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }
