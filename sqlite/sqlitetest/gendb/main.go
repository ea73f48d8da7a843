// Command gendb fills a database with synthetic coded documents, for load
// tests and the dashboard's browser tests:
//
//	go run ./sqlite/sqlitetest/gendb -db /tmp/1m.db -events 1000000
//	go run ./sqlite/sqlitetest/gendb -pg postgres://localhost/sitrep -events 1000000
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
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/sqlite/sqlitetest"
)

func main() {
	db := flag.String("db", "", "database file (created when missing)")
	pg := flag.String("pg", "", "PostgreSQL database to fill instead")
	events := flag.Int("events", 100000, "events to make")
	per := flag.Int("per-doc", 5, "events per document")
	seed := flag.Uint64("seed", 1, "random seed")
	news := flag.Bool("news", false, "events shaped like a news corpus (sqlitetest.NewsDocument): most dated by their article, a few decades back, actors by name only, places of every precision")
	flag.Parse()
	if (*db == "") == (*pg == "") || *per < 1 || *events < 1 {
		flag.Usage()
		os.Exit(2)
	}
	mk := sqlitetest.Document
	if *news {
		mk = sqlitetest.NewsDocument
	}
	if err := run(*db, *pg, *events, *per, *seed, mk); err != nil {
		fmt.Fprintln(os.Stderr, "gendb:", err)
		os.Exit(1)
	}
}

// store is what gendb fills.
type store interface {
	sitrep.DocumentStore
	Close() error
}

func run(path, pg string, events, per int, seed uint64, mk func(seed uint64, i, per int) *sitrep.Document) error {
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
	for i := 0; i < docs; i++ {
		batch = append(batch, mk(seed, i, per))
		if len(batch) == cap(batch) || i == docs-1 {
			n, err := st.PutDocuments(ctx, batch)
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
