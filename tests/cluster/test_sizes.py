"""pg_relation_size and friends report what this node stores (pgcat_size.c):
rows written a moment ago count, indexes are pg_indexes_size, an oid that
names nothing is NULL and a bad fork name is PostgreSQL's 22023."""
import psycopg
import pytest
from psycopg import errors as pgerr

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def sizes(cur, rel):
    cur.execute("SELECT pg_relation_size(%s::regclass), pg_indexes_size(%s::regclass),"
                " pg_total_relation_size(%s::regclass), pg_table_size(%s::regclass)",
                [rel, rel, rel, rel])
    return cur.fetchone()


def test_relation_sizes_follow_the_data(running):
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("CREATE TABLE sz(id int PRIMARY KEY, v text, w int)")
        cur.execute("CREATE VIEW szv AS SELECT id FROM sz")
        assert sizes(cur, "sz") == (0, 0, 0, 0)
        cur.execute("INSERT INTO sz SELECT g, md5(g::text), g % 7"
                    " FROM generate_series(1, 20000) g")
        rel, idx, total, table = sizes(cur, "sz")
        assert rel >= 20000 * 32, rel  # at least the md5 text of every row
        assert (idx, total, table) == (0, rel, rel)
        cur.execute("CREATE INDEX sz_w ON sz(w)")
        rel2, idx2, total2, _ = sizes(cur, "sz")
        assert idx2 > 20000 * 4 and total2 == rel2 + idx2
        cur.execute("SELECT pg_relation_size('sz_w'), pg_relation_size('sz_pkey') = %s,"
                    " pg_relation_size('szv'), pg_relation_size('pg_class'),"
                    " pg_relation_size(0), pg_relation_size('sz', 'fsm')", [rel2])
        assert cur.fetchone() == (idx2, True, 0, 0, None, 0)
        cur.execute("SELECT pg_database_size(current_database()) >= %s,"
                    " pg_database_size(0::oid)", [total2])
        assert cur.fetchone() == (True, None)
        cur.execute("SELECT pg_tablespace_size('pg_default') >= pg_database_size(current_database()),"
                    " pg_tablespace_size('pg_global'), pg_tablespace_size(0::oid)")
        assert cur.fetchone() == (True, 0, None)
        with pytest.raises(pgerr.UndefinedObject):
            cur.execute("SELECT pg_tablespace_size('no_such_space')")
        with pytest.raises(pgerr.InvalidParameterValue):
            cur.execute("SELECT pg_relation_size('sz', 'bogus')")
        with pytest.raises(pgerr.InvalidCatalogName):
            cur.execute("SELECT pg_database_size('no_such_db')")
        cur.execute("DELETE FROM sz")  # versions stay until GC: the size does not drop to 0
        assert sizes(cur, "sz")[0] >= rel
