-- Stories (articles about one happening) and incidents (one real-world
-- incident and every event that reports it), as the stories and incidents
-- packages leave them after each batch. seq is the batch that last changed a
-- row: a new run takes back the most recently changed ones.
CREATE TABLE stories (
	id      INTEGER PRIMARY KEY,
	key     TEXT NOT NULL UNIQUE,  -- sitrep.Story.ID
	seq     INTEGER NOT NULL,
	title   TEXT NOT NULL,
	first   INTEGER NOT NULL,      -- days since 1970-01-01 of its first article, -1 undated
	last    INTEGER NOT NULL,
	profile BLOB NOT NULL          -- the stories package's profile
);
CREATE INDEX stories_seq ON stories(seq);

CREATE TABLE incidents (
	id   INTEGER PRIMARY KEY,
	key  TEXT NOT NULL UNIQUE,     -- sitrep.Incident.ID
	seq  INTEGER NOT NULL,
	data TEXT NOT NULL             -- JSON: the incident but its event and document lists
);
CREATE INDEX incidents_seq ON incidents(seq);

-- Each document's story and the incident it leads (its main event's), each
-- event's incident; 0 for none and for rows stored before this migration.
ALTER TABLE documents ADD COLUMN story INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN lead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN incident INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_incident ON events(incident);
CREATE INDEX documents_lead ON documents(lead);
