-- Stories and incidents, as in sqlite's migration 3: the stories and
-- incidents packages' state after each batch. seq is the batch that last
-- changed a row: a new run takes back the most recently changed ones, in the
-- order of their ids (the order they were opened).
CREATE TABLE stories (
	id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key     text NOT NULL UNIQUE,  -- sitrep.Story.ID
	seq     bigint NOT NULL,
	title   text NOT NULL,
	first   integer NOT NULL,      -- days since 1970-01-01 of its first article, -1 undated
	last    integer NOT NULL,
	profile bytea NOT NULL         -- the stories package's profile
);
CREATE INDEX stories_seq ON stories(seq);

CREATE TABLE incidents (
	id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key  text NOT NULL UNIQUE,     -- sitrep.Incident.ID
	seq  bigint NOT NULL,
	data json NOT NULL             -- the incident but its event and document lists
);
CREATE INDEX incidents_seq ON incidents(seq);

-- Each document's story and the incident it leads (its main event's), each
-- event's incident; 0 for none and for rows stored before.
ALTER TABLE documents
	ADD COLUMN story bigint NOT NULL DEFAULT 0,
	ADD COLUMN lead bigint NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN incident bigint NOT NULL DEFAULT 0;
CREATE INDEX events_incident ON events(incident);
CREATE INDEX documents_lead ON documents(lead);
