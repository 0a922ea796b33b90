#!/bin/bash
# bench/load-steps.sh — server CPU and wall seconds of each `pgbench -i`
# step (drop+create, generate, vacuum, primary keys) on a fresh single-node
# ShardForge. Not a test. CPU seconds (utime+stime of the server from
# /proc) stay comparable when other work shares the machine; wall time does
# not.
#
# usage: bench/load-steps.sh [BUILD_DIR] [SCALE] [PORT]
set -euo pipefail
BUILD=${1:-build}
SCALE=${2:-5}
P=${3:-27310}
B=$(realpath "$BUILD")/shardforge
D=$(mktemp -d /tmp/sf-load-steps.XXXXXX)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$D"' EXIT
"$B" init --single-node --data-dir "$D/data" --set cluster.sql_address=127.0.0.1:$P \
    --set cluster.bind_address=127.0.0.1:$((P + 1)) --set monitoring.metrics_port=$((P + 2)) >/dev/null
"$B" start --config "$D/data/shardforge.toml" >"$D/log" 2>&1 &
PID=$!
export PGHOST=127.0.0.1 PGPORT=$P PGUSER=shardforge PGDATABASE=shardforge
for _ in $(seq 100); do pg_isready -q && break; sleep 0.1; done
cpu() { awk '{print ($14 + $15) / 100}' /proc/$PID/stat; }
for s in dt g v p; do
    c0=$(cpu)
    t0=$(date +%s.%N)
    pgbench -q -i -s "$SCALE" -I $s >/dev/null 2>&1 || { echo "step $s failed" >&2; exit 1; }
    t1=$(date +%s.%N)
    c1=$(cpu)
    awk -v s=$s -v w="$(echo "$t1 - $t0" | bc)" -v c="$(echo "$c1 - $c0" | bc)" \
        'BEGIN { printf "step %-2s wall %6.2f s  server cpu %6.2f s\n", s, w, c }'
done
