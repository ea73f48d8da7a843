-- Documents with their text and every annotation but the tokens.
CREATE TABLE documents (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE, -- sitrep.DocumentKey: id, URL or content hash
	url         TEXT NOT NULL,
	title       TEXT NOT NULL,
	author      TEXT NOT NULL,
	lang        TEXT NOT NULL,
	date        TEXT NOT NULL,        -- RFC 3339, '' when unknown
	format      TEXT NOT NULL,
	source      TEXT NOT NULL,
	near_dup    TEXT NOT NULL,
	text        TEXT NOT NULL,
	annotations TEXT NOT NULL,        -- JSON: sentences, entities, toponyms, removed
	ingested    TEXT NOT NULL
);

-- One row per event with the columns filters and aggregates use, copied out
-- of the full event in event_data. The rows stay narrow so that scans are
-- cheap.
CREATE TABLE events (
	id         INTEGER PRIMARY KEY,
	doc        INTEGER NOT NULL REFERENCES documents(id),
	day        INTEGER NOT NULL,      -- days since 1970-01-01 of its first day; -1 undated
	type       TEXT NOT NULL,
	realis     TEXT NOT NULL,
	confidence REAL NOT NULL,
	src        TEXT NOT NULL,         -- code of the first source actor
	tgt        TEXT NOT NULL,         -- code of the first target actor
	country    TEXT NOT NULL,
	admin1     TEXT NOT NULL,
	place      TEXT NOT NULL,
	lat        REAL,
	lon        REAL,
	tstart     INTEGER NOT NULL,      -- trigger span
	tend       INTEGER NOT NULL,
	estart     INTEGER NOT NULL,      -- first evidence span
	eend       INTEGER NOT NULL,
	actors     TEXT NOT NULL          -- the actors as search keys, see actorKeys
);
-- Filters and aggregates scan an in-memory copy of these columns (index.go),
-- so the only B-tree index is the one that finds a document's events; ids
-- grow with doc, so it is appended to, never split in the middle.
CREATE INDEX events_doc ON events(doc);

-- The full event as JSON with every span, by events.id.
CREATE TABLE event_data (
	id   INTEGER PRIMARY KEY,
	data TEXT NOT NULL
);

-- Full-text index of each event's evidence; the text itself is in documents.
CREATE VIRTUAL TABLE evidence USING fts5(text, content='', detail=none, tokenize='unicode61 remove_diacritics 2');
