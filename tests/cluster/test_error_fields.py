"""ErrorResponse object fields (schema s, table t, column c, datatype d,
constraint n) and the position P, read through psycopg's e.diag, against a
real node and against PostgreSQL 15 (the `postgres` fixture): every step must
give the same SQLSTATE, message, detail and fields on both. Also COPY ...
(FORMAT binary) in both directions, its errors included."""
import datetime
import decimal
import struct
import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(180):
        yield


SETUP = [
    "DROP TABLE IF EXISTS ef_child, ef_par, ef_t, ef_u, ef_v, ef_x CASCADE",
    "DROP DOMAIN IF EXISTS ef_pos2, ef_pos, ef_nn, ef_dd",
    "DROP SCHEMA IF EXISTS ef_s CASCADE",
    "CREATE SCHEMA ef_s",
    "CREATE DOMAIN ef_pos AS int CONSTRAINT ef_pos_check CHECK (VALUE > 0)",
    "CREATE DOMAIN ef_pos2 AS ef_pos CONSTRAINT ef_pos2_check CHECK (VALUE < 100)",
    "CREATE DOMAIN ef_nn AS int NOT NULL",
    "CREATE DOMAIN ef_dd AS int",
    "CREATE TABLE ef_par (id int PRIMARY KEY, u int UNIQUE)",
    "CREATE TABLE ef_child (id int PRIMARY KEY, pid int REFERENCES ef_par(id))",
    "CREATE TABLE ef_t (a int NOT NULL, b int CHECK (b > 0), c ef_pos, d ef_nn, e ef_pos2)",
    "CREATE TABLE ef_u (a int, b int)",
    "CREATE TABLE ef_x (a int UNIQUE, b int CONSTRAINT ef_x_b CHECK (b > 0))",
    "INSERT INTO ef_x VALUES (1, 1), (2, 2)",
    "CREATE TABLE ef_v (a int, d ef_dd)",
    "CREATE TABLE ef_s.ef_w (k int CONSTRAINT ef_w_pk PRIMARY KEY, v text NOT NULL,"
    " CONSTRAINT ef_w_v CHECK (v <> 'bad'))",
    "INSERT INTO ef_par VALUES (1, 1), (2, 2)",
    "INSERT INTO ef_child VALUES (1, 1)",
    "INSERT INTO ef_u VALUES (1, NULL), (1, -1)",
    "INSERT INTO ef_v VALUES (1, NULL), (2, -5)",
    "INSERT INTO ef_s.ef_w VALUES (1, 'x')",
]

CASES = [
    # unique / primary key
    "INSERT INTO ef_par VALUES (1, 5)",
    "INSERT INTO ef_par VALUES (5, 1)",
    "UPDATE ef_par SET u = 1 WHERE id = 2",
    "INSERT INTO ef_s.ef_w VALUES (1, 'y')",
    "INSERT INTO ef_par VALUES (1, 9) ON CONFLICT (id) DO UPDATE SET u = 2",
    # foreign keys
    "INSERT INTO ef_child VALUES (2, 5)",
    "UPDATE ef_child SET pid = 7",
    "DELETE FROM ef_par WHERE id = 1",
    "UPDATE ef_par SET id = 7 WHERE id = 1",
    "ALTER TABLE ef_u ADD CONSTRAINT ef_u_fk FOREIGN KEY (a) REFERENCES ef_par(u)",
    # not null and check
    "INSERT INTO ef_t VALUES (NULL, 1, 1, 1, 1)",
    "INSERT INTO ef_t (b, c, d) VALUES (1, 1, 1)",
    "INSERT INTO ef_t VALUES (1, -1, 1, 1, 1)",
    "INSERT INTO ef_s.ef_w VALUES (2, NULL)",
    "INSERT INTO ef_s.ef_w VALUES (2, 'bad')",
    "UPDATE ef_s.ef_w SET v = 'bad'",
    "UPDATE ef_par SET u = NULL, id = NULL",
    # domains
    "INSERT INTO ef_t VALUES (1, 1, -1, 1, 1)",
    "INSERT INTO ef_t VALUES (1, 1, 1, NULL, 1)",
    "INSERT INTO ef_t VALUES (1, 1, 1, 1, -3)",
    "INSERT INTO ef_t VALUES (1, 1, 1, 1, 300)",
    "SELECT (-1)::ef_pos",
    "SELECT NULL::ef_nn",
    "SELECT 0::ef_pos2",
    "ALTER DOMAIN ef_dd SET NOT NULL",
    "ALTER DOMAIN ef_dd ADD CONSTRAINT ef_dd_check CHECK (VALUE > 0)",
    # DDL validating existing rows
    "ALTER TABLE ef_u ALTER COLUMN b SET NOT NULL",
    "ALTER TABLE ef_u ADD CONSTRAINT ef_u_chk CHECK (b > 0)",
    "ALTER TABLE ef_u ADD CONSTRAINT ef_u_uq UNIQUE (a)",
    "CREATE UNIQUE INDEX ef_u_ix ON ef_u (a)",
    "ALTER TABLE ef_u ADD PRIMARY KEY (a)",
    "ALTER TABLE ef_u ADD PRIMARY KEY (b)",
    "ALTER TABLE ef_u ADD COLUMN z int NOT NULL",
    "ALTER TABLE ef_u ADD COLUMN z int CHECK (z > 0) DEFAULT -1",
    "ALTER TABLE ef_x ALTER COLUMN a TYPE bigint USING 1",
    "ALTER TABLE ef_x ALTER COLUMN a TYPE bigint USING NULL::bigint, ALTER COLUMN a SET NOT NULL",
    "ALTER TABLE ef_x ALTER COLUMN b TYPE bigint USING -b",
    # errors without object fields
    "SELECT * FROM nosuch",
    "SELECT 1 +",
    "SELECT nosuchcol FROM ef_u",
    "SELECT 1/0",
    "TRUNCATE ef_par",
]


