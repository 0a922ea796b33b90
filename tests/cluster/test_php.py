"""PHP's PDO pgsql and pgsql extensions (Debian's php-cli and php-pgsql)
against ShardForge and against PostgreSQL 15 in the same test:
tests/tools/php_client.php prints every result of a workload and the two
outputs must be identical.

Covered: server-side prepared statements (emulation off) with ? and :name
placeholders, bindValue with PDO types (LOB bytea as a binary parameter),
fetch modes and getColumnMeta, NULLs, lastInsertId, transactions,
savepoints, errors with their SQLSTATE (PDOException::errorInfo),
pgsqlCopyFromArray / pgsqlCopyToArray, and pg_query_params / pg_prepare /
pg_execute of the native extension."""
from drivers import against_both, compare, tool

SRC = tool("php_client.php")


def test_php_pdo_pgsql_matches_postgres(tmp_path, postgres):
    want, got = against_both(tmp_path, postgres,
                             lambda host, port, db: ["php", SRC, host, str(port), db])
    assert want.startswith("server major 15\n"), want
    assert "exit " not in want, want
    compare(want, got)
