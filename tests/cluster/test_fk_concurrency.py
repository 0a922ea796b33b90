"""FOREIGN KEY under concurrency: a parent delete racing a child insert in
two sessions never leaves an orphan (the child insert locks the parent row;
the parent delete sees children committed while it waited)."""
import threading

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
def tables(running):
    with conn(running) as c:
        c.execute("CREATE TABLE p (id int PRIMARY KEY)")
        c.execute("CREATE TABLE ch (id int PRIMARY KEY, pid int REFERENCES p)")
    return running


def orphans(c):
    return c.execute(
        "SELECT count(*) FROM ch WHERE pid IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM p WHERE p.id = ch.pid)").fetchone()[0]


def test_child_insert_first_blocks_parent_delete(tables):
    with conn(tables) as a, conn(tables) as b:
        a.execute("INSERT INTO p VALUES (1)")
        a.execute("BEGIN")
        a.execute("INSERT INTO ch VALUES (1, 1)")
        box = {}

        def delete():
            try:
                b.execute("DELETE FROM p WHERE id = 1")
                box["ok"] = True
            except psycopg.Error as e:
                box["error"] = e

        t = threading.Thread(target=delete, daemon=True)
        t.start()
        t.join(0.5)
        assert t.is_alive(), f"parent DELETE did not wait for the child insert: {box}"
        a.execute("COMMIT")
        t.join(10)
        assert not t.is_alive()
        assert isinstance(box.get("error"), pgerr.ForeignKeyViolation), box
        assert orphans(a) == 0


def test_parent_delete_first_fails_child_insert(tables):
    with conn(tables) as a, conn(tables) as b:
        a.execute("INSERT INTO p VALUES (2)")
        a.execute("BEGIN")
        a.execute("DELETE FROM p WHERE id = 2")
        box = {}

        def insert():
            try:
                b.execute("INSERT INTO ch VALUES (2, 2)")
                box["ok"] = True
            except psycopg.Error as e:
                box["error"] = e

        t = threading.Thread(target=insert, daemon=True)
        t.start()
        t.join(0.5)
        assert t.is_alive(), f"child INSERT did not wait for the parent delete: {box}"
        a.execute("COMMIT")
        t.join(10)
        assert not t.is_alive()
        assert isinstance(box.get("error"), pgerr.ForeignKeyViolation), box
        assert orphans(a) == 0


def test_race_never_leaves_orphans(tables):
    n = 30
    with conn(tables) as c:
        c.execute("INSERT INTO p SELECT generate_series(100, 100 + %d)" % n)
    errors = []

    def deleter():
        with conn(tables) as d:
            for i in range(n):
                try:
                    d.execute("DELETE FROM p WHERE id = %s", (100 + i,))
                except (pgerr.ForeignKeyViolation, pgerr.DeadlockDetected,
                        pgerr.SerializationFailure):
                    pass
                except psycopg.Error as e:
                    errors.append(e)

    def inserter():
        with conn(tables) as d:
            for i in range(n):
                try:
                    d.execute("INSERT INTO ch VALUES (%s, %s)", (1000 + i, 100 + i))
                except (pgerr.ForeignKeyViolation, pgerr.DeadlockDetected,
                        pgerr.SerializationFailure):
                    pass
                except psycopg.Error as e:
                    errors.append(e)

    ts = [threading.Thread(target=deleter, daemon=True),
          threading.Thread(target=inserter, daemon=True)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
        assert not t.is_alive()
    assert errors == []
    with conn(tables) as c:
        assert orphans(c) == 0
