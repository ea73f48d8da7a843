// Package sqlite stores documents and events in one SQLite file (through the
// pure-Go modernc.org/sqlite, so the binary needs no C toolchain) and answers
// the queries of the HTTP API. It implements sitrep.DocumentStore and
// sitrep.EventStore.
//
// The file is in WAL mode: readers never block the writer, and a process
// killed mid-ingest leaves the last committed batch intact.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sitrep-dev/sitrep"
	"github.com/sitrep-dev/sitrep/eventindex"
	msqlite "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a SQLite event store. It is safe for concurrent use; writes are
// serialised on one connection. Filters and aggregates scan the in-memory
// index of its eventindex.Reader.
type Store struct {
	eventindex.Reader
	path string
	db   *sql.DB // readers
	wdb  *sql.DB // the one writer

	readOnly bool // db and wdb are one read-only handle
}

var (
	_ sitrep.DocumentStore = (*Store)(nil)
	_ sitrep.EventStore    = (*Store)(nil)
)

// Open opens the database at path, creating it and its directory when
// missing, and brings its schema up to date. A database that exists but
// cannot be written (a read-only filesystem or file) is opened read-only:
// queries work, writes fail with an EINVALID error, see ReadOnly.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, sitrep.Errorf(sitrep.EINVALID, "no database path")
	}
	if readOnlyFile(path) {
		return openReadOnly(ctx, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	s := &Store{path: path}
	s.Engine = (*engine)(s)
	var err error
	if s.wdb, err = sql.Open("sqlite", dsn(path, writePragmas, "&_txlock=immediate")); err != nil {
		return nil, err
	}
	s.wdb.SetMaxOpenConns(1)
	if err := s.migrateRetrying(ctx); err != nil {
		s.wdb.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if s.db, err = sql.Open("sqlite", dsn(path, writePragmas, "")); err != nil {
		s.wdb.Close()
		return nil, err
	}
	s.readers()
	return s, nil
}

// Pragmas of every connection; writePragmas first set up a file that can be
// written.
var (
	readPragmas = []string{
		"busy_timeout(10000)",
		"foreign_keys(1)",
		"cache_size(-65536)",
		"temp_store(MEMORY)",
		"mmap_size(1073741824)",
	}
	writePragmas = append([]string{
		// First: switching a new file to WAL needs a lock that another
		// process opening it may hold.
		"busy_timeout(10000)",
		"journal_mode(WAL)",
		"synchronous(NORMAL)", // WAL: no fsync per commit, never a corrupt file
		// Checkpoint every 40 MB of WAL rather than 4: the index and FTS
		// pages that many batches touch are copied back once (+13 % ingest).
		"wal_autocheckpoint(10000)",
	}, readPragmas[1:]...)
)

func dsn(path string, pragmas []string, extra string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode() + extra
}

func (s *Store) readers() {
	n := 2 * runtime.GOMAXPROCS(0)
	s.db.SetMaxOpenConns(n)
	s.db.SetMaxIdleConns(n)
}

// readOnlyFile reports whether path is a database that exists and cannot be
// written: the file, or its directory, where SQLite keeps the WAL beside it.
func readOnlyFile(path string) bool {
	if _, err := os.Stat(path); err != nil {
		return false
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		f.Close()
		err = dirWritable(filepath.Dir(path))
	}
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// openReadOnly opens a database that cannot be written. Without a WAL file
// beside it (a database closed cleanly) nothing can change it, so SQLite is
// told it is immutable: it needs no -shm file, which could not be created.
func openReadOnly(ctx context.Context, path string) (*Store, error) {
	extra := "&mode=ro"
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		extra += "&immutable=1"
	}
	db, err := sql.Open("sqlite", dsn(path, append(readPragmas, "query_only(1)"), extra))
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, db: db, wdb: db, readOnly: true}
	s.Engine = (*engine)(s)
	var have int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s (read-only): %w", path, err)
	}
	if latest := latestMigration(); have != latest {
		db.Close()
		return nil, fmt.Errorf("%s: read-only, and its schema version %d is not this sitrep's (%d)", path, have, latest)
	}
	s.readers()
	return s, nil
}

// ReadOnly reports whether the store was opened read-only, as its file could
// not be written.
func (s *Store) ReadOnly() bool { return s.readOnly }

// errReadOnly is what a write to a read-only store returns.
func (s *Store) errReadOnly() error {
	return sitrep.Errorf(sitrep.EINVALID, "%s is opened read-only: its file or directory cannot be written", s.path)
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.wdb == s.db {
		return err
	}
	if werr := s.wdb.Close(); err == nil {
		err = werr
	}
	return err
}

// latestMigration is the schema version the embedded migrations lead to.
func latestMigration() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	latest := 0
	for _, name := range names {
		if v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0]); err == nil {
			latest = max(latest, v)
		}
	}
	return latest
}

// migrateRetrying runs migrate again while the file is busy, for up to the
// busy timeout: SQLite returns SQLITE_BUSY at once, without waiting, where
// waiting could deadlock (switching a new file to WAL, or upgrading a read
// lock, while another process creates the schema), so the busy timeout alone
// does not cover processes opening a new file together.
func (s *Store) migrateRetrying(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.migrate(ctx)
		var se *msqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// migrate applies, in one transaction each, the embedded migrations newer
// than the database's user_version. The version is read inside the write
// transaction, so processes opening a new file at once do not race.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var have int
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	latest := 0
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: no version number", name)
		}
		latest = v
		if v <= have {
			continue // no write lock for a file that is up to date
		}
		if err := s.apply(ctx, name, v); err != nil {
			return err
		}
	}
	if have > latest {
		return fmt.Errorf("database schema version %d is newer than this sitrep (%d)", have, latest)
	}
	return nil
}

func (s *Store) apply(ctx context.Context, name string, v int) error {
	tx, err := s.wdb.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if v <= have {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	// PRAGMA takes no parameters; v is an integer we parsed.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		return err
	}
	return tx.Commit()
}

// Check verifies the file and its full-text index: PRAGMA integrity_check
// and FTS5's integrity-check.
func (s *Store) Check(ctx context.Context) error {
	var res string
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("%s: integrity check: %s", s.path, res)
	}
	if s.readOnly {
		return nil // FTS5's check is a write command
	}
	if _, err := s.wdb.ExecContext(ctx, "INSERT INTO evidence(evidence) VALUES('integrity-check')"); err != nil {
		return fmt.Errorf("%s: full-text index: %w", s.path, err)
	}
	return nil
}
