#!/usr/bin/env bash
# run-tests.sh — run ShardForge's test suites and sum them up.
#   scripts/run-tests.sh [all|unit|asan|integration|regress|isolation|slt|bench|fuzz]...
# Each suite prints its own lines; the last line is `N passed, M failed` over
# every suite run. Exit status is non-zero when anything failed.
set -uo pipefail

cd "$(dirname "$0")/.."
PY=/usr/bin/python3
BUILD=${BUILD:-build}
ASAN=${ASAN:-build-asan}
FUZZ=${FUZZ:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

TOTAL_PASS=0
TOTAL_FAIL=0
declare -a SUMMARY=()

add() { # suite pass fail
  TOTAL_PASS=$((TOTAL_PASS + $2))
  TOTAL_FAIL=$((TOTAL_FAIL + $3))
  SUMMARY+=("$(printf '%-12s %6d passed, %d failed' "$1" "$2" "$3")")
}

# Run every Criterion binary matching $2/unit_* ; suite name $1.
run_criterion() {
  local suite=$1 dir=$2 pass=0 fail=0
  shopt -s nullglob
  local bins=("$dir"/unit_*)
  if [ ${#bins[@]} -eq 0 ]; then
    echo "[$suite] no unit test binaries in $dir" >&2
    add "$suite" 0 1
    return
  fi
  for bin in "${bins[@]}"; do
    [ -x "$bin" ] || continue
    local out rc
    out=$(timeout 600 "$bin" --jobs 2 2>&1); rc=$?
    local synth
    synth=$(printf '%s\n' "$out" | grep -a 'Synthesis:' | tail -n 1)
    if [ -z "$synth" ]; then
      printf '%s\n' "$out" | tail -n 30
      echo "[$suite] $(basename "$bin"): no result (exit $rc)"
      fail=$((fail + 1))
      continue
    fi
    local p f c
    p=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' <<<"$synth")
    f=$(sed -n 's/.*Failing: \([0-9]*\).*/\1/p' <<<"$synth")
    c=$(sed -n 's/.*Crashing: \([0-9]*\).*/\1/p' <<<"$synth")
    pass=$((pass + p)); fail=$((fail + f + c))
    if [ $((f + c)) -gt 0 ] || [ $rc -ne 0 ]; then
      printf '%s\n' "$out" | grep -a -E '\[(FAIL|----)\]|ERROR|runtime error|Sanitizer' | head -n 40
      [ $((f + c)) -eq 0 ] && fail=$((fail + 1))
      echo "[$suite] $(basename "$bin"): $p passed, $((f + c)) failed (exit $rc)"
    else
      echo "[$suite] $(basename "$bin"): $p passed"
    fi
  done
  add "$suite" "$pass" "$fail"
}

run_integration() {
  local out rc
  out=$(timeout 1200 $PY -m pytest -q -p no:cacheprovider tests/cluster 2>&1); rc=$?
  printf '%s\n' "$out" | tail -n 60
  local line pass fail err
  line=$(printf '%s\n' "$out" | grep -E '(passed|failed|error|no tests ran)' | tail -n 1)
  pass=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)
  fail=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || true)
  err=$(grep -oE '[0-9]+ errors?' <<<"$line" | grep -oE '[0-9]+' || true)
  pass=${pass:-0}; fail=$(( ${fail:-0} + ${err:-0} ))
  if [ $rc -ne 0 ] && [ $rc -ne 5 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  add integration "$pass" "$fail"
}

# SQL regression suite (tests/regress, expected output from PostgreSQL 15)
# against a real node of build $1; suite name $2.
run_regress() {
  local build=$1 suite=$2 out line pass fail
  out=$(timeout 1800 scripts/run-regress.sh "$build" 2>&1)
  printf '%s\n' "$out" | sed '$d' | sed "s/^/[$suite] /"
  line=$(printf '%s\n' "$out" | tail -n 1)
  pass=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$line")
  fail=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$line")
  if [ -z "$pass" ]; then pass=0; fail=1; fi
  add "$suite" "$pass" "$fail"
}

# Isolation suite (tests/isolation: PostgreSQL isolationtester specs,
# expected output from PostgreSQL 15) against a real node of build $1: one
# test per spec.
run_isolation() {
  local out line pass fail
  out=$(timeout 600 scripts/run-isolation.sh "$1" 2>&1)
  printf '%s\n' "$out" | sed '$d' | sed "s/^/[isolation] /"
  line=$(printf '%s\n' "$out" | tail -n 1)
  pass=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$line")
  fail=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$line")
  if [ -z "$pass" ]; then pass=0; fail=1; fi
  add isolation "$pass" "$fail"
}

# sqllogictest corpus and our own .test files (tests/slt) against a real
# node of build $1: one test per file plus the corpus record rate.
run_slt() {
  local out line pass fail
  out=$(timeout 1800 scripts/run-slt.sh "$1" 2>&1)
  printf '%s\n' "$out" | grep -v ' \.\.\. ok (' | grep -v '^[0-9]* passed, [0-9]* failed$' | sed "s/^/[slt] /"
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
  pass=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$line")
  fail=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$line")
  if [ -z "$pass" ]; then pass=0; fail=1; fi
  add slt "$pass" "$fail"
}

run_fuzz() {
  local pass=0 fail=0
  shopt -s nullglob
  local bins=("$FUZZ"/fuzz_*)
  for bin in "${bins[@]}"; do
    [ -x "$bin" ] || continue
    local name seeds corpus out rc
    name=$(basename "$bin")
    seeds="tests/fuzz/${name#fuzz_}_seeds"
    corpus=$(mktemp -d)
    [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
    out=$(cd "$corpus" && timeout $((FUZZ_SECONDS + 60)) "$OLDPWD/$bin" -max_total_time="$FUZZ_SECONDS" \
          -rss_limit_mb=2048 -print_final_stats=1 "$corpus" 2>&1); rc=$?
    if [ $rc -eq 0 ]; then
      echo "[fuzz] $name: $(grep -a -oE 'stat::number_of_executed_units: *[0-9]+' <<<"$out" | grep -oE '[0-9]+$') runs, no crash"
      pass=$((pass + 1))
    else
      printf '%s\n' "$out" | tail -n 40
      echo "[fuzz] $name: FAILED (exit $rc)"
      fail=$((fail + 1))
    fi
    rm -rf "$corpus"
  done
  add fuzz "$pass" "$fail"
}

# Benchmarks are smoke-run with tiny sizes (DESIGN.md §11): that they run
# and report, never their numbers.
run_bench() {
  local out pass fail
  out=$(BUILD="$BUILD" scripts/bench-smoke.sh 2>&1)
  printf '%s\n' "$out" | sed 's/^/[bench] /'
  pass=$(grep -c ': ok |' <<<"$out" || true)
  fail=$(grep -c ': FAILED' <<<"$out" || true)
  add bench "$pass" "$fail"
}

suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(all)
for s in "${suites[@]}"; do
  case "$s" in
    all)
      run_criterion unit "$BUILD"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        run_criterion asan "$ASAN"
      run_integration
      run_regress "$BUILD" regress
      run_isolation "$BUILD"
      run_slt "$BUILD"
      run_bench
      run_fuzz ;;
    unit) run_criterion unit "$BUILD" ;;
    asan) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            run_criterion asan "$ASAN" ;;
    integration) run_integration ;;
    regress) run_regress "$BUILD" regress ;;
    isolation) run_isolation "$BUILD" ;;
    slt) run_slt "$BUILD" ;;
    fuzz) run_fuzz ;;
    bench) run_bench ;;
    *) echo "run-tests: unknown suite '$s' (all, unit, asan, integration, regress, isolation, slt, bench, fuzz)" >&2; exit 2 ;;
  esac
done

echo
echo "== summary =="
for l in "${SUMMARY[@]}"; do echo "$l"; done
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" -eq 0 ]
