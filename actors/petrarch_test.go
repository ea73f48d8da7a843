package actors

import "testing"

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
