package lexicon

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	lx := Default()
	if lx.Len() < 150 {
		t.Fatalf("lexicon has %d lemmas", lx.Len())
	}
	es := lx.Verb("rule")
	if len(es) == 0 || es[0].Type != "REJECT" || len(es[0].With) != 1 || es[0].With[0] != "out" {
		t.Fatalf("rule out: %+v", es)
	}
	// Object-constrained entries sort before bare ones.
	es = lx.Verb("agree")
	if len(es) < 2 || len(es[0].With) == 0 || len(es[len(es)-1].With) != 0 {
		t.Fatalf("agree entries out of order: %+v", es)
	}
	if es := lx.Verb("shoot"); len(es) == 0 || es[0].Mode != "firearms" || len(es[0].Context) != 1 || es[0].Context[0] != "military" {
		t.Fatalf("shoot: %+v", es)
	}
	if es := lx.Noun("talks"); len(es) == 0 || es[0].Type != "CONSULT" || !es[0].Noun {
		t.Fatalf("n:talks: %+v", es)
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"AGREE : agree", "NOPE 030 : agree", "AGREE 030 agree"} {
		if _, err := Parse(strings.NewReader(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestPLOVER(t *testing.T) {
	for code, want := range map[string]string{"040": "CONSULT", "0871": "RETREAT", "081": "CONCEDE", "163": "COERCE",
		"1712": "ASSAULT", "173": "COERCE", "190": "ASSAULT", "191": "COERCE", "010": "", "023": "", "903": "", "": ""} {
		if got := PLOVER(code); got != want {
			t.Errorf("PLOVER(%q) = %q, want %q", code, got, want)
		}
	}
}

const petrVerbs = `<!-- test -->
&TIETYPES
+MILITARY
+ECONOMIC

--- RESTORE  [064]  ---
RESTORE    # pas
- * FXLL DIPLOMATIC  [+++]
- * DIPLXMATIC  [###]  # a discard
- * &TIETYPES TIES [902]
- * TIES  [064]

--- ARRIVE  [032:033]  ---
ARRIVE
`

func TestLoadPETRARCH(t *testing.T) {
	lx := Default()
	if err := lx.LoadPETRARCH(strings.NewReader(petrVerbs)); err != nil {
		t.Fatal(err)
	}
	if !lx.RequireDyad || Default().RequireDyad {
		t.Error("a PETRARCH dictionary codes dyads only, our lexicon not")
	}
	if len(lx.Verb("attack")) != 0 {
		t.Error("own lexicon kept after loading a PETRARCH dictionary")
	}
	// [+++] is no code: the pattern is passed over; [###] blocks.
	es := lx.Verb("restore")
	if len(es) != 4 || len(es[0].After) != 2 || es[1].After[0] != "diplxmatic" || es[1].Type != "" {
		t.Fatalf("restore: %+v", es)
	}
	if lx.MatchAt(es[0].After[0], []string{"economic"}) == 0 && lx.MatchAt(es[1].After[0], []string{"economic"}) == 0 {
		t.Errorf("synset not expanded: %+v", es)
	}
	if a := lx.Verb("arrive"); len(a) != 1 || a[0].Type != "AGREE" || a[0].Reverse != "033" {
		t.Errorf("arrive: %+v", a)
	}
}

// TABARI dictionaries list verb forms, join adjacent words with "_" and
// allow phrases (and other synsets) in synsets.
func TestLoadPETRARCHForms(t *testing.T) {
	const dict = `&SANCT
+ECONOMIC_SANCTIONS
+EMBARGO

&ALL
+&SANCT
+BOYCOTT

--- LEAVE  [012] ---
LEAVE

--- LEFT  [032:033]  ---
LEFT

--- BAN [191]  ---
BAN {BANS BANNED}

--- DELAY [120]  ---
DELAY
DOWNPLAY [014]
POSTPONE
- % HAVE  *  [191]

--- DEPLORE [122] ---
DEPLORE

--- EXCLUDE  [1721] ---
EXCLUDE
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF }

--- CONFISCATE  [1711] ---
CONFISCATE
WIRE_+TAP {WIRE_+TAPPED  WIRE_+TAPPING }

--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKEN_DOWN }
- * TREATY  [161]

--- CALLED  [010] ---
CALLED
- * FOR &ALL  [172]
- *_ON [095]
- IN_* [075]
`
	lx := Default()
	if err := lx.LoadPETRARCH(strings.NewReader(dict)); err != nil {
		t.Fatal(err)
	}
	if es := lx.VerbForm("left", "leave"); len(es) != 1 || es[0].CAMEO != "032" {
		t.Errorf("left: %+v", es)
	}
	if es := lx.VerbForm("leaves", "leave"); len(es) != 1 || es[0].CAMEO != "" {
		t.Errorf("leaves: %+v", es)
	}
	if es := lx.VerbForm("banned", "banned"); len(es) != 1 || es[0].CAMEO != "191" {
		t.Errorf("banned: %+v", es)
	}
	if es := lx.VerbForm("deplored", "deplor"); len(es) != 1 || es[0].CAMEO != "122" {
		t.Errorf("deplored, whatever its lemma: %+v", es)
	}
	if es := lx.VerbForm("call", "call"); len(es) != 0 {
		t.Errorf("call matched CALLED: %+v", es)
	}
	if es := lx.VerbForm("postponed", "postpone"); len(es) != 2 || es[0].CAMEO != "191" || !es[0].Compound || es[1].CAMEO != "120" {
		t.Errorf("postpone shares its block's patterns: %+v", es)
	}
	if es := lx.VerbForm("downplay", "downplay"); len(es) != 2 || es[1].CAMEO != "" {
		t.Errorf("downplay keeps its own code [014]: %+v", es)
	}
	if es := lx.VerbForm("cordoned", "cordon"); len(es) != 1 || es[0].CAMEO != "1721" || !es[0].NextAfter || es[0].After[0] != "off" {
		t.Errorf("+CORDON_OFF: %+v", es)
	}
	if es := lx.VerbForm("tapped", "tap"); len(es) != 1 || es[0].CAMEO != "1711" || !es[0].NextBefore || es[0].Before[0] != "wire" {
		t.Errorf("WIRE_+TAP: %+v", es)
	}
	if es := lx.VerbForm("broken", "break"); len(es) != 3 || es[0].CAMEO != "161" || es[1].After[0] != "down" {
		t.Errorf("a pattern outranks a multi-word verb: %+v", es)
	}
	es := lx.VerbForm("called", "call")
	if len(es) != 4 || es[0].CAMEO != "172" || !es[1].NextAfter && !es[2].NextAfter || !es[1].NextBefore && !es[2].NextBefore {
		t.Fatalf("called: %+v", es)
	}
	for _, c := range []struct {
		words []string
		want  int
	}{
		{[]string{"for", "economic", "sanctions"}, 3},
		{[]string{"for", "boycott"}, 2},
		{[]string{"for", "embargo", "now"}, 2},
		{[]string{"for", "economic", "restraint"}, 0},
		{[]string{"for", "sanctions"}, 0},
		{[]string{"for", "embargoes"}, 0}, // words match as written
	} {
		if got := lx.MatchAt("for &ALL", c.words); got != c.want {
			t.Errorf("%v: matched %d words, want %d", c.words, got, c.want)
		}
	}
}

func TestLoadPETRARCHValidate(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "petrarch2", "dictionaries", "PETR.Validate.verbs.txt")
	f, err := os.Open(p)
	if err != nil {
		t.Skip("shared data absent")
	}
	defer f.Close()
	lx := Default()
	if err := lx.LoadPETRARCH(f); err != nil {
		t.Fatal(err)
	}
	if lx.Len() < 200 {
		t.Errorf("%d verbs loaded", lx.Len())
	}
}

func TestDiscards(t *testing.T) {
	lx := Default()
	if err := lx.LoadDiscards(strings.NewReader("# c\nBASEBALL\n+World Golf Championships # x\n")); err != nil {
		t.Fatal(err)
	}
	if !Discarded("They played Baseball.", lx.Discards) || Discarded("baseballs", lx.Discards) {
		t.Error("sentence discard")
	}
	if !Discarded("the world golf championships", lx.StoryDiscards) || Discarded("baseball", lx.StoryDiscards) {
		t.Error("story discard")
	}
}

func TestTypes(t *testing.T) {
	lx := Default()
	for word, want := range map[string]string{"bans": "COERCE", "banned": "COERCE", "attacks": "ASSAULT", "protesting": "PROTEST", "negotiations": "CONSULT"} {
		if got := lx.Types([]string{word}, 0); !slices.Contains(got, want) {
			t.Errorf("Types(%q) = %v, want %s among them", word, got, want)
		}
	}
	if got := lx.Types([]string{"table"}, 0); len(got) != 0 {
		t.Errorf("Types(table) = %v, want none", got)
	}
	// A pattern that needs company counts only where the headline brings it.
	for _, c := range []struct {
		head string
		i    int
		want string
	}{
		{"x establishes ties with y", 1, "SUPPORT"},
		{"x establishes working group", 1, ""},
		{"x imposes sanctions on y", 1, "COERCE"},
	} {
		got := lx.Types(strings.Fields(c.head), c.i)
		if c.want == "" && len(got) != 0 || c.want != "" && !slices.Contains(got, c.want) {
			t.Errorf("Types(%q, %d) = %v, want %q", c.head, c.i, got, c.want)
		}
	}
}

func TestParticipleVerb(t *testing.T) {
	lx := Default()
	for form, want := range map[string]bool{"wounded": true, "freed": true, "stabbed": true, "hundred": false, "bed": false} {
		if got := len(lx.VerbForm(form, form)) > 0; got != want {
			t.Errorf("VerbForm(%q) found %v, want %v", form, got, want)
		}
	}
}
