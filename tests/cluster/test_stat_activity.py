"""pg_stat_activity lists every session of the node, with its state, query
and times; other roles' sessions show only who they are
("<insufficient privilege>"), as on PostgreSQL; and the common idiom
"terminate every other session of this database" works."""
import socket

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
            idle.execute("SET application_name = sa_renamed")
            names = [r[0] for r in su.execute(
                "SELECT application_name FROM pg_stat_activity ORDER BY 1").fetchall()]
            assert "sa_renamed" in names and "sa_idle" not in names, names
            idle.execute("SET application_name = sa_idle")
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


def test_drop_database_with_sessions(tmp_path):
    """DROP DATABASE refuses while another session is connected (after
    waiting 5 s for it, as PostgreSQL), and WITH (FORCE) ends it first."""
    n = Node(tmp_path)
    n.start()
    try:
        with time_limit(60):
            su = psycopg.connect(n.dsn(), autocommit=True)
            su.execute("CREATE DATABASE regress_sa_db")
            other = psycopg.connect(n.dsn(dbname="regress_sa_db"), autocommit=True)
            other.execute("SELECT 1")
            try:
                su.execute("DROP DATABASE regress_sa_db")
                raise AssertionError("dropped under a connected session")
            except psycopg.errors.ObjectInUse as ex:
                assert ex.diag.message_primary == \
                    'database "regress_sa_db" is being accessed by other users'
                assert ex.diag.message_detail == "There is 1 other session using the database."
            su.execute("DROP DATABASE regress_sa_db WITH (FORCE)")
            try:
                other.execute("SELECT 1")
                raise AssertionError("the session outlived its database")
            except psycopg.OperationalError:
                pass
            assert su.execute("SELECT count(*) FROM pg_database "
                              "WHERE datname = 'regress_sa_db'").fetchone()[0] == 0
            su.close()
    finally:
        n.stop()


def test_client_and_server_endpoints(tmp_path):
    """client_addr/client_port and inet_client_addr() & co. name the TCP
    connection's ends; a Unix-domain socket has none (NULL, port -1), as on
    PostgreSQL."""
    n = Node(tmp_path)
    n.start()
    try:
        with time_limit(60):
            tcp = psycopg.connect(n.dsn(application_name="sa_tcp"), autocommit=True)
            local_port = tcp.execute("SELECT inet_client_port()").fetchone()[0]
            row = tcp.execute(
                "SELECT host(inet_client_addr()), host(inet_server_addr()), "
                "inet_server_port(), pg_typeof(inet_client_addr())::text").fetchone()
            assert row == ("127.0.0.1", "127.0.0.1", n.sql_port, "inet")
            # the client's port is the socket's local port on the client side
            with socket.fromfd(tcp.pgconn.socket, socket.AF_INET, socket.SOCK_STREAM) as s:
                assert local_port == s.getsockname()[1]
            uds = psycopg.connect(f"host={n.dir} port={n.sql_port} user=shardforge "
                                  "dbname=shardforge application_name=sa_unix", autocommit=True)
            assert uds.execute("SELECT inet_client_addr(), inet_client_port(), "
                               "inet_server_addr(), inet_server_port()").fetchone() == \
                (None, None, None, None)
            rows = dict((r[0], r[1:]) for r in tcp.execute(
                "SELECT application_name, host(client_addr), client_port, client_hostname "
                "FROM pg_stat_activity").fetchall())
            assert rows.get("sa_tcp") == ("127.0.0.1", local_port, None), rows
            assert rows["sa_unix"] == (None, -1, None)
            uds.close()
            tcp.close()
    finally:
        n.stop()
