"""Table locks, on a real node and on PostgreSQL 15 (the `postgres` fixture):
PostgreSQL's eight table lock modes with its conflict table. A writer's open
transaction (ROW EXCLUSIVE) makes CREATE INDEX (SHARE) / ALTER TABLE / DROP /
TRUNCATE (ACCESS EXCLUSIVE) wait (and the index then holds the writer's
committed rows), an open DDL makes writers and readers wait, an open reader
(ACCESS SHARE, held until its transaction ends) makes ALTER TABLE / DROP /
TRUNCATE wait but not CREATE INDEX, writers never wait for each other;
LOCK TABLE in every pair of modes (NOWAIT: 55P03), lock_timeout (55P03),
statement_timeout (57014) and a deadlock through a table lock and a row lock
(40P01). The second session runs with lock_timeout = '500ms': success or
55P03 must match."""
import threading
import time

import psycopg
import pytest

from harness import outcome, run_all, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(300):
        yield


SETUP = ["DROP TABLE IF EXISTS dl_t",
         "CREATE TABLE dl_t (id int PRIMARY KEY, b int, c text)",
         "INSERT INTO dl_t SELECT g, g, 'x' FROM generate_series(1, 50) g"]

WRITERS = ["INSERT INTO dl_t VALUES (1000, 1000, 'w')",
           "UPDATE dl_t SET c = 'u' WHERE id = 1",
           "DELETE FROM dl_t WHERE id = 2",
           "SELECT id FROM dl_t WHERE id = 3 FOR UPDATE",
           "SELECT count(*) FROM dl_t"]

DDL = ["CREATE INDEX dl_t_b ON dl_t (b)",
       "ALTER TABLE dl_t ADD COLUMN d int",
       "ALTER TABLE dl_t ADD CONSTRAINT dl_pos CHECK (b > 0)",
       "ALTER TABLE dl_t ALTER COLUMN c SET NOT NULL",
       "TRUNCATE dl_t",
       "DROP TABLE dl_t"]


def make_table(dsn):
    run_all(dsn, SETUP)


def matrix(dsn):
    log = []
    for first, second in [(w, d) for w in WRITERS for d in DDL] + \
                         [(d, w) for d in DDL for w in WRITERS] + \
                         [(w1, w2) for w1 in WRITERS[:3] for w2 in WRITERS[:3]]:
        make_table(dsn)
        with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
            a.execute(first)
            b.execute("SET lock_timeout = '500ms'")
            second2 = second.replace("1000", "1001")
            log.append((first, second, outcome(b, second2)))
            b.rollback()
            a.rollback()
    return log


def test_blocking_matches_postgres(running, postgres):
    got = matrix(running.dsn())
    want = matrix(postgres["dsn"])
    diff = [(g[0], g[1], "ours " + g[2], "postgres " + w[2])
            for g, w in zip(got, want) if g != w]
    assert not diff, "\n".join(map(str, diff))


def index_after_concurrent_insert(dsn):
    """CREATE INDEX started while an insert is open waits for it and then
    indexes its row."""
    make_table(dsn)
    res = {}
    with psycopg.connect(dsn) as a, psycopg.connect(dsn, autocommit=True) as b:
        a.execute("INSERT INTO dl_t VALUES (1000, 1000, 'w')")

        def ddl():
            t0 = time.time()
            b.execute("CREATE INDEX dl_t_b ON dl_t (b)")
            res["waited"] = time.time() - t0 >= 0.3

        th = threading.Thread(target=ddl)
        th.start()
        time.sleep(0.6)
        a.commit()
        th.join()
        b.execute("SET enable_seqscan = off")
        rows = b.execute("SELECT id FROM dl_t WHERE b = 1000").fetchall()
        plan = [r[0] for r in b.execute(
            "EXPLAIN (COSTS OFF) SELECT id FROM dl_t WHERE b = 1000").fetchall()]
    return res["waited"], rows, any("dl_t_b" in p for p in plan)


def test_index_includes_rows_of_writers_it_waited_for(running, postgres):
    assert index_after_concurrent_insert(running.dsn()) == (True, [(1000,)], True)
    assert index_after_concurrent_insert(postgres["dsn"]) == (True, [(1000,)], True)


MODES = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
         "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"]


