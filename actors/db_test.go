package actors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const petrActors = `<!-- a test dictionary -->
ARNOR_  [ARN]
+ARNORIAN
GONDOR_ [GON] # a comment
DENETHOR_
+STEWARD_DENETHOR
	[GONGOV 900101-101231]
	[GONELI >101231]
HAMAS_GUNMEN [PSEHMSMIL]
UN_ [IGOUNO]
`

const petrAgents = `!PERSON! = MAN, MEN
POLICE {} [~COP]
CONGRESS!PERSON! [~LEG]
FOREIGN_MINISTER [~GOVFRM] # jap
`

func lookup(t *testing.T, db *DB, words string) []Hit {
	t.Helper()
	var got []Hit
	db.NewMatcher().Match(strings.Fields(words), func(a, b int, hits []Hit) {
		if got == nil && a == 0 && b == len(strings.Fields(words)) {
			got = hits
		}
	})
	return got
}

func TestPetrarch(t *testing.T) {
	db := New()
	if err := db.Load(strings.NewReader(petrActors), "test.actors", Organisation); err != nil {
		t.Fatal(err)
	}
	if err := db.Load(strings.NewReader(petrAgents), "test.agents", Agent); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		words, country, sector, code string
		date                         time.Time
	}{
		{"Arnor", "ARN", "", "ARN", time.Time{}},
		{"Arnorian", "ARN", "", "ARN", time.Time{}},
		{"Gondor", "GON", "", "GON", time.Time{}},
		{"Steward Denethor", "GON", "GOV", "GONGOV", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"Denethor", "GON", "ELI", "GONELI", time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"Hamas gunmen", "PSE", "MIL", "PSEHMSMIL", time.Time{}},
		{"UN", "", "IGO", "IGOUNO", time.Time{}},
		{"police", "", "COP", "COP", time.Time{}},
		{"congressmen", "", "LEG", "LEG", time.Time{}},
		{"foreign ministers", "", "GOV", "GOV", time.Time{}},
	} {
		hits := lookup(t, db, c.words)
		if len(hits) == 0 {
			t.Errorf("%q: not found", c.words)
			continue
		}
		a := hits[0].Entry.Actor(c.date)
		if a.Country != c.country || a.Sector != c.sector || a.Code != c.code {
			t.Errorf("%q: got %s/%s/%s, want %s/%s/%s", c.words, a.Country, a.Sector, a.Code, c.country, c.sector, c.code)
		}
	}
}

func TestDefault(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if db.Len() < 5000 {
		t.Errorf("default database has %d entries, want thousands", db.Len())
	}
	for _, iso := range []string{"PAK", "AFG", "USA", "RUS", "CHN", "GBR", "NGA", "BRA"} {
		if db.CountryEntry(iso) == nil {
			t.Errorf("country %s missing", iso)
		}
	}
	if hits := lookup(t, db, "the Kremlin"); len(hits) == 0 || hits[0].Form != AsSeat {
		t.Errorf("the Kremlin: want a seat of power, got %+v", hits)
	}
}

// TestOpen adds a user's file to a database of its own: its entries are
// marked User, and the shared default database neither sees them nor takes
// files.
func TestOpen(t *testing.T) {
	file := filepath.Join(t.TempDir(), "persons.tsv")
	if err := os.WriteFile(file, []byte("id\tname\tcountry\tsector\nzz\tZorba Quux\tPAK\tGOV\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(file)
	if err != nil {
		t.Fatal(err)
	}
	if e := db.ByID("zz"); e == nil || !e.User || e.Kind != Person {
		t.Fatalf("user entry: %+v", e)
	}
	if e := db.CountryEntry("PAK"); e == nil || e.User {
		t.Errorf("embedded entry: %+v", e)
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if def.ByID("zz") != nil || def.Len() >= db.Len() {
		t.Error("the user's file reached the default database")
	}
	if err := def.LoadFile(file); err == nil {
		t.Error("the shared default database took a file")
	}
}

// TestValidationDictionaries loads PETRARCH's validation dictionaries, as the
// event coder does with --actors; it skips when ../shared is absent.
func TestValidationDictionaries(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "petrarch2", "dictionaries")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared dictionaries not available")
	}
	db := New()
	for _, f := range []string{"PETR.Validate.actors.txt", "PETR.Validate.agents.txt"} {
		if err := db.LoadFile(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	hits := lookup(t, db, "Arnor")
	if len(hits) == 0 || hits[0].Entry.Actor(time.Time{}).Country != "ARN" {
		t.Errorf("Arnor: %+v", hits)
	}
}

func TestBadFiles(t *testing.T) {
	for name, in := range map[string]string{
		"binary":       "\x00\x01\x02\xff",
		"no actors":    "just some words\nand more\n",
		"no name":      "id\tname\nx\t\n",
		"bad date":     "id\tname\tfrom\nx\tX\t2020-13-45\n",
		"bad kind":     "id\tname\tkind\nx\tX\tplanets\n",
		"orphan alias": "+ALIAS_WITHOUT_ENTRY\n",
	} {
		if err := New().Load(strings.NewReader(in), name, Organisation); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

// TestTrieHashes rebuilds the embedded database's name index with the
// pieces themselves as keys: as many nodes as the index has, so no two of
// its edges share a hashed key (see trie).
func TestTrieHashes(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	type edge struct {
		parent int32
		piece  string
	}
	edges := map[edge]int32{}
	for _, e := range db.Entries() {
		for _, forms := range [][]string{e.Names, e.Adjectives, e.Seats, e.Places} {
			for _, name := range forms {
				node := int32(0)
				forPieces(name, func(p string) {
					next, ok := edges[edge{node, p}]
					if !ok {
						next = int32(len(edges) + 1)
						edges[edge{node, p}] = next
					}
					node = next
				})
			}
		}
	}
	if len(edges)+1 != len(db.index.hits) {
		t.Errorf("%d nodes with the pieces as keys, %d in the index", len(edges)+1, len(db.index.hits))
	}
}
