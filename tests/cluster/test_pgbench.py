"""pgbench acceptance: the TPC-B-like workload PostgreSQL ships, run by the
real pgbench against a real node.

`pgbench -i -s 1` with the default steps (drop, create, client-side COPY,
vacuum, primary keys), then 4 clients on 2 threads in each query mode
(simple, extended, prepared) and the select-only script. Every run must end
with zero failed transactions, and afterwards the TPC-B invariant must hold:
what the accounts, tellers and branches hold is exactly the sum of the
history deltas.
"""
import re
import shutil
import subprocess

import psycopg
import pytest

from harness import pg_env, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(300):
        yield

PGBENCH = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"
SECONDS = 6


def pgbench(node, *args, timeout=120):
    return subprocess.run([PGBENCH, "-h", "127.0.0.1", "-p", str(node.sql_port), "-U",
                           "shardforge", *args, "shardforge"], capture_output=True, text=True,
                          timeout=timeout, env=pg_env())


def processed(out):
    m = re.search(r"number of transactions actually processed: (\d+)", out)
    return int(m.group(1)) if m else None


def failed(out):
    m = re.search(r"number of failed transactions: (\d+)", out)
    return int(m.group(1)) if m else None


def sums(node):
    with psycopg.connect(node.dsn()) as conn:
        return conn.execute(
            "SELECT (SELECT sum(abalance) FROM pgbench_accounts),"
            " (SELECT sum(tbalance) FROM pgbench_tellers),"
            " (SELECT sum(bbalance) FROM pgbench_branches),"
            " (SELECT sum(delta) FROM pgbench_history),"
            " (SELECT count(*) FROM pgbench_accounts),"
            " (SELECT count(*) FROM pgbench_history)").fetchone()


@pytest.fixture
def initialised(running):
    r = pgbench(running, "-i", "-s", "1", "-q")
    assert r.returncode == 0, r.stderr
    assert "done in" in r.stderr, r.stderr
    yield running


def test_init_loads_scale_1(initialised):
    a, t, b, h, naccounts, nhistory = sums(initialised)
    assert (a, t, b, h) == (0, 0, 0, None)
    assert (naccounts, nhistory) == (100000, 0)
    with psycopg.connect(initialised.dsn()) as conn:
        n = conn.execute("SELECT (SELECT count(*) FROM pgbench_branches),"
                         " (SELECT count(*) FROM pgbench_tellers)").fetchone()
        assert n == (1, 10)


def test_tpcb_all_query_modes_keep_invariant(initialised):
    total = 0
    for mode in ("simple", "extended", "prepared"):
        r = pgbench(initialised, "-c", "4", "-j", "2", "-T", str(SECONDS), "-M", mode,
                    "--no-vacuum")
        out = r.stdout + r.stderr
        assert r.returncode == 0, f"-M {mode}: {out}"
        assert failed(r.stdout) == 0, f"-M {mode}: {out}"
        n = processed(r.stdout)
        assert n is not None and n > 0, f"-M {mode}: {out}"
        total += n
    a, t, b, h, naccounts, nhistory = sums(initialised)
    assert nhistory == total
    assert naccounts == 100000
    assert a == t == b == h, (a, t, b, h)


def test_select_only(initialised):
    r = pgbench(initialised, "-S", "-c", "4", "-j", "2", "-T", str(SECONDS), "-M", "prepared",
                "--no-vacuum")
    assert r.returncode == 0, r.stdout + r.stderr
    assert failed(r.stdout) == 0 and processed(r.stdout) > 0, r.stdout
    a, t, b, h, _, nhistory = sums(initialised)
    assert nhistory == 0 and a == t == b == 0
