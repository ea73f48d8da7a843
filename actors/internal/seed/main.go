// Command seed regenerates actors/data/*.tsv from the reference dictionaries
// and country lists in ../shared/data plus the hand-curated facts in
// actors/curated. Run from the repository root:
//
//	go run ./actors/internal/seed -shared ../shared/data -out actors/data
//
// Sources: PETRARCH2/Phoenix actor and agent dictionaries (MIT, Open Event
// Data Alliance), the NGEC PLOVER agents and country list (MIT), GeoNames
// countryInfo capitals and city/admin1 names (CC BY 4.0), used to tell
// capitals, places and name variants apart.
package main

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/actors"
)

func main() {
	shared := flag.String("shared", "../shared/data", "shared data directory")
	out := flag.String("out", "actors/data", "output directory")
	curated := flag.String("curated", "actors/curated", "hand-curated TSV files, which win over generated facts")
	flag.Parse()
	if err := run(*shared, *out, *curated); err != nil {
		log.Fatal(err)
	}
}

type geo struct {
	capital map[string]string          // ISO3 → capital
	places  map[string]map[string]bool // ISO2 → lower-cased city and admin1 names
	iso2to3 map[string]string
}

func readGeo(dir string) (*geo, error) {
	g := &geo{capital: map[string]string{}, places: map[string]map[string]bool{}, iso2to3: map[string]string{}}
	add := func(cc, name string) {
		if g.places[cc] == nil {
			g.places[cc] = map[string]bool{}
		}
		g.places[cc][strings.ToLower(name)] = true
	}
	f, err := os.Open(filepath.Join(dir, "countryInfo.txt"))
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(c[0], "#") || len(c) < 6 {
			continue
		}
		g.iso2to3[c[0]] = c[1]
		if c[5] != "" {
			g.capital[c[1]] = c[5]
		}
	}
	f.Close()
	f, err = os.Open(filepath.Join(dir, "admin1CodesASCII.txt"))
	if err != nil {
		return nil, err
	}
	sc = bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) >= 3 {
			cc, _, _ := strings.Cut(c[0], ".")
			add(cc, c[1])
			add(cc, c[2])
		}
	}
	f.Close()
	zr, err := zip.OpenReader(filepath.Join(dir, "cities15000.zip"))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			c := strings.Split(sc.Text(), "\t")
			if len(c) > 8 {
				add(c[8], c[1])
				add(c[8], c[2])
			}
		}
		r.Close()
	}
	return g, nil
}

// title turns "hamid karzai" into "Hamid Karzai", keeping short vowel-less
// words ("un", "ansf") upper-case and small words lower-case.
func title(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		switch {
		case i > 0 && (w == "of" || w == "the" || w == "and" || w == "for" || w == "al" || w == "el" || w == "de"):
		case len(w) <= 3 && i == 0 && len(words) == 1, !strings.ContainsAny(w, "aeiouy"):
			words[i] = strings.ToUpper(w)
		default:
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			for j := 1; j < len(r); j++ {
				if r[j-1] == '-' || r[j-1] == '.' || r[j-1] == '\'' && j == 2 {
					r[j] = unicode.ToUpper(r[j])
				}
			}
			words[i] = string(r)
		}
	}
	return strings.Join(words, " ")
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func load(paths ...string) (*actors.DB, error) {
	db := actors.New()
	for _, p := range paths {
		if err := db.LoadFile(p); err != nil {
			return nil, err
		}
	}
	return db, nil
}

func looksAdjective(s string) bool {
	for _, suf := range []string{"an", "ans", "ian", "ians", "ese", "ish", "i", "is", "ic", "ch", "ot", "ots"} {
		if strings.HasSuffix(s, suf) && !strings.Contains(s, " ") {
			return true
		}
	}
	return false
}

