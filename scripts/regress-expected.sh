#!/usr/bin/env bash
# regress-expected.sh — regenerate tests/regress/expected/*.out from a scratch
# PostgreSQL 15 (the reference for every result, error and message).
#   scripts/regress-expected.sh [NAME...]      (default: every sql/*.sql)
# Needs the PostgreSQL 15 server binaries (PGBIN, default
# /usr/lib/postgresql/15/bin) and psql. As root, the server runs as the
# `postgres` OS user. The initial superuser is named `shardforge`, as on
# ShardForge, so \du and ownership columns match; TimeZone is UTC (ShardForge's
# default). Each script runs in a freshly created database `regress`, with
# the same psql command scripts/run-regress.sh uses, from tests/regress/sql so
# the "psql:NAME.sql:LINE:" prefixes of errors and notices are identical.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PSQL=${PSQL:-psql}
SQLDIR=$ROOT/tests/regress/sql
EXPDIR=$ROOT/tests/regress/expected

TMP=$(mktemp -d /tmp/sf-regress-pg.XXXXXX)
chmod 755 "$TMP"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$TMP"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

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
  for f in "$SQLDIR"/*.sql; do names+=("$(basename "$f" .sql)"); done
fi
for n in "${names[@]}"; do
  PGOPTIONS='-c client_min_messages=warning' "$PSQL" -X -q -d postgres -c 'DROP DATABASE IF EXISTS regress' -c 'CREATE DATABASE regress' >/dev/null
  (cd "$SQLDIR" && timeout 120 "$PSQL" -X -a -q -v ON_ERROR_STOP=0 -d regress -f "$n.sql" \
     >"$EXPDIR/$n.out" 2>&1) || true
  echo "expected $n"
done
