-- What the dashboard and exports read beside the filter columns: the names of
-- the first source and target actors (the actor network's nodes), whether an
-- event's day is its document's date for want of one in the text, the
-- location's precision ("inherited" for the report's place), and the
-- document's main event type (doc_type).
-- Events stored before get theirs from event_data; documents stored before
-- keep an unknown main type (no table kept it).
ALTER TABLE events ADD COLUMN src_name TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN tgt_name TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN inferred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN precision TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN main_event TEXT NOT NULL DEFAULT '';
UPDATE events SET
	src_name = coalesce((SELECT coalesce(json_extract(data, '$.Source[0].Name'), '') FROM event_data x WHERE x.id = events.id), ''),
	tgt_name = coalesce((SELECT coalesce(json_extract(data, '$.Target[0].Name'), '') FROM event_data x WHERE x.id = events.id), ''),
	inferred = day >= 0 AND coalesce((SELECT json_extract(data, '$.Date') IS NULL FROM event_data x WHERE x.id = events.id), 1),
	precision = coalesce((SELECT CASE WHEN json_extract(data, '$.Location.Inherited') THEN 'inherited'
		ELSE coalesce(json_extract(data, '$.Location.Precision'), '') END FROM event_data x WHERE x.id = events.id), '');
