-- Documents with their text and every annotation but the tokens. Texts and
-- annotations are compressed with lz4, which costs a fraction of the default
-- pglz when writing (PostgreSQL 14 or later).
CREATE TABLE documents (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key         text NOT NULL UNIQUE, -- sitrep.DocumentKey: id, URL or content hash
	url         text NOT NULL,
	title       text NOT NULL,
	author      text NOT NULL,
	lang        text NOT NULL,
	date        text NOT NULL,        -- RFC 3339 with the source's offset, '' when unknown
	format      text NOT NULL,
	source      text NOT NULL,
	near_dup    text NOT NULL,
	text        text COMPRESSION lz4 NOT NULL,
	annotations json COMPRESSION lz4 NOT NULL, -- sentences, entities, toponyms, removed
	ingested    timestamptz NOT NULL DEFAULT now()
);

-- One narrow row per event with the columns filters and aggregates use,
-- copied out of the full event in event_data. Servers keep these columns in
-- memory (eventindex) and load the rows past the last id they have, so ids
-- are assigned by the writer under a lock that makes them visible in order.
-- doc has no foreign key: the writer adds events only with their document,
-- in its transaction, and the check per row cost 60 % of the events' COPY.
CREATE TABLE events (
	id         bigint PRIMARY KEY,
	doc        bigint NOT NULL,
	day        integer NOT NULL,     -- days since 1970-01-01 of its first day; -1 undated
	type       text NOT NULL,
	realis     text NOT NULL,
	confidence real NOT NULL,
	src        text NOT NULL,        -- code of the first source actor
	tgt        text NOT NULL,        -- code of the first target actor
	country    text NOT NULL,
	admin1     text NOT NULL,
	place      text NOT NULL,
	lat        double precision,
	lon        double precision,
	tstart     integer NOT NULL,     -- trigger span, bytes
	tend       integer NOT NULL,
	estart     integer NOT NULL,     -- first evidence span, bytes
	eend       integer NOT NULL,
	actors     text NOT NULL         -- the actors as search keys, see eventindex.ActorKeys
);
CREATE INDEX events_doc ON events(doc);

-- The full event as JSON with every span.
CREATE TABLE event_data (
	id   bigint PRIMARY KEY,
	data json NOT NULL
);

-- Full-text index of each event's evidence, whose lexemes the writer makes
-- (postgres/tsvector.go); the text itself is in documents. Searches read ids
-- from the GIN index and this narrow heap, so it has no other index.
CREATE TABLE evidence (
	id  bigint NOT NULL,
	tsv tsvector NOT NULL
);
CREATE INDEX evidence_tsv ON evidence USING gin (tsv);
