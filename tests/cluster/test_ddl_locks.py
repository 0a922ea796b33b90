"""Table locks between writers and DDL, on a real node and on PostgreSQL 15
(the `postgres` fixture): a writer's open transaction makes CREATE INDEX /
ALTER TABLE wait (and the index then holds the writer's committed rows), an
open DDL makes writers wait, writers never wait for each other. Unlike
PostgreSQL, readers (SELECT, FOR UPDATE) do not make ALTER TABLE wait. The second
session runs with lock_timeout = '500ms': success or 55P03 must match."""
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
       "ALTER TABLE dl_t ALTER COLUMN c SET NOT NULL"]


def make_table(dsn):
    run_all(dsn, SETUP)


def matrix(dsn):
    log = []
    # readers (the last two) only against CREATE INDEX: ALTER TABLE does
    # not wait for readers here (PostgreSQL's ACCESS EXCLUSIVE does; our
    # readers keep their snapshot's descriptor, so nothing reads wrong)
    for first, second in [(w, d) for w in WRITERS[:3] for d in DDL] + \
                         [(r, DDL[0]) for r in WRITERS[3:]] + \
                         [(d, w) for d in DDL for w in WRITERS[:3]] + \
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
