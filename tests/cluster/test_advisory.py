"""Advisory locks between two real sessions (psycopg 3): blocking, try and
transaction-level variants, shared locks, release at disconnect, timeouts,
cancel and deadlock detection. Every wait is bounded. Expected behaviour is
PostgreSQL 15's (the lock table is node-local in ShardForge).
"""
import threading
import time

import pytest
from psycopg import errors as pgerr

from harness import connect, one, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def run_bg(fn):
    """Run fn in a thread; returns (thread, box) where box gets result/error."""
    box = {}

    def body():
        try:
            box["result"] = fn()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            box["error"] = exc
        box["done"] = time.monotonic()

    t = threading.Thread(target=body, daemon=True)
    t.start()
    return t, box


def test_blocking_lock_waits_for_unlock(running):
    with connect(running) as a, connect(running) as b:
        a.execute("SELECT pg_advisory_lock(42)")
        a.execute("SELECT pg_advisory_lock(42)")  # reentrant: counted
        assert one(b, "SELECT pg_try_advisory_lock(42)") is False
        t, box = run_bg(lambda: b.execute("SELECT pg_advisory_lock(42)").fetchone())
        time.sleep(0.3)
        assert "done" not in box
        assert one(a, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                      "AND NOT granted") == 1
        assert one(a, "SELECT pg_advisory_unlock(42)") is True
        time.sleep(0.2)
        assert "done" not in box  # still held once
        released = time.monotonic()
        assert one(a, "SELECT pg_advisory_unlock(42)") is True
        t.join(10)
        assert "error" not in box and box["done"] >= released
        assert one(a, "SELECT pg_try_advisory_lock(42)") is False
        assert one(b, "SELECT pg_advisory_unlock(42)") is True
        assert one(a, "SELECT pg_try_advisory_lock(42)") is True


def test_int_pair_and_shared(running):
    with connect(running) as a, connect(running) as b:
        a.execute("SELECT pg_advisory_lock_shared(1, 2)")
        assert one(b, "SELECT pg_try_advisory_lock_shared(1, 2)") is True
        assert one(b, "SELECT pg_try_advisory_lock(1, 2)") is False
        # the bigint key space is distinct from the (int, int) one
        assert one(b, "SELECT pg_try_advisory_lock((1::bigint << 32) | 2)") is True
        assert one(a, "SELECT pg_advisory_unlock_shared(1, 2)") is True
        assert one(b, "SELECT pg_try_advisory_lock(1, 2)") is True


def test_xact_lock_released_at_commit_and_rollback(running):
    with connect(running) as a, connect(running) as b:
        for end in ("COMMIT", "ROLLBACK"):
            a.execute("BEGIN")
            a.execute("SELECT pg_advisory_xact_lock(7)")
            assert one(b, "SELECT pg_try_advisory_xact_lock(7)") is False
            a.execute(end)
            assert one(b, "SELECT pg_try_advisory_xact_lock(7)") is True
        # an implicit transaction releases at the end of its statement
        a.execute("SELECT pg_advisory_xact_lock(8)")
        assert one(b, "SELECT pg_try_advisory_lock(8)") is True
        # a failed block releases at the error
        b.execute("SELECT pg_advisory_unlock_all()")
        a.execute("BEGIN")
        a.execute("SELECT pg_advisory_xact_lock(9)")
        with pytest.raises(pgerr.DivisionByZero):
            a.execute("SELECT 1/0")
        assert one(b, "SELECT pg_try_advisory_lock(9)") is True
        a.execute("ROLLBACK")


def test_released_at_disconnect(running):
    with connect(running) as b:
        a = connect(running)
        a.execute("SELECT pg_advisory_lock(5)")
        a.execute("SELECT pg_advisory_lock_shared(6)")
        t, box = run_bg(lambda: b.execute("SELECT pg_advisory_lock(5)").fetchone())
        time.sleep(0.2)
        assert "done" not in box
        a.close()
        t.join(10)
        assert "error" not in box and "done" in box
        assert one(b, "SELECT pg_try_advisory_lock(6)") is True


def test_timeouts_and_cancel(running):
    with connect(running) as a, connect(running) as b:
        a.execute("SELECT pg_advisory_lock(11)")
        b.execute("SET lock_timeout = '200ms'")
        t0 = time.monotonic()
        with pytest.raises(pgerr.LockNotAvailable) as ei:
            b.execute("SELECT pg_advisory_lock(11)")
        assert ei.value.sqlstate == "55P03"
        assert "canceling statement due to lock timeout" in str(ei.value)
        assert time.monotonic() - t0 < 5
        b.execute("SET lock_timeout = 0")
        b.execute("SET statement_timeout = '200ms'")
        with pytest.raises(pgerr.QueryCanceled) as ei:
            b.execute("SELECT pg_advisory_lock(11)")
        assert "statement timeout" in str(ei.value)
        b.execute("SET statement_timeout = 0")
        t, box = run_bg(lambda: b.execute("SELECT pg_advisory_lock(11)").fetchone())
        time.sleep(0.3)
        b.cancel()
        t.join(10)
        assert isinstance(box.get("error"), pgerr.QueryCanceled)
        assert one(b, "SELECT count(*) FROM pg_locks WHERE NOT granted") == 0


def test_deadlock_detected(running):
    with connect(running) as a, connect(running) as b:
        a.execute("SELECT pg_advisory_lock(21)")
        b.execute("SELECT pg_advisory_lock(22)")
        t, box = run_bg(lambda: a.execute("SELECT pg_advisory_lock(22)").fetchone())
        time.sleep(0.3)
        with pytest.raises(pgerr.DeadlockDetected) as ei:
            b.execute("SELECT pg_advisory_lock(21)")
        assert ei.value.sqlstate == "40P01"
        assert "advisory lock" in (ei.value.diag.message_detail or "")
        b.execute("SELECT pg_advisory_unlock(22)")
        t.join(10)
        assert "error" not in box and "done" in box
