#!/usr/bin/env bash
# The scale-out acceptance run, on real servers: it starts nats-server (from
# the PATH, else built from its Go module) and a throw-away PostgreSQL
# cluster (installing Debian's postgresql when missing), queues INPUT with
# `sitrep ingest --nats`, codes it with two workers, SIGKILLs one once a
# quarter of the documents are stored and starts a replacement, and at the
# end compares what PostgreSQL holds with what `sitrep code` prints for the
# same input: the numbers of documents and events, and every event's ID,
# type, trigger and actors; no duplicate, nothing missing.
#
#   worker/e2e/run.sh INPUT.jsonl [--restart] [--workers N]
#
# --restart also restarts PostgreSQL at half and nats-server at three
# quarters of the run. --workers is each worker's coding goroutines
# (default 1). Needs go, psql, curl and jq. Logs stay in the printed folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
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

dir=$(mktemp -d /tmp/sitrep-e2e-XXXX)
chmod 755 "$dir"
echo "run folder: $dir"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${pgctl:-}" ] && $as_pg "$pgctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

go build -o "$dir/sitrep" ./cmd/sitrep
natsbin=$(command -v nats-server || true)
if [ -z "$natsbin" ]; then
  go build -o "$dir/nats-server" github.com/nats-io/nats-server/v2
  natsbin=$dir/nats-server
fi

# PostgreSQL: Debian's server, installed when missing, run as postgres.
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_pg=""
if [ "$(id -u)" = 0 ]; then as_pg="runuser -u postgres --"; mkdir -p "$dir/pg"; chown postgres "$dir/pg"; fi
pgctl=$bindir/pg_ctl
pgport=$((20000 + RANDOM % 20000)) natsport=$((20000 + RANDOM % 20000))
$as_pg "$bindir/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null
pgstart() { $as_pg "$pgctl" -D "$dir/pg" -o "-p $pgport -k $dir/pg -h 127.0.0.1" -l "$dir/pg/log" -w start >/dev/null; }
pgstart
psql -qh 127.0.0.1 -p $pgport -U postgres -c "CREATE DATABASE sitrep"
pg=postgres://postgres@127.0.0.1:$pgport/sitrep
sql() { psql -Atqh 127.0.0.1 -p $pgport -U postgres sitrep -c "$1"; }

natsstart() {
  "$natsbin" -js -sd "$dir/js" -a 127.0.0.1 -p $natsport -m $((natsport + 1)) >>"$dir/nats.log" 2>&1 &
  natspid=$!
  pids+=($natspid)
  until curl -sf "http://127.0.0.1:$((natsport + 1))/healthz" >/dev/null; do sleep 0.2; done
}
natsstart
nats=nats://127.0.0.1:$natsport
# depth prints the documents waiting and in flight.
depth() {
  curl -sf "http://127.0.0.1:$((natsport + 1))/jsz?consumers=true" |
    jq -r '[.account_details[]?.stream_detail[]? | select(.name=="SITREP") | .consumer_detail[]? | .num_pending + .num_ack_pending] | add // -1'
}

docs=$(wc -l <"$input")
echo "reference: sitrep code $(basename "$input") ($docs documents)"
/usr/bin/time -f "  %e s wall, %U s user" "$dir/sitrep" code --workers 2 "$input" >"$dir/code.jsonl"

echo "queue: sitrep ingest --nats"
/usr/bin/time -f "  %e s wall, %U s user" "$dir/sitrep" ingest --nats "$nats" "$input"

worker() {
  "$dir/sitrep" worker --nats "$nats" --pg "$pg" --workers "$per" --ack-wait 10s --progress 5s 2>"$dir/$1.log" &
  pids+=($!)
  eval "$1=$!"
}
start=$(date +%s.%N)
worker A
worker B
stored() { sql "SELECT count(*) FROM documents" 2>/dev/null || echo 0; }
until [ "$(stored)" -ge $((docs / 4)) ]; do sleep 0.2; done
kill -KILL "$A"
echo "SIGKILLed worker A with $(stored) documents stored; starting C"
worker C
if [ $restart = 1 ]; then
  until [ "$(stored)" -ge $((docs / 2)) ]; do sleep 0.2; done
  echo "restarting PostgreSQL with $(stored) documents stored"
  $as_pg "$pgctl" -D "$dir/pg" -m fast stop >/dev/null
  sleep 2
  pgstart
  until [ "$(stored)" -ge $((docs * 3 / 4)) ]; do sleep 0.2; done
  echo "restarting nats-server with $(stored) documents stored"
  kill -TERM $natspid
  while kill -0 $natspid 2>/dev/null; do sleep 0.1; done
  sleep 2
  natsstart
fi
until [ "$(stored)" -ge "$docs" ] && [ "$(depth)" = 0 ]; do sleep 0.5; done
end=$(date +%s.%N)
kill -TERM "$B" "$C"
wait "$B" "$C" || true
echo "all $docs documents stored in $(echo "$end - $start" | bc) s from the first worker's start"

# What PostgreSQL holds against what code printed.
codes() { echo "coalesce((SELECT string_agg(a->>'Code', ',') FROM json_array_elements(CASE json_typeof(data->'$1') WHEN 'array' THEN data->'$1' ELSE '[]' END) a), '')"; }
fingerprint_pg="SELECT concat_ws('|', data->>'ID', data->>'Type', data->'Trigger'->>'Start', data->'Trigger'->>'End',
  $(codes Source), $(codes Target)) FROM event_data"
sql "$fingerprint_pg" | sort >"$dir/pg.events"
jq -r '[.id, .type, (.trigger.start|tostring), (.trigger.end|tostring), ([.source[]?.code]|join(",")), ([.target[]?.code]|join(","))] | join("|")' \
  "$dir/code.jsonl" | sort >"$dir/code.events"
sort -u "$dir/pg.events" >"$dir/pg.unique"
printf 'documents: PostgreSQL %s (distinct keys %s), input %s\n' "$(stored)" "$(sql 'SELECT count(DISTINCT key) FROM documents')" "$docs"
printf 'events: PostgreSQL %s (distinct IDs %s), sitrep code %s\n' "$(sql 'SELECT count(*) FROM events')" \
  "$(sql "SELECT count(DISTINCT data->>'ID') FROM event_data")" "$(wc -l <"$dir/code.jsonl")"
for w in A B C; do echo "worker $w:"; grep -v 'documents stored (' "$dir/$w.log" | sed 's/^/  /' || true; grep 'documents stored (' "$dir/$w.log" | tail -1 | sed 's/^/  /'; done
if cmp -s "$dir/pg.events" "$dir/code.events" && cmp -s "$dir/pg.events" "$dir/pg.unique"; then
  echo "PASS: PostgreSQL holds exactly the events of sitrep code (ID, type, trigger, actors), each once"
else
  echo "FAIL: events differ"; diff "$dir/code.events" "$dir/pg.events" | head -20; exit 1
fi
