package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sitrep-dev/sitrep/sqlite"
)

// A database on a read-only filesystem is opened read-only: it serves
// queries, and a write says why it cannot be made ("unable to open database
// file" before). The filesystem is a read-only bind mount where the test may
// mount (root with CAP_SYS_ADMIN), else a directory without write permission.
func TestOpenReadOnlyFilesystem(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	path := filepath.Join(src, "t.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutDocuments(ctx, docs(5, 2)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	dir := t.TempDir()
	if err := syscall.Mount(src, dir, "", syscall.MS_BIND, ""); err == nil {
		t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
		if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			t.Skipf("cannot remount read-only: %v", err)
		}
	} else if os.Geteuid() != 0 {
		dir = src
		os.Chmod(path, 0o444)
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	} else {
		t.Skipf("root without CAP_SYS_ADMIN: no read-only filesystem to test on (%v)", err)
	}

	ro, err := sqlite.Open(ctx, filepath.Join(dir, "t.db"))
	if err != nil {
		t.Fatalf("open on a read-only filesystem: %v", err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("ReadOnly() is false")
	}
	st, err := ro.Stats(ctx)
	if err != nil || st.Documents != 5 || st.Events != 10 {
		t.Fatalf("stats %+v, %v", st, err)
	}
	if _, err := ro.PutDocuments(ctx, docs(6, 2)); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write to a read-only database: %v", err)
	}
}
