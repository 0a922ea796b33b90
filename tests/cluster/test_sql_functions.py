"""User-defined SQL functions (CREATE FUNCTION ... LANGUAGE sql) are
catalog objects: they survive a restart of the node (clean stop and
crash), a rolled-back CREATE leaves nothing, and DROP FUNCTION is durable.
Expected behaviour is PostgreSQL 15's.
"""
import pytest
from psycopg import errors as pgerr

from harness import connect, one, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def test_functions_survive_restart(node):
    node.start()
    with connect(node) as c:
        c.execute("CREATE TABLE fn_t (id int PRIMARY KEY, v text)")
        c.execute("INSERT INTO fn_t VALUES (1, 'one'), (2, 'two')")
        c.execute("CREATE FUNCTION fn_twice(x int) RETURNS int LANGUAGE sql "
                  "IMMUTABLE AS 'SELECT x * 2'")
        c.execute("CREATE FUNCTION fn_rows() RETURNS SETOF fn_t LANGUAGE sql "
                  "AS 'SELECT * FROM fn_t ORDER BY id'")
        c.execute("CREATE FUNCTION fn_gone() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        c.execute("DROP FUNCTION fn_gone()")
        c.execute("BEGIN")
        c.execute("CREATE FUNCTION fn_rolled() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        c.execute("ROLLBACK")
    node.stop()
    node.start()
    with connect(node) as c:
        assert one(c, "SELECT fn_twice(21)") == 42
        assert c.execute("SELECT v FROM fn_rows()").fetchall() == [("one",), ("two",)]
        for gone in ("fn_gone", "fn_rolled"):
            with pytest.raises(pgerr.UndefinedFunction):
                c.execute(f"SELECT {gone}()")
            c.rollback()
        c.execute("CREATE OR REPLACE FUNCTION fn_twice(x int) RETURNS int LANGUAGE sql "
                  "IMMUTABLE AS 'SELECT x * 3'")
    node.kill()
    node.start()
    with connect(node) as c:
        assert one(c, "SELECT fn_twice(2)") == 6
        assert one(c, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'fn\\_%'") == 2
