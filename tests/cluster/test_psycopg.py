"""Real drivers against a real node: psycopg 3 (text and binary parameters,
server-side prepared statements, COPY both ways, cancel, transactions, type
round trips) and psycopg2's everyday use. Expected values are PostgreSQL 15's.
"""
import datetime as dt
import threading
import time
import uuid
from decimal import Decimal

import psycopg
import psycopg2
import pytest
from psycopg import errors as pgerr

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield

UTC = dt.timezone.utc


def connect(node, **kw):
    return psycopg.connect(node.dsn(), **kw)


def test_text_and_binary_params(running):
    with connect(running, autocommit=True) as conn:
        for binary in (False, True):
            cur = conn.cursor(binary=binary)
            cur.execute("SELECT %s::int + 1, %s || 'x', %s::numeric * 2, %s::text IS NULL",
                        [41, "ab", Decimal("1.25"), None])
            assert cur.fetchone() == (42, "abx", Decimal("2.50"), True)
            cur.execute("SELECT %b::int8 * 2, %t::text", [2**40, "t"])
            assert cur.fetchone() == (2**41, "t")
        with pytest.raises(pgerr.InvalidTextRepresentation) as ei:
            conn.execute("SELECT %s::int", ["nope"])
        assert ei.value.sqlstate == "22P02"
        assert 'invalid input syntax for type integer: "nope"' in str(ei.value)


def test_prepared_statements(running):
    with connect(running, autocommit=True) as conn:
        conn.execute("CREATE TABLE kv (k int PRIMARY KEY, v text)")
        cur = conn.cursor()
        for i in range(8):
            cur.execute("INSERT INTO kv VALUES (%s, %s)", [i, f"v{i}"], prepare=True)
        for i in range(8):
            cur.execute("SELECT v FROM kv WHERE k = %s", [i], prepare=True)
            assert cur.fetchone() == (f"v{i}",)
        cur.execute("SELECT count(*) FROM kv", prepare=True)
        assert cur.fetchone() == (8,)
        # A prepared statement still reports errors with their SQLSTATE.
        with pytest.raises(pgerr.UniqueViolation) as ei:
            cur.execute("INSERT INTO kv VALUES (%s, %s)", [3, "dup"], prepare=True)
        assert ei.value.sqlstate == "23505"
        assert ei.value.diag.message_detail == "Key (k)=(3) already exists."
        cur.executemany("UPDATE kv SET v = %s WHERE k = %s", [("w0", 0), ("w1", 1)])
        assert conn.execute("SELECT v FROM kv WHERE k < 2 ORDER BY k").fetchall() == [("w0",),
                                                                                     ("w1",)]