def lock_matrix(dsn):
    make_table(dsn)
    log = []
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        for m1 in MODES:
            a.execute(f"LOCK TABLE dl_t IN {m1} MODE")
            for m2 in MODES:
                log.append((m1, m2, outcome(b, f"LOCK dl_t IN {m2} MODE NOWAIT")))
                b.rollback()
            a.rollback()
    return log


def test_lock_table_conflicts_match_postgres(running, postgres):
    got = lock_matrix(running.dsn())
    want = lock_matrix(postgres["dsn"])
    assert got == want
    assert ("ACCESS SHARE", "ACCESS EXCLUSIVE", "55P03") in got


def timeouts(dsn):
    make_table(dsn)
    res = []
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        a.execute("SELECT count(*) FROM dl_t")
        b.execute("SET lock_timeout = '300ms'")
        res.append(outcome(b, "ALTER TABLE dl_t ADD COLUMN d int"))
        b.rollback()
        b.execute("SET lock_timeout = 0")
        b.execute("SET statement_timeout = '300ms'")
        res.append(outcome(b, "TRUNCATE dl_t"))
        b.rollback()
        res.append(outcome(b, "LOCK dl_t IN EXCLUSIVE MODE"))  # does not conflict
        b.rollback()
        a.rollback()
        # once the reader is gone the DDL goes through
        res.append(outcome(b, "ALTER TABLE dl_t ADD COLUMN d int"))
        b.commit()
    return res


def test_reader_lock_timeouts_match_postgres(running, postgres):
    got = timeouts(running.dsn())
    assert got == timeouts(postgres["dsn"])
    assert got == ["55P03", "57014", "ok", "ok"]


def deadlock(dsn):
    """A reads dl_t (ACCESS SHARE) and waits for B's row lock; B's ALTER
    TABLE waits for A's table lock: one of them is the 40P01 victim."""
    make_table(dsn)
    out = {}
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        a.execute("SELECT count(*) FROM dl_t")
        b.execute("UPDATE dl_t SET c = 'b' WHERE id = 5")

        def run_a():
            out["a"] = outcome(a, "UPDATE dl_t SET c = 'a' WHERE id = 5")
            a.rollback()

        th = threading.Thread(target=run_a)
        th.start()
        time.sleep(0.4)
        out["b"] = outcome(b, "ALTER TABLE dl_t ADD COLUMN d int")
        b.rollback()
        th.join()
    return sorted([out["a"], out["b"]])


def test_table_row_deadlock_detected(running, postgres):
    assert deadlock(running.dsn()) == ["40P01", "ok"]
    assert deadlock(postgres["dsn"]) == ["40P01", "ok"]


def reader_blocks_drop(dsn):
    """DROP TABLE waits for an open reader and goes through once it ends."""
    make_table(dsn)
    res = {}
    with psycopg.connect(dsn) as a, psycopg.connect(dsn, autocommit=True) as b:
        a.execute("SELECT count(*) FROM dl_t")

        def ddl():
            t0 = time.time()
            res["drop"] = outcome(b, "DROP TABLE dl_t")
            res["waited"] = time.time() - t0 >= 0.3

        th = threading.Thread(target=ddl)
        th.start()
        time.sleep(0.6)
        res["count"] = a.execute("SELECT count(*) FROM dl_t").fetchone()[0]
        a.commit()
        th.join()
    return res


def test_reader_blocks_drop(running, postgres):
    want = {"drop": "ok", "waited": True, "count": 50}
    assert reader_blocks_drop(running.dsn()) == want
    assert reader_blocks_drop(postgres["dsn"]) == want


def on_conflict_do_nothing(dsn):
    """INSERT ... ON CONFLICT DO NOTHING only checks the existing row: it
    leaves it unlocked (another session updates it at once)."""
    make_table(dsn)
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        a.execute("INSERT INTO dl_t VALUES (1, 1, 'a') ON CONFLICT DO NOTHING")
        a.execute("INSERT INTO dl_t VALUES (2, 2, 'a') ON CONFLICT (id) DO NOTHING")
        b.execute("SET lock_timeout = '500ms'")
        res = [outcome(b, "UPDATE dl_t SET c = 'b' WHERE id = 1"),
               outcome(b, "DELETE FROM dl_t WHERE id = 2")]
        b.commit()
        a.commit()
    return res


def test_on_conflict_do_nothing_leaves_row_unlocked(running, postgres):
    assert on_conflict_do_nothing(running.dsn()) == ["ok", "ok"]
    assert on_conflict_do_nothing(postgres["dsn"]) == ["ok", "ok"]
