-- What the dashboard and exports read beside the filter columns, as in
-- sqlite's migration 2: the names of the first source and target actors (the
-- actor network's nodes), whether an event's day is its document's date for
-- want of one in the text, the location's precision ("inherited" for the
-- report's place), and the document's main event type (doc_type).
-- Events stored before get theirs from event_data; documents stored before
-- keep an unknown main type (no table kept it).
ALTER TABLE events
	ADD COLUMN src_name text NOT NULL DEFAULT '',
	ADD COLUMN tgt_name text NOT NULL DEFAULT '',
	ADD COLUMN inferred boolean NOT NULL DEFAULT false,
	ADD COLUMN precision text NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN main_event text NOT NULL DEFAULT '';
-- A JSON null is no SQL NULL: json_typeof tells them apart.
UPDATE events e SET
	src_name = coalesce(x.data->'Source'->0->>'Name', ''),
	tgt_name = coalesce(x.data->'Target'->0->>'Name', ''),
	inferred = e.day >= 0 AND coalesce(json_typeof(x.data->'Date'), 'null') = 'null',
	precision = CASE WHEN (x.data->'Location'->>'Inherited')::boolean THEN 'inherited'
		ELSE coalesce(x.data->'Location'->>'Precision', '') END
	FROM event_data x WHERE x.id = e.id;
