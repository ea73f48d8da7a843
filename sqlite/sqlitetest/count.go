package sqlitetest

import (
	"context"
	"os"

	"github.com/sitrep-dev/sitrep/sqlite"
)

// CountDocuments counts the documents stored in the SQLite file db, for
// tests that watch a child process fill it: 0 while it does not exist or is
// being created.
func CountDocuments(db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		return 0 // being created
	}
	defer st.Close()
	s, err := st.Stats(context.Background())
	if err != nil {
		return 0
	}
	return s.Documents
}
