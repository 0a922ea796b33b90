"""Two sessions at once on the DML features: concurrent INSERT ... ON CONFLICT
of one key (one inserts, the other updates), SELECT ... FOR UPDATE blocking
a writer and re-reading the newest row after the wait, NOWAIT (55P03) and
SKIP LOCKED — PostgreSQL 15's behaviour under READ COMMITTED, checked with
real clients."""
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
        c.execute("CREATE TABLE q (id int PRIMARY KEY, v int)")
        c.execute("INSERT INTO q VALUES (1, 1), (2, 2), (3, 3)")
    return running


def in_thread(fn):
    box = {}

    def run():
        try:
            box["result"] = fn()
        except psycopg.Error as e:
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


UPSERT = ("INSERT INTO q VALUES (10, 1) ON CONFLICT (id) DO UPDATE SET v = q.v + excluded.v "
          "RETURNING v")


def test_concurrent_upserts_one_inserts_one_updates(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        assert a.execute(UPSERT).fetchone() == (1,)
        t, box = in_thread(lambda: b.execute(UPSERT).fetchone())
        time.sleep(0.5)
        assert t.is_alive(), f"the second upsert did not wait: {box}"
        a.execute("COMMIT")
        t.join(10)
        assert not t.is_alive()
        assert box == {"result": (2,)}
        assert a.execute("SELECT v FROM q WHERE id = 10").fetchone() == (2,)


def test_many_concurrent_upserts(table):
    n = 4

    def worker():
        with conn(table) as c:
            for _ in range(10):
                c.execute("INSERT INTO q VALUES (20, 1) ON CONFLICT (id) DO UPDATE "
                          "SET v = q.v + 1")
        return True

    threads = [in_thread(worker) for _ in range(n)]
    for t, _ in threads:
        t.join(60)
    assert all(box == {"result": True} for _, box in threads), threads
    with conn(table) as c:
        assert c.execute("SELECT v FROM q WHERE id = 20").fetchone() == (n * 10,)


def test_upsert_do_nothing_waits_then_skips(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        a.execute("INSERT INTO q VALUES (30, 1)")
        t, box = in_thread(lambda: b.execute(
            "INSERT INTO q VALUES (30, 2) ON CONFLICT DO NOTHING").rowcount)
        time.sleep(0.5)
        assert t.is_alive()
        a.execute("COMMIT")
        t.join(10)
        assert box == {"result": 0}
        assert a.execute("SELECT v FROM q WHERE id = 30").fetchone() == (1,)


def test_for_update_blocks_writer_and_rereads(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        assert a.execute("SELECT v FROM q WHERE id = 1 FOR UPDATE").fetchone() == (1,)
        t, box = in_thread(lambda: b.execute(
            "UPDATE q SET v = v + 100 WHERE id = 1 RETURNING v").fetchone())
        time.sleep(0.5)
        assert t.is_alive(), f"UPDATE did not wait for FOR UPDATE: {box}"
        a.execute("COMMIT")
        t.join(10)
        assert box == {"result": (101,)}
        # the reverse: FOR UPDATE waits for a writer and sees its commit
        b.execute("BEGIN")
        b.execute("UPDATE q SET v = 5 WHERE id = 2")
        t, box = in_thread(lambda: a.execute(
            "SELECT id, v FROM q WHERE v < 10 ORDER BY id FOR UPDATE").fetchall())
        time.sleep(0.5)
        assert t.is_alive()
        b.execute("COMMIT")
        t.join(10)
        assert box == {"result": [(2, 5), (3, 3)]}


def test_for_update_recheck_drops_row(table):
    with conn(table) as a, conn(table) as b:
        b.execute("BEGIN")
        b.execute("UPDATE q SET v = 50 WHERE id = 3")
        t, box = in_thread(lambda: a.execute(
            "SELECT id FROM q WHERE v < 10 ORDER BY id FOR SHARE").fetchall())
        time.sleep(0.5)
        b.execute("COMMIT")
        t.join(10)
        assert box == {"result": [(1,), (2,)]}


def test_nowait(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        a.execute("SELECT * FROM q WHERE id = 2 FOR UPDATE")
        start = time.monotonic()
        with pytest.raises(pgerr.LockNotAvailable) as ei:
            b.execute("SELECT * FROM q WHERE id = 2 FOR UPDATE NOWAIT")
        assert time.monotonic() - start < 5
        assert 'could not obtain lock on row in relation "q"' in str(ei.value)
        # unlocked rows are fine
        assert b.execute("SELECT id FROM q WHERE id = 1 FOR UPDATE NOWAIT").fetchall() == [(1,)]
        a.execute("COMMIT")


def test_skip_locked_queue(table):
    with conn(table) as a, conn(table) as b:
        a.execute("BEGIN")
        assert a.execute("SELECT id FROM q ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
                         ).fetchall() == [(1,)]
        b.execute("BEGIN")
        assert b.execute("SELECT id FROM q ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
                         ).fetchall() == [(2,)]
        assert b.execute("SELECT id FROM q ORDER BY id FOR UPDATE SKIP LOCKED"
                         ).fetchall() == [(2,), (3,)]
        # the transaction is still usable after skipping
        assert b.execute("UPDATE q SET v = 0 WHERE id = 3").rowcount == 1
        b.execute("COMMIT")
        a.execute("COMMIT")
