package pipeline

import (
	"github.com/sitrep-dev/sitrep/events"
	"github.com/sitrep-dev/sitrep/events/doctype"
	"github.com/sitrep-dev/sitrep/geo"
	"github.com/sitrep-dev/sitrep/ner"
	"github.com/sitrep-dev/sitrep/nlp"
)

// Models describes each model the stages embed, from its meta record
// (training data, licence, measured accuracy), as sitrep version -v lists
// them.
func Models() []string {
	return []string{doctype.Describe(), events.Describe(), geo.Describe(), ner.Describe(), nlp.Describe()}
}
