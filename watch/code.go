package watch

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/batch"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/pipeline"
	"github.com/sitrep-dev/sitrep/stories"
)

// CodeStore is what Code needs of the store: the documents it keeps, and
// the state of each feed.
type CodeStore interface {
	sitrep.DocumentStore
	sitrep.FeedStore
}

// Code runs a watcher of opt until ctx ends: each new document goes through
// p on workers goroutines and is stored in st, called name, in its story and
// incidents (going on with those st keeps). It logs on stderr what it
// watches, what each poll found, each failure, and when it stopped.
func Code(ctx context.Context, st CodeStore, name string, p pipeline.Pipeline, workers int, opt Options) error {
	g, err := pipeline.LoadGrouper(ctx, st, stories.Options{}, incidents.Options{})
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "sitrep: ", log.LstdFlags)
	opt.Log = logger.Printf
	logger.Printf("watching %d feeds and %d folders into %s (Ctrl-C stops)", len(opt.Feeds), len(opt.Dirs), name)
	start := time.Now()
	err = New(st, batch.Handler(g.Store(st), p, workers), opt).Run(ctx)
	logger.Printf("stopped after %s", time.Since(start).Round(time.Second))
	return err
}
