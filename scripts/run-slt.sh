#!/usr/bin/env bash
# run-slt.sh — the sqllogictest suite: tests/slt/corpus (63 files PostgreSQL 15
# passes completely, copied from ../shared/slt with its MANIFEST.tsv) and our
# own tests/slt/own/*.test, run by tests/slt/slt_runner.py against a real node.
#   scripts/run-slt.sh [BUILD_DIR] [FILE_OR_DIR...]
# Prints one line per file (ok | pending | FAILED, with record counts), the
# corpus record figure, and last "N passed, M failed" where each file is one
# test and the corpus record pass rate (>= SLT_MIN_PERCENT, default 95) is
# one more. Files listed in tests/slt/pending.txt may fail without failing
# the suite while they differ. Runner output is kept in $SLT_OUT.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
BUILD=${1:-build}
[ $# -gt 0 ] && shift
BIN=$ROOT/$BUILD/shardforge
[ -x "$BIN" ] || BIN=$BUILD/shardforge
PY=/usr/bin/python3
SLT=$ROOT/tests/slt
PENDING=$SLT/pending.txt
MIN=${SLT_MIN_PERCENT:-95}
OUT=${SLT_OUT:-$(mktemp -d /tmp/sf-slt.XXXXXX)}
mkdir -p "$OUT"

if [ ! -x "$BIN" ]; then
  echo "slt: $BIN is missing: build it first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

. "$ROOT/scripts/node-lib.sh"
node_boot slt || { echo "0 passed, 1 failed"; exit 1; }

paths=("$@")
[ ${#paths[@]} -eq 0 ] && paths=("$SLT/corpus" "$SLT/own")
timeout 1500 $PY "$SLT/slt_runner.py" --host 127.0.0.1 --port "$SQL_PORT" --user shardforge \
  --dbname shardforge --timeout 300 --results "$OUT/results.jsonl" "${paths[@]}" \
  >"$OUT/runner.log" 2>&1
kill -0 "$PID" 2>/dev/null || echo "slt: the node exited during the run (see $OUT/node.stderr)"

# Per file: ok / pending / FAILED; the corpus record rate.
$PY - "$OUT/results.jsonl" "$PENDING" "$SLT" "$MIN" "${#paths[@]}" "$@" <<'PY'
import json, os, sys
res, pending_file, slt, minpct = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
pending = set()
if os.path.exists(pending_file):
    for line in open(pending_file):
        line = line.split("#", 1)[0].strip()
        if line:
            pending.add(line.split()[0])
rows = [json.loads(l) for l in open(res)] if os.path.exists(res) else []
ok = fail = pend = 0
cp = cf = 0
corpus = os.path.join(slt, "corpus") + os.sep
for r in rows:
    path = r["path"]
    rel = os.path.relpath(path, slt)
    bad = r.get("failed", 0) > 0 or r.get("status", "ok") != "ok"
    counts = "records=%d passed=%d failed=%d" % (r.get("records", 0), r.get("passed", 0),
                                                 r.get("failed", 0))
    if path.startswith(corpus):
        cp += r.get("passed", 0)
        cf += r.get("failed", 0)
    if not bad:
        note = " (listed in pending.txt: remove it)" if rel in pending else ""
        print("slt %s ... ok%s (%s)" % (rel, note, counts))
        ok += 1
    elif rel in pending:
        print("slt %s ... pending (%s)" % (rel, counts))
        pend += 1
    else:
        print("slt %s ... FAILED (%s, %s)" % (rel, r.get("status", "ok"), counts))
        fail += 1
if not rows:
    print("slt: the runner reported nothing")
    fail += 1
if cp + cf > 0:
    pct = 100.0 * cp / (cp + cf)
    good = pct >= minpct
    print("slt corpus records: %d passed, %d failed (%.2f%%; at least %.0f%% needed) ... %s"
          % (cp, cf, pct, minpct, "ok" if good else "FAILED"))
    ok, fail = (ok + 1, fail) if good else (ok, fail + 1)
print("%d passed, %d failed" % (ok, fail))
PY
echo "slt: runner output in $OUT/runner.log" >&2
