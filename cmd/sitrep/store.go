package main

import (
	"github.com/spf13/cobra"

	"github.com/sitrep-dev/sitrep/sqlite"
)

// storeFlags registers --db and --pg.
func storeFlags(cmd *cobra.Command, db, pg *string) {
	cmd.Flags().StringVar(db, "db", sqlite.DefaultPath(), "SQLite database file (created when missing)")
	cmd.Flags().StringVar(pg, "pg", "", "PostgreSQL database to use instead of SQLite: postgres://user@host:5432/db (the password from $PGPASSWORD or ~/.pgpass)")
	cmd.MarkFlagsMutuallyExclusive("db", "pg")
}
