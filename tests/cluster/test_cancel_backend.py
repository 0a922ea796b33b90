"""pg_cancel_backend across sessions, on ShardForge and on PostgreSQL 15:
a session's running statement stops with 57014 when another session of the
same role, a superuser or a member of pg_signal_backend cancels it; another
role gets 42501 and the statement runs on. (What drivers and tools such as
node-pg's test in test_node_pg.py and admin consoles do.)"""
import threading
import time

import psycopg

from harness import Node, time_limit


def scenario(dsn_for):
    """The outcomes, as a list of strings, for connections made by
    dsn_for(user)."""
    out = []
    su = psycopg.connect(dsn_for("shardforge"), autocommit=True)
    for r in ("regress_cb_a", "regress_cb_b", "regress_cb_sig"):
        su.execute(f"DROP ROLE IF EXISTS {r}")
        su.execute(f"CREATE ROLE {r} LOGIN")
    su.execute("GRANT pg_signal_backend TO regress_cb_sig")

    def run_cancel(victim_user, canceller_user):
        victim = psycopg.connect(dsn_for(victim_user), autocommit=True)
        pid = victim.execute("SELECT pg_backend_pid()").fetchone()[0]
        result = {}

        def sleep():
            try:
                victim.execute("SELECT pg_sleep(3)")
                result["victim"] = "finished"
            except psycopg.Error as ex:
                result["victim"] = f"{ex.sqlstate} {ex.diag.message_primary}"

        t = threading.Thread(target=sleep)
        t.start()
        time.sleep(0.5)
        c = psycopg.connect(dsn_for(canceller_user), autocommit=True)
        try:
            ok = c.execute("SELECT pg_cancel_backend(%s)", (pid,)).fetchone()[0]
            res = f"returned {ok}"
        except psycopg.Error as ex:
            res = f"{ex.sqlstate} {ex.diag.message_primary}"
        c.close()
        t.join(10)
        after = victim.execute("SELECT 1").fetchone()[0]
        victim.close()
        return f"{canceller_user} cancels {victim_user}: {res}; victim {result.get('victim')}; then {after}"

    out.append(run_cancel("regress_cb_a", "regress_cb_a"))
    out.append(run_cancel("regress_cb_a", "regress_cb_b"))
    out.append(run_cancel("regress_cb_a", "regress_cb_sig"))
    out.append(run_cancel("regress_cb_a", "shardforge"))
    out.append(run_cancel("shardforge", "regress_cb_sig"))
    for r in ("regress_cb_a", "regress_cb_b", "regress_cb_sig"):
        su.execute(f"DROP ROLE {r}")
    su.close()
    return out


def test_cancel_backend_matches_postgres(tmp_path, postgres):
    n = Node(tmp_path)
    n.start()
    try:
        with time_limit(120):
            want = scenario(lambda u: f"host=127.0.0.1 port={postgres['port']} user={u} "
                                      "dbname=postgres connect_timeout=10")
            got = scenario(lambda u: n.dsn(user=u))
    finally:
        n.stop()
    assert want[0].endswith("returned True; victim 57014 canceling statement due to user "
                            "request; then 1"), want
    assert "42501" in want[1] and "victim finished" in want[1], want
    assert got == want


def terminate_scenario(dsn_for):
    """pg_terminate_backend: an idle session and a busy one end with FATAL
    57P01; unknown pid, negative timeout, another role's session."""
    out = []
    su = psycopg.connect(dsn_for("shardforge"), autocommit=True)
    for r in ("regress_tb_a", "regress_tb_b"):
        su.execute(f"DROP ROLE IF EXISTS {r}")
        su.execute(f"CREATE ROLE {r} LOGIN")

    def victim_state(v):
        try:
            v.execute("SELECT 1")
            return "alive"
        except psycopg.Error as ex:
            return f"gone {ex.sqlstate or ''}".strip()

    # an idle session, waited for (timeout 5 s): true, then its next query fails
    v = psycopg.connect(dsn_for("regress_tb_a"), autocommit=True)
    pid = v.execute("SELECT pg_backend_pid()").fetchone()[0]
    ok = su.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone()[0]
    out.append(f"idle: {ok}; victim {victim_state(v)}")
    v.close()
    # a session running a statement
    v = psycopg.connect(dsn_for("regress_tb_a"), autocommit=True)
    pid = v.execute("SELECT pg_backend_pid()").fetchone()[0]
    result = {}

    def sleep():
        try:
            v.execute("SELECT pg_sleep(5)")
            result["v"] = "finished"
        except psycopg.Error as ex:
            # FATAL 57P01; whether libpq still reads it as a result or
            # only sees the closed socket depends on timing
            result["v"] = "failed" if ex.sqlstate in (None, "57P01") else f"failed {ex.sqlstate}"

    t = threading.Thread(target=sleep)
    t.start()
    time.sleep(0.5)
    ok = su.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
    t.join(10)
    out.append(f"busy: {ok}; victim {result.get('v')}, then {victim_state(v)}")
    v.close()
    # another role's session: 42501, and it lives on
    v = psycopg.connect(dsn_for("regress_tb_a"), autocommit=True)
    pid = v.execute("SELECT pg_backend_pid()").fetchone()[0]
    c = psycopg.connect(dsn_for("regress_tb_b"), autocommit=True)
    try:
        c.execute("SELECT pg_terminate_backend(%s)", (pid,))
        out.append("other role: allowed")
    except psycopg.Error as ex:
        out.append(f"other role: {ex.sqlstate} {ex.diag.message_primary}; victim {victim_state(v)}")
    c.close()
    v.close()
    for q in ("SELECT pg_terminate_backend(999999)", "SELECT pg_terminate_backend(1, -1)"):
        try:
            out.append(f"{q}: {su.execute(q).fetchone()[0]}")
        except psycopg.Error as ex:
            out.append(f"{q}: {ex.sqlstate} {ex.diag.message_primary}")
    for r in ("regress_tb_a", "regress_tb_b"):
        su.execute(f"DROP ROLE {r}")
    su.close()
    return out


def test_terminate_backend_matches_postgres(tmp_path, postgres):
    n = Node(tmp_path)
    n.start()
    try:
        with time_limit(120):
            want = terminate_scenario(lambda u: f"host=127.0.0.1 port={postgres['port']} "
                                                f"user={u} dbname=postgres connect_timeout=10")
            got = terminate_scenario(lambda u: n.dsn(user=u))
    finally:
        n.stop()
    assert want[0].startswith("idle: True; victim gone"), want
    assert got == want
