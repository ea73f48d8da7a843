package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/postgres"
	"github.com/sitrep-dev/sitrep/sqlite"
)

// store is what ingest and serve need of a store.
type store interface {
	sitrep.DocumentStore
	sitrep.EventStore
	// Warm builds the in-memory index that queries scan.
	Warm(ctx context.Context) error
	Close() error
}

// openStore opens the PostgreSQL database pg when it is given, else the
// SQLite file db; name says which, for messages.
func openStore(ctx context.Context, db, pg string) (st store, name string, err error) {
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

// readOnly reports whether st was opened read-only: a SQLite file that
// cannot be written (a PostgreSQL store that cannot be written fails to
// open, as opening migrates its schema).
func readOnly(st store) bool {
	ro, ok := st.(interface{ ReadOnly() bool })
	return ok && ro.ReadOnly()
}

// storeFlags registers --db and --pg.
func storeFlags(cmd *cobra.Command, db, pg *string) {
	cmd.Flags().StringVar(db, "db", sqlite.DefaultPath(), "SQLite database file (created when missing)")
	cmd.Flags().StringVar(pg, "pg", "", "PostgreSQL database to use instead of SQLite: postgres://user@host:5432/db (the password from $PGPASSWORD or ~/.pgpass)")
	cmd.MarkFlagsMutuallyExclusive("db", "pg")
}
