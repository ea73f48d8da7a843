// Package wordnet reads the Princeton WordNet 3.0 database files (data.*,
// index.*, cntlist.rev, as Debian's wordnet-base installs them in
// /usr/share/wordnet). Generators use it to grow lexicons from WordNet's
// synonym sets, hyponym trees and derivation links; nothing reads it at run
// time.
package wordnet

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Dir is where Debian's wordnet-base puts the database.
const Dir = "/usr/share/wordnet"

// POS is a WordNet part of speech: 'n', 'v', 'a' or 'r'.
type POS byte

var files = map[POS]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}

// ID names a synset: its part of speech and byte offset in its data file.
type ID struct {
	POS    POS
	Offset int
}

// Synset is one set of synonyms with its relations.
type Synset struct {
	ID      ID
	LexFile int // lexicographer file number (noun.act = 4, verb.contact = 35 …)
	Words   []Word
	Ptrs    []Pointer
	Gloss   string
}

// Word is a lemma of a synset; LexID tells its senses apart in sense keys.
type Word struct {
	Lemma string // lower case, words joined by "_"
	LexID int
}

// Pointer is a relation from a synset (Src 0) or one of its words (Src =
// word number, 1-based) to a synset or one of its words.
type Pointer struct {
	Symbol   string // "@" hypernym, "~" hyponym, "+" derivation, "@i"/"~i" instance …
	To       ID
	Src, Dst int
}

// DB is a loaded WordNet.
type DB struct {
	synsets map[ID]*Synset
	index   map[POS]map[string][]ID // lemma → synsets, most frequent sense first
	counts  map[string]int          // sense key → tagged count
}

// Open reads the database in dir.
func Open(dir string) (*DB, error) {
	db := &DB{synsets: map[ID]*Synset{}, index: map[POS]map[string][]ID{}, counts: map[string]int{}}
	for pos, name := range files {
		if err := db.readData(filepath.Join(dir, "data."+name), pos); err != nil {
			return nil, err
		}
		if err := db.readIndex(filepath.Join(dir, "index."+name), pos); err != nil {
			return nil, err
		}
	}
	if err := db.readCounts(filepath.Join(dir, "cntlist.rev")); err != nil {
		return nil, err
	}
	return db, nil
}

func eachLine(path string, f func(line string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || line[0] == ' ' { // the licence header
			continue
		}
		if err := f(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}

func (db *DB) readData(path string, pos POS) error {
	return eachLine(path, func(line string) error {
		body, gloss, _ := strings.Cut(line, " | ")
		f := strings.Fields(body)
		if len(f) < 4 {
			return fmt.Errorf("short synset line")
		}
		off, _ := strconv.Atoi(f[0])
		lex, _ := strconv.Atoi(f[1])
		s := &Synset{ID: ID{pos, off}, LexFile: lex, Gloss: gloss}
		nw, _ := strconv.ParseInt(f[3], 16, 32)
		i := 4
		for range nw {
			if i+1 >= len(f) {
				return fmt.Errorf("short word list")
			}
			lemma := strings.ToLower(f[i])
			if p := strings.IndexByte(lemma, '('); p >= 0 { // adjective markers "(a)", "(p)"
				lemma = lemma[:p]
			}
			id, _ := strconv.ParseInt(f[i+1], 16, 32)
			s.Words = append(s.Words, Word{lemma, int(id)})
			i += 2
		}
		np, _ := strconv.Atoi(f[i])
		i++
		for range np {
			if i+3 >= len(f) {
				return fmt.Errorf("short pointer list")
			}
			to, _ := strconv.Atoi(f[i+1])
			p := POS(f[i+2][0])
			if p == 's' {
				p = 'a'
			}
			sd, _ := strconv.ParseUint(f[i+3], 16, 16)
			s.Ptrs = append(s.Ptrs, Pointer{Symbol: f[i], To: ID{p, to}, Src: int(sd >> 8), Dst: int(sd & 0xff)})
			i += 4
		}
		db.synsets[s.ID] = s
		return nil
	})
}

func (db *DB) readIndex(path string, pos POS) error {
	m := map[string][]ID{}
	db.index[pos] = m
	return eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 4 {
			return fmt.Errorf("short index line")
		}
		nsyn, _ := strconv.Atoi(f[2])
		if len(f) < nsyn {
			return fmt.Errorf("short index line")
		}
		for _, o := range f[len(f)-nsyn:] {
			off, _ := strconv.Atoi(o)
			m[f[0]] = append(m[f[0]], ID{pos, off})
		}
		return nil
	})
}

