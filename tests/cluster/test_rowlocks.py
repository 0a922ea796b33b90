"""Row-lock strengths across sessions: SELECT ... FOR KEY SHARE / FOR SHARE /
FOR NO KEY UPDATE / FOR UPDATE, UPDATE (key and non-key), DELETE and
foreign-key checks, run on a real node and on PostgreSQL 15 (the `postgres`
fixture): who blocks whom (the second session runs with lock_timeout =
'500ms': success or 55P03) must match, and so must the outcome of an
upgrade deadlock and the wake-up of several shared waiters."""
import threading

import psycopg
import pytest

from harness import outcome, run_all, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(300):
        yield


MODES = ["KEY SHARE", "SHARE", "NO KEY UPDATE", "UPDATE"]

SETUP = ["DROP TABLE IF EXISTS rl_c",
         "DROP TABLE IF EXISTS rl_p",
         "CREATE TABLE rl_p (id int PRIMARY KEY, u int UNIQUE, v text)",
         "INSERT INTO rl_p VALUES (1, 10, 'a'), (2, 20, 'b')",
         "CREATE TABLE rl_c (id int PRIMARY KEY, pid int REFERENCES rl_p (id))"]

SECOND = [f"SELECT id FROM rl_p WHERE id = 1 FOR {m}" for m in MODES] + [
    "UPDATE rl_p SET v = 'x' WHERE id = 1",
    "UPDATE rl_p SET u = 11 WHERE id = 1",
    "UPDATE rl_p SET u = u WHERE id = 1",
    "UPDATE rl_p SET id = 5 WHERE id = 1",
    "DELETE FROM rl_p WHERE id = 1",
    "INSERT INTO rl_c VALUES (101, 1)",
    "SELECT id FROM rl_p WHERE id = 2 FOR UPDATE",
]

FIRST = [f"SELECT id FROM rl_p WHERE id = 1 FOR {m}" for m in MODES] + [
    "UPDATE rl_p SET v = 'y' WHERE id = 1",
    "UPDATE rl_p SET u = 12 WHERE id = 1",
    "DELETE FROM rl_p WHERE id = 1",
    "INSERT INTO rl_c VALUES (100, 1)",
]


def make_tables(dsn):
    run_all(dsn, SETUP)


def blocking_matrix(dsn):
    make_tables(dsn)
    log = []
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        for q1 in FIRST:
            for q2 in SECOND:
                a.execute(q1)
                b.execute("SET lock_timeout = '500ms'")
                log.append((q1, q2, outcome(b, q2)))
                b.rollback()
                a.rollback()
    return log


def test_blocking_matches_postgres(running, postgres):
    got = blocking_matrix(running.dsn())
    want = blocking_matrix(postgres["dsn"])
    diff = [(g, w) for g, w in zip(got, want) if g != w]
    assert not diff


def fk_and_nowait(dsn):
    make_tables(dsn)
    log = []
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        # two children of one parent in two transactions: no wait
        a.execute("INSERT INTO rl_c VALUES (100, 1)")
        b.execute("SET lock_timeout = '500ms'")
        log.append(outcome(b, "INSERT INTO rl_c VALUES (101, 1)"))
        log.append(outcome(b, "UPDATE rl_p SET v = 'z' WHERE id = 1"))
        b.commit()
        a.commit()
        # NOWAIT / SKIP LOCKED against shared holders
        a.execute("SELECT id FROM rl_p FOR SHARE")
        log.append(outcome(b, "SELECT id FROM rl_p WHERE id = 1 FOR SHARE NOWAIT"))
        log.append(outcome(b, "SELECT id FROM rl_p WHERE id = 1 FOR UPDATE NOWAIT"))
        b.rollback()
        log.append(b.execute("SELECT id FROM rl_p ORDER BY id FOR KEY SHARE SKIP LOCKED")
                   .fetchall())
        log.append(b.execute("SELECT id FROM rl_p ORDER BY id FOR NO KEY UPDATE SKIP LOCKED")
                   .fetchall())
        b.rollback()
        a.rollback()
        # a savepoint rolled back releases the shared lock taken after it
        a.execute("SAVEPOINT s")
        a.execute("SELECT id FROM rl_p WHERE id = 2 FOR SHARE")
        a.execute("ROLLBACK TO SAVEPOINT s")
        b.execute("SET lock_timeout = '500ms'")
        log.append(outcome(b, "UPDATE rl_p SET v = 'w' WHERE id = 2"))
        b.rollback()
        a.rollback()
    return log


def test_fk_and_wait_policies_match_postgres(running, postgres):
    assert fk_and_nowait(running.dsn()) == fk_and_nowait(postgres["dsn"])


def upgrade_deadlock(dsn):
    """Both hold FOR SHARE, both UPDATE: one waits, the other gets 40P01,
    then the waiter goes on."""
    make_tables(dsn)
    res = {}
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        a.execute("SELECT id FROM rl_p WHERE id = 1 FOR SHARE")
        b.execute("SELECT id FROM rl_p WHERE id = 1 FOR SHARE")

        def run(name, conn):
            res[name] = outcome(conn, "UPDATE rl_p SET v = 'u' WHERE id = 1")
            conn.rollback()

        ta = threading.Thread(target=run, args=("a", a))
        ta.start()
        ta.join(0.3)
        run("b", b)
        ta.join(30)
    return sorted(res.values())


def test_upgrade_deadlock_matches_postgres(running, postgres):
    got = upgrade_deadlock(running.dsn())
    assert got == upgrade_deadlock(postgres["dsn"])
    assert got == ["40P01", "ok"]


def wake_shared(dsn):
    """FOR UPDATE held; two FOR SHARE waiters both get the row at once."""
    make_tables(dsn)
    res = {}
    barrier = threading.Barrier(2, timeout=20)
    with psycopg.connect(dsn) as a:
        a.execute("SELECT id FROM rl_p WHERE id = 1 FOR UPDATE")

        def waiter(name):
            with psycopg.connect(dsn) as c:
                res[name] = outcome(c, "SELECT id FROM rl_p WHERE id = 1 FOR SHARE")
                try:
                    barrier.wait()  # both hold it together
                    res[name + "_both"] = True
                except threading.BrokenBarrierError:
                    res[name + "_both"] = False
                c.rollback()

        ts = [threading.Thread(target=waiter, args=(n,)) for n in ("b", "c")]
        for t in ts:
            t.start()
        for t in ts:
            t.join(0.3)
        a.commit()
        for t in ts:
            t.join(30)
    return sorted(res.items())


def test_wake_shared_waiters_matches_postgres(running, postgres):
    got = wake_shared(running.dsn())
    assert got == wake_shared(postgres["dsn"])
    assert got == [("b", "ok"), ("b_both", True), ("c", "ok"), ("c_both", True)]
