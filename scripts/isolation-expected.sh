#!/usr/bin/env bash
# isolation-expected.sh — regenerate tests/isolation/expected/*.out by running
# tests/isolation/isolation_runner.py against a scratch PostgreSQL 15 (the
# reference for every result, wait, error and message).
#   scripts/isolation-expected.sh [NAME...]     (default: every specs/*.spec)
# Needs the PostgreSQL 15 server binaries (PGBIN, default
# /usr/lib/postgresql/15/bin). As root, the server runs as the `postgres` OS
# user. The superuser is named `shardforge` and TimeZone is UTC, as on
# ShardForge; each spec runs in a freshly created database
# `isolation_regression`, as scripts/run-isolation.sh does.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PSQL=${PSQL:-psql}
PY=/usr/bin/python3
RUNNER=$ROOT/tests/isolation/isolation_runner.py
SPECDIR=$ROOT/tests/isolation/specs
EXPDIR=$ROOT/tests/isolation/expected
mkdir -p "$EXPDIR"

TMP=$(mktemp -d /tmp/sf-isolation-pg.XXXXXX)
chmod 755 "$TMP"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$TMP"
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$TMP/data" -U shardforge --no-locale -E UTF8 --auth=trust >"$TMP/initdb.log" 2>&1
as_pg "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w \
  -o "-p $PORT -k $TMP -c listen_addresses='' -c TimeZone=UTC -c fsync=off" start >/dev/null

export PGHOST=$TMP PGPORT=$PORT PGUSER=shardforge
unset PGDATABASE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$SPECDIR"/*.spec; do names+=("$(basename "$f" .spec)"); done
fi
for n in "${names[@]}"; do
  PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -d postgres \
    -c 'DROP DATABASE IF EXISTS isolation_regression' \
    -c 'CREATE DATABASE isolation_regression' >/dev/null
  timeout -k 5 120 $PY "$RUNNER" "host=$TMP port=$PORT user=shardforge dbname=isolation_regression" \
    "$SPECDIR/$n.spec" >"$EXPDIR/$n.out" 2>&1 || true
  echo "expected $n"
done
