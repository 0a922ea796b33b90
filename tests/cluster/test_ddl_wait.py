"""Statements that wait for a table lock held by DDL see the table as the DDL
left it, on a real node and on PostgreSQL 15 (the `postgres` fixture), over
what tests/isolation cannot drive: a protocol-level prepared statement
(Parse once, then Bind/Execute waiting behind TRUNCATE / ALTER TABLE / DROP:
the cached plan's locks are taken at Bind and it is planned again; 0A000
"cached plan must not change result type" when its columns changed) and COPY
FROM STDIN (the target is resolved again: a truncated table takes the rows, an
added column is missing data, a dropped or renamed table is 42P01). Outcomes
and table contents must match."""
import time

import pytest
from psycopg import pq

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(300):
        yield


DDL = ["TRUNCATE dw_t; INSERT INTO dw_t VALUES (5, 5)",
       "ALTER TABLE dw_t ADD COLUMN w int DEFAULT 7",
       "ALTER TABLE dw_t RENAME TO dw_t2",
       "DROP TABLE dw_t"]
PREPARED = ["SELECT * FROM dw_t ORDER BY id",
            "INSERT INTO dw_t VALUES (3, 3)",
            "UPDATE dw_t SET v = v + 10"]


def connect(dsn):
    c = pq.PGconn.connect(dsn.encode())
    assert c.status == pq.ConnStatus.OK, c.error_message
    return c


def ex(c, sql):
    r = c.exec_(sql.encode())
    assert r.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK), \
        (sql, r.error_message)
    return r


def show(r):
    if r.status == pq.ExecStatus.TUPLES_OK:
        names = [r.fname(i).decode() for i in range(r.nfields)]
        vals = [[None if r.get_value(t, f) is None else r.get_value(t, f).decode()
                 for f in range(r.nfields)] for t in range(r.ntuples)]
        return (names, vals)
    if r.status == pq.ExecStatus.COMMAND_OK:
        return r.command_status.decode()
    return (r.error_field(ord("C")) or b"").decode()


def wait_blocked(c0, c1, c2):
    """Until c2 waits for a lock of c1 (pg_isolation_test_session_is_blocked)."""
    q = f"SELECT pg_isolation_test_session_is_blocked({c2.backend_pid}, '{{{c1.backend_pid}}}')"
    for _ in range(500):
        if ex(c0, q).get_value(0, 0) == b"t":
            return
        time.sleep(0.02)
    raise AssertionError("the second session never waited")


def fresh(c0):
    ex(c0, "DROP TABLE IF EXISTS dw_t")
    ex(c0, "DROP TABLE IF EXISTS dw_t2")
    ex(c0, "CREATE TABLE dw_t (id int, v int)")
    ex(c0, "INSERT INTO dw_t VALUES (1, 1)")


def contents(c0):
    r = c0.exec_(b"SELECT * FROM dw_t ORDER BY id")
    return show(r)


def scenarios(dsn):
    log = []
    c0 = connect(dsn)
    for ddl in DDL:
        for stmt in PREPARED + ["COPY"]:
            fresh(c0)
            c1, c2 = connect(dsn), connect(dsn)
            if stmt != "COPY":
                r = c2.prepare(b"s", stmt.encode())
                assert r.status == pq.ExecStatus.COMMAND_OK, r.error_message
            ex(c1, "BEGIN")
            ex(c1, ddl)
            if stmt == "COPY":
                c2.send_query(b"COPY dw_t FROM STDIN")
            else:
                c2.send_query_prepared(b"s", None)
            wait_blocked(c0, c1, c2)
            ex(c1, "COMMIT")
            got = []
            while True:
                r = c2.get_result()
                if r is None:
                    break
                if r.status == pq.ExecStatus.COPY_IN:
                    c2.put_copy_data(b"3\t3\n")
                    c2.put_copy_end()
                    continue
                got.append(show(r))
            log.append((ddl, stmt, got, contents(c0)))
            c1.finish()
            c2.finish()
    ex(c0, "DROP TABLE IF EXISTS dw_t")
    ex(c0, "DROP TABLE IF EXISTS dw_t2")
    c0.finish()
    return log


def test_waiters_match_postgres(running, postgres):
    got = scenarios(running.dsn())
    want = scenarios(postgres["dsn"])
    diff = [("ours", g, "postgres", w) for g, w in zip(got, want) if g != w]
    assert not diff, "\n".join(map(str, diff))
