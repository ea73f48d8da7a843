#!/usr/bin/env bash
# Throughput of the workers on real servers (see lib.sh): INPUT is coded by
# `sitrep code` with 1 and 2 goroutines, then queued and coded into
# PostgreSQL by 1 worker with 1 goroutine, 1 with 2, and 2 with 1 each, each
# on a fresh stream and database. Prints documents/s from the first worker's
# start to the last document stored, and the CPU seconds of the workers, of
# PostgreSQL and of nats-server; the workers' own lines say how their wall
# time splits between queue, store and coding.
#
#   worker/e2e/bench.sh INPUT.jsonl
input=$(realpath "$1")
source "$(dirname "$0")/lib.sh"
docs=$(wc -l <"$input")
natscpu() { awk '{printf "%.2f", ($14+$15)/'"$(getconf CLK_TCK)"'}' /proc/$natspid/stat; }
for g in 1 2; do
  timed "sitrep code --workers $g ($docs documents)" "$dir/sitrep" code --workers $g "$input" >/dev/null
done
n=0
for conf in 1x1 1x2 2x1; do
  n=$((n + 1))
  procs=${conf%x*} per=${conf#*x} stream=BENCH$n
  pg=$(newdb bench$n)
  "$dir/sitrep" ingest --nats "$nats" --stream $stream "$input" 2>/dev/null
  pg0=$(pgcpu) nats0=$(natscpu)
  start=$(date +%s.%N)
  ws=()
  for i in $(seq $procs); do
    "$dir/sitrep" worker --nats "$nats" --stream $stream --pg "$pg" --workers $per --progress 1h 2>"$dir/$conf-$i.log" &
    ws+=($!)
  done
  until [ "$(sql bench$n 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)" -ge "$docs" ] && [ "$(depth $stream)" = 0 ]; do sleep 0.2; done
  end=$(date +%s.%N)
  cpu=$(for p in "${ws[@]}"; do awk '{print $14+$15}' /proc/$p/stat; done | paste -sd+ | bc)
  kill -TERM "${ws[@]}"
  wait "${ws[@]}" || true
  el=$(echo "$end - $start" | bc)
  echo "$procs worker(s) x $per goroutine(s): $docs documents in $el s, $(echo "scale=1; $docs / $el" | bc) documents/s;" \
    "CPU: workers $(echo "scale=2; $cpu / $(getconf CLK_TCK)" | bc) s, PostgreSQL $(echo "$(pgcpu) - $pg0" | bc) s, nats-server $(echo "$(natscpu) - $nats0" | bc) s"
  for i in $(seq $procs); do grep -h 'wall time per document' "$dir/$conf-$i.log" | sed 's/^/  /' || true; done
done
