package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/sitrep-dev/sitrep"
)

var _ sitrep.FeedStore = (*Store)(nil)

// FeedState returns the stored state of a feed.
func (s *Store) FeedState(ctx context.Context, url string) (sitrep.FeedState, error) {
	f := sitrep.FeedState{URL: url}
	var polled string
	err := s.db.QueryRowContext(ctx, `SELECT etag, last_modified, polled, failures, last_error FROM feeds WHERE url = ?`, url).
		Scan(&f.ETag, &f.LastModified, &polled, &f.Failures, &f.LastError)
	if err == sql.ErrNoRows {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	if polled != "" {
		f.Polled, err = time.Parse(time.RFC3339, polled)
	}
	return f, err
}

// PutFeedState stores the state of a feed.
func (s *Store) PutFeedState(ctx context.Context, f sitrep.FeedState) error {
	polled := ""
	if !f.Polled.IsZero() {
		polled = f.Polled.UTC().Format(time.RFC3339)
	}
	_, err := s.wdb.ExecContext(ctx, `INSERT INTO feeds(url, etag, last_modified, polled, failures, last_error) VALUES(?,?,?,?,?,?)
		ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, polled = excluded.polled,
		failures = excluded.failures, last_error = excluded.last_error`,
		f.URL, f.ETag, f.LastModified, polled, f.Failures, f.LastError)
	return err
}
