"""asyncpg (Debian's python3-asyncpg) against a real node: a driver that
speaks only the extended protocol with binary formats, introspects types
through pg_type, nests transactions as savepoints and loads with binary
COPY. Expected values are what PostgreSQL 15 returns for the same calls.
"""
import asyncio
import datetime as dt
import json
from decimal import Decimal

import asyncpg
import pytest

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def run(node, body):
    async def main():
        # asyncpg's startup packet says client_encoding='utf-8', quotes
        # included; PostgreSQL compares encoding names by letters and digits.
        c = await asyncpg.connect(host="127.0.0.1", port=node.sql_port, user="shardforge",
                                  database="shardforge")
        try:
            return await body(c)
        finally:
            await c.close()
    return asyncio.run(main())


def test_types_binary_round_trip(running):
    async def body(c):
        await c.execute(
            "CREATE TABLE at1(id serial PRIMARY KEY, n numeric(10,2), t text, ts timestamptz,"
            " d date, j jsonb, arr int[], b bytea, f float8, bo bool, iv interval)")
        ts = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
        await c.executemany(
            "INSERT INTO at1(n,t,ts,d,j,arr,b,f,bo,iv) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
            [(Decimal("1.25"), "x", ts, dt.date(2020, 1, 2), json.dumps({"a": 1}), [1, 2, None],
              b"\x00\x01", 1.5, True, dt.timedelta(days=1, seconds=3)),
             (None,) * 10])
        rows = await c.fetch("SELECT * FROM at1 ORDER BY id")
        assert dict(rows[0]) == {"id": 1, "n": Decimal("1.25"), "t": "x", "ts": ts,
                                 "d": dt.date(2020, 1, 2), "j": '{"a": 1}', "arr": [1, 2, None],
                                 "b": b"\x00\x01", "f": 1.5, "bo": True,
                                 "iv": dt.timedelta(days=1, seconds=3)}
        assert all(v is None for k, v in rows[1].items() if k != "id")
        assert await c.fetchval("SELECT count(*) FROM at1 WHERE arr @> $1", [1]) == 1
        assert (await c.fetchval("SELECT $1::numeric", Decimal("NaN"))).is_nan()
        assert await c.fetchval("SELECT array[[1,2],[3,4]]") == [[1, 2], [3, 4]]
        r = await c.fetchrow("SELECT row(1,'a')::record AS r, 1::int2 AS s, 'a'::char(3) AS c,"
                             " '12:00'::time AS t")
        assert tuple(r["r"]) == (1, "a") and r["s"] == 1 and r["c"] == "a  "
        assert r["t"] == dt.time(12, 0)
        await c.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads,
                               schema="pg_catalog")
        assert await c.fetchval("""SELECT '{"z":1}'::jsonb""") == {"z": 1}
        st = await c.prepare("SELECT $1::int + 1 AS x")
        assert await st.fetchval(41) == 42
        assert [(a.name, a.type.name) for a in st.get_attributes()] == [("x", "int4")]
    run(running, body)


def test_user_types_are_introspected(running):
    async def body(c):
        await c.execute("CREATE TYPE mood AS ENUM ('sad','ok','happy')")
        await c.execute("CREATE TYPE pt AS (x int, y text)")
        await c.execute("CREATE DOMAIN posint AS int CHECK (value > 0)")
        await c.execute("CREATE TABLE at2(id int PRIMARY KEY, m mood, p pt, d posint,"
                        " ms mood[], big int8)")
        await c.execute("INSERT INTO at2 VALUES ($1,$2,$3,$4,$5,$6)",
                        1, "ok", (1, "a"), 5, ["sad", "happy"], 2**62)
        r = await c.fetchrow("SELECT * FROM at2")
        assert (r["m"], tuple(r["p"]), r["d"], r["ms"], r["big"]) == \
            ("ok", (1, "a"), 5, ["sad", "happy"], 2**62)
        with pytest.raises(asyncpg.CheckViolationError) as ei:
            await c.execute("INSERT INTO at2(id, d) VALUES ($1, $2)", 2, -5)
        assert ei.value.sqlstate == "23514"
        assert 'domain posint violates check constraint "posint_check"' in str(ei.value)
        with pytest.raises(asyncpg.UniqueViolationError) as ei:
            await c.execute("INSERT INTO at2(id) VALUES (1)")
        assert (ei.value.constraint_name, ei.value.table_name, ei.value.detail) == \
            ("at2_pkey", "at2", "Key (id)=(1) already exists.")
        assert await c.copy_records_to_table(
            "at2", records=[(20, "sad", (2, "b"), 3, ["ok"], 7)]) == "COPY 1"
        assert await c.fetchval("SELECT p FROM at2 WHERE id = 20") == (2, "b")
    run(running, body)


def test_nested_transactions_cursors_copy_out(running):
    async def body(c):
        await c.execute("CREATE TABLE at3(id int PRIMARY KEY, t text)")
        async with c.transaction():
            await c.execute("INSERT INTO at3 VALUES (1, 'kept')")
            with pytest.raises(asyncpg.DivisionByZeroError):
                async with c.transaction():  # a savepoint
                    await c.execute("INSERT INTO at3 VALUES (2, 'undone')")
                    await c.execute("SELECT 1/0")
            await c.execute("INSERT INTO at3 VALUES (3, 'after')")
        with pytest.raises(RuntimeError):
            async with c.transaction():
                await c.execute("INSERT INTO at3 VALUES (4, 'rolled back')")
                raise RuntimeError
        assert [tuple(r) for r in await c.fetch("SELECT * FROM at3 ORDER BY id")] == \
            [(1, "kept"), (3, "after")]
        async with c.transaction():
            cur = await c.cursor("SELECT generate_series(1, 10) AS g")
            assert [r["g"] for r in await cur.fetch(3)] == [1, 2, 3]
            assert [r["g"] for r in await cur.fetch(2)] == [4, 5]
        out = []

        async def sink(b):
            out.append(bytes(b))
        await c.copy_from_query("SELECT id, t FROM at3 ORDER BY id", output=sink, format="csv")
        assert b"".join(out) == b"1,kept\n3,after\n"
    run(running, body)
