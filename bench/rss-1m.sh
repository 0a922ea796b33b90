#!/bin/bash
# bench/rss-1m.sh — server memory around issue 5's acceptance queries on a
# 1-million-row table (pgbench_accounts at scale 10): SELECT count(*), a
# GROUP BY over it and an ORDER BY ... LIMIT 10, with the server's RSS at
# each point and its peak (VmHWM, reset before the queries through
# /proc/PID/clear_refs). Runs them twice: right after `pgbench -i` and after
# a restart (libraft reloads its log from disk). Not a test.
#
# usage: bench/rss-1m.sh [BUILD_DIR] [SCALE] [PORT]
set -euo pipefail
BUILD=${1:-build}
SCALE=${2:-10}
P=${3:-27320}
B=$(realpath "$BUILD")/shardforge
D=$(mktemp -d /tmp/sf-rss-1m.XXXXXX)
PID=
stop() {
    [ -n "$PID" ] || return 0
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=
}
trap 'stop; [ -n "${KEEP:-}" ] || rm -rf "$D"' EXIT
"$B" init --single-node --data-dir "$D/data" --set cluster.sql_address=127.0.0.1:$P \
    --set cluster.bind_address=127.0.0.1:$((P + 1)) --set monitoring.metrics_port=$((P + 2)) >/dev/null
export PGHOST=127.0.0.1 PGPORT=$P PGUSER=shardforge PGDATABASE=shardforge
start() {
    "$B" start --config "$D/data/shardforge.toml" >>"$D/log" 2>&1 &
    PID=$!
    for _ in $(seq 300); do pg_isready -q && return 0; sleep 0.1; done
    echo "server did not start" >&2
    tail "$D/log" >&2
    exit 1
}
cache_mib() {
    curl -s "http://127.0.0.1:$((P + 2))/metrics" |
        awk 'index($1, "shardforge_storage_block_cache_bytes") == 1 { printf "%.0f", $2 / 1048576 }'
}
mib() { awk -v k="$1" '$1 == k ":" { printf "%.0f", $2 / 1024 }' /proc/$PID/status; }
queries() {
    local label=$1
    echo "$label: rss at rest $(mib VmRSS) MiB (raft dir $(du -sm "$D/data/raft" 2>/dev/null | cut -f1) MiB)"
    echo 5 >/proc/$PID/clear_refs
    psql -qAt -c "SELECT count(*) FROM pgbench_accounts" >/dev/null
    echo "$label: count(*)            peak $(mib VmHWM) MiB"
    psql -qAt -c "SELECT bid, count(*), sum(abalance) FROM pgbench_accounts GROUP BY bid" >/dev/null
    echo "$label: GROUP BY bid        peak $(mib VmHWM) MiB"
    psql -qAt -c "SELECT aid, filler FROM pgbench_accounts ORDER BY abalance DESC, aid LIMIT 10" >/dev/null
    echo "$label: ORDER BY ... LIMIT  peak $(mib VmHWM) MiB (block cache $(cache_mib) MiB)"
}
start
pgbench -q -i -s "$SCALE" >/dev/null 2>&1 || { echo "pgbench -i failed" >&2; tail "$D/log" >&2; exit 1; }
echo "after load: peak during pgbench -i $(mib VmHWM) MiB"
queries "after load"
stop
start
sleep 2
queries "after restart"
stop
