// Command men writes nlp/tagger/men.txt, the plurals in -men of WordNet's
// nouns for people in -man ("gunman": "gunmen", "tribesman": "tribesmen"),
// which the tagger, having met few of them in its treebanks, tags as
// adjectives ("Gunmen shot dead a policeman": no verb, no event):
//
//	go run ./nlp/tagger/internal/men > nlp/tagger/men.txt
//
// It reads WordNet 3.0 as Debian's wordnet-base installs it.
package main

import (
	"flag"
	"fmt"
	"log"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/wordnet"
)

// nounPerson is WordNet's lexicographer file noun.person.
const nounPerson = 18

func main() {
	dir := flag.String("wordnet", wordnet.Dir, "WordNet 3.0 dictionary directory")
	flag.Parse()
	db, err := wordnet.Open(*dir)
	if err != nil {
		log.Fatal(err)
	}
	words := map[string]bool{} // every lemma, to keep out a plural that is a word of its own ("omen")
	for _, pos := range []wordnet.POS{'n', 'v', 'a', 'r'} {
		for _, l := range db.Lemmas(pos) {
			words[l] = true
		}
	}
	var out []string
	for _, l := range db.Lemmas('n') {
		stem, ok := strings.CutSuffix(l, "man")
		if !ok || stem == "" || strings.ContainsAny(l, "_-.'") || words[stem+"men"] || !person(db, l) {
			continue
		}
		out = append(out, stem+"men")
	}
	slices.Sort(out)
	for _, w := range out {
		fmt.Println(w)
	}
}

// person reports whether a sense of the noun l is a kind of person (not a
// named one: "Truman" is an instance).
func person(db *wordnet.DB, l string) bool {
	for _, s := range db.Senses(l, 'n') {
		if s.LexFile == nounPerson && !slices.ContainsFunc(s.Ptrs, func(p wordnet.Pointer) bool { return p.Symbol == "@i" }) {
			return true
		}
	}
	return false
}
