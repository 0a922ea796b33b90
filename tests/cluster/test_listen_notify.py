"""LISTEN / NOTIFY between sessions, as drivers use them: psycopg2's
poll()/notifies on an idle connection (the notification must arrive without
the listener sending anything), psycopg 3's notifies() generator, delivery
at commit only, folding of duplicates, and other databases kept apart."""
import select
import threading
import time

import psycopg
import psycopg2
import psycopg2.extensions
import pytest

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def listener(node, dbname="shardforge"):
    c = psycopg2.connect(node.dsn(dbname=dbname))
    c.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
    return c


def wait_notifies(conn, n, timeout=10.0):
    """Wait on the idle socket, as psycopg2's documentation shows."""
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < n and time.monotonic() < deadline:
        if select.select([conn], [], [], max(0.0, deadline - time.monotonic())) == ([], [], []):
            break
        conn.poll()
        while conn.notifies:
            got.append(conn.notifies.pop(0))
    return got


def test_idle_listener_gets_notifications_at_commit(running):
    a = listener(running)
    a.cursor().execute("LISTEN jobs")
    with psycopg.connect(running.dsn(), autocommit=True) as b:
        pid_b = b.execute("SELECT pg_backend_pid()").fetchone()[0]
        b.execute("NOTIFY jobs, 'one'")
        got = wait_notifies(a, 1)
        assert [(n.channel, n.payload, n.pid) for n in got] == [("jobs", "one", pid_b)]
        # Inside a transaction: nothing until COMMIT; duplicates folded; a
        # rolled-back NOTIFY is never sent.
        with b.transaction():
            b.execute("NOTIFY jobs, 'two'")
            b.execute("SELECT pg_notify('jobs', 'two')")
            b.execute("SELECT pg_notify('jobs', 'three')")
            assert wait_notifies(a, 1, timeout=0.5) == []
        got = wait_notifies(a, 2)
        assert [n.payload for n in got] == ["two", "three"]
        b.execute("BEGIN")
        b.execute("NOTIFY jobs, 'never'")
        b.execute("ROLLBACK")
        b.execute("NOTIFY other, 'not listened'")
        b.execute("NOTIFY jobs, 'last'")
        assert [n.payload for n in wait_notifies(a, 1)] == ["last"]
    a.cursor().execute("UNLISTEN jobs")
    with psycopg.connect(running.dsn(), autocommit=True) as b:
        b.execute("NOTIFY jobs, 'after unlisten'")
    assert wait_notifies(a, 1, timeout=0.5) == []
    a.close()


def test_listener_in_a_transaction_gets_them_after_it(running):
    a = listener(running)
    cur = a.cursor()
    cur.execute("LISTEN q")
    cur.execute("BEGIN")
    with psycopg.connect(running.dsn(), autocommit=True) as b:
        b.execute("NOTIFY q, 'x'")
    cur.execute("SELECT 1")
    a.poll()
    assert a.notifies == []  # not delivered inside the listener's transaction
    cur.execute("COMMIT")
    assert [n.payload for n in a.notifies] == ["x"]
    a.close()


def test_psycopg3_notifies_generator_and_databases_apart(running):
    with psycopg.connect(running.dsn(), autocommit=True) as c:
        c.execute("CREATE DATABASE other_db")
    other = listener(running, dbname="other_db")
    other.cursor().execute("LISTEN ev")
    got = []
    with psycopg.connect(running.dsn(), autocommit=True) as a:
        a.execute("LISTEN ev")

        def send():
            time.sleep(0.3)
            with psycopg.connect(running.dsn(), autocommit=True) as b:
                for i in range(3):
                    b.execute("SELECT pg_notify('ev', %s)", (str(i),))

        t = threading.Thread(target=send)
        t.start()
        for n in a.notifies():
            got.append(n.payload)
            if len(got) == 3:
                break
        t.join()
    assert got == ["0", "1", "2"]
    assert wait_notifies(other, 1, timeout=0.5) == []  # another database's channel
    other.close()
