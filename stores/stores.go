// Package stores opens the event store a command names: a PostgreSQL
// database when it is given one, else an SQLite file. It is the one place
// that knows both adapters, so that commands choose between them alike.
package stores

import (
	"context"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// Store is what the commands that ingest and serve need of a store.
type Store interface {
	sitrep.DocumentStore
	sitrep.EventStore
	// Warm builds the in-memory index that queries scan.
	Warm(ctx context.Context) error
	Close() error
}

// Open opens the PostgreSQL database pg when it is given, else the SQLite
// file db; name says which, for messages.
func Open(ctx context.Context, db, pg string) (st Store, name string, err error) {
	if pg != "" {
		s, err := postgres.Open(ctx, pg)
		if err != nil {
			return nil, "", err
		}
		return s, "PostgreSQL", nil
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, "", err
	}
	return s, db, nil
}

// ReadOnly reports whether st was opened read-only: a SQLite file that
// cannot be written (a PostgreSQL store that cannot be written fails to
// open, as opening migrates its schema).
func ReadOnly(st Store) bool {
	ro, ok := st.(interface{ ReadOnly() bool })
	return ok && ro.ReadOnly()
}
