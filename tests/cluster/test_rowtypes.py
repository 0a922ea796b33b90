"""Table row types through psycopg 3: a whole-row value (`SELECT t FROM t`)
goes out with the table's row type oid (pg_class.reltype, a pg_type row of
typtype 'c' whose typrelid is the table), so CompositeInfo.fetch finds it and
the registered loader reads it in text and binary. Expected values are
PostgreSQL 15's.
"""
from decimal import Decimal

import psycopg
import pytest
from psycopg.types.composite import CompositeInfo, register_composite

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def test_table_row_type(running):
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute("CREATE TABLE rt_pt (id int PRIMARY KEY, name text, score numeric(5,2))")
        conn.execute("INSERT INTO rt_pt VALUES (1, 'a b', 1.5), (2, NULL, NULL)")
        reltype, relid = conn.execute(
            "SELECT reltype, oid FROM pg_class WHERE relname = 'rt_pt'").fetchone()
        assert conn.execute("SELECT typtype, typrelid FROM pg_type WHERE oid = %s",
                            [reltype]).fetchone() == ("c", relid)
        for binary in (False, True):
            cur = conn.cursor(binary=binary)
            cur.execute("SELECT rt_pt FROM rt_pt ORDER BY id")
            assert cur.description[0].type_code == reltype
        cur = conn.cursor()
        cur.execute("SELECT rt_pt FROM rt_pt ORDER BY id")
        assert cur.fetchall() == [('(1,"a b",1.50)',), ("(2,,)",)]
        assert conn.execute("SELECT pg_typeof(t)::text FROM rt_pt t LIMIT 1").fetchone() == (
            "rt_pt",)
        info = CompositeInfo.fetch(conn, "rt_pt")
        assert info.oid == reltype
        assert info.field_names == ["id", "name", "score"]
        assert info.field_types == [23, 25, 1700]
        register_composite(info, conn)
        for binary in (False, True):
            cur = conn.cursor(binary=binary)
            cur.execute("SELECT rt_pt FROM rt_pt ORDER BY id")
            rows = [r[0] for r in cur.fetchall()]
            assert [(r.id, r.name, r.score) for r in rows] == [(1, "a b", Decimal("1.50")),
                                                              (2, None, None)]
        conn.execute("DROP TABLE rt_pt")


def test_composite_parameters(running):
    """Composite-typed parameters in text and binary format (record_in /
    record_recv), a table's row type as a column type, ALTER TYPE keeping
    stored values readable. Expected values are PostgreSQL 15's."""
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute("CREATE TYPE rt_par AS (a int, b text, c numeric)")
        conn.execute("CREATE TABLE rt_ptab (id int, v rt_par)")
        for binary in (False, True):
            cur = conn.cursor(binary=binary)
            cur.execute("SELECT %s::rt_par", ["(1,x,2.5)"])
            if not binary:
                assert cur.fetchone() == ("(1,x,2.5)",)
        info = CompositeInfo.fetch(conn, "rt_par")
        register_composite(info, conn)
        V = info.python_type
        for binary in (False, True):
            cur = conn.cursor(binary=binary)
            assert cur.execute("SELECT %s::rt_par", [V(1, "a b", None)]).fetchone() == (
                V(1, "a b", None),)
            q = "SELECT %b" if binary else "SELECT %t"
            assert cur.execute(q, [V(2, None, 3)]).fetchone() == (V(2, None, Decimal("3")),)
            cur.execute("INSERT INTO rt_ptab VALUES (%s, %s)", [10 + binary, V(5, 'q,"z', 7)])
        rows = conn.execute("SELECT id, v, (v).b FROM rt_ptab ORDER BY id").fetchall()
        assert rows == [(10, V(5, 'q,"z', Decimal("7")), 'q,"z'),
                        (11, V(5, 'q,"z', Decimal("7")), 'q,"z')]
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            conn.execute("SELECT %s::rt_par", ["(1,x"])
        # a field added later reads NULL in the stored values; a dropped one goes
        conn.execute("ALTER TYPE rt_par ADD ATTRIBUTE d int, DROP ATTRIBUTE b")
        assert conn.execute("SELECT v::text FROM rt_ptab ORDER BY id").fetchall() == [
            ("(5,7,)",), ("(5,7,)",)]
        # a table's row type as a column type
        conn.execute("CREATE TABLE rt_row (k int, s text)")
        conn.execute("CREATE TABLE rt_rowuse (id int, r rt_row)")
        conn.execute("INSERT INTO rt_rowuse VALUES (1, %s::rt_row)", ["(7,seven)"])
        assert conn.execute("SELECT (r).s, r::text FROM rt_rowuse").fetchone() == (
            "seven", "(7,seven)")
        with pytest.raises(psycopg.errors.DependentObjectsStillExist):
            conn.execute("DROP TABLE rt_row")
        conn.execute("DROP TABLE rt_rowuse, rt_row, rt_ptab")
        conn.execute("DROP TYPE rt_par")
