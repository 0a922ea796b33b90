"""Perl DBI with DBD::Pg (Debian's libdbd-pg-perl) against ShardForge and
against PostgreSQL 15 in the same test: tests/tools/perl_client.pl prints
every result of a workload and the two outputs must be identical.

Covered: server-side prepared statements with ? and $n placeholders, text
parameters and a binary bytea parameter, NULLs, arrays and json, repeated
executions, transactions, savepoints and AutoCommit off, errors with their
SQLSTATE ($h->state), COPY FROM STDIN / TO STDOUT, DBI's catalog methods
(table_info, column_info, primary_key) and LISTEN/NOTIFY (pg_notifies)."""
from drivers import against_both, compare, tool

SRC = tool("perl_client.pl")


def test_perl_dbd_pg_matches_postgres(tmp_path, postgres):
    want, got = against_both(tmp_path, postgres,
                             lambda host, port, db: ["perl", SRC, host, str(port), db])
    assert want.startswith("server major 15\n"), want
    assert "exit " not in want, want
    compare(want, got)