func (db *DB) readCounts(path string) error {
	return eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) == 3 {
			n, _ := strconv.Atoi(f[2])
			db.counts[f[0]] = n
		}
		return nil
	})
}

// Senses returns the synsets of a lemma (words joined by "_"), the most
// frequent sense first.
func (db *DB) Senses(lemma string, pos POS) []*Synset {
	var out []*Synset
	for _, id := range db.index[pos][lemma] {
		out = append(out, db.synsets[id])
	}
	return out
}

// Sense returns the n-th sense (1-based, as "attack.v.01") of a lemma.
func (db *DB) Sense(lemma string, pos POS, n int) (*Synset, error) {
	ss := db.Senses(lemma, pos)
	if n < 1 || n > len(ss) {
		return nil, fmt.Errorf("wordnet: %s.%c.%02d: no such sense (%d senses)", lemma, pos, n, len(ss))
	}
	return ss[n-1], nil
}

// Lemmas returns every lemma of a part of speech.
func (db *DB) Lemmas(pos POS) []string {
	out := make([]string, 0, len(db.index[pos]))
	for l := range db.index[pos] {
		out = append(out, l)
	}
	return out
}

// Count returns how often the sense of lemma in s was tagged in the
// SemCor-based counts (0 when never).
func (db *DB) Count(lemma string, s *Synset) int {
	for _, w := range s.Words {
		if w.Lemma != lemma {
			continue
		}
		pos := map[POS]int{'n': 1, 'v': 2, 'a': 3, 'r': 4}[s.ID.POS]
		key := fmt.Sprintf("%s%%%d:%02d:%02d::", lemma, pos, s.LexFile, w.LexID)
		return db.counts[key]
	}
	return 0
}

// Related returns the synsets s points to with a symbol.
func (db *DB) Related(s *Synset, symbol string) []*Synset {
	var out []*Synset
	for _, p := range s.Ptrs {
		if p.Symbol == symbol {
			if t := db.synsets[p.To]; t != nil {
				out = append(out, t)
			}
		}
	}
	return out
}

// Derived returns the words derivationally related ("+") to word w of s
// (1-based), in other synsets: attack.v → attack.n, bomb.v → bombing.n.
func (db *DB) Derived(s *Synset, w int) []Word {
	var out []Word
	for _, p := range s.Ptrs {
		if p.Symbol != "+" || p.Src != w {
			continue
		}
		if t := db.synsets[p.To]; t != nil && p.Dst >= 1 && p.Dst <= len(t.Words) {
			out = append(out, t.Words[p.Dst-1])
		}
	}
	return out
}

// Hyponyms returns s and every synset below it (hyponyms, troponyms and
// instances), breadth first, down to depth levels.
func (db *DB) Hyponyms(s *Synset, depth int) []*Synset {
	seen := map[ID]bool{s.ID: true}
	out := []*Synset{s}
	for level, from := 0, 0; level < depth; level++ {
		to := len(out)
		for _, x := range out[from:to] {
			for _, sym := range []string{"~", "~i"} {
				for _, h := range db.Related(x, sym) {
					if !seen[h.ID] {
						seen[h.ID] = true
						out = append(out, h)
					}
				}
			}
		}
		from = to
	}
	return out
}
