"""Statements whose shape, not their data, is the attack: deep nesting and
long chains. Each must end in a result or a clean error (PostgreSQL's 54001
"stack depth limit exceeded", 57014 on statement_timeout, a syntax error),
never a crashed server or a statement that runs past its timeout; and the
node must go on serving afterwards.
"""
import time

import psycopg
import pytest

from harness import connect, one, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(180):
        yield


def with_chain(n):
    """WITH c0 AS (SELECT 1), c1 AS (SELECT * FROM c0), ... SELECT * FROM c{n-1}"""
    parts = ["c0 AS (SELECT 1 AS x)"]
    parts += [f"c{i} AS (SELECT * FROM c{i - 1})" for i in range(1, n)]
    return "WITH " + ", ".join(parts) + f" SELECT * FROM c{n - 1}"


SHAPES = {
    # the binder recursed once per WITH reference with no stack check: the
    # session thread's stack overflowed and the whole node died
    "with_chain": with_chain(3000),
    "nested_subqueries": "SELECT " + "(SELECT " * 2000 + "1" + ")" * 2000,
    "nested_derived_tables": "SELECT * FROM " + "(SELECT * FROM " * 1500 + "(SELECT 1) s"
                             + ") s" * 1500,
    "nested_parens": "SELECT " + "(" * 20000 + "1" + ")" * 20000,
    "plus_chain": "SELECT " + "+".join(["1"] * 20000),
    "nested_case": "SELECT " + "CASE WHEN true THEN " * 2000 + "1" + " END" * 2000,
    "nested_calls": "SELECT " + "abs(" * 2000 + "1" + ")" * 2000,
    "nested_arrays": "SELECT " + "ARRAY[" * 2000 + "1" + "]" * 2000,
    "nested_jsonb": "SELECT '" + "[" * 20000 + "]" * 20000 + "'::jsonb",
    "union_chain": " UNION ALL ".join(["SELECT 1"] * 3000),
    # record output doubles the quotes of every nested level: 2^200 bytes
    # grew until the kernel killed the node (PostgreSQL stops at 1 GB, 54000)
    "nested_rows": "SELECT " + "ROW(" * 200 + "1" + ")" * 200,
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_deep_statement_fails_cleanly_or_runs(running, name):
    with connect(running) as c:
        try:
            c.execute(SHAPES[name]).fetchall()
        except (psycopg.errors.StatementTooComplex, psycopg.errors.SyntaxError,
                psycopg.errors.ProgramLimitExceeded):
            pass
    with connect(running) as c:
        assert one(c, "SELECT 1") == 1, f"{name}: the node stopped serving"


def test_with_chain_at_modest_depth_still_runs(running):
    with connect(running) as c:
        assert c.execute(with_chain(100)).fetchall() == [(1,)]


def test_exponential_with_planning_honours_statement_timeout(running):
    # every WITH query reads the one before twice; each reference is planned
    # as a subquery, so planning alone takes 2^n steps
    parts = ["c0 AS (SELECT 1 AS x)"]
    parts += [f"c{i} AS (SELECT a.x FROM c{i - 1} a, c{i - 1} b)" for i in range(1, 40)]
    q = "WITH " + ", ".join(parts) + " SELECT count(*) FROM c39"
    with connect(running) as c:
        c.execute("SET statement_timeout = '1s'")
        t0 = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled):
            c.execute(q)
        assert time.monotonic() - t0 < 30
        assert one(c, "SELECT 1") == 1