def diag(ex):
    d = ex.diag
    return (ex.sqlstate, d.message_primary, d.message_detail, d.schema_name, d.table_name,
            d.column_name, d.datatype_name, d.constraint_name, d.statement_position)


def steps(conn):
    log = []
    conn.autocommit = True
    for q in SETUP:
        conn.execute(q)
    for q in CASES:
        try:
            conn.execute(q)
            log.append((q, "ok"))
        except psycopg.Error as ex:
            log.append((q, diag(ex)))
    # COPY FROM STDIN: a NULL into a NOT NULL column, a domain check
    for row in [(None, 1, 1, 1, 1), (1, 1, 1, 1, 0)]:
        try:
            with conn.cursor().copy("COPY ef_t FROM STDIN") as cp:
                cp.write_row(row)
            log.append(("copy", row, "ok"))
        except psycopg.Error as ex:
            log.append(("copy", row, diag(ex)))
    conn.execute("DROP TABLE ef_child, ef_par, ef_t, ef_u, ef_v, ef_x")
    conn.execute("DROP SCHEMA ef_s CASCADE")
    conn.execute("DROP DOMAIN ef_pos2, ef_pos, ef_nn, ef_dd")
    return log


def test_error_fields_match_postgres(running, postgres):
    with psycopg.connect(running.dsn()) as sf, psycopg.connect(postgres["dsn"]) as pg:
        got = steps(sf)
        want = steps(pg)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w


def test_error_fields_values(running):
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute("CREATE TABLE efv (k int PRIMARY KEY, v int CONSTRAINT efv_pos CHECK (v > 0))")
        with pytest.raises(psycopg.errors.CheckViolation) as ei:
            conn.execute("INSERT INTO efv VALUES (1, -1)")
        d = ei.value.diag
        assert (d.schema_name, d.table_name, d.constraint_name) == ("public", "efv", "efv_pos")
        conn.execute("INSERT INTO efv VALUES (1, 1)")
        with pytest.raises(psycopg.errors.UniqueViolation) as ei:
            conn.execute("INSERT INTO efv VALUES (1, 1)")
        assert ei.value.diag.constraint_name == "efv_pkey"
        with pytest.raises(psycopg.errors.NotNullViolation) as ei:
            conn.execute("INSERT INTO efv VALUES (NULL, 1)")
        assert ei.value.diag.column_name == "k"
        conn.execute("DROP TABLE efv")


# ---- COPY ... (FORMAT binary) ----------------------------------------------------------

SIG = b"PGCOPY\n\xff\r\n\x00"
HDR = SIG + struct.pack("!ii", 0, 0)
TRAILER = struct.pack("!h", -1)


def tup(*fields):
    out = struct.pack("!h", len(fields))
    for f in fields:
        out += struct.pack("!i", -1) if f is None else struct.pack("!i", len(f)) + f
    return out


def i4(v):
    return struct.pack("!i", v)


BIN_CASES = [
    ("rows", HDR + tup(i4(1), b"x") + tup(i4(2), b"y") + TRAILER),
    ("no trailer", HDR + tup(i4(3), b"y")),
    ("header extension", SIG + struct.pack("!ii", 0, 3) + b"abc" + tup(i4(4), b"z") + TRAILER),
    ("empty", b""),
    ("bad signature", b"PGCOPY\n\xff\r\n\x01" + b"\0" * 8),
    ("short signature", b"PGCO"),
    ("missing flags", SIG + b"\0\0"),
    ("with oids", SIG + struct.pack("!ii", 1 << 16, 0)),
    ("critical flags", SIG + struct.pack("!ii", 1 << 17, 0)),
    ("non-critical flags", SIG + struct.pack("!ii", 1, 0) + TRAILER),
    ("missing length", SIG + struct.pack("!i", 0)),
    ("negative length", SIG + struct.pack("!ii", 0, -1)),
    ("wrong length", SIG + struct.pack("!ii", 0, 10) + b"ab"),
    ("field count", HDR + tup(i4(1))),
    ("field count later", HDR + tup(i4(5), b"a") + tup(i4(6), b"a", b"b")),
    ("negative count", HDR + struct.pack("!h", -2)),
    ("eof in size", HDR + struct.pack("!hi", 2, 4) + i4(1) + b"\0\0"),
    ("eof in data", HDR + struct.pack("!hi", 2, 4) + b"\0\0"),
    ("invalid size", HDR + struct.pack("!hi", 2, -5)),
    ("int4 too long", HDR + tup(b"\0\0\0\0\0", b"a")),
    ("int4 too short", HDR + tup(b"\0\0", b"a")),
    ("data after trailer", HDR + tup(i4(7), b"a") + TRAILER + b"x"),
    ("one trailing byte", HDR + tup(i4(8), b"a") + b"\0"),
    ("not null", HDR + tup(i4(9), None)),
    ("check", HDR + tup(i4(-7), b"q")),
    ("duplicate", HDR + tup(i4(10), b"a") + tup(i4(10), b"b")),
    ("bad utf8", HDR + tup(i4(11), b"\xff\xfe")),
    ("too long", HDR + tup(i4(12), b"abcdefgh")),
    ("domain", HDR + tup(i4(13), i4(0))),
]


