// Command gendb fills a database with synthetic coded documents, for load
// tests and the dashboard's browser tests:
//
//	go run ./sqlite/sqlitetest/gendb -db /tmp/1m.db -events 1000000
//	go run ./sqlite/sqlitetest/gendb -pg postgres://localhost/sitrep -events 1000000
//
// With -group the documents are put in stories and incidents as an ingest
// does, for measuring what a store of grouped events costs an ingest.
//
// Documents are keyed by seed and number, so running it again adds nothing.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/incidents"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
	"github.com/sitrep-dev/sitrep/stories"
)

func main() {
	db := flag.String("db", "", "database file (created when missing)")
	pg := flag.String("pg", "", "PostgreSQL database to fill instead")
	events := flag.Int("events", 100000, "events to make")
	per := flag.Int("per-doc", 5, "events per document")
	seed := flag.Uint64("seed", 1, "random seed")
	news := flag.Bool("news", false, "events shaped like a news corpus (sqlitetest.NewsDocument): most dated by their article, a few decades back, actors by name only, places of every precision")
	group := flag.Bool("group", false, "put the documents in stories and incidents")
	flag.Parse()
	if (*db == "") == (*pg == "") || *per < 1 || *events < 1 {
		flag.Usage()
		os.Exit(2)
	}
	mk := sqlitetest.Document
	if *news {
		mk = sqlitetest.NewsDocument
	}
	if err := run(*db, *pg, *events, *per, *seed, mk, *group); err != nil {
		fmt.Fprintln(os.Stderr, "gendb:", err)
		os.Exit(1)
	}
}

// store is what gendb fills.
type store interface {
	sitrep.DocumentStore
	Close() error
}

func run(path, pg string, events, per int, seed uint64, mk func(seed uint64, i, per int) *sitrep.Document, group bool) error {
	ctx := context.Background()
	var st store
	var err error
	if pg != "" {
		st, err = postgres.Open(ctx, pg)
		path = "PostgreSQL"
	} else {
		st, err = sqlite.Open(ctx, path)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	docs := (events + per - 1) / per
	batch := make([]*sitrep.Document, 0, 512)
	added := 0
	si, err := stories.New(stories.Options{})
	if err != nil {
		return err
	}
	ii := incidents.New(incidents.Options{})
	var sts []*sitrep.Story
	var incs []*sitrep.Incident
	seenS, seenI := map[string]bool{}, map[string]bool{}
	gs, canGroup := st.(sitrep.IncidentStore)
	if group && !canGroup {
		return fmt.Errorf("%s keeps no stories or incidents", path)
	}
	for i := 0; i < docs; i++ {
		d := mk(seed, i, per)
		batch = append(batch, d)
		if group {
			if s := si.Assign(d); !seenS[s.ID] {
				seenS[s.ID] = true
				sts = append(sts, s)
			}
			for _, inc := range ii.Assign(d) {
				if !seenI[inc.ID] {
					seenI[inc.ID] = true
					incs = append(incs, inc)
				}
			}
		}
		if len(batch) == cap(batch) || i == docs-1 {
			var n int
			if group {
				n, err = gs.PutGrouped(ctx, batch, sts, incs)
			} else {
				n, err = st.PutDocuments(ctx, batch)
			}
			sts, incs = sts[:0], incs[:0]
			clear(seenS)
			clear(seenI)
			si.Trim()
			ii.Trim()
			if err != nil {
				return err
			}
			added += n
			batch = batch[:0]
		}
	}
	el := time.Since(start)
	fmt.Fprintf(os.Stderr, "gendb: %s: %d new documents, %d events, in %.1fs (%.0f events/s)\n",
		path, added, added*per, el.Seconds(), float64(added*per)/el.Seconds())
	return nil
}