def test_copy_both_ways(running):
    with connect(running, autocommit=True) as conn:
        conn.execute("CREATE TABLE c (id int PRIMARY KEY, name text, amount numeric(8,2),"
                     " d date)")
        cur = conn.cursor()
        with cur.copy("COPY c (id, name, amount, d) FROM STDIN") as copy:
            for i in range(1000):
                copy.write_row((i, f"name\t{i}" if i % 100 == 0 else f"n{i}",
                                Decimal(i) / 4, None if i % 2 else dt.date(2024, 1, 1)))
        assert cur.rowcount == 1000
        assert conn.execute("SELECT count(*), sum(amount), count(d) FROM c").fetchone() == \
            (1000, Decimal("124875.00"), 500)
        assert conn.execute("SELECT name FROM c WHERE id = 100").fetchone() == ("name\t100",)
        with cur.copy("COPY c FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write('2000,"a,b",1.5,2024-02-03\n2001,,,\n')
        with cur.copy("COPY (SELECT id, name, amount, d FROM c WHERE id >= 2000 OR id < 3"
                      " ORDER BY id) TO STDOUT") as copy:
            rows = list(copy.rows())
        assert rows == [("0", "name\t0", "0.00", "2024-01-01"), ("1", "n1", "0.25", None),
                        ("2", "n2", "0.50", "2024-01-01"), ("2000", "a,b", "1.50", "2024-02-03"),
                        ("2001", None, None, None)]
        with cur.copy("COPY (SELECT id FROM c WHERE id < 3 ORDER BY id) TO STDOUT"
                      " WITH (FORMAT csv, HEADER)") as copy:
            data = b"".join(bytes(b) for b in copy)
        assert data == b"id\n0\n1\n2\n"
        with pytest.raises(pgerr.UniqueViolation):
            with cur.copy("COPY c (id) FROM STDIN") as copy:
                copy.write_row((5,))
        assert conn.execute("SELECT count(*) FROM c").fetchone() == (1002,)


def test_cancel_pg_sleep(running):
    with connect(running, autocommit=True) as conn:
        err = []

        def sleeper():
            try:
                conn.execute("SELECT pg_sleep(20)")
            except psycopg.Error as e:
                err.append(e)

        t = threading.Thread(target=sleeper)
        start = time.monotonic()
        t.start()
        time.sleep(0.5)
        conn.cancel()
        t.join(15)
        assert not t.is_alive()
        assert time.monotonic() - start < 10
        assert len(err) == 1 and isinstance(err[0], pgerr.QueryCanceled), err
        assert err[0].sqlstate == "57014"
        assert "canceling statement due to user request" in str(err[0])
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_statement_timeout(running):
    with connect(running, autocommit=True) as conn:
        conn.execute("SET statement_timeout = 200")
        with pytest.raises(pgerr.QueryCanceled) as ei:
            conn.execute("SELECT pg_sleep(5)")
        assert "canceling statement due to statement timeout" in str(ei.value)
        conn.execute("RESET statement_timeout")
        assert conn.execute("SELECT 2").fetchone() == (2,)


def test_transactions_and_aborted_state(running):
    with connect(running) as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, v int)")
        conn.commit()
        conn.execute("INSERT INTO t VALUES (1, 10)")
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
        conn.execute("INSERT INTO t VALUES (1, 10)")
        conn.commit()
        with pytest.raises(pgerr.DivisionByZero):
            conn.execute("SELECT 1 / 0")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        with pytest.raises(pgerr.InFailedSqlTransaction) as ei:
            conn.execute("SELECT 1")
        assert ei.value.sqlstate == "25P02"
        assert "current transaction is aborted, commands ignored until end of transaction " \
               "block" in str(ei.value)
        conn.rollback()
        assert conn.execute("SELECT v FROM t").fetchone() == (10,)
        conn.commit()
        with conn.transaction():
            conn.execute("UPDATE t SET v = 11")
            with pytest.raises(pgerr.UniqueViolation):
                with conn.transaction():  # a savepoint
                    conn.execute("INSERT INTO t VALUES (1, 0)")
            conn.execute("UPDATE t SET v = v + 1")
        assert conn.execute("SELECT v FROM t").fetchone() == (12,)
        conn.commit()


ROUND_TRIP = [
    ("int4", 123),
    ("int8", -(2**62)),
    ("int2", 32767),
    ("float8", 1.5e-300),
    ("float8", float("inf")),
    ("numeric", Decimal("12345678901234567890.000000001")),
    ("numeric", Decimal("-0.5")),
    ("text", "héllo, wörld 😀 'quoted' \\ back"),
    ("bytea", b"\x00\x01\xff binary"),
    ("date", dt.date(2024, 2, 29)),
    ("timestamp", dt.datetime(2024, 2, 29, 13, 45, 30, 123456)),
    ("timestamptz", dt.datetime(2024, 2, 29, 13, 45, 30, 500000, tzinfo=UTC)),
    ("interval", dt.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=7)),
    ("uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    ("bool", True),
    ("bool", False),
    ("text", None),
]


@pytest.mark.parametrize("binary", [False, True])
def test_types_round_trip(running, binary):
    with connect(running, autocommit=True) as conn:
        cols = ", ".join(f"c{i} {t}" for i, (t, _) in enumerate(ROUND_TRIP))
        conn.execute(f"CREATE TABLE rt (id int PRIMARY KEY, {cols})")
        vals = [v for _, v in ROUND_TRIP]
        marks = ", ".join(["%s"] * (len(vals) + 1))
        cur = conn.cursor(binary=binary)
        cur.execute(f"INSERT INTO rt VALUES ({marks})", [1, *vals])
        cur.execute("SELECT * FROM rt WHERE id = %s", [1])
        row = cur.fetchone()
        assert list(row[1:]) == vals
        # Values selected as literals come back with the same Python types.
        cur.execute("SELECT 1::int4, 2.5::float8, 2.50::numeric, 'x'::text, '\\x01'::bytea,"
                    " '2024-01-02'::date, '2024-01-02 03:04:05+00'::timestamptz,"
                    " '1 day 02:00'::interval, NULL::int, true")
        assert cur.fetchone() == (1, 2.5, Decimal("2.50"), "x", b"\x01", dt.date(2024, 1, 2),
                                  dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
                                  dt.timedelta(days=1, hours=2), None, True)


