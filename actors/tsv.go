package actors

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Columns of the TSV format, in the order the seed generator writes them. A
// file names its columns in a header line; any subset in any order is
// accepted, but "id" must come first. List columns (aliases, adjectives, seats, places) separate
// items with "|". Several rows with one id are one entry with several periods
// (a person's successive offices).
var Columns = []string{"id", "name", "aliases", "country", "sector", "code", "role", "from", "until", "wikidata", "adjectives", "seats", "places", "kind", "source"}

func looksTSV(text string) bool {
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		return strings.HasPrefix(line, "id\t")
	}
	return false
}

func (db *DB) loadTSV(text string, kind Kind, name string) error {
	var (
		cols map[string]int // column name → its first field, from the header
		f    []string       // the fields of a line, reused
	)
	get := func(c string) string {
		if i, ok := cols[c]; ok && i < len(f) {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	for n := 0; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f = f[:0]
		for field := range strings.SplitSeq(line, "\t") {
			f = append(f, field)
		}
		if cols == nil {
			cols = make(map[string]int, len(f))
			for i, c := range f {
				if _, ok := cols[c]; !ok {
					cols[c] = i
				}
			}
			continue
		}
		e := &Entry{ID: get("id"), Kind: kind, Name: get("name"), Wikidata: get("wikidata"), Source: get("source")}
		if k := get("kind"); k != "" {
			ok := false
			for i, kn := range kindNames {
				if k == kn || k+"s" == kn {
					e.Kind, ok = Kind(i), true
				}
			}
			if !ok {
				return fmt.Errorf("line %d: unknown kind %q", n+1, k)
			}
		}
		if e.ID == "" || (e.Name == "" && get("aliases") == "") {
			return fmt.Errorf("line %d: an entry needs an id and a name", n+1)
		}
		e.Names = splitList(get("aliases"))
		e.Adjectives = splitList(get("adjectives"))
		e.Seats = splitList(get("seats"))
		e.Places = splitList(get("places"))
		p := Period{Country: get("country"), Sector: get("sector"), Code: get("code"), Role: get("role")}
		var err error
		if p.From, err = parseDate(get("from")); err != nil {
			return fmt.Errorf("line %d: from: %w", n+1, err)
		}
		if p.Until, err = parseDate(get("until")); err != nil {
			return fmt.Errorf("line %d: until: %w", n+1, err)
		}
		e.Periods = []Period{p}
		db.Add(e)
	}
	if cols == nil {
		return errors.New("no header line")
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
}
