"""Two sessions at once: row locks, READ COMMITTED re-reading the committed
row, REPEATABLE READ's 40001 on a concurrent update, and deadlock 40P01 —
PostgreSQL 15's behaviour (src/test/isolation), checked with real clients."""
import threading
import time

import psycopg
import pytest
from psycopg import errors as pgerr

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def conn(node):
    return psycopg.connect(node.dsn(), autocommit=True)


@pytest.fixture
def table(running):
    with conn(running) as c:
        c.execute("CREATE TABLE acc (id int PRIMARY KEY, v int)")
        c.execute("INSERT INTO acc VALUES (1, 1), (2, 2)")
    return running


def in_thread(fn):
    """Start fn in a thread; returns (thread, box) where box gets result or error."""
    box = {}

    def run():
        try:
            box["result"] = fn()
        except psycopg.Error as e:
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def test_read_committed_waits_and_sees_commit(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        a.execute("UPDATE acc SET v = v + 1 WHERE id = 1")
        t, box = in_thread(
            lambda: b.execute("UPDATE acc SET v = v * 10 WHERE id = 1 RETURNING v").fetchone())
        time.sleep(0.5)
        assert t.is_alive(), f"UPDATE did not wait for the row lock: {box}"
        # The other row is not locked.
        with conn(table) as c:
            assert c.execute("UPDATE acc SET v = v WHERE id = 2").rowcount == 1
            assert c.execute("SELECT v FROM acc WHERE id = 1").fetchone() == (1,)
        a.execute("COMMIT")
        t.join(10)
        assert not t.is_alive()
        assert box == {"result": (20,)}
        assert a.execute("SELECT v FROM acc WHERE id = 1").fetchone() == (20,)


def test_read_committed_sees_new_snapshot_per_statement(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        assert a.execute("SELECT v FROM acc WHERE id = 2").fetchone() == (2,)
        b.execute("UPDATE acc SET v = 200 WHERE id = 2")
        assert a.execute("SELECT v FROM acc WHERE id = 2").fetchone() == (200,)
        a.execute("COMMIT")


def test_repeatable_read_snapshot_and_40001(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        assert a.execute("SELECT v FROM acc WHERE id = 1").fetchone() == (1,)
        b.execute("UPDATE acc SET v = 100 WHERE id = 1")
        b.execute("INSERT INTO acc VALUES (3, 3)")
        # Still the transaction's snapshot.
        assert a.execute("SELECT v FROM acc WHERE id = 1").fetchone() == (1,)
        assert a.execute("SELECT count(*) FROM acc").fetchone() == (2,)
        with pytest.raises(pgerr.SerializationFailure) as ei:
            a.execute("UPDATE acc SET v = v + 1 WHERE id = 1")
        assert ei.value.sqlstate == "40001"
        assert str(ei.value).startswith("could not serialize access due to concurrent update")
        with pytest.raises(pgerr.InFailedSqlTransaction):
            a.execute("SELECT 1")
        a.execute("ROLLBACK")
        assert a.execute("SELECT v FROM acc WHERE id = 1").fetchone() == (100,)


def test_repeatable_read_waits_then_fails(table):
    with conn(table) as a, conn(table) as b:
        b.execute("BEGIN")
        b.execute("UPDATE acc SET v = 50 WHERE id = 1")
        a.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        assert a.execute("SELECT v FROM acc WHERE id = 2").fetchone() == (2,)
        t, box = in_thread(lambda: a.execute("UPDATE acc SET v = 7 WHERE id = 1"))
        time.sleep(0.5)
        assert t.is_alive(), box
        b.execute("COMMIT")
        t.join(10)
        assert not t.is_alive()
        assert isinstance(box.get("error"), pgerr.SerializationFailure), box
        a.execute("ROLLBACK")


def test_deadlock_detected(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        b.execute("BEGIN")
        a.execute("UPDATE acc SET v = 10 WHERE id = 1")
        b.execute("UPDATE acc SET v = 20 WHERE id = 2")
        ta, boxa = in_thread(lambda: a.execute("UPDATE acc SET v = 11 WHERE id = 2"))
        time.sleep(0.3)
        tb, boxb = in_thread(lambda: b.execute("UPDATE acc SET v = 21 WHERE id = 1"))
        tb.join(20)
        ta.join(20)
        assert not ta.is_alive() and not tb.is_alive()
        errors = [x["error"] for x in (boxa, boxb) if "error" in x]
        assert len(errors) == 1, (boxa, boxb)
        assert isinstance(errors[0], pgerr.DeadlockDetected)
        assert errors[0].sqlstate == "40P01"
        assert str(errors[0]).startswith("deadlock detected")
        winner = a if "error" in boxb else b
        loser = b if winner is a else a
        loser.execute("ROLLBACK")
        winner.execute("COMMIT")
        with conn(table) as c:
            got = c.execute("SELECT v FROM acc ORDER BY id").fetchall()
        assert got in ([(10,), (11,)], [(21,), (20,)])
