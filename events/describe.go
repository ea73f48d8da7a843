package events

import "github.com/sitrep-dev/sitrep/internal/modelfile"

// Describe says what the coder's embedded models are, for `sitrep version
// -v`; the location ranker's figures come from its meta record.
func Describe() string {
	loc := modelfile.Meta(locModelData)
	if loc == "" {
		loc = "no meta record"
	}
	return "events: PLOVER trigger lexicon (our own, events/lexicon); event-location ranker: " + loc +
		"; rebuild: sitrep train location ../shared/data/event-location/labeled_text.jsonl.gz"
}
