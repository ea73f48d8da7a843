# Shared by run.sh and bench.sh: builds sitrep, starts nats-server (from
# the PATH, else built from its Go module) and a throw-away PostgreSQL
# cluster (Debian's postgresql, installed when missing, run as the postgres
# user when root) in a new folder, and stops them on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

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
# Durable settings, as a user would run it; buffers for the data of a run.
pgstart() { $as_pg "$pgctl" -D "$dir/pg" -o "-p $pgport -k $dir/pg -h 127.0.0.1 -c shared_buffers=512MB" -l "$dir/pg/log" -w start >/dev/null; }
pgstop() { $as_pg "$pgctl" -D "$dir/pg" -m fast stop >/dev/null; }
pgstart
# pgcpu prints the CPU seconds the cluster has used.
pgcpu() {
  local pm t=0
  pm=$(head -1 "$dir/pg/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do
    [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat)))
  done
  echo "scale=2; $t/$(getconf CLK_TCK)" | bc
}
newdb() { psql -qh 127.0.0.1 -p $pgport -U postgres -c "CREATE DATABASE $1"; echo "postgres://postgres@127.0.0.1:$pgport/$1"; }
sql() { psql -Atqh 127.0.0.1 -p $pgport -U postgres "$1" -c "$2"; }

natsstart() {
  "$natsbin" -js -sd "$dir/js" -a 127.0.0.1 -p $natsport -m $((natsport + 1)) >>"$dir/nats.log" 2>&1 &
  natspid=$!
  pids+=($natspid)
  until curl -sf "http://127.0.0.1:$((natsport + 1))/healthz" >/dev/null; do sleep 0.2; done
}
natsstop() { kill -TERM $natspid; while kill -0 $natspid 2>/dev/null; do sleep 0.1; done; }
natsstart
nats=nats://127.0.0.1:$natsport
# depth STREAM prints the documents waiting and in flight on a stream.
depth() {
  curl -sf "http://127.0.0.1:$((natsport + 1))/jsz?consumers=true" |
    jq -r --arg s "$1" '[.account_details[]?.stream_detail[]? | select(.name==$s) | .consumer_detail[]? | .num_pending + .num_ack_pending] | add // -1'
}
# timed prints a command's wall and CPU seconds on stderr as "label: W s wall, C s CPU".
timed() { local label=$1; shift; /usr/bin/time -f "$label: %e s wall, %U+%S s CPU" "$@"; }
