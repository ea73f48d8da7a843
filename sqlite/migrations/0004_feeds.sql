-- What sitrep watch keeps of each feed between polls: the validators of its
-- last response for conditional requests, and its failures for backing off.
CREATE TABLE feeds (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL,
	last_modified TEXT NOT NULL,
	polled        TEXT NOT NULL,    -- RFC 3339 of the last successful poll, '' never
	failures      INTEGER NOT NULL,
	last_error    TEXT NOT NULL
);
