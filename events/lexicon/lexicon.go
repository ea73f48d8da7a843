// Package lexicon holds the trigger lexicon of the event coder: which words
// name which PLOVER event, with a best-effort CAMEO code. The lexicon is a
// readable text file (plover.lex) embedded in the binary; PETRARCH verb
// dictionaries can be loaded on top of it (LoadPETRARCH).
package lexicon

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
)

//go:embed plover.lex
var ploverLex string

// wordnetLex is generated from WordNet by ./gen: triggers plover.lex lacks.
//
//go:embed wordnet.lex
var wordnetLex string

// Entry is one trigger pattern.
type Entry struct {
	Type    string   // PLOVER event type; "" for a blocking pattern
	Mode    string   // PLOVER mode where the pattern implies one
	Context []string // PLOVER contexts the pattern implies (military, economic, …)
	CAMEO   string
	// Reverse is the CAMEO code of the reciprocal event (target to source),
	// as PETRARCH's "032:033" codes; "" when there is none.
	Reverse string
	Noun    bool
	// With lists lemmas of which at least one must accompany the trigger: an
	// object, particle, preposition or oblique of a verb, the governing verb or
	// a modifier of a noun. Empty for a bare pattern.
	With []string
	// Before and After list words that must occur before or after the trigger
	// in its sentence (PETRARCH's "- X * Y" patterns).
	Before, After []string
	// Elements of Before and After are runs of adjacent words or &SYNSETs,
	// space-separated; NextBefore and NextAfter tie the last element of
	// Before and the first of After to the trigger ("IN_*", "*_OUT").
	NextBefore, NextAfter bool
	// Compound requires a coordinated subject (PETRARCH's "% *" patterns).
	Compound bool
	// Verb marks the entry of a PETRARCH verb line: the words of a
	// multi-word verb ("BREAK_DOWN") are the verb, less specific than any
	// pattern of its block ("- * TREATY").
	Verb bool
}

// Specificity ranks entries: the most specific matching entry wins.
func (e *Entry) Specificity() int {
	n := 2*len(e.With) + 3*(len(e.Before)+len(e.After))
	if e.Compound {
		n += 3
	}
	if e.Verb {
		n--
	}
	return n
}

// Lexicon maps lemmas to trigger entries.
type Lexicon struct {
	verbs, nouns map[string][]Entry
	synsets      map[string][]string // PETRARCH &NAME word lists
	// forms maps the verb forms of a PETRARCH dictionary, listed ("called",
	// "left", "{banned}") or generated ("deplored"), to their verb line:
	// they are looked up as written, not through our lemmatizer.
	forms map[string]string
	// RequireDyad says events need a source and a target: set by a
	// PETRARCH dictionary, as PETRARCH codes by default (require_dyad).
	RequireDyad bool
	// Discards are lower-case phrases whose sentence (or, for Story ones,
	// whole story) is no political news: "baseball", "typhoon".
	Discards, StoryDiscards []string
}

// Default returns sitrep's own lexicon: the hand-written plover.lex, and for
// lemmas it lacks the generated wordnet.lex.
func Default() *Lexicon {
	lx := Core()
	if err := lx.parse(strings.NewReader(wordnetLex)); err != nil {
		panic("lexicon: embedded wordnet.lex: " + err.Error()) // caught by the package tests
	}
	return lx
}

// Core returns the hand-written lexicon alone (plover.lex).
func Core() *Lexicon {
	lx, err := Parse(strings.NewReader(ploverLex))
	if err != nil {
		panic("lexicon: embedded plover.lex: " + err.Error()) // caught by the package tests
	}
	return lx
}

// Has reports whether the lexicon has a pattern for a verb or noun lemma.
func (lx *Lexicon) Has(lemma string, noun bool) bool {
	if noun {
		return len(lx.nouns[lemma]) > 0
	}
	return len(lx.verbs[lemma]) > 0
}

