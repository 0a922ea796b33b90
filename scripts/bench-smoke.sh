#!/usr/bin/env bash
# bench-smoke.sh — smoke-run every benchmark with tiny sizes (not a measurement).
#   scripts/bench-smoke.sh            uses $BUILD (default: build)
# For each benchmark: run it with its smoke flags under a time limit, check
# that it exits 0 and that its last line has the benchmark's result format.
# Prints one line per benchmark (`<name>: ok | <last line>` or
# `<name>: FAILED ...` followed by the tail of its output); exits 0 when all
# passed, 1 otherwise. Benchmarks are not tests (DESIGN.md §11): only that
# they run and report is checked, never the numbers.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-300}

# name | arguments | extended regex the last line must match
BENCHMARKS=(
  "kvbench|--smoke|^ratio write=[0-9]+\.[0-9]{2} read=[0-9]+\.[0-9]{2}$"
  "pgbench-vs-postgres.sh|--smoke|^ratio tpcb=[0-9]+\.[0-9]{2} select=[0-9]+\.[0-9]{2} load=[0-9]+\.[0-9]{2}$"
)

failed=0
for entry in "${BENCHMARKS[@]}"; do
  IFS='|' read -r name args pattern <<<"$entry"
  bin="$BUILD/$name"
  case "$name" in *.sh) bin="bench/$name"; args="$args $BUILD" ;; esac
  if [ ! -x "$bin" ]; then
    echo "$name: FAILED (no executable $bin; build first)"
    failed=1
    continue
  fi
  # word splitting of $args is intended: it is a flag list
  # shellcheck disable=SC2086
  out=$(timeout "$BENCH_TIMEOUT" "$bin" $args 2>&1)
  rc=$?
  last=$(printf '%s\n' "$out" | tail -n 1)
  if [ $rc -eq 0 ] && grep -Eq "$pattern" <<<"$last"; then
    echo "$name: ok | $last"
  else
    if [ $rc -eq 124 ]; then
      why="timed out after ${BENCH_TIMEOUT}s"
    elif [ $rc -ne 0 ]; then
      why="exit $rc"
    else
      why="last line does not match /$pattern/"
    fi
    printf '%s\n' "$out" | tail -n 25 | sed 's/^/    /'
    echo "$name: FAILED ($why)"
    failed=1
  fi
done
exit $failed
