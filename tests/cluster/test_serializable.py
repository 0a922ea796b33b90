"""SERIALIZABLE on a real node and on PostgreSQL 15 (the `postgres` fixture):
the doctors-on-call write skew (exactly one of the two transactions fails
with 40001 and somebody stays on call), the error fields of our commit-time
failure, and a randomized bank run (4 threads, serializable, retries on
40001 and 40P01) that keeps the total and never lets a pair of accounts go negative
(each transfer checks the pair's sum before withdrawing from one of them:
write skew would break that rule)."""
import random
import threading

import psycopg
import pytest

from harness import run_all, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(300):
        yield


def doctors(dsn):
    """Returns (failures as (session, statement, sqlstate), doctors on call,
    the error of the failure)."""
    run_all(dsn, ["DROP TABLE IF EXISTS doctors",
                  "CREATE TABLE doctors (name text PRIMARY KEY, on_call bool NOT NULL)",
                  "INSERT INTO doctors VALUES ('alice', true), ('bob', true), ('carol', false)"])
    fails = []
    err = None
    with psycopg.connect(dsn, autocommit=True) as a, \
            psycopg.connect(dsn, autocommit=True) as b:
        conns = {"a": a, "b": b}
        steps = [("a", "BEGIN ISOLATION LEVEL SERIALIZABLE"),
                 ("b", "BEGIN ISOLATION LEVEL SERIALIZABLE"),
                 ("a", "SELECT count(*) FROM doctors WHERE on_call"),
                 ("b", "SELECT count(*) FROM doctors WHERE on_call"),
                 ("a", "UPDATE doctors SET on_call = false WHERE name = 'alice'"),
                 ("b", "UPDATE doctors SET on_call = false WHERE name = 'bob'"),
                 ("a", "COMMIT"),
                 ("b", "COMMIT")]
        failed = set()
        for who, sql in steps:
            c = conns[who]
            if who in failed:
                continue
            try:
                r = c.execute(sql)
                if sql.startswith("SELECT"):
                    assert r.fetchone()[0] == 2
            except psycopg.Error as ex:
                fails.append((who, sql.split()[0], ex.sqlstate))
                err = ex
                failed.add(who)
                c.execute("ROLLBACK")
    with psycopg.connect(dsn) as c:
        on_call = c.execute("SELECT count(*) FROM doctors WHERE on_call").fetchone()[0]
    return fails, on_call, err


def test_doctors_write_skew(running, postgres):
    for dsn in (running.dsn(), postgres["dsn"]):
        fails, on_call, err = doctors(dsn)
        assert len(fails) == 1 and fails[0][2] == "40001", (dsn, fails)
        assert on_call >= 1, dsn
        assert err.diag.message_primary == ("could not serialize access due to read/write "
                                            "dependencies among transactions")
        assert err.diag.message_hint == "The transaction might succeed if retried."
        assert err.diag.message_detail.startswith("Reason code: Canceled on identification "
                                                  "as a pivot, during ")
    # ours fails the second COMMIT, with PostgreSQL's text for that case
    fails, _, err = doctors(running.dsn())
    assert fails == [("b", "COMMIT", "40001")]
    assert err.diag.message_detail == ("Reason code: Canceled on identification as a pivot, "
                                       "during commit attempt.")


def test_repeatable_read_allows_write_skew(running):
    dsn = running.dsn()
    run_all(dsn, ["CREATE TABLE d2 (name text PRIMARY KEY, on_call bool NOT NULL)",
                  "INSERT INTO d2 VALUES ('alice', true), ('bob', true)"])
    with psycopg.connect(dsn, autocommit=True) as a, \
            psycopg.connect(dsn, autocommit=True) as b:
        for c in (a, b):
            c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            assert c.execute("SELECT count(*) FROM d2 WHERE on_call").fetchone()[0] == 2
        a.execute("UPDATE d2 SET on_call = false WHERE name = 'alice'")
        b.execute("UPDATE d2 SET on_call = false WHERE name = 'bob'")
        a.execute("COMMIT")
        b.execute("COMMIT")
    with psycopg.connect(dsn) as c:
        assert c.execute("SELECT count(*) FROM d2 WHERE on_call").fetchone()[0] == 0


ACCOUNTS = 8  # pairs (0,1), (2,3), ...


def bank(dsn, threads=4, per_thread=15, seed=7):
    run_all(dsn, ["DROP TABLE IF EXISTS acct",
                  "CREATE TABLE acct (id int PRIMARY KEY, balance int NOT NULL)",
                  "INSERT INTO acct SELECT g, 100 FROM generate_series(0, %d) g"
                  % (ACCOUNTS - 1)])
    stats = {"commits": 0, "retries": 0, "skipped": 0}
    errors = []
    mu = threading.Lock()

    def worker(n):
        rnd = random.Random(seed * 100 + n)
        try:
            with psycopg.connect(dsn, autocommit=True) as c:
                for _ in range(per_thread):
                    pair = rnd.randrange(ACCOUNTS // 2) * 2
                    src = pair + rnd.randrange(2)
                    dst = rnd.choice([i for i in range(ACCOUNTS) if i // 2 != pair // 2])
                    amt = rnd.randint(1, 150)
                    for _attempt in range(200):
                        try:
                            c.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                            rows = c.execute("SELECT balance FROM acct WHERE id IN (%s, %s)",
                                             (pair, pair + 1)).fetchall()
                            if sum(r[0] for r in rows) < amt:
                                c.execute("COMMIT")
                                with mu:
                                    stats["skipped"] += 1
                                break
                            c.execute("UPDATE acct SET balance = balance - %s WHERE id = %s",
                                      (amt, src))
                            c.execute("UPDATE acct SET balance = balance + %s WHERE id = %s",
                                      (amt, dst))
                            c.execute("COMMIT")
                            with mu:
                                stats["commits"] += 1
                            break
                        except (psycopg.errors.SerializationFailure,
                                psycopg.errors.DeadlockDetected):
                            c.execute("ROLLBACK")
                            with mu:
                                stats["retries"] += 1
                    else:
                        raise AssertionError("no progress after 200 retries")
        except Exception as ex:  # reported by the main thread
            errors.append(repr(ex))

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors
    with psycopg.connect(dsn) as c:
        bal = [r[0] for r in c.execute("SELECT balance FROM acct ORDER BY id").fetchall()]
    return bal, stats


def test_bank_serializable(running, postgres):
    for dsn in (running.dsn(), postgres["dsn"]):
        bal, stats = bank(dsn)
        assert sum(bal) == 100 * ACCOUNTS, (dsn, bal)
        for p in range(0, ACCOUNTS, 2):
            assert bal[p] + bal[p + 1] >= 0, (dsn, bal, stats)
        assert stats["commits"] > 0
