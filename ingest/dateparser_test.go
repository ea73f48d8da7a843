package ingest

import (
	"testing"
	"time"

	dps "github.com/markusmobius/go-dateparser"
)

// The date parser HTML extraction links builds its locale tables on the
// first date it parses (third_party/go-dateparser), not at start-up: they
// must be there when one is parsed, in any language.
func TestDateParserLocalesOnFirstUse(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"5 March 2024", "5 de marzo de 2024", "5. März 2024"} {
		d, err := dps.Parse(&dps.Configuration{CurrentTime: now}, s)
		if err != nil || d.Time.Format(time.DateOnly) != "2024-03-05" {
			t.Errorf("%q: %v, %v", s, d.Time, err)
		}
	}
}
