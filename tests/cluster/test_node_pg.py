"""node-pg (the npm package pg, installed into tests/tools/node by
scripts/install-deps.sh) against ShardForge and against PostgreSQL 15 in the
same test: tests/tools/node_client.js prints every result of a workload and
the two outputs must be identical.

Covered: parameterised queries (unnamed extended-protocol statements, text
parameters) of the common types with pg-types' parsing of the results,
rowMode 'array', multi-statement simple queries, named prepared statements,
transactions and savepoints, errors with err.code/detail/constraint/table/
column, LISTEN/NOTIFY, and a pg.Pool running queries concurrently."""
import os

import pytest

from drivers import against_both, compare, tool

SRC = tool("node_client.js")
PG = tool("node", "node_modules", "pg", "package.json")


def test_node_pg_matches_postgres(tmp_path, postgres):
    if not os.path.exists(PG):
        pytest.fail("node-pg is missing: run scripts/install-deps.sh (npm ci in tests/tools/node)")
    want, got = against_both(tmp_path, postgres,
                             lambda host, port, db: ["node", SRC, host, str(port), db])
    assert want.startswith("server major 15\n"), want
    assert "exit " not in want, want
    compare(want, got)
