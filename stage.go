package sitrep

// Stage is one named pipeline component: it reads a Document's existing
// annotations and adds its own. Stages must be safe for concurrent use on
// different documents.
type Stage interface {
	Name() string
	Annotate(doc *Document) error
}
