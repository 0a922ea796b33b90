#!/usr/bin/env bash
# run-regress.sh — the SQL regression suite: tests/regress/sql/*.sql run by
# psql against a real ShardForge node, diffed against the output PostgreSQL 15
# gives for the same script (tests/regress/expected, made by
# scripts/regress-expected.sh; see tests/regress/README.md).
#   scripts/run-regress.sh [BUILD_DIR] [NAME...]
# Prints "regress NAME ... ok|FAILED|pending" per script and, last,
# "N passed, M failed". Scripts listed in tests/regress/pending.txt are run
# and reported as "pending" (not counted as failed) while they differ.
# Results and diffs are kept in $REGRESS_OUT (default: a new /tmp directory,
# printed at the end). The node always stops; every step is time-bounded.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BUILD=${1:-build}
[ $# -gt 0 ] && shift
BIN=$ROOT/$BUILD/shardforge
[ -x "$BIN" ] || BIN=$BUILD/shardforge
PSQL=${PSQL:-psql}
PY=/usr/bin/python3
SQLDIR=$ROOT/tests/regress/sql
EXPDIR=$ROOT/tests/regress/expected
PENDING=$ROOT/tests/regress/pending.txt
FILE_TIMEOUT=${REGRESS_FILE_TIMEOUT:-60}
OUT=${REGRESS_OUT:-$(mktemp -d /tmp/sf-regress.XXXXXX)}
mkdir -p "$OUT/results"

if [ ! -x "$BIN" ]; then
  echo "regress: $BIN is missing: build it first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

. "$ROOT/scripts/node-lib.sh"
node_boot regress || { echo "0 passed, 1 failed"; exit 1; }

# A fresh database per script, as regress-expected.sh does on PostgreSQL.
DB=regress
fresh_db() {
  [ "$DB" = regress ] || return 0
  PGOPTIONS='-c client_min_messages=warning' timeout 30 "$PSQL" -X -q -d shardforge \
    -c 'DROP DATABASE IF EXISTS regress' -c 'CREATE DATABASE regress' >"$OUT/createdb.log" 2>&1
}
if ! fresh_db; then
  echo "regress: CREATE DATABASE failed ($(head -n 1 "$OUT/createdb.log")); using database shardforge"
  DB=shardforge
fi

is_pending() { [ -f "$PENDING" ] && grep -qE "^$1([[:space:]]|$)" "$PENDING"; }

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$SQLDIR"/*.sql; do names+=("$(basename "$f" .sql)"); done
fi

pass=0; fail=0; pend=0
for n in "${names[@]}"; do
  res=$OUT/results/$n.out
  note=
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" 2>/dev/null; PID=
    start_node || { echo "regress: shardforge did not restart"; }
  fi
  fresh_db || true
  (cd "$SQLDIR" && timeout "$FILE_TIMEOUT" "$PSQL" -X -a -q -v ON_ERROR_STOP=0 -d "$DB" \
     -f "$n.sql" >"$res" 2>&1)
  rc=$?
  [ $rc -eq 124 ] && note=" (timed out after ${FILE_TIMEOUT}s)"
  if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then
    note="$note (server exited)"
  fi
  if [ -z "$note" ] && diff -q "$EXPDIR/$n.out" "$res" >/dev/null 2>&1; then
    rm -f "$OUT/results/$n.diff"
    if is_pending "$n"; then
      echo "regress $n ... ok (listed in pending.txt: remove it)"
    else
      echo "regress $n ... ok"
    fi
    pass=$((pass + 1))
  else
    diff -u "$EXPDIR/$n.out" "$res" >"$OUT/results/$n.diff" 2>&1
    if is_pending "$n"; then
      echo "regress $n ... pending$note"
      pend=$((pend + 1))
    else
      echo "regress $n ... FAILED$note"
      fail=$((fail + 1))
    fi
  fi
done

stop_node
echo "regress: results and diffs in $OUT/results ($pend pending)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
