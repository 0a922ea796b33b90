"""pg_dump, pg_restore and pg_dumpall (PostgreSQL 15's client tools) against
a real node. The same schema script (pg_dump_schema.sql: identity and serial
columns, enum, domain and composite types, a view, SQL and PL/pgSQL
functions, a trigger, comments, partial expression indexes, table and column
grants, data with quotes and tabs) runs on ShardForge and on a scratch
PostgreSQL 15; their pg_dump scripts must be identical. The dump then
restores into a fresh database (plain through psql, custom format through
pg_restore) and dumps again unchanged."""
import os
import subprocess

import psycopg
import pytest

from harness import time_limit

SCHEMA = os.path.join(os.path.dirname(__file__), "pg_dump_schema.sql")


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(240):
        yield


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
    assert r.returncode == 0, f"{cmd[0]}: {r.stderr[-2000:]}"
    return r.stdout


def strip(dump):
    # \restrict keys are random; the version lines name the servers
    return "\n".join(l for l in dump.splitlines()
                     if not l.startswith(("\\restrict", "\\unrestrict", "-- Dumped from")))


def load(host, port, db):
    run(["psql", "-X", "-q", "-h", host, "-p", str(port), "-U", "shardforge", "-d", db,
         "-v", "ON_ERROR_STOP=1", "-f", SCHEMA])


def dump(host, port, db, *extra):
    return run(["pg_dump", "-h", host, "-p", str(port), "-U", "shardforge", *extra, db])


def test_pg_dump_matches_postgres_and_restores(running, postgres, tmp_path):
    sf = ("127.0.0.1", running.sql_port)
    for host, port, dsn in ((*sf, running.dsn()), (postgres["dir"], postgres["port"],
                                                   postgres["dsn"])):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE DATABASE dd")
        load(host, port, "dd")
    ours = dump(*sf, "dd")
    theirs = dump(postgres["dir"], postgres["port"], "dd")
    assert strip(ours) == strip(theirs)

    # plain script back into a fresh database: the same dump again
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE dd2")
        conn.execute("CREATE DATABASE dd3")
    script = tmp_path / "dd.sql"
    script.write_text(ours)
    run(["psql", "-X", "-q", "-h", sf[0], "-p", str(sf[1]), "-U", "shardforge", "-d", "dd2",
         "-v", "ON_ERROR_STOP=1", "-f", str(script)])
    assert strip(dump(*sf, "dd2")) == strip(ours)

    # custom format through pg_restore
    archive = tmp_path / "dd.dump"
    run(["pg_dump", "-Fc", "-f", str(archive), "-h", sf[0], "-p", str(sf[1]), "-U",
         "shardforge", "dd"])
    run(["pg_restore", "--exit-on-error", "-h", sf[0], "-p", str(sf[1]), "-U", "shardforge",
         "-d", "dd3", str(archive)])
    with psycopg.connect(running.dsn(dbname="dd3")) as conn:
        rows = conn.execute("SELECT id, email, name FROM app.users ORDER BY id").fetchall()
        assert rows == [(1, "a@x", "A"), (2, "b@x", "anon"), (3, "c'q@x", "tab\there")]
        assert conn.execute("SELECT nextval('app.counter')").fetchone() == (125,)
        assert conn.execute("SELECT (price).currency FROM app.orders WHERE id = 1").fetchone() \
            == ("EUR",)

    # the roles and grants of the cluster
    glob = run(["pg_dumpall", "--globals-only", "-h", sf[0], "-p", str(sf[1]), "-U",
                "shardforge"])
    assert "CREATE ROLE dump_reader;" in glob and "CREATE ROLE shardforge;" in glob
