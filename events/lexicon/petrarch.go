package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// LoadPETRARCH replaces the lexicon's triggers with those of a PETRARCH/TABARI
// verb dictionary ("--- VERB [code] ---" blocks with "- X * Y [code]"
// patterns), so that a suite written for that dictionary is coded with it.
// Synsets (&NAME) are expanded; actor markers (%, +, $, ^) are ignored, as the
// coder finds actors from the parse. Codes map to PLOVER through PLOVER(); a
// code with no PLOVER type ([---], 01x, 02x, test codes) blocks its pattern.
func (lx *Lexicon) LoadPETRARCH(r io.Reader) error {
	verbs := map[string][]Entry{}
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
	addEntry := func(before, after []string, code string, compound bool) {
		e := Entry{Before: before, After: after, Compound: compound}
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
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
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
			synsets[synset] = append(synsets[synset], strings.ToLower(strings.Fields(strings.ReplaceAll(line[1:], "_", " "))[0]))
		case line[0] == '-' && len(lemmas) > 0:
			pat, c := line[1:], bracket(line)
			if i := strings.IndexByte(pat, '['); i >= 0 {
				pat = pat[:i]
			}
			b, a, ok := strings.Cut(pat, "*")
			if !ok {
				continue
			}
			addEntry(patternWords(b), patternWords(a), c, strings.Contains(b, "%"))
		case code != "" && line[0] != '-' && line[0] != '+':
			// A verb line: "ABANDON", "BAN {BANS BANNED}", "BACK_DOWN".
			w := strings.ToLower(strings.Fields(line)[0])
			w = strings.Trim(w, "_")
			if w == "" {
				continue
			}
			first, rest, _ := strings.Cut(w, "_")
			lemmas = append(lemmas[:0], first)
			addEntry(nil, patternWords(rest), code, false)
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
	for l, es := range verbs {
		for _, e := range es {
			lx.add(l, e)
		}
	}
	return nil
}

func bracket(s string) string {
	i, j := strings.IndexByte(s, '['), strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return ""
	}
	return strings.TrimSpace(s[i+1 : j])
}

// patternWords splits a PETRARCH pattern side into lower-case words, without
// the actor markers.
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

// expand keeps synset references (&NAME, as lower case) only when the synset
// is known; unknown ones would make the pattern unmatchable.
func expand(ws []string, syn map[string][]string) []string {
	for i, w := range ws {
		if strings.HasPrefix(w, "&") {
			if _, ok := syn[strings.ToUpper(w)]; !ok {
				ws[i] = "\x00" // matches nothing
			} else {
				ws[i] = strings.ToUpper(w)
			}
		}
	}
	return ws
}

// WordMatches reports whether a pattern word (a word or a &SYNSET) matches a
// lower-case word.
func (lx *Lexicon) WordMatches(pat, word string) bool {
	if strings.HasPrefix(pat, "&") {
		for _, m := range lx.synsets[pat] {
			if m == word {
				return true
			}
		}
		return false
	}
	return pat == word
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
