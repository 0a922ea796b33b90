#!/usr/bin/env bash
# pgbench-vs-postgres.sh — pgbench against ShardForge and PostgreSQL 15 in one run.
#   bench/pgbench-vs-postgres.sh [--smoke] [BUILD_DIR]     (default: build)
# Environment: SCALE (10), DURATION (seconds per run, 60), CLIENTS (8),
# THREADS (2), MODE (prepared), PGBIN (/usr/lib/postgresql/15/bin). Not a
# test. For each server (ShardForge first, then a scratch PostgreSQL, both on
# this machine with durable commits, one after the other): the time of
# `pgbench -i -s SCALE` (default steps, client-side COPY), then TPC-B
# (`-c CLIENTS -j THREADS -T DURATION -M MODE`) and select-only (`-S`, same
# flags). Prints tps and average latency of each run and, last,
#   ratio tpcb=<x> select=<y> load=<z>
# (ShardForge's tps over PostgreSQL's; load is PostgreSQL's load time over
# ShardForge's, so higher is better everywhere).
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "${1:-}" = --smoke ]; then # make test: that it runs and reports, tiny sizes
  SCALE=1 DURATION=2 CLIENTS=2 THREADS=1
  shift
fi
BUILD=${1:-build}
BIN=$PWD/$BUILD/shardforge
[ -x "$BIN" ] || BIN=$BUILD/shardforge
SCALE=${SCALE:-10}
DURATION=${DURATION:-60}
CLIENTS=${CLIENTS:-8}
THREADS=${THREADS:-2}
MODE=${MODE:-prepared}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGBENCH=$(command -v pgbench || echo "$PGBIN/pgbench")
[ -x "$BIN" ] || { echo "pgbench-vs-postgres: $BIN is missing (make build)" >&2; exit 1; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
now() { date +%s.%N; }
secs() { /usr/bin/python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

TMP=$(mktemp -d /tmp/sf-pgbench.XXXXXX)
chmod 755 "$TMP"
SF_PID=
cleanup() {
  [ -n "$SF_PID" ] && { kill -TERM "$SF_PID" 2>/dev/null || true; wait "$SF_PID" 2>/dev/null || true; }
  if [ -d "$TMP/pg" ]; then as_pg "$PGBIN/pg_ctl" -D "$TMP/pg" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
unset PGDATABASE PGOPTIONS PGPASSWORD

# run port label: sets LOAD_<label> (s), TPCB_<label>, SEL_<label> (tps)
run() {
  local port=$1 label=$2 t0 t1 out
  t0=$(now)
  "$PGBENCH" -h 127.0.0.1 -p "$port" -U shardforge -i -s "$SCALE" -q shardforge >"$TMP/$label.init" 2>&1 \
    || { cat "$TMP/$label.init" >&2; return 1; }
  t1=$(now)
  printf -v "LOAD_$label" '%s' "$(secs "$t0" "$t1")"
  for kind in tpcb select; do
    local flags=()
    [ "$kind" = select ] && flags=(-S)
    out=$("$PGBENCH" -h 127.0.0.1 -p "$port" -U shardforge -c "$CLIENTS" -j "$THREADS" \
            -T "$DURATION" -M "$MODE" --no-vacuum "${flags[@]}" shardforge 2>&1) \
      || { echo "$out" >&2; return 1; }
    echo "$out" >"$TMP/$label.$kind"
    local tps lat
    tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    lat=$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
    printf '%-10s %-6s tps %10.1f  latency %8.3f ms  failed %s\n' "$label" "$kind" "$tps" "$lat" \
      "$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')"
    if [ "$kind" = tpcb ]; then printf -v "TPCB_$label" '%s' "$tps"; else printf -v "SEL_$label" '%s' "$tps"; fi
  done
  printf '%-10s load   %.1f s (pgbench -i -s %s)\n' "$label" "$(eval echo "\$LOAD_$label")" "$SCALE"
}

echo "scale $SCALE, $CLIENTS clients, $THREADS threads, -M $MODE, ${DURATION}s per run"

# ShardForge
SF_SQL=$(free_port); SF_HTTP=$(free_port); SF_RAFT=$(free_port)
"$BIN" init --single-node --data-dir "$TMP/sf" --sql-listen "127.0.0.1:$SF_SQL" \
  --http-listen "127.0.0.1:$SF_HTTP" --listen "127.0.0.1:$SF_RAFT" >/dev/null
"$BIN" start --config "$TMP/sf/shardforge.toml" >"$TMP/sf.log" 2>&1 &
SF_PID=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$SF_HTTP/ready" | grep -q 200 && break
  sleep 0.1
done
run "$SF_SQL" shardforge
kill -TERM "$SF_PID"; wait "$SF_PID" 2>/dev/null || true; SF_PID=

# PostgreSQL 15, default settings (synchronous_commit on) except port and socket.
[ "$(id -u)" -eq 0 ] && chown postgres "$TMP"
PG_PORT=$(free_port)
as_pg "$PGBIN/initdb" -D "$TMP/pg" -U shardforge --no-locale -E UTF8 --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg.log" -w -o "-p $PG_PORT -k $TMP" start >/dev/null
"$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U shardforge -d postgres -c 'CREATE DATABASE shardforge'
run "$PG_PORT" postgres

/usr/bin/python3 -c '
import sys
st, pt, ss, ps, sl, pl = map(float, sys.argv[1:])
print("ratio tpcb=%.2f select=%.2f load=%.2f" % (st / pt, ss / ps, pl / sl))
' "$TPCB_shardforge" "$TPCB_postgres" "$SEL_shardforge" "$SEL_postgres" "$LOAD_shardforge" "$LOAD_postgres"
