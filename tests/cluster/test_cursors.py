"""psycopg 3 named (server-side) cursors with scrollable=True / withhold=True
and scroll(mode='absolute'/'relative'), against a real node and against
PostgreSQL 15 (the `postgres` fixture): the same steps must give the same
rows and the same errors on both."""
import psycopg
import pytest
from psycopg import errors as pgerr

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(180):
        yield


SETUP = ["DROP TABLE IF EXISTS cur_t",
         "CREATE TABLE cur_t (a int PRIMARY KEY, b text)",
         "INSERT INTO cur_t SELECT g, 'r' || g FROM generate_series(1, 20) g"]


def make_table(conn):
    with conn.cursor() as cur:
        for q in SETUP:
            cur.execute(q)
    conn.commit()


def attempt(log, what, fn):
    """Run one step, logging its result or its error's SQLSTATE."""
    try:
        log.append((what, fn()))
    except psycopg.Error as ex:
        log.append((what, "error", ex.sqlstate))
        return False
    return True


def scroll_steps(conn):
    log = []
    make_table(conn)
    with conn.cursor(name="sc", scrollable=True) as cur:
        cur.execute("SELECT a, b FROM cur_t ORDER BY a")
        attempt(log, "fetchmany 3", lambda: cur.fetchmany(3))
        attempt(log, "abs 0", lambda: (cur.scroll(0, mode="absolute"), cur.fetchone()))
        attempt(log, "abs 10", lambda: (cur.scroll(10, mode="absolute"), cur.fetchone()))
        attempt(log, "rel -5", lambda: (cur.scroll(-5), cur.fetchone()))
        attempt(log, "rel 3", lambda: (cur.scroll(3, mode="relative"), cur.fetchmany(2)))
        attempt(log, "abs 19", lambda: (cur.scroll(19, mode="absolute"), cur.fetchall()))
        attempt(log, "rel -20", lambda: (cur.scroll(-20), cur.fetchone()))
        attempt(log, "abs 5 again", lambda: (cur.scroll(5, mode="absolute"), cur.fetchone()))
        attempt(log, "rownumber", lambda: cur.rownumber)
    conn.rollback()
    with conn.cursor(name="ns", scrollable=False) as cur:
        cur.execute("SELECT a FROM cur_t ORDER BY a")
        attempt(log, "ns fetch", lambda: cur.fetchmany(4))
        attempt(log, "ns forward", lambda: (cur.scroll(2), cur.fetchone()))
        attempt(log, "ns backward", lambda: (cur.scroll(-2), cur.fetchone()))
    conn.rollback()
    return log


def hold_steps(conn):
    log = []
    make_table(conn)
    cur = conn.cursor(name="hc", scrollable=True, withhold=True)
    cur.execute("SELECT a, b FROM cur_t WHERE a <= 8 ORDER BY a")
    attempt(log, "before commit", lambda: cur.fetchmany(2))
    conn.commit()
    attempt(log, "after commit", lambda: cur.fetchmany(2))
    with conn.cursor() as other:
        other.execute("UPDATE cur_t SET b = 'changed' WHERE a = 6")
    conn.commit()
    attempt(log, "snapshot", lambda: cur.fetchall())
    attempt(log, "abs 2", lambda: (cur.scroll(2, mode="absolute"), cur.fetchone()))
    conn.rollback()
    attempt(log, "after rollback", lambda: (cur.scroll(-1), cur.fetchone()))
    with conn.cursor() as q:
        q.execute("SELECT name, is_holdable, is_scrollable FROM pg_cursors ORDER BY name")
        log.append(("pg_cursors", q.fetchall()))
    conn.commit()
    cur.close()
    with conn.cursor() as q:
        q.execute("SELECT count(*) FROM pg_cursors")
        log.append(("closed", q.fetchall()))
    conn.commit()
    # a WITH HOLD cursor on an autocommit connection (no transaction block)
    conn.autocommit = True
    cur = conn.cursor(name="ac", withhold=True)
    cur.execute("SELECT a FROM cur_t ORDER BY a")
    attempt(log, "autocommit", lambda: cur.fetchmany(3))
    attempt(log, "autocommit rel", lambda: (cur.scroll(2), cur.fetchone()))
    cur.close()
    # without hold on an autocommit connection: 25P01
    cur = conn.cursor(name="nohold")
    ok = attempt(log, "no hold", lambda: cur.execute("SELECT 1") and None)
    if ok:
        cur.close()
    conn.autocommit = False
    # a NO SCROLL WITH HOLD cursor refuses to move backward after COMMIT
    cur = conn.cursor(name="nh", scrollable=False, withhold=True)
    cur.execute("SELECT a FROM cur_t ORDER BY a")
    attempt(log, "nh fetch", lambda: cur.fetchmany(3))
    conn.commit()
    attempt(log, "nh next", lambda: cur.fetchone())
    attempt(log, "nh back", lambda: (cur.scroll(-1), cur.fetchone()))
    conn.rollback()
    try:
        cur.close()
    except psycopg.Error:
        conn.rollback()
    with conn.cursor() as c:
        c.execute("DROP TABLE cur_t")
    conn.commit()
    return log


@pytest.mark.parametrize("steps", [scroll_steps, hold_steps])
def test_named_cursors_match_postgres(running, postgres, steps):
    with psycopg.connect(running.dsn()) as sf, psycopg.connect(postgres["dsn"]) as pg:
        got = steps(sf)
        want = steps(pg)
    assert got == want


def test_scroll_errors(running):
    with psycopg.connect(running.dsn()) as conn:
        make_table(conn)
        with conn.cursor(name="e1", scrollable=False) as cur:
            cur.execute("SELECT a FROM cur_t ORDER BY a")
            cur.fetchmany(2)
            with pytest.raises(pgerr.ObjectNotInPrerequisiteState) as ei:
                cur.scroll(-1)
            assert "cursor can only scan forward" in str(ei.value)
        conn.rollback()
        with pytest.raises(pgerr.FeatureNotSupported):
            with conn.cursor(name="e2", scrollable=True) as cur:
                cur.execute("SELECT a FROM cur_t FOR UPDATE")
        conn.rollback()
