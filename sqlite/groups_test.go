package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep/sqlite"
	"github.com/sitrep-dev/sitrep/storetest"
)

func TestGroups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	storetest.TestGroups(t, func(t testing.TB) storetest.GroupStore {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestStoryMoves(t *testing.T) {
	storetest.TestStoryMoves(t, func(t testing.TB) storetest.GroupStore {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
