"""Rails' ActiveRecord (Debian's ruby-activerecord and ruby-pg) against a
real node: the PostgreSQL adapter's type map query (typinput =
'array_in(cstring,oid,integer)'::regprocedure), a migration, queries and
schema introspection (tests/tools/activerecord_app.rb). Expected output is
what the same script prints against PostgreSQL 15."""
import os
import subprocess

import psycopg
import pytest

from harness import time_limit

APP = os.path.join(os.path.dirname(__file__), "..", "tools", "activerecord_app.rb")

EXPECTED = """\
{"ann"=>2, "bob"=>1}
["t1"]
[[1, false], [5, false], [1, false]]
["ann"]
ActiveRecord::RecordNotUnique
bob
t1x
["t2", "t3"]
1
["authors", "posts"]
[["id", "bigint", nil, false], ["author_id", "bigint", nil, true], \
["title", "character varying", nil, true], ["content", "text", nil, true], \
["views", "integer", "1", true], ["score", "numeric(5,2)", nil, true], \
["tags", "character varying", "{}", true], \
["created_at", "timestamp(6) without time zone", nil, false], \
["updated_at", "timestamp(6) without time zone", nil, false], \
["published", "boolean", "false", true]]
[["index_posts_on_author_id", ["author_id"], false]]
[["authors", "author_id", "id"]]
id
"""


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(180):
        yield


def test_activerecord_app(running):
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE ardb")
    r = subprocess.run(["ruby", APP, str(running.sql_port), "shardforge"],
                       capture_output=True, text=True, timeout=150)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout == EXPECTED
