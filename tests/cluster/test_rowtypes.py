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
