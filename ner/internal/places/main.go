// Command places writes the place names the NER tagger marks as a gazetteer
// class (ner/model/places.txt.gz) from the geo package's shipped gazetteer,
// so that LOC gets a feature for the many towns and districts the actor
// database does not list ("Miramar", "Greater Noida", "Kollam"):
//
//	go run ./ner/internal/places    # then retrain: sitrep train ner
//
// Each line is a class (0: a country, region, first-level division or place
// of at least 100,000 people; 1: a second-level division or a place of at
// least 15,000) and the name's lower-cased tokens, as the tokenizer splits
// them, separated by spaces. Smaller places are left out, and so are
// one-word names that are lower-case English words ("Reading", "Of"): both
// are too often not places, and every name shares its class's weights.
// The English word list is Debian's wamerican (apt-get install wamerican).
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/ner/internal/namelist"
	"github.com/sitrep-dev/sitrep/nlp/tokenize"
)

func main() {
	src := flag.String("src", "geo/data/gazetteer.tsv.gz", "geo gazetteer (sitrep-gazetteer TSV, gzip)")
	out := flag.String("out", "ner/model/places.txt.gz", "place-name file to write")
	dict := flag.String("words", "/usr/share/dict/american-english", "English word list (Debian wamerican)")
	flag.Parse()
	if err := run(*src, *dict, *out); err != nil {
		log.Fatal(err)
	}
}

func run(src, dict, out string) error {
	common, err := namelist.EnglishWords(dict)
	if err != nil {
		return err
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	class := map[string]int{} // name → best (lowest) class
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 9 || strings.HasPrefix(c[0], "#") {
			continue
		}
		name, feature := c[1], c[4]
		pop, _ := strconv.ParseInt(c[8], 10, 64)
		k := -1
		switch {
		case pop >= 100000 || feature == "PCLI" || feature == "ADM1" || feature == "RGN" || feature == "CONT":
			k = 0
		case pop >= 15000 || feature == "ADM2":
			k = 1
		}
		key := tokens(name)
		if k < 0 || key == "" || common[key] {
			continue
		}
		if old, ok := class[key]; !ok || k < old {
			class[key] = k
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := namelist.Write(out, class); err != nil {
		return err
	}
	log.Printf("%d place names → %s", len(class), out)
	return nil
}

// tokens returns the name's lower-cased tokens joined by spaces, or "" for a
// name that does not start with a capital letter (not written as a name).
func tokens(name string) string {
	toks := tokenize.Words(name, nil)
	if len(toks) == 0 || len(toks) > 8 {
		return ""
	}
	first := toks[0].Of(name)
	if strings.ToUpper(first[:1]) != first[:1] || strings.ToLower(first[:1]) == first[:1] {
		return ""
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = strings.ToLower(t.Of(name))
	}
	return strings.Join(parts, " ")
}
