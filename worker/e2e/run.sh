#!/usr/bin/env bash
# The scale-out acceptance run, on real servers (see lib.sh): it queues
# INPUT with `sitrep ingest --nats`, codes it with two workers, SIGKILLs one
# once a quarter of the documents are stored and starts a replacement, and
# at the end compares what PostgreSQL holds with what `sitrep code` prints
# for the same input: the numbers of documents and events, and every event's
# ID, type, trigger and actors; no duplicate, nothing missing; and the
# columns the dashboard reads (first actors' names, location precision,
# publication-dated days, the document's type) against code's fields.
#
#   worker/e2e/run.sh INPUT.jsonl [--restart] [--workers N]
#
# --restart also restarts PostgreSQL at half and nats-server at three
# quarters of the run. --workers is each worker's coding goroutines
# (default 1). Needs go, psql, curl, jq and bc. Logs stay in the printed
# folder.
input=$(realpath "$1")
shift
restart=0 per=1
while [ $# -gt 0 ]; do
  case $1 in
    --restart) restart=1 ;;
    --workers) per=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
source "$(dirname "$0")/lib.sh"
pg=$(newdb sitrep)

docs=$(wc -l <"$input")
echo "reference: sitrep code $(basename "$input") ($docs documents)"
timed "  code" "$dir/sitrep" code --workers 2 "$input" >"$dir/code.jsonl"
echo "queue: sitrep ingest --nats"
timed "  ingest --nats" "$dir/sitrep" ingest --nats "$nats" "$input"

worker() {
  "$dir/sitrep" worker --nats "$nats" --pg "$pg" --workers "$per" --ack-wait 10s --progress 5s 2>"$dir/$1.log" &
  pids+=($!)
  eval "$1=$!"
}
stored() { sql sitrep "SELECT count(*) FROM documents" 2>/dev/null || echo 0; }
start=$(date +%s.%N)
worker A
worker B
until [ "$(stored)" -ge $((docs / 4)) ]; do sleep 0.2; done
kill -KILL "$A"
echo "SIGKILLed worker A with $(stored) documents stored; starting C"
worker C
if [ $restart = 1 ]; then
  until [ "$(stored)" -ge $((docs / 2)) ]; do sleep 0.2; done
  echo "restarting PostgreSQL with $(stored) documents stored"
  pgstop
  sleep 2
  pgstart
  until [ "$(stored)" -ge $((docs * 3 / 4)) ]; do sleep 0.2; done
  echo "restarting nats-server with $(stored) documents stored"
  natsstop
  sleep 2
  natsstart
fi
until [ "$(stored)" -ge "$docs" ] && [ "$(depth SITREP)" = 0 ]; do sleep 0.5; done
end=$(date +%s.%N)
kill -TERM "$B" "$C"
wait "$B" "$C" || true
echo "all $docs documents stored $(echo "$end - $start" | bc) s after the first workers started"

# What PostgreSQL holds against what code printed.
codes() { echo "coalesce((SELECT string_agg(a->>'Code', ',') FROM json_array_elements(CASE json_typeof(data->'$1') WHEN 'array' THEN data->'$1' ELSE '[]' END) a), '')"; }
sql sitrep "SELECT concat_ws('|', data->>'ID', data->>'Type', data->'Trigger'->>'Start', data->'Trigger'->>'End',
  $(codes Source), $(codes Target)) FROM event_data" | sort >"$dir/pg.events"
jq -r '[.id, .type, (.trigger.start|tostring), (.trigger.end|tostring), ([.source[]?.code]|join(",")), ([.target[]?.code]|join(","))] | join("|")' \
  "$dir/code.jsonl" | sort >"$dir/code.events"
sort -u "$dir/pg.events" >"$dir/pg.unique"
sql sitrep "SELECT concat_ws('|', x.data->>'ID', e.src_name, e.tgt_name, e.precision, e.inferred, d.main_event)
  FROM events e JOIN event_data x ON x.id = e.id JOIN documents d ON d.id = e.doc" | sort >"$dir/pg.columns"
jq -r '[.id, .source[0].name // "", .target[0].name // "", .location.precision // "", (if .date == null then "t" else "f" end), .doc_type] | join("|")' \
  "$dir/code.jsonl" | sort >"$dir/code.columns"
printf 'documents: PostgreSQL %s (distinct keys %s), input %s\n' "$(stored)" "$(sql sitrep 'SELECT count(DISTINCT key) FROM documents')" "$docs"
printf 'events: PostgreSQL %s (distinct IDs %s), sitrep code %s\n' "$(sql sitrep 'SELECT count(*) FROM events')" \
  "$(sql sitrep "SELECT count(DISTINCT data->>'ID') FROM event_data")" "$(wc -l <"$dir/code.jsonl")"
for w in A B C; do
  echo "worker $w:"
  grep -v 'documents stored (' "$dir/$w.log" | sed 's/^/  /' || true
  grep 'documents stored (' "$dir/$w.log" | tail -1 | sed 's/^/  /'
done
if cmp -s "$dir/pg.events" "$dir/code.events" && cmp -s "$dir/pg.events" "$dir/pg.unique"; then
  echo "PASS: PostgreSQL holds exactly the events of sitrep code (ID, type, trigger, actors), each once"
else
  echo "FAIL: events differ"; diff "$dir/code.events" "$dir/pg.events" | head -20; exit 1
fi
if cmp -s "$dir/pg.columns" "$dir/code.columns"; then
  echo "PASS: the dashboard's columns agree with sitrep code (actor names, location precision, publication-dated days, doc_type)"
else
  echo "FAIL: dashboard columns differ"; diff "$dir/code.columns" "$dir/pg.columns" | head -20; exit 1
fi
