#!/usr/bin/env bash
# run-isolation.sh — the isolation suite: tests/isolation/specs/*.spec (the
# format of PostgreSQL's src/test/isolation) run by
# tests/isolation/isolation_runner.py against a real ShardForge node, diffed
# against the output PostgreSQL 15 gives for the same spec
# (tests/isolation/expected, made by scripts/isolation-expected.sh; see
# tests/isolation/README.md).
#   scripts/run-isolation.sh [BUILD_DIR] [NAME...]
# Prints "isolation NAME ... ok|FAILED|pending" per spec and, last,
# "N passed, M failed". Specs listed in tests/isolation/pending.txt are run
# and reported as "pending" (not counted as failed) while they differ.
# Results and diffs are kept in $ISOLATION_OUT (default: a new /tmp
# directory, printed at the end). The node always stops; every spec is
# time-bounded (ISOLATION_SPEC_TIMEOUT, default 60 s; each step is cancelled
# after ISOLATION_STEP_TIMEOUT, default 10 s).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BUILD=${1:-build}
[ $# -gt 0 ] && shift
BIN=$ROOT/$BUILD/shardforge
[ -x "$BIN" ] || BIN=$BUILD/shardforge
PSQL=${PSQL:-psql}
PY=/usr/bin/python3
RUNNER=$ROOT/tests/isolation/isolation_runner.py
SPECDIR=$ROOT/tests/isolation/specs
EXPDIR=$ROOT/tests/isolation/expected
PENDING=$ROOT/tests/isolation/pending.txt
SPEC_TIMEOUT=${ISOLATION_SPEC_TIMEOUT:-60}
OUT=${ISOLATION_OUT:-$(mktemp -d /tmp/sf-isolation.XXXXXX)}
mkdir -p "$OUT/results"

if [ ! -x "$BIN" ]; then
  echo "isolation: $BIN is missing: build it first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

. "$ROOT/scripts/node-lib.sh"
node_boot isolation || { echo "0 passed, 1 failed"; exit 1; }

# A fresh database per spec, as isolation-expected.sh does on PostgreSQL.
DB=isolation_regression
fresh_db() {
  [ "$DB" = isolation_regression ] || return 0
  PGOPTIONS='-c client_min_messages=warning' timeout 30 "$PSQL" -X -q -d shardforge \
    -c 'DROP DATABASE IF EXISTS isolation_regression' \
    -c 'CREATE DATABASE isolation_regression' >"$OUT/createdb.log" 2>&1
}
if ! fresh_db; then
  echo "isolation: CREATE DATABASE failed ($(head -n 1 "$OUT/createdb.log")); using database shardforge"
  DB=shardforge
fi

is_pending() { [ -f "$PENDING" ] && grep -qE "^$1([[:space:]]|$)" "$PENDING"; }

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$SPECDIR"/*.spec; do names+=("$(basename "$f" .spec)"); done
fi

pass=0; fail=0; pend=0
for n in "${names[@]}"; do
  res=$OUT/results/$n.out
  note=
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" 2>/dev/null; PID=
    start_node || { echo "isolation: shardforge did not restart"; }
  fi
  fresh_db || true
  timeout -k 5 "$SPEC_TIMEOUT" $PY "$RUNNER" \
    "host=127.0.0.1 port=$SQL_PORT user=shardforge dbname=$DB connect_timeout=10" \
    "$SPECDIR/$n.spec" >"$res" 2>&1
  rc=$?
  [ $rc -eq 124 ] || [ $rc -eq 137 ] && note=" (timed out after ${SPEC_TIMEOUT}s)"
  if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then
    note="$note (server exited)"
  fi
  if [ -z "$note" ] && diff -q "$EXPDIR/$n.out" "$res" >/dev/null 2>&1; then
    rm -f "$OUT/results/$n.diff"
    if is_pending "$n"; then
      echo "isolation $n ... ok (listed in pending.txt: remove it)"
    else
      echo "isolation $n ... ok"
    fi
    pass=$((pass + 1))
  else
    diff -u "$EXPDIR/$n.out" "$res" >"$OUT/results/$n.diff" 2>&1
    if is_pending "$n"; then
      echo "isolation $n ... pending$note"
      pend=$((pend + 1))
    else
      echo "isolation $n ... FAILED$note"
      fail=$((fail + 1))
    fi
  fi
done

stop_node
echo "isolation: results and diffs in $OUT/results ($pend pending)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
