package pipeline

import (
	"sync"

	"github.com/sitrep-dev/sitrep"
)

// Lazy is a stage built when the first document reaches it, so that a run
// that codes nothing (bad usage, inputs that cannot be read) loads no model:
// the event pipeline's take seconds and hundreds of MB to load.
type Lazy struct {
	name  string
	build func() (sitrep.Stage, error)
	once  sync.Once
	stage sitrep.Stage
	err   error
}

// NewLazy returns a stage named name that build makes on first use.
func NewLazy(name string, build func() (sitrep.Stage, error)) *Lazy {
	return &Lazy{name: name, build: build}
}

// Name implements sitrep.Stage.
func (l *Lazy) Name() string { return l.name }

// Annotate builds the stage once, then runs it on doc.
func (l *Lazy) Annotate(doc *sitrep.Document) error {
	l.once.Do(func() {
		if l.stage, l.err = l.build(); l.err != nil {
			l.err = &BuildError{Stage: l.name, Err: l.err}
		}
	})
	if l.err != nil {
		return l.err
	}
	return l.stage.Annotate(doc)
}

// BuildError is a Lazy stage that could not be built: it fails every
// document alike, so a run stops at it rather than naming each.
type BuildError struct {
	Stage string
	Err   error
}

func (e *BuildError) Error() string { return "loading " + e.Stage + ": " + e.Err.Error() }
func (e *BuildError) Unwrap() error { return e.Err }
