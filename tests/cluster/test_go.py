"""Go drivers (Debian's pgx v4 and lib/pq, built offline from /usr/share/gocode)
against ShardForge and against PostgreSQL 15 in the same test:
tests/tools/go_client.go prints every result of a workload and the two
outputs must be identical.

pgx: the extended protocol with statement descriptions and binary parameters
and results of every common type (numeric, bytea, date/time, uuid, arrays,
json), named prepared statements, binary COPY FROM (CopyFrom), batches,
transactions and savepoints, errors with SQLSTATE (pgconn.PgError), the
simple protocol and LISTEN/NOTIFY. lib/pq (database/sql): text-format
parameters and results, pq.Array, transactions with isolation levels,
pq.Error codes, text COPY FROM STDIN (pq.CopyIn) and pq.Listener."""
import os
import subprocess
import tempfile

import pytest

from drivers import against_both, compare, tool

SRC = tool("go_client.go")


@pytest.fixture(scope="module")
def go_client(tmp_path_factory):
    exe = str(tmp_path_factory.mktemp("go") / "go_client")
    env = dict(os.environ, GOPATH="/usr/share/gocode", GO111MODULE="off", GOFLAGS="",
               GOCACHE=os.path.join(tempfile.gettempdir(), "sf-test-gocache"))
    r = subprocess.run(["go", "build", "-o", exe, SRC], capture_output=True, text=True,
                       timeout=600, env=env)
    assert r.returncode == 0, r.stderr
    return exe


# pgx by default (named statements, cached), with describe-only unnamed
# statements, and with the simple protocol; lib/pq with text and with binary
# parameters.
@pytest.mark.parametrize("driver,opts", [
    ("pgx", ""),
    ("pgx", "&statement_cache_mode=describe"),
    ("pgx", "&prefer_simple_protocol=true"),
    ("pq", ""),
    ("pq", "&binary_parameters=yes"),
])
def test_go_matches_postgres(tmp_path, postgres, go_client, driver, opts):
    want, got = against_both(
        tmp_path, postgres,
        lambda host, port, db: [go_client, driver,
                                f"postgres://shardforge@{host}:{port}/{db}?sslmode=disable"
                                f"&connect_timeout=10{opts}"])
    assert want.startswith("server major 15\n"), want
    assert "exit " not in want, want
    compare(want, got)