// Verb returns the entries for a verb lemma.
func (lx *Lexicon) Verb(lemma string) []Entry { return lx.verbs[lemma] }

// VerbForm returns the entries for a verb as written (lower case) with its
// lemma: those of the form where a dictionary lists it, else the lemma's,
// else, for a participle the lemmatizer left whole because the tagger took it
// for an adjective ("were wounded"), its verb's.
func (lx *Lexicon) VerbForm(form, lemma string) []Entry {
	if v, ok := lx.forms[form]; ok {
		return lx.verbs[v]
	}
	if es := lx.verbs[lemma]; len(es) > 0 || lemma != form {
		return es
	}
	return lx.verbs[participleVerb(form, lx.verbs)]
}

// participleVerb returns the verb whose regular past participle form is
// ("wounded", "freed", "stabbed"), among verbs, "" if none.
func participleVerb(form string, verbs map[string][]Entry) string {
	stem, ok := strings.CutSuffix(form, "ed")
	if !ok || len(stem) < 2 {
		return ""
	}
	for _, v := range [3]string{stem + "e", stem, stem[:len(stem)-1]} {
		if v == stem[:len(stem)-1] && stem[len(stem)-1] != stem[len(stem)-2] {
			continue // "stabbed": only a doubled consonant drops
		}
		if len(verbs[v]) > 0 {
			return v
		}
	}
	return ""
}

// Noun returns the entries for a noun lemma.
func (lx *Lexicon) Noun(lemma string) []Entry { return lx.nouns[lemma] }

// Len is the number of trigger lemmas.
func (lx *Lexicon) Len() int { return len(lx.verbs) + len(lx.nouns) }

func (lx *Lexicon) add(lemma string, e Entry) {
	m := lx.verbs
	if e.Noun {
		m = lx.nouns
	}
	m[lemma] = append(m[lemma], e)
	// Most specific first, so the coder can stop at the first match.
	sort.SliceStable(m[lemma], func(i, j int) bool { return m[lemma][i].Specificity() > m[lemma][j].Specificity() })
}

// Parse reads a lexicon in the plover.lex format.
func Parse(r io.Reader) (*Lexicon, error) {
	lx := &Lexicon{verbs: map[string][]Entry{}, nouns: map[string][]Entry{}}
	if err := lx.parse(r); err != nil {
		return nil, err
	}
	return lx, nil
}

func (lx *Lexicon) parse(r io.Reader) error {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		head, pats, ok := strings.Cut(line, ":")
		f := strings.Fields(head)
		if !ok || len(f) != 2 {
			return fmt.Errorf("line %d: want \"TYPE[/mode] CAMEO : patterns\"", n)
		}
		head, ctx, _ := strings.Cut(f[0], "+")
		typ, mode, _ := strings.Cut(head, "/")
		var context []string
		if ctx != "" {
			context = strings.Split(ctx, ",")
		}
		if !validType[typ] {
			return fmt.Errorf("line %d: %q is no PLOVER event type", n, typ)
		}
		cameo := f[1]
		if cameo == "---" {
			typ, mode, cameo = "", "", ""
		}
		for _, p := range strings.Split(pats, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			e := Entry{Type: typ, Mode: mode, Context: context, CAMEO: cameo}
			if rest, ok := strings.CutPrefix(p, "n:"); ok {
				e.Noun, p = true, rest
			}
			words := strings.Fields(p)
			lemma := words[0]
			for _, w := range words[1:] {
				alts := strings.Split(strings.TrimPrefix(w, "+"), "|")
				if strings.HasPrefix(alts[0], "s:") {
					// "+s:protester|crowd": every alternative names the subject.
					for i := 1; i < len(alts); i++ {
						alts[i] = "s:" + alts[i]
					}
				}
				for _, a := range alts {
					e.With = append(e.With, a)
					if j := strings.ReplaceAll(a, "-", ""); j != a {
						e.With = append(e.With, j) // see below
					}
				}
			}
			lx.add(lemma, e)
			if j := strings.ReplaceAll(lemma, "-", ""); j != lemma {
				// The tokenizer splits "sit-in" at its hyphen; the coder
				// looks the parts up joined ("sitin", as "ceasefire").
				lx.add(j, e)
			}
		}
	}
	return sc.Err()
}