func run(shared, out, curated string) error {
	g, err := readGeo(filepath.Join(shared, "geonames"))
	if err != nil {
		return err
	}
	dict := filepath.Join(shared, "petrarch2", "dictionaries")
	cur, err := load(mustGlob(filepath.Join(curated, "*.tsv"))...)
	if err != nil {
		return err
	}
	s := newSeeder(cur)
	// Countries: the NGEC list gives names and nationality forms; the
	// Phoenix country blocks add variants, adjectives and places; GeoNames
	// the capital and whether a variant is a place.
	countries, order, err := ngecCountries(shared, g)
	if err != nil {
		return err
	}
	if order, err = s.phoenixCountries(dict, g, countries, order); err != nil {
		return err
	}
	for _, iso3 := range order {
		s.emit(countries[iso3], "NGEC countries.csv; Phoenix.Countries.actors; GeoNames countryInfo")
	}
	if err := s.organisations(dict); err != nil {
		return err
	}
	if err := s.agents(filepath.Join(dict, "Phoenix.agents.txt"), filepath.Join(shared, "ngec-synthetic", "PLOVER_agents.txt")); err != nil {
		return err
	}
	s.curated(cur, countries)
	return s.write(out)
}

// seeder collects the entries of each kind as the sources give them.
type seeder struct {
	byKind      map[actors.Kind][]*actors.Entry
	seen        map[string]bool // IDs given
	curatedName map[string]bool // lower-cased names the curated files hold
}

func newSeeder(cur *actors.DB) *seeder {
	s := &seeder{byKind: map[actors.Kind][]*actors.Entry{}, seen: map[string]bool{}, curatedName: map[string]bool{}}
	for _, e := range cur.Entries() {
		for _, n := range e.Names {
			s.curatedName[strings.ToLower(n)] = true
		}
	}
	return s
}

// emit adds a dictionary entry from src without the names the curated
// files hold (dropping an entry, other than a country, left with none),
// named and with a unique ID.
func (s *seeder) emit(e *actors.Entry, src string) {
	var names []string
	for _, n := range splitAcronyms(e.Names) {
		if !s.curatedName[strings.ToLower(n)] {
			names = append(names, n)
		}
	}
	if len(names) == 0 && e.Kind != actors.Country {
		return
	}
	e.Names = names
	if e.Kind != actors.Country {
		e.Name = title(names[0])
		e.ID = slug(e.Name)
		if e.Kind == actors.Agent {
			e.ID = "agent:" + e.ID
		}
	}
	for s.seen[e.ID] {
		e.ID += "+"
	}
	s.seen[e.ID] = true
	e.Source = src
	s.byKind[e.Kind] = append(s.byKind[e.Kind], e)
}

