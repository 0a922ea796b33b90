"""Temporary tables between two real sessions (psycopg 3): a temp table is
invisible to other sessions, shadows a permanent table of its name, and is
dropped when its session ends — also when the client disconnects abruptly
and when the node restarts after a crash. Expected behaviour is
PostgreSQL 15's.
"""
import socket
import time

import pytest
from psycopg import errors as pgerr

from harness import connect, one, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def temp_count(conn, name):
    return one(conn, "SELECT count(*) FROM pg_class WHERE relname = %s", (name,))


def wait_gone(conn, name, timeout=10):
    end = time.monotonic() + timeout
    while temp_count(conn, name) != 0:
        assert time.monotonic() < end, f"temp table {name} still in pg_class"
        time.sleep(0.1)


def test_invisible_to_other_sessions(running):
    with connect(running) as a, connect(running) as b:
        a.execute("CREATE TEMP TABLE secret (x int)")
        a.execute("INSERT INTO secret VALUES (1)")
        assert one(a, "SELECT count(*) FROM secret") == 1
        with pytest.raises(pgerr.UndefinedTable):
            b.execute("SELECT * FROM secret")
        # pg_class lists it (as PostgreSQL's), with relpersistence 't'
        assert one(b, "SELECT relpersistence FROM pg_class WHERE relname = 'secret'") == "t"
        # b may create its own temp table of the same name
        b.execute("CREATE TEMP TABLE secret (y text)")
        b.execute("INSERT INTO secret VALUES ('b')")
        assert one(b, "SELECT y FROM secret") == "b"
        assert one(a, "SELECT x FROM secret") == 1


def test_shadows_permanent_table(running):
    with connect(running) as a, connect(running) as b:
        a.execute("CREATE TABLE shadow (v text)")
        a.execute("INSERT INTO shadow VALUES ('permanent')")
        a.execute("CREATE TEMP TABLE shadow (v text)")
        a.execute("INSERT INTO shadow VALUES ('temp')")
        assert one(a, "SELECT v FROM shadow") == "temp"
        assert one(a, "SELECT v FROM public.shadow") == "permanent"
        assert one(b, "SELECT v FROM shadow") == "permanent"


def test_dropped_at_close(running):
    with connect(running) as a:
        a.execute("CREATE TEMP TABLE bye (x serial PRIMARY KEY)")
        with connect(running) as b:
            assert temp_count(b, "bye") == 1
    with connect(running) as b:
        wait_gone(b, "bye")
        assert temp_count(b, "bye_pkey") == 0
        assert temp_count(b, "bye_x_seq") == 0


def test_dropped_at_abrupt_disconnect(running):
    a = connect(running)
    a.execute("CREATE TEMP TABLE abrupt (x int)")
    with connect(running) as b:
        assert temp_count(b, "abrupt") == 1
        # no Terminate message: the socket just goes away
        sock = socket.socket(fileno=a.pgconn.socket)
        sock.shutdown(socket.SHUT_RDWR)
        sock.detach()
        wait_gone(b, "abrupt")
    try:
        a.close()
    except Exception:  # noqa: BLE001 - the connection is already broken
        pass


def test_restart_after_crash_leaves_nothing(node):
    node.start()
    a = connect(node)
    a.execute("CREATE TEMP TABLE crash (x int)")
    node.kill()
    try:
        a.close()
    except Exception:  # noqa: BLE001
        pass
    node.start()
    with connect(node) as b:
        assert temp_count(b, "crash") == 0
        assert one(b, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pg_temp_%'") == 0
        with pytest.raises(pgerr.UndefinedTable):
            b.execute("SELECT * FROM crash")
