package pipeline

import (
	"fmt"
	"io"
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep-dev/sitrep"
)

// Timing records where a pipeline's time goes: the CPU time each stage spent
// on the documents it annotated, and how long the models took to load. It
// measures the CPU time of the thread running a stage rather than the wall
// clock, so that figures taken on a shared machine do not count the time
// other processes had the core. Set Options.Timing to fill one.
type Timing struct {
	mu     sync.Mutex
	stages []*stageTime
	docs   atomic.Int64
	load   atomic.Int64 // wall nanoseconds the models took to load
	start  time.Time
}

type stageTime struct {
	name string
	cpu  atomic.Int64
}

// NewTiming returns an empty Timing whose clock starts now.
func NewTiming() *Timing { return &Timing{start: time.Now()} }

// stage returns the counter of the stage named name, adding it.
func (t *Timing) stage(name string) *stageTime {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range t.stages {
		if s.name == name {
			return s
		}
	}
	s := &stageTime{name: name}
	t.stages = append(t.stages, s)
	return s
}

// wrap returns s timed by t, still an OrderedSource where s is one; with
// count, it counts the documents too.
func (t *Timing) wrap(s sitrep.Stage, count bool) sitrep.Stage {
	ts := &timed{Stage: s, t: t.stage(s.Name())}
	if count {
		ts.docs = &t.docs
	}
	if o, ok := s.(OrderedSource); ok {
		return &timedSource{timed: ts, src: o, t: t.stage(s.Name() + " (in order)")}
	}
	return ts
}

// timed is a stage whose CPU time is counted.
type timed struct {
	sitrep.Stage
	t    *stageTime
	docs *atomic.Int64 // nil: not counted here
}

func (s *timed) Annotate(doc *sitrep.Document) error {
	// The goroutine stays on its thread while the thread's clock is read.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := threadCPU()
	err := s.Stage.Annotate(doc)
	s.t.cpu.Add(int64(threadCPU() - c))
	if s.docs != nil {
		s.docs.Add(1)
	}
	return err
}

// timedSource is a timed OrderedSource: the time spent in its in-order
// part is counted apart.
type timedSource struct {
	*timed
	src OrderedSource
	t   *stageTime
}

func (s *timedSource) Source(in iter.Seq2[*sitrep.Document, error]) iter.Seq2[*sitrep.Document, error] {
	return func(yield func(*sitrep.Document, error) bool) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		// The source's own time is the loop's less the time reading the
		// documents before it and handing them on after it.
		var outside time.Duration
		read := func(yield func(*sitrep.Document, error) bool) {
			c := threadCPU()
			for d, err := range in {
				outside += threadCPU() - c
				if !yield(d, err) {
					return
				}
				c = threadCPU()
			}
			outside += threadCPU() - c
		}
		start := threadCPU()
		defer func() { s.t.cpu.Add(int64(threadCPU() - start - outside)) }()
		for d, err := range s.src.Source(read) {
			c := threadCPU()
			ok := yield(d, err)
			outside += threadCPU() - c
			if !ok {
				return
			}
		}
	}
}

// Report writes the figures of t: documents per second since NewTiming,
// the models' load time, and each stage's CPU milliseconds per document.
func (t *Timing) Report(w io.Writer) {
	n := t.docs.Load()
	wall := time.Since(t.start)
	fmt.Fprintf(w, "documents %d, %.2f s, %.1f documents/s; models loaded in %.3f s\n",
		n, wall.Seconds(), float64(n)/wall.Seconds(), time.Duration(t.load.Load()).Seconds())
	per := func(d int64) float64 { return float64(d) / 1e6 / float64(max(n, 1)) }
	t.mu.Lock()
	defer t.mu.Unlock()
	var total int64
	for _, s := range t.stages {
		fmt.Fprintf(w, "  %-18s %7.3f CPU ms/document\n", s.name, per(s.cpu.Load()))
		total += s.cpu.Load()
	}
	fmt.Fprintf(w, "  %-18s %7.3f CPU ms/document\n", "stages", per(total))
}