// ngecCountries reads the NGEC country list: the countries by ISO3, in the
// list's order, with their names, nationality forms and capitals.
func ngecCountries(shared string, g *geo) (map[string]*actors.Entry, []string, error) {
	f, err := os.Open(filepath.Join(shared, "ngec-synthetic", "countries.csv"))
	if err != nil {
		return nil, nil, err
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	countries := map[string]*actors.Entry{}
	var order []string
	for _, r := range rows[1:] {
		name, iso3 := r[1], r[2]
		e := &actors.Entry{ID: iso3, Kind: actors.Country, Name: name, Periods: []actors.Period{{Country: iso3, Code: iso3}}}
		for _, n := range strings.Split(r[3], ",") {
			n = strings.TrimSpace(n)
			switch {
			case n == "":
			case strings.Contains(n, " ") && !looksAdjective(strings.ToLower(n)):
				e.Names = append(e.Names, n)
			default:
				e.Adjectives = append(e.Adjectives, n)
			}
		}
		if c := g.capital[iso3]; c != "" {
			e.Seats = append(e.Seats, c)
		}
		countries[iso3] = e
		order = append(order, iso3)
	}
	return countries, order, nil
}

// phoenixCountries reads the Phoenix country blocks: their country entries
// add to countries (and to order, those the NGEC list lacks); their other
// entries, but persons of no period since 1995, are emitted.
func (s *seeder) phoenixCountries(dict string, g *geo, countries map[string]*actors.Entry, order []string) ([]string, error) {
	phx, err := load(filepath.Join(dict, "Phoenix.Countries.actors.txt"))
	if err != nil {
		return order, err
	}
	iso3to2 := map[string]string{}
	for k, v := range g.iso2to3 {
		iso3to2[v] = k
	}
	for _, e := range phx.Entries() {
		p := e.Periods[0]
		if e.Kind == actors.Country {
			c := countries[p.Country]
			if c == nil {
				c = &actors.Entry{ID: p.Country, Kind: actors.Country, Name: title(e.Names[0]), Periods: []actors.Period{{Country: p.Country, Code: p.Country}}}
				countries[p.Country] = c
				order = append(order, p.Country)
			}
			addCountryNames(c, e.Names, g.places[iso3to2[p.Country]])
			continue
		}
		if e.Kind == actors.Person && !recent(e) {
			continue
		}
		s.emit(e, "Phoenix.Countries.actors")
	}
	return order, nil
}

// addCountryNames sorts a Phoenix country's names into c's places (the
// country's cities and admin-1 units but its capital), adjectives and
// names.
func addCountryNames(c *actors.Entry, names []string, places map[string]bool) {
	for _, n := range names {
		switch {
		case strings.EqualFold(n, c.Name):
		case places[n] || places[strings.ReplaceAll(n, " ", "-")]:
			if len(c.Seats) > 0 && strings.EqualFold(c.Seats[0], n) {
				continue
			}
			c.Places = append(c.Places, title(n))
		case looksAdjective(n):
			c.Adjectives = append(c.Adjectives, title(n))
		default:
			c.Names = append(c.Names, title(n))
		}
	}
}

// recent reports whether a person holds a period open or ending in 1995 or
// later.
func recent(e *actors.Entry) bool {
	recent := false
	for _, q := range e.Periods {
		recent = recent || q.Until.IsZero() || q.Until.Year() >= 1995
	}
	return recent
}

// organisations emits the Phoenix international actors (countries among
// them as organisations) and non-state armed groups (all but persons as
// groups).
func (s *seeder) organisations(dict string) error {
	for _, file := range []string{"Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"} {
		db, err := load(filepath.Join(dict, file))
		if err != nil {
			return err
		}
		for _, e := range db.Entries() {
			if e.Kind == actors.Country {
				e.Kind = actors.Organisation
			}
			if file == "Phoenix.MilNonState.actors.txt" && e.Kind != actors.Person {
				e.Kind = actors.Group
			}
			s.emit(e, strings.TrimSuffix(file, ".txt"))
		}
	}
	return nil
}

// agents emits the agents of the files, the first of each name, that have
// a sector and are participants.
func (s *seeder) agents(files ...string) error {
	agentSeen := map[string]bool{}
	for _, file := range files {
		db, err := load(file)
		if err != nil {
			return err
		}
		for _, e := range db.Entries() {
			if agentSeen[e.Names[0]] || len(e.Periods) == 0 || e.Periods[0].Sector == "" || notAgent[e.Names[0]] {
				continue
			}
			agentSeen[e.Names[0]] = true
			s.emit(e, strings.TrimSuffix(filepath.Base(file), ".txt"))
		}
	}
	return nil
}

// curated adds the curated entries last so that they are read after (and
// win over) what the dictionaries say; their names were removed from those.
// A curated country adds to the generated one.
func (s *seeder) curated(cur *actors.DB, countries map[string]*actors.Entry) {
	for _, e := range cur.Entries() {
		if e.Kind == actors.Country && countries[e.ID] != nil {
			c := countries[e.ID]
			c.Names = append(c.Names, e.Names...)
			c.Adjectives = append(c.Adjectives, e.Adjectives...)
			c.Seats = append(e.Seats, c.Seats...)
			c.Places = append(c.Places, e.Places...)
			if e.Wikidata != "" {
				c.Wikidata = e.Wikidata
			}
			continue
		}
		e.Source = "curated"
		s.byKind[e.Kind] = append(s.byKind[e.Kind], e)
	}
}

// tsvHeader heads each generated file.
const tsvHeader = `Generated by: go run ./actors/internal/seed -shared ../shared/data -out actors/data
Do not edit: change actors/curated/*.tsv or the seed program and regenerate.
Sources: PETRARCH2/Phoenix dictionaries (MIT, (c) 2014 Open Event Data Alliance);
NGEC-2025 PLOVER agents and country list (MIT, A. Halterman); GeoNames countryInfo,
admin1 and cities15000 (CC BY 4.0, geonames.org) for capitals and place names;
hand-curated current facts (actors/curated).`

// write writes one TSV file of each kind to dir, each entry's lists
// without repeats.
func (s *seeder) write(dir string) error {
	for k := actors.Country; k <= actors.Agent; k++ {
		es := s.byKind[k]
		for _, e := range es {
			e.Names = dedupe(e.Names, e.Name)
			e.Adjectives = dedupe(e.Adjectives, "")
			e.Seats = dedupe(e.Seats, "")
			e.Places = dedupe(e.Places, "")
		}
		f, err := os.Create(filepath.Join(dir, k.String()+".tsv"))
		if err != nil {
			return err
		}
		if err := writeTSV(f, es, tsvHeader); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: %d entries\n", k, len(es))
	}
	return nil
}

func dedupe(in []string, skip string) []string {
	var out []string
	seen := map[string]bool{strings.ToLower(skip): skip != ""}
	for _, s := range in {
		k := strings.ToLower(strings.TrimSpace(s))
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

func mustGlob(p string) []string {
	m, _ := filepath.Glob(p)
	return m
}

// notAgent lists dictionary "agents" that in news text are mostly abstract
// nouns or places, not participants.
var notAgent = map[string]bool{
	"governance": true, "neighbourhood": true, "neighborhood": true, "province": true, "provinces": true,
	"city": true, "cities": true, "community": true, "region": true, "state": true, "country": true,
	"islamic sharia": true, "sharia": true, "nation": true, "regime": false, "world": true,
	"district": true, "village": true, "town": true, "capital": true, "issue": true, "issues": true,
	"report": true, "release": true, "area": true, "areas": true, "territory": true, "land": true,
	"prison": true, "jail": true, "ambassador to": true,
}

// splitAcronyms turns "aden abyan islamic army (aaia)" into the name and its
// acronym, which the text gives apart.
// A parenthesised part that is not an acronym ("people's revolutionary army
// (argentina)") is dropped. A leading "the" is dropped too: the matcher
// finds "the United States" from "United States", not the reverse.
func splitAcronyms(names []string) []string {
	var out []string
	for _, n := range names {
		n = strings.TrimPrefix(n, "the ")
		i, j := strings.IndexByte(n, '('), strings.IndexByte(n, ')')
		if i > 0 && j > i {
			name, inner := strings.TrimSpace(n[:i]+n[j+1:]), strings.TrimSpace(n[i+1:j])
			out = append(out, name)
			if initialsOf(inner, name) {
				out = append(out, inner)
			}
			continue
		}
		if len(n) <= 3 {
			// Short names are acronyms ("pm", "tv"); upper case makes the
			// matcher require capitals ("PM", not "5 pm").
			n = strings.ToUpper(n)
		}
		if !generic[n] {
			out = append(out, n)
		}
	}
	return out
}

// initialsOf reports whether acr is a subsequence of the initials of name's
// words that starts with the first.
func initialsOf(acr, name string) bool {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
	if len(acr) < 2 || len(acr) > 8 || len(words) == 0 || words[0][0] != acr[0] {
		return false
	}
	j := 0
	for _, w := range words {
		if j < len(acr) && w[0] == acr[j] {
			j++
		}
	}
	return j == len(acr)
}

// generic lists one-word "names" in the dictionaries that are ordinary
// words in news text.
var generic = map[string]bool{
	"south": true, "north": true, "east": true, "west": true, "central": true, "republic": true,
	"kingdom": true, "union": true, "states": true, "united": true, "democratic": true, "people": true,
	"government": true, "island": true, "islands": true, "federation": true, "state": true, "new": true,
	"national": true, "army": true, "party": true, "front": true, "movement": true, "council": true,
	"cornerstone": true, "youth": true, "lightning": true, "insula": true, "olive": true, "marches": true,
	"saga": true, "male": true, "the": true, "and": true, "for": true, "its": true,
}
