"""pg_stat_activity lists every session of the node, with its state, query
and times; other roles' sessions show only who they are
("<insufficient privilege>"), as on PostgreSQL; and the common idiom
"terminate every other session of this database" works."""
import psycopg

from harness import Node, time_limit


def test_sessions_states_and_privacy(tmp_path):
    n = Node(tmp_path)
    n.start()
    try:
        with time_limit(60):
            su = psycopg.connect(n.dsn(), autocommit=True)
            su.execute("CREATE ROLE regress_sa_low LOGIN")
            idle = psycopg.connect(n.dsn(application_name="sa_idle"), autocommit=True)
            idle.execute("SELECT 41")
            blk = psycopg.connect(n.dsn(application_name="sa_block"))
            blk.execute("SELECT 42")  # psycopg opens a transaction block
            bad = psycopg.connect(n.dsn(application_name="sa_failed"))
            try:
                bad.execute("SELECT 1/0")
            except psycopg.errors.DivisionByZero:
                pass
            rows = {r[0]: r[1:] for r in su.execute(
                "SELECT application_name, state, query, xact_start IS NOT NULL, "
                "backend_type, usename FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid()").fetchall()}
            assert rows["sa_idle"] == ("idle", "SELECT 41", False, "client backend", "shardforge")
            assert rows["sa_block"][:3] == ("idle in transaction", "SELECT 42", True)
            assert rows["sa_failed"][:3] == ("idle in transaction (aborted)", "SELECT 1/0", True)
            me = su.execute("SELECT state, query FROM pg_stat_activity "
                            "WHERE pid = pg_backend_pid()").fetchone()
            assert me == ("active", "SELECT state, query FROM pg_stat_activity "
                                    "WHERE pid = pg_backend_pid()")
            low = psycopg.connect(n.dsn(user="regress_sa_low"), autocommit=True)
            seen = low.execute("SELECT usename, state, query FROM pg_stat_activity "
                               "WHERE application_name = 'sa_idle'").fetchone()
            assert seen == ("shardforge", None, "<insufficient privilege>")
            # terminate every other session of this database
            killed = su.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()").fetchone()[0]
            assert killed == 4
            left = su.execute("SELECT count(*) FROM pg_stat_activity").fetchone()[0]
            assert left == 1
            for c in (idle, blk, bad, low):
                c.close()
            su.execute("DROP ROLE regress_sa_low")
            su.close()
    finally:
        n.stop()