def binary_steps(conn):
    log = []
    conn.autocommit = True
    conn.execute("DROP TABLE IF EXISTS cb, cb2, cbd")
    conn.execute("DROP DOMAIN IF EXISTS cb_pos")
    conn.execute("CREATE DOMAIN cb_pos AS int CHECK (VALUE > 0)")
    conn.execute("CREATE TABLE cb (a int PRIMARY KEY CHECK (a <> -7), b varchar(5) NOT NULL)")
    conn.execute("CREATE TABLE cbd (a int, c cb_pos)")
    for name, data in BIN_CASES:
        target = "cbd" if name == "domain" else "cb (a, b)"
        try:
            with conn.cursor().copy(f"COPY {target} FROM STDIN (FORMAT binary)") as cp:
                cp.write(data)
            log.append((name, "ok", conn.execute("SELECT count(*) FROM cb").fetchone()))
        except psycopg.Error as ex:
            d = ex.diag
            log.append((name, ex.sqlstate, d.message_primary, d.message_detail, d.context,
                        d.table_name, d.constraint_name, d.column_name, d.datatype_name))
    # the data in CopyData messages of one byte each
    with conn.cursor().copy("COPY cb (a, b) FROM STDIN (FORMAT binary)") as cp:
        for b in HDR + tup(i4(100), b"bytes") + TRAILER:
            cp.write(bytes([b]))
    # psycopg's write_row with set_types, every type a round trip
    types = ["int2", "int4", "int8", "float4", "float8", "numeric", "text", "bool", "date",
             "timestamp", "timestamptz", "interval", "bytea", "uuid", "jsonb", "int8[]",
             "text[]", "time", "oid"]
    conn.execute("CREATE TABLE cb2 (k int, " +
                 ", ".join(f"c{i} {t}" for i, t in enumerate(types)) + ")")
    with conn.cursor().copy("COPY cb2 FROM STDIN (FORMAT BINARY)") as cp:
        cp.set_types(["int4"] + types)
        for i in range(200):
            cp.write_row((i, i % 100, i, -i, i / 4, i / 3.0, decimal.Decimal(i) / 7, f"r{i}",
                          i % 2 == 0, datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
                          datetime.datetime(2024, 1, 1, 0, 0, i % 60, i),
                          datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
                          + datetime.timedelta(hours=i),
                          datetime.timedelta(days=i, seconds=i), bytes([i % 256]) * 3,
                          uuid.UUID(int=i), Jsonb({"k": [i, None]}), [i, None, -i],
                          ["a b", None, str(i)], datetime.time(i % 24, 30), i))
        cp.write_row([200] + [None] * len(types))
    with conn.cursor().copy("COPY (SELECT * FROM cb2 ORDER BY k) TO STDOUT (FORMAT BINARY)") as cp:
        cp.set_types(["int4"] + types)
        log.append(("rows", list(cp.rows())))
    raw = b""
    with conn.cursor().copy("COPY cb2 TO STDOUT (FORMAT BINARY)") as cp:
        for d in cp:
            raw += bytes(d)
    log.append(("raw size", len(raw), raw[:19], raw[-2:]))
    with conn.cursor().copy("COPY (SELECT 1 WHERE false) TO STDOUT (FORMAT BINARY)") as cp:
        log.append(("no rows", b"".join(bytes(d) for d in cp)))
    for q in ["COPY cb TO STDOUT (FORMAT binary, HEADER)",
              "COPY cb TO STDOUT (FORMAT binary, DELIMITER ',')",
              "COPY cb FROM STDIN (FORMAT binary, NULL 'x')"]:
        try:
            conn.execute(q)
        except psycopg.Error as ex:
            log.append((q, ex.sqlstate, str(ex)))
    conn.execute("DROP TABLE cb, cb2, cbd")
    conn.execute("DROP DOMAIN cb_pos")
    return log


def test_copy_binary_matches_postgres(running, postgres):
    with psycopg.connect(running.dsn()) as sf, psycopg.connect(postgres["dsn"]) as pg:
        got = binary_steps(sf)
        want = binary_steps(pg)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w
