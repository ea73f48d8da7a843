package stores

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Without --pg the store is the SQLite file, named by its path; a file that
// cannot be written opens read-only.
func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "t.db")
	st, name, err := Open(ctx, db, "")
	if err != nil {
		t.Fatal(err)
	}
	if name != db || ReadOnly(st) {
		t.Errorf("name %q, read-only %v; want %q, false", name, ReadOnly(st), db)
	}
	st.Close()
	if os.Geteuid() == 0 {
		t.Skip("root writes any file")
	}
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	st, _, err = Open(ctx, db, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !ReadOnly(st) {
		t.Error("a file that cannot be written is not opened read-only")
	}
}
