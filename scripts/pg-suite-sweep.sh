#!/usr/bin/env bash
# pg-suite-sweep.sh — run PostgreSQL 15's own regression scripts
# (src/test/regress of its source) against a fresh ShardForge node, as
# pg_regress would (psql -X -a -q, PGTZ=America/Los_Angeles, DateStyle Postgres/MDY,
# IntervalStyle postgres_verbose, a
# fresh database per script with test_setup.sql loaded first, its COPY ...
# FROM files read through \copy), and print per script: expected lines,
# differing lines, match %. A measure of compatibility, not a test: many
# scripts need features ShardForge does not have (PL/pgSQL, inheritance,
# geometric types...) or objects earlier scripts of PostgreSQL's schedule
# create.
#   scripts/pg-suite-sweep.sh BUILD_DIR [SCRIPT...]   (default: every script
#   of parallel_schedule)
# env PGREG: PostgreSQL 15's src/test/regress (required); RES: results
# directory (default /tmp/sf-pgsuite; per script NAME.out and NAME.diff).
# The source of the installed postgresql-15: with a deb-src line for the
# Debian mirror in /etc/apt/sources.list.d, `apt-get source --download-only
# postgresql-15=<version>` and unpack src/test/regress from the tarball.
set -u
cd "$(dirname "$0")/.."
BUILD=$(realpath "${1:?usage: pg-suite-sweep.sh BUILD_DIR [SCRIPT...]}"); shift
REG=${PGREG:?set PGREG to PostgreSQL 15 source src/test/regress}
RES=${RES:-/tmp/sf-pgsuite}
mkdir -p "$RES"
BIN=$BUILD/shardforge PY=/usr/bin/python3 OUT=$RES
. scripts/node-lib.sh
node_boot pgsuite || exit 1
export PG_ABS_SRCDIR=$REG PG_ABS_BUILDDIR=$RES PG_LIBDIR=/nonexistent PG_DLSUFFIX=.so
# as pg_regress.c of 15.18 (tzdata 2024b made PST8PDT a link to
# America/Los_Angeles): its TZ, DateStyle and PGOPTIONS intervalstyle
export PGTZ=America/Los_Angeles PGDATESTYLE="Postgres, MDY" LC_MESSAGES=C PGAPPNAME=pg_regress
export PGOPTIONS="${PGOPTIONS:-} -c intervalstyle=postgres_verbose"
mkdir -p "$RES/results"
/usr/bin/python3 - "$REG" > "$RES/setup.sql" <<'PYEOF'
import re, sys
reg = sys.argv[1]
fn = None
for line in open(reg + "/sql/test_setup.sql"):
    m = re.match(r"\\set filename :abs_srcdir '([^']*)'", line)
    if m:
        fn = reg + m.group(1)
    m = re.match(r"COPY (\w+) FROM :'filename';", line)
    if m and fn:
        line = "\\copy %s from '%s'\n" % (m.group(1), fn)
    sys.stdout.write(line)
PYEOF
if [ $# -eq 0 ]; then
  set -- $(grep -E '^test:' "$REG/parallel_schedule" | sed 's/^test: //' | tr ' ' '\n' |
           grep -v -E '^(test_setup|tablespace|)$')
fi
for t in "$@"; do
  db=r_$t
  psql -X -q -d shardforge -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
    >"$RES/$t.create" 2>&1
  psql -X -a -q -d "$db" -v HIDE_TABLEAM=on -v HIDE_TOAST_COMPRESSION=on \
    <"$RES/setup.sql" >"$RES/$t.setup.out" 2>&1
  timeout 300 psql -X -a -q -d "$db" -v HIDE_TABLEAM=on \
    -v HIDE_TOAST_COMPRESSION=on <"$REG/sql/$t.sql" >"$RES/$t.out" 2>&1
  rc=$?
  exp=$REG/expected/$t.out
  diff -U3 "$exp" "$RES/$t.out" >"$RES/$t.diff"
  total=$(wc -l <"$exp")
  bad=$(diff "$exp" "$RES/$t.out" | grep -c '^<')
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "$t: SERVER DIED"; tail -n 20 "$OUT/node.stderr"; start_node
  fi
  printf "%-24s %6d %6d %5.1f%% rc=%d\n" "$t" "$total" "$bad" \
    "$(echo "scale=1; 100*($total-$bad)/$total" | bc)" "$rc"
done
