#!/usr/bin/env bash
# Grouping by workers on real servers (see lib.sh): each INPUT in turn is
# queued with `sitrep ingest --nats` and coded by two workers into one
# database; the same INPUTs go, one run after the other, through
# `sitrep ingest --pg` into a second, and all at once, by concurrent
# `sitrep ingest --pg` runs, into a third. Prints each database's stories,
# incidents and events, and the documents and events left without a story
# or incident (none should be), and whether the workers and the concurrent
# runs put every document and event where the single runs did.
#
#   worker/e2e/group.sh INPUT.jsonl...
inputs=()
for f in "$@"; do inputs+=("$(realpath "$f")"); done
source "$(dirname "$0")/lib.sh"
workers=$(newdb workers) single=$(newdb single) together=$(newdb together)
stored() { sql workers "SELECT count(*) FROM documents" 2>/dev/null || echo 0; }
for f in "${inputs[@]}"; do
  "$dir/sitrep" ingest --nats "$nats" "$f" 2>/dev/null
  want=$(($(stored) + $(wc -l <"$f")))
  ws=()
  for w in A B; do
    "$dir/sitrep" worker --nats "$nats" --pg "$workers" --workers 1 --progress 1h 2>>"$dir/$w.log" &
    ws+=($!)
  done
  until [ "$(stored)" -ge "$want" ] && [ "$(depth SITREP)" = 0 ]; do sleep 0.5; done
  kill -TERM "${ws[@]}"
  wait "${ws[@]}" || true
  "$dir/sitrep" ingest --pg "$single" "$f" 2>/dev/null
done
ps=()
for f in "${inputs[@]}"; do
  "$dir/sitrep" ingest --pg "$together" "$f" 2>/dev/null &
  ps+=($!)
done
wait "${ps[@]}"
for db in workers single together; do
  sql $db "SELECT '$db: ' || (SELECT count(*) FROM documents) || ' documents in ' || (SELECT count(*) FROM stories) || ' stories, '
    || (SELECT count(*) FROM events) || ' events in ' || (SELECT count(*) FROM incidents) || ' incidents; without a story or incident: '
    || (SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = d.story)) || ' documents, '
    || (SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident)) || ' events'"
done
# The same groups, not only as many: each document's story and each event's
# incident, by key.
assignments() {
  sql "$1" "SELECT d.key || ' ' || s.key FROM documents d JOIN stories s ON s.id = d.story
    UNION ALL SELECT x.data->>'ID' || ' ' || i.key FROM events e JOIN event_data x ON x.id = e.id JOIN incidents i ON i.id = e.incident" | sort >"$dir/$1.groups"
}
for db in workers single together; do assignments $db; done
for db in workers together; do
  if cmp -s "$dir/$db.groups" "$dir/single.groups"; then
    echo "$db: every document in the story, every event in the incident, of single"
  else
    echo "$db: $(diff "$dir/$db.groups" "$dir/single.groups" | grep -c '^>') of $(wc -l <"$dir/single.groups") documents and events grouped otherwise than in single"
  fi
done
