#!/usr/bin/env bash
# run.sh — pgbench TPC-B-like throughput: ShardForge next to PostgreSQL 15.
#   bench/pgbench/run.sh [BUILD_DIR]      (default: build)
# Environment: SCALE (10), DURATION (60), CLIENTS (8), THREADS (2), MODE
# (prepared), PGBIN (/usr/lib/postgresql/15/bin). Not a test: it prints tps
# for both and their ratio. Both servers run on this machine in temp
# directories, one after the other, with the same pgbench command.
set -euo pipefail

cd "$(dirname "$0")/../.."
BUILD=${1:-build}
BIN=$PWD/$BUILD/shardforge
SCALE=${SCALE:-10}
DURATION=${DURATION:-60}
CLIENTS=${CLIENTS:-8}
THREADS=${THREADS:-2}
MODE=${MODE:-prepared}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGBENCH=$(command -v pgbench || echo "$PGBIN/pgbench")
[ -x "$BIN" ] || { echo "run.sh: $BIN is missing (make build)" >&2; exit 1; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

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

bench() { # port label -> tps on stdout
  local port=$1 label=$2 out
  "$PGBENCH" -h 127.0.0.1 -p "$port" -U shardforge -i -s "$SCALE" -q shardforge >"$TMP/$label.init" 2>&1 \
    || { cat "$TMP/$label.init" >&2; return 1; }
  out=$("$PGBENCH" -h 127.0.0.1 -p "$port" -U shardforge -c "$CLIENTS" -j "$THREADS" \
          -T "$DURATION" -M "$MODE" --no-vacuum shardforge 2>&1) || { echo "$out" >&2; return 1; }
  echo "$out" >"$TMP/$label.run"
  echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}

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
echo "shardforge: scale $SCALE, $CLIENTS clients, $THREADS threads, -M $MODE, ${DURATION}s ..."
SF_TPS=$(bench "$SF_SQL" shardforge)
kill -TERM "$SF_PID"; wait "$SF_PID" 2>/dev/null || true; SF_PID=

# PostgreSQL 15, default settings except the port and socket directory.
[ "$(id -u)" -eq 0 ] && chown postgres "$TMP"
PG_PORT=$(free_port)
as_pg "$PGBIN/initdb" -D "$TMP/pg" -U shardforge --no-locale -E UTF8 --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg.log" -w -o "-p $PG_PORT -k $TMP" start >/dev/null
"$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U shardforge -d postgres -c 'CREATE DATABASE shardforge'
echo "postgresql: same run ..."
PG_TPS=$(bench "$PG_PORT" postgres)

printf 'shardforge  tps %10.1f\n' "$SF_TPS"
printf 'postgresql  tps %10.1f\n' "$PG_TPS"
/usr/bin/python3 -c "import sys; print('ratio shardforge/postgresql %.3f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$SF_TPS" "$PG_TPS"
