package actors

import (
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep"
)

// Agent codes ("~MOP", "~GOVFRM") name a type of agent, never a country.
func TestSplitCode(t *testing.T) {
	for code, want := range map[string][2]string{
		"PAKGOV": {"PAK", "GOV"}, "PSEHMSGOV": {"PSE", "GOV"}, "IGOUNO": {"", "IGO"}, "ARN": {"ARN", ""},
		"~MIL": {"", "MIL"}, "~MOP": {"", "MOP"}, "~GOVFRM": {"", "GOV"}, "~CHRCPT": {"", "CHR"},
	} {
		if c, s := SplitCode(code); c != want[0] || s != want[1] {
			t.Errorf("SplitCode(%q) = %q, %q; want %q, %q", code, c, s, want[0], want[1])
		}
	}
}

// A PETRARCH name in lower case is a name before an institution ("ithilen
// government") or when several words, not alone ("turkey").
func TestLowerCasePetrarchName(t *testing.T) {
	db := New()
	db.user = true
	if err := db.Load(strings.NewReader("ITHILEN  [ITH]\nTURKEY [TUR]\nNEW_ZEALAND [NZE]\n"), "test.actors", Country); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"ties with ithilen 's government":   "ithilen",
		"ties with ithilen government":      "ithilen",
		"ties with new zealand":             "new zealand",
		"ties with turkey and stuffing":     "",
		"ties with Turkey and its partners": "Turkey",
	} {
		doc := &sitrep.Document{Text: text}
		for _, f := range strings.Fields(text) {
			start := 0
			if n := len(doc.Tokens); n > 0 {
				start = doc.Tokens[n-1].End + 1
			}
			doc.Tokens = append(doc.Tokens, sitrep.Token{Span: sitrep.Span{Start: start, End: start + len(f)}})
		}
		doc.Sentences = []sitrep.Sentence{{Span: sitrep.Span{End: len(text)}, FirstToken: 0, EndToken: len(doc.Tokens)}}
		if err := NewStage(db).Annotate(doc); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, e := range doc.Entities {
			if e.Actor != nil {
				got = e.Of(text)
			}
		}
		if got != want {
			t.Errorf("%q: actor %q, want %q", text, got, want)
		}
	}
}

func TestPrefixAgentCode(t *testing.T) {
	p, err := parseCode("NGO~")
	if err != nil || p.Code != "NGO" || p.Country != "" || p.Sector != "NGO" {
		t.Errorf("[NGO~]: %+v %v", p, err)
	}
}