def test_psycopg2_basic(running):
    conn = psycopg2.connect(running.dsn())
    try:
        cur = conn.cursor()
        cur.execute("CREATE TABLE p2 (id serial PRIMARY KEY, name text NOT NULL, price numeric(8,2),"
                    " added date)")
        cur.execute("INSERT INTO p2 (name, price, added) VALUES (%s, %s, %s) RETURNING id",
                    ("pen", Decimal("1.50"), dt.date(2024, 5, 6)))
        assert cur.fetchone() == (1,)
        cur.executemany("INSERT INTO p2 (name, price) VALUES (%(n)s, %(p)s)",
                        [{"n": "ink", "p": 2}, {"n": "pad", "p": None}])
        conn.commit()
        cur.execute("SELECT id, name, price, added FROM p2 ORDER BY id")
        assert cur.fetchall() == [(1, "pen", Decimal("1.50"), dt.date(2024, 5, 6)),
                                  (2, "ink", Decimal("2.00"), None), (3, "pad", None, None)]
        assert [d.name for d in cur.description] == ["id", "name", "price", "added"]
        cur.execute("SELECT name FROM p2 WHERE name = %s", ("it's",))
        assert cur.fetchall() == []
        assert cur.rowcount == 0
        with pytest.raises(psycopg2.errors.NotNullViolation) as ei:
            cur.execute("INSERT INTO p2 (name) VALUES (NULL)")
        assert ei.value.pgcode == "23502"
        conn.rollback()
        cur.execute("UPDATE p2 SET price = price * 2 WHERE price IS NOT NULL")
        assert cur.rowcount == 2
        conn.rollback()
        cur.execute("SELECT sum(price) FROM p2")
        assert cur.fetchone() == (Decimal("3.50"),)
        conn.rollback()
        conn.autocommit = True
        cur.execute("DELETE FROM p2 WHERE id = %s", (3,))
        assert cur.rowcount == 1
    finally:
        conn.close()


def test_server_side_cursors(running):
    """psycopg 3 and psycopg2 named cursors: DECLARE / FETCH FORWARD n /
    CLOSE, with parameters (psycopg 3 sends them through the extended
    protocol), binary results, and the cursor gone at the end of the
    transaction."""
    with connect(running) as conn:
        conn.execute("CREATE TABLE sc (a int PRIMARY KEY, b text)")
        conn.execute("INSERT INTO sc SELECT g, 'v' || g FROM generate_series(1, 25) g")
        conn.commit()
        with conn.cursor(name="srv") as cur:
            cur.itersize = 7
            cur.execute("SELECT a, b FROM sc WHERE a > %s AND b LIKE %s ORDER BY a", (3, "v%"))
            assert [d.name for d in cur.description] == ["a", "b"]
            assert cur.fetchone() == (4, "v4")
            assert cur.fetchmany(3) == [(5, "v5"), (6, "v6"), (7, "v7")]
            rest = list(cur)
            assert len(rest) == 18 and rest[-1] == (25, "v25")
        with conn.cursor(name="srv2", binary=True) as cur:
            cur.execute("SELECT a, b FROM sc WHERE a <= %s ORDER BY a DESC", (3,))
            assert cur.fetchall() == [(3, "v3"), (2, "v2"), (1, "v1")]
        conn.commit()
        with pytest.raises(pgerr.InvalidCursorName):
            conn.execute("FETCH srv2")
        conn.rollback()
    c2 = psycopg2.connect(running.dsn())
    try:
        cur = c2.cursor("named2")
        cur.itersize = 5
        cur.execute("SELECT a FROM sc WHERE a %% 2 = %s ORDER BY a", (0,))
        assert [r[0] for r in cur] == list(range(2, 26, 2))
        c2.commit()
    finally:
        c2.close()