// Types lists the 16 PLOVER event types.
var Types = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

var validType = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range Types {
		m[t] = true
	}
	return m
}()

// agentsGz lists the nouns that name people or groups of people (WordNet
// noun.person and noun.group), generated by ./gen.
//
//go:embed agents.txt.gz
var agentsGz []byte

var agents = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	zr, err := gzip.NewReader(bytes.NewReader(agentsGz))
	if err != nil {
		panic("lexicon: embedded agents.txt.gz: " + err.Error()) // caught by the package tests
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		m[sc.Text()] = true
	}
	return m
})

// Agent reports whether a noun lemma can name people: "critics", "a rights
// group", "heads of state" can be doers the actor database does not know.
func Agent(lemma string) bool { return agents()[lemma] }

// Types returns the PLOVER types the lexicon gives words[i], a lower-case
// word of a headline or other text the coder does not parse, as a verb or a
// noun, by its form or its likely stems ("bans", "banned" → "ban"). As the
// coder does with a parse, the most specific pattern that words can bear
// speaks for each lemma: one that needs company ("establish +ties", "take
// +control") only where another of words brings it. Counting every pattern of
// a lemma, as this once did, had "working" say ASSAULT and "takes" PROTEST;
// on NGEC stories of headline templates never trained on, the document
// type's accuracy went from 0.671 to 0.692.
func (lx *Lexicon) Types(words []string, i int) []string {
	var out []string
	add := func(es []Entry) {
		for _, e := range es {
			if !headlineMatch(e, words, i) {
				continue
			}
			if e.Type != "" && !slices.Contains(out, e.Type) {
				out = append(out, e.Type)
			}
			return
		}
	}
	for _, w := range stems(words[i]) {
		add(lx.verbs[w])
		add(lx.nouns[w])
	}
	return out
}

// headlineMatch reports whether words, unparsed, can bear entry e of
// words[i]: a word it needs is among the others (its subject before it), a
// negation just before it, an object or "to" after it. PETRARCH's
// word-order and compound patterns are left to the coder.
func headlineMatch(e Entry, words []string, i int) bool {
	if len(e.Before) > 0 || len(e.After) > 0 || e.Compound {
		return false
	}
	if len(e.With) == 0 {
		return true
	}
	for _, a := range e.With {
		switch a {
		case "_neg":
			for _, w := range words[max(0, i-3):i] {
				if w == "not" || w == "no" || w == "never" {
					return true
				}
			}
		case "_obj":
			if i+1 < len(words) {
				return true
			}
		case "_xcomp":
			if i+1 < len(words) && words[i+1] == "to" {
				return true
			}
		default:
			end := len(words)
			if subj, ok := strings.CutPrefix(a, "s:"); ok {
				a, end = subj, i
			}
			for j, w := range words[:end] {
				if j != i && slices.Contains(stems(w), a) {
					return true
				}
			}
		}
	}
	return false
}

// stems returns a word and the stems its regular inflections may have.
func stems(w string) []string {
	out := []string{w}
	for _, r := range [...]struct{ suffix, repl string }{
		{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"ed", "e"}, {"d", ""}, {"ing", ""}, {"ing", "e"},
	} {
		if stem, ok := strings.CutSuffix(w, r.suffix); ok && len(stem) >= 3 {
			out = append(out, stem+r.repl)
			if n := len(stem); (r.suffix == "ed" || r.suffix == "ing") && stem[n-1] == stem[n-2] {
				out = append(out, stem[:n-1]) // "banned" → "ban"
			}
		}
	}
	return out
}
