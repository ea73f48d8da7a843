// Command gencues rebuilds the cue lexicon of the quotes package
// (quotes/data/cues.tsv) from treebanks in ../shared/data and WordNet 3.0:
//
//	apt-get install wordnet-base && go run ./quotes/internal/gencues [-data ../shared/data]
//
// A cue is a verb that introduces what someone says or thinks: in the UD
// English-EWT and GUM Wikinews training sets (CC BY-SA 4.0, CC BY 2.5) it
// heads a clausal complement ("said that …") or is the parataxis of a
// reported clause with a subject of its own ("…, he said"). Lemmas that do so
// in at least minCount sentences and in at least minShare of their uses as a
// verb are kept, with their counts ("treebank").
//
// A verb whose commonest sense in WordNet (Princeton WordNet 3.0, Debian's
// wordnet-base) belongs to the lexicographer file verb.communication is a
// cue too, marked "communication": such a verb reports what its subject said
// even when its object, not a clause, is what was said ("criticized X for
// …", "accused X of …", "praised X"). Verbs of verb.cognition and
// verb.emotion are marked so: they report a belief or an intention ("plans
// to …", "wants to …").
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/wordnet"
)

const (
	minCount = 2
	minShare = 0.15
)

// lexFiles are the WordNet lexicographer files of verbs that report what
// their subject says, thinks or feels.
var lexFiles = map[int]string{31: "cognition", 32: "communication", 37: "emotion"}

type token struct {
	lemma, upos, rel string
	head             int
}

func main() {
	data := flag.String("data", "../shared/data", "the shared data folder")
	out := flag.String("out", "quotes/data/cues.tsv", "lexicon to write")
	wn := flag.String("wordnet", wordnet.Dir, "WordNet 3.0 database folder")
	flag.Parse()
	db, err := wordnet.Open(*wn)
	if err != nil {
		log.Fatalf("gencues: %v (install Debian's wordnet-base)", err)
	}
	cue, verb := map[string]int{}, map[string]int{}
	for _, p := range []string{"ud-ewt/en_ewt-ud-train.conllu", "gum-wikinews/gum_news_wikinews-train.conllu"} {
		if err := read(filepath.Join(*data, p), func(s []token) { count(s, cue, verb) }); err != nil {
			log.Fatal(err)
		}
	}
	kinds := map[string][]string{}
	for l, n := range cue {
		if n >= minCount && float64(n) >= minShare*float64(verb[l]) {
			kinds[l] = append(kinds[l], "treebank")
		}
	}
	for _, l := range db.Lemmas('v') {
		ss := db.Senses(l, 'v')
		if strings.Contains(l, "_") || len(ss) == 0 {
			continue
		}
		if k := lexFiles[ss[0].LexFile]; k != "" {
			kinds[l] = append(kinds[l], k)
		}
	}
	var keep []string
	for l := range kinds {
		keep = append(keep, l)
	}
	slices.SortFunc(keep, func(a, b string) int {
		if c := cmp.Compare(cue[b], cue[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "# verbs that introduce reported speech or thought: lemma, treebank sentences where they do, uses as a\n")
	fmt.Fprintf(w, "# verb, and why each is a cue: \"treebank\" (in >= %d sentences and %.0f%% of its uses), or the WordNet\n", minCount, 100*minShare)
	fmt.Fprintf(w, "# lexicographer file of its commonest sense (\"communication\", \"cognition\", \"emotion\")\n")
	fmt.Fprintf(w, "# from UD English-EWT train (CC BY-SA 4.0), GUM Wikinews train (CC BY 2.5) and WordNet 3.0 (Princeton\n")
	fmt.Fprintf(w, "# University, WordNet licence); rebuild: apt-get install wordnet-base && go run ./quotes/internal/gencues\n")
	for _, l := range keep {
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", l, cue[l], verb[l], strings.Join(kinds[l], ","))
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d cues", len(keep))
}

// count adds a sentence's cue uses and verb uses.
func count(s []token, cue, verb map[string]int) {
	hasRel := func(head int, rels ...string) bool {
		for _, t := range s {
			if t.head == head && slices.Contains(rels, t.rel) {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	for i, t := range s {
		if t.upos != "VERB" {
			continue
		}
		verb[t.lemma]++
		id := i + 1
		reported := hasRel(id, "ccomp") ||
			t.rel == "parataxis" && hasRel(id, "nsubj") && !hasRel(id, "obj", "ccomp", "xcomp")
		if reported && !seen[t.lemma] {
			seen[t.lemma] = true
			cue[t.lemma]++
		}
	}
}

// read calls fn with each sentence of a CoNLL-U file, multiword and empty
// tokens left out.
func read(path string, fn func([]token)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var s []token
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			if len(s) > 0 {
				fn(s)
			}
			s = s[:0]
			continue
		}
		if line[0] == '#' {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 8 || strings.ContainsAny(c[0], "-.") {
			continue
		}
		h, err := strconv.Atoi(c[6])
		if err != nil {
			return fmt.Errorf("%s: %q: %w", path, line, err)
		}
		s = append(s, token{lemma: strings.ToLower(c[2]), upos: c[3], rel: c[7], head: h})
	}
	if len(s) > 0 {
		fn(s)
	}
	return sc.Err()
}
