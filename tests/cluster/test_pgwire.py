"""PostgreSQL wire protocol: real clients (psql, psycopg, pgbench) against a
real node: connections, authentication, the simple and extended query
protocols, transactions, settings and ParameterStatus, COPY, error fields,
timeouts and cancel. Expected results are PostgreSQL 15's.
"""
import os
import signal
import socket
import struct
import subprocess
import time

import psycopg
import pytest

from harness import Node, clean_env

PSQL = "/usr/bin/psql"
PGBENCH = "/usr/bin/pgbench"


def psql(*args, env=None, timeout=30):
    e = clean_env()
    e.pop("PGPASSWORD", None)
    e["PGCONNECT_TIMEOUT"] = "10"
    if env:
        e.update(env)
    return subprocess.run([PSQL, "-X", *args], capture_output=True, text=True, timeout=timeout,
                          env=e)


def startup_packet(user="shardforge", database="shardforge", **extra):
    body = struct.pack("!I", 196608)
    for k, v in [("user", user), ("database", database), *extra.items()]:
        body += k.encode() + b"\0" + v.encode() + b"\0"
    body += b"\0"
    return struct.pack("!I", len(body) + 4) + body


def recv_all(sock, timeout=5.0):
    """Everything the server sends until it closes (or the timeout)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def read_until_ready(sock, timeout=5.0):
    """Backend messages up to and including ReadyForQuery: [(type, body)]."""
    sock.settimeout(timeout)
    buf, msgs = b"", []
    while True:
        while len(buf) >= 5:
            t, n = buf[0:1], struct.unpack("!I", buf[1:5])[0]
            if len(buf) < 1 + n:
                break
            msgs.append((t, buf[5:1 + n]))
            buf = buf[1 + n:]
            if t == b"Z":
                return msgs
        chunk = sock.recv(65536)
        if not chunk:
            return msgs
        buf += chunk


def connect_raw(node):
    s = socket.create_connection(("127.0.0.1", node.sql_port), timeout=5)
    s.sendall(startup_packet())
    msgs = read_until_ready(s)
    assert msgs and msgs[-1] == (b"Z", b"I"), msgs
    return s, msgs


def fields(body):
    """ErrorResponse fields as a dict."""
    out = {}
    for part in body.split(b"\0"):
        if part:
            out[chr(part[0])] = part[1:].decode()
    return out


def query(sock, sql):
    """One simple query: the backend messages up to ReadyForQuery."""
    body = sql.encode() + b"\0"
    sock.sendall(b"Q" + struct.pack("!I", len(body) + 4) + body)
    return read_until_ready(sock)


def select1_ok(sock):
    msgs = query(sock, "SELECT 1")
    assert [t for t, _ in msgs] == [b"T", b"D", b"C", b"Z"], msgs
    assert msgs[2][1] == b"SELECT 1\0"


def dsn(node):
    return f"host=127.0.0.1 port={node.sql_port} user=shardforge dbname=shardforge"


def test_psql_tcp_runs_statements(running):
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-d",
             "shardforge", "-v", "VERBOSITY=verbose", "-At", "-c", "SELECT 1")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "1\n"
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-d",
             "shardforge", "-v", "VERBOSITY=verbose", "-c", "SELECT 1 +")
    assert r.returncode == 1
    assert "ERROR:  42601: syntax error at end of input" in r.stderr
    assert "LINE 1: SELECT 1 +" in r.stderr  # the position came back


def test_psql_unix_socket_and_conninfo(running):
    r = psql("-h", running.dir, "-p", str(running.sql_port), "-U", "shardforge", "-d",
             "shardforge", "-c", r"\conninfo")
    assert r.returncode == 0, r.stderr
    assert f'via socket in "{running.dir}"' in r.stdout
    r = psql("-h", running.dir, "-p", str(running.sql_port), "-U", "shardforge", "-At", "-c",
             "SELECT 1")
    assert r.returncode == 0 and r.stdout == "1\n", r.stderr


def test_psql_empty_query_and_unknown_database_and_role(running):
    base = ["-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge"]
    r = psql(*base, "-d", "shardforge", "-c", ";")
    assert r.returncode == 0, r.stderr
    r = psql(*base, "-d", "nosuchdb", "-c", "SELECT 1")
    assert r.returncode == 2
    assert 'FATAL:  database "nosuchdb" does not exist' in r.stderr
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "bob", "-d", "shardforge",
             "-c", "SELECT 1")
    assert r.returncode == 2
    assert 'FATAL:  role "bob" does not exist' in r.stderr


def test_psycopg_startup_parameters_and_errors(running):
    with psycopg.connect(dsn(running), connect_timeout=10) as conn:
        info = conn.info
        assert info.parameter_status("server_version") == "15.0"
        assert info.parameter_status("server_encoding") == "UTF8"
        assert info.parameter_status("integer_datetimes") == "on"
        assert info.parameter_status("DateStyle") == "ISO, MDY"
        assert info.parameter_status("TimeZone") == "UTC"
        assert info.backend_pid > 0
        assert conn.execute("SELECT 1").fetchone() == (1,)
        assert conn.execute("SELECT %s::int + 1", (41,)).fetchone() == (42,)
        with pytest.raises(psycopg.errors.UndefinedTable) as ei:
            conn.execute("SELECT * FROM nosuch")
        assert ei.value.sqlstate == "42P01"
        assert ei.value.diag.message_primary == 'relation "nosuch" does not exist'
        assert ei.value.diag.statement_position == "15"
        conn.rollback()
        with pytest.raises(psycopg.errors.UndefinedFunction) as ei:
            conn.execute("SELECT nosuchfn(1)")
        assert ei.value.diag.message_hint.startswith("No function matches")
        conn.rollback()
        # The session keeps working after errors.
        assert conn.execute("SELECT 2").fetchone() == (2,)


def test_transactions(running):
    with psycopg.connect(dsn(running), autocommit=True, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE tx (a int PRIMARY KEY, b text)")
        conn.execute("BEGIN")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        conn.execute("INSERT INTO tx VALUES (1, 'one')")
        conn.execute("SAVEPOINT s1")
        conn.execute("INSERT INTO tx VALUES (2, 'two')")
        conn.execute("ROLLBACK TO SAVEPOINT s1")
        with pytest.raises(psycopg.errors.DivisionByZero):
            conn.execute("SELECT 1/0")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        with pytest.raises(psycopg.errors.InFailedSqlTransaction) as ei:
            conn.execute("SELECT 1")
        assert str(ei.value) == ("current transaction is aborted, commands ignored until end "
                                 "of transaction block")
        conn.execute("ROLLBACK TO s1")
        conn.execute("COMMIT")
        assert conn.execute("SELECT a, b FROM tx ORDER BY a").fetchall() == [(1, "one")]
        conn.execute("BEGIN")
        conn.execute("INSERT INTO tx VALUES (3, 'three')")
        conn.execute("ROLLBACK")
        assert conn.execute("SELECT count(*) FROM tx").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InvalidSavepointSpecification) as ei:
            conn.execute("BEGIN; RELEASE nope")
        assert str(ei.value) == 'savepoint "nope" does not exist'
        conn.execute("ROLLBACK")
        # COMMIT of a failed block answers ROLLBACK.
        cur = conn.cursor()
        cur.execute("BEGIN")
        with pytest.raises(psycopg.errors.DivisionByZero):
            cur.execute("SELECT 1/0")
        cur.execute("COMMIT")
        assert cur.statusmessage == "ROLLBACK"
        # Isolation levels.
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        assert cur.execute("SHOW transaction_isolation").fetchone() == ("repeatable read",)
        cur.execute("COMMIT")
        cur.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        assert cur.execute("SHOW transaction_isolation").fetchone() == ("serializable",)
        cur.execute("COMMIT")
        # A multi-statement query is one implicit transaction.
        with pytest.raises(psycopg.errors.DivisionByZero):
            cur.execute("INSERT INTO tx VALUES (4, 'four'); SELECT 1/0")
        assert conn.execute("SELECT count(*) FROM tx").fetchone() == (1,)
        with pytest.raises(psycopg.errors.ActiveSqlTransaction) as ei:
            cur.execute("BEGIN; CREATE DATABASE nope")
        assert str(ei.value) == "CREATE DATABASE cannot run inside a transaction block"
        conn.execute("ROLLBACK")


def test_warnings_as_postgres(running):
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge",
             "-v", "VERBOSITY=verbose", "-c", "COMMIT", "-c", "BEGIN", "-c", "BEGIN",
             "-c", "ROLLBACK")
    assert r.returncode == 0, r.stderr
    assert "WARNING:  25P01: there is no transaction in progress" in r.stderr
    assert "WARNING:  25001: there is already a transaction in progress" in r.stderr


def test_settings_and_parameter_status(running):
    with psycopg.connect(dsn(running), autocommit=True, connect_timeout=10,
                         options="-c DateStyle=ISO,DMY -c extra_float_digits=2") as conn:
        assert conn.info.parameter_status("DateStyle") == "ISO, DMY"
        assert conn.execute("SHOW extra_float_digits").fetchone() == ("2",)
        conn.execute("SET TIME ZONE 'America/New_York'")
        assert conn.info.parameter_status("TimeZone") == "America/New_York"
        conn.execute("SET application_name = 'probe'")
        assert conn.info.parameter_status("application_name") == "probe"
        cur = conn.execute("SHOW TimeZone")
        assert cur.description[0].name == "TimeZone"
        assert cur.fetchone() == ("America/New_York",)
        conn.execute("BEGIN")
        conn.execute("SET LOCAL statement_timeout = '1min'")
        assert conn.execute("SHOW statement_timeout").fetchone() == ("1min",)
        conn.execute("SET work_mem = '8MB'")
        conn.execute("ROLLBACK")
        assert conn.execute("SHOW statement_timeout").fetchone() == ("0",)
        assert conn.execute("SHOW work_mem").fetchone() == ("4MB",)
        conn.execute("RESET ALL")
        assert conn.execute("SHOW DateStyle").fetchone() == ("ISO, DMY",)
        with pytest.raises(psycopg.errors.UndefinedObject) as ei:
            conn.execute("SET nosuch = 1")
        assert str(ei.value) == 'unrecognized configuration parameter "nosuch"'
        with pytest.raises(psycopg.errors.InvalidParameterValue) as ei:
            conn.execute("SET bytea_output = 'x'")
        assert ei.value.diag.message_hint == "Available values: escape, hex."
        rows = conn.execute("SHOW ALL").fetchall()
        assert ("work_mem", "4MB", "Sets the maximum memory to be used for query workspaces.") \
            in rows
    # A bad start-up setting is FATAL, as PostgreSQL.
    with pytest.raises(psycopg.OperationalError) as ei:
        psycopg.connect(dsn(running), options="-c nosuch=1", connect_timeout=10)
    assert 'unrecognized configuration parameter "nosuch"' in str(ei.value)


def test_extended_protocol(running):
    with psycopg.connect(dsn(running), autocommit=True, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE ext (a int PRIMARY KEY, b text, c numeric)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO ext VALUES (%s, %s, %s)",
                            [(i, f"v{i}", i * 1.5) for i in range(10)])
            cur.execute("SELECT a, b FROM ext WHERE a = %s", (3,), prepare=True)
            assert cur.fetchall() == [(3, "v3")]
            cur.execute("SELECT a, b FROM ext WHERE a = %s", (4,), prepare=True)
            assert cur.fetchall() == [(4, "v4")]
        with conn.cursor(binary=True) as cur:
            cur.execute("SELECT a, b, c FROM ext WHERE a < %s ORDER BY a", (2,))
            assert cur.fetchall() == [(0, "v0", 0), (1, "v1", 1.5)]
        with conn.cursor() as cur:
            cur.execute("SHOW DateStyle", prepare=True)
            assert cur.fetchall() == [("ISO, MDY",)]
        # BEGIN and SET through Parse/Bind/Execute (drivers do this).
        conn.autocommit = False
        conn.execute("INSERT INTO ext VALUES (%s, %s, %s)", (100, "x", 1))
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM ext WHERE a = 100").fetchone() == (0,)
        conn.commit()


def test_extended_protocol_raw(running):
    s, _ = connect_raw(running)

    def msg(t, body):
        return t + struct.pack("!I", len(body) + 4) + body
    # Parse with an unspecified parameter type, Describe: ParameterDescription
    # (int4, inferred) then RowDescription.
    s.sendall(msg(b"P", b"s1\0SELECT $1::int + 1\0\0\0") + msg(b"D", b"Ss1\0") +
              msg(b"S", b""))
    msgs = read_until_ready(s)
    assert [t for t, _ in msgs] == [b"1", b"t", b"T", b"Z"], msgs
    assert msgs[1][1] == struct.pack("!HI", 1, 23)
    # Bind with the wrong parameter count.
    s.sendall(msg(b"B", b"\0s1\0\0\0\0\0\0\0") + msg(b"E", b"\0\0\0\0\0") +
              msg(b"S", b""))
    msgs = read_until_ready(s)
    assert [t for t, _ in msgs] == [b"E", b"Z"], msgs
    f = fields(msgs[0][1])
    assert f["C"] == "08P01"
    assert f["M"] == 'bind message supplies 0 parameters, but prepared statement "s1" requires 1'
    # Execute with max_rows: PortalSuspended, then the rest.
    s.sendall(msg(b"P", b"\0SELECT * FROM (VALUES (1), (2), (3)) v(x)\0\0\0") +
              msg(b"B", b"\0\0\0\0\0\0\0\0") + msg(b"E", b"\0\0\0\0\2") +
              msg(b"E", b"\0\0\0\0\0") + msg(b"S", b""))
    msgs = read_until_ready(s)
    assert [t for t, _ in msgs] == [b"1", b"2", b"D", b"D", b"s", b"D", b"C", b"Z"], msgs
    assert msgs[6][1] == b"SELECT 1\0"
    # Two statements in one Parse.
    s.sendall(msg(b"P", b"\0SELECT 1; SELECT 2\0\0\0") + msg(b"S", b""))
    msgs = read_until_ready(s)
    assert fields(msgs[0][1])["M"] == "cannot insert multiple commands into a prepared statement"
    # Close of an unknown statement is fine.
    s.sendall(msg(b"C", b"Sfoo\0") + msg(b"S", b""))
    assert [t for t, _ in read_until_ready(s)] == [b"3", b"Z"]
    s.sendall(msg(b"X", b""))
    assert recv_all(s, 3) == b""
    s.close()


def test_sql_prepare_execute(running):
    with psycopg.connect(dsn(running), autocommit=True, connect_timeout=10) as conn:
        conn.execute("PREPARE p (int, text) AS SELECT $1 + 1, $2")
        assert conn.execute("EXECUTE p (41, 'x')").fetchone() == (42, "x")
        with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
            conn.execute("PREPARE p AS SELECT 1")
        conn.execute("DEALLOCATE p")
        with pytest.raises(psycopg.errors.InvalidSqlStatementName) as ei:
            conn.execute("EXECUTE p (1, 'y')")
        assert str(ei.value) == 'prepared statement "p" does not exist'
        conn.execute("DISCARD ALL")


def test_copy(running, tmp_path):
    with psycopg.connect(dsn(running), autocommit=True, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE cp (a int PRIMARY KEY, b text)")
        with conn.cursor() as cur:
            with cur.copy("COPY cp (a, b) FROM STDIN") as cp:
                cp.write_row((1, "one"))
                cp.write_row((2, None))
                cp.write_row((3, "tab\there"))
            assert cur.rowcount == 3
            with cur.copy("COPY cp TO STDOUT") as cp:
                out = b"".join(bytes(d) for d in cp)
            assert out == b"1\tone\n2\t\\N\n3\ttab\\there\n"
            with cur.copy("COPY cp TO STDOUT (FORMAT csv, HEADER)") as cp:
                out = b"".join(bytes(d) for d in cp)
            assert out == b"a,b\n1,one\n2,\n3,tab\there\n"
            with pytest.raises(psycopg.errors.InvalidTextRepresentation) as ei:
                with cur.copy("COPY cp FROM STDIN") as cp:
                    cp.write(b"4\tfour\nzz\ty\n")
            assert ei.value.diag.context == 'COPY cp, line 2, column a: "zz"'
            with pytest.raises(psycopg.errors.QueryCanceled) as ei:
                with cur.copy("COPY cp FROM STDIN") as cp:
                    cp.write(b"5\tfive\n")
                    raise RuntimeError("client gave up")
            assert "COPY from stdin failed" in str(ei.value)
        assert conn.execute("SELECT count(*) FROM cp").fetchone() == (3,)
    data = tmp_path / "in.csv"
    data.write_text('a,b\n10,"x, y"\n11,""\n12,\n')
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-c",
             rf"\copy cp from '{data}' with (format csv, header)")
    assert r.returncode == 0 and r.stdout == "COPY 3\n", r.stderr
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-At", "-c",
             "SELECT a, b IS NULL, b FROM cp WHERE a >= 10 ORDER BY a")
    assert r.stdout == "10|f|x, y\n11|f|\n12|t|\n", r.stdout
    # Server-side files, as PostgreSQL: a superuser reads and writes them
    # (here the node's own files), anyone else gets 42501; programs never run.
    srv = tmp_path / "srv.csv"
    srv.write_text("20,server\n")
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-c",
             f"COPY cp FROM '{srv}' (FORMAT csv)")
    assert r.returncode == 0 and r.stdout == "COPY 1\n", r.stderr
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-c",
             "COPY cp FROM '/etc/passwd'")
    assert r.returncode == 1
    assert 'invalid input syntax for type integer: "root:' in r.stderr, r.stderr
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-c",
             "CREATE ROLE plain LOGIN")
    assert r.returncode == 0, r.stderr
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "plain", "-d", "shardforge",
             "-c", f"COPY cp FROM '{srv}' (FORMAT csv)")
    assert r.returncode == 1
    assert ("must be superuser or have privileges of the pg_read_server_files role to COPY "
            "from a file") in r.stderr, r.stderr
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-c",
             "COPY cp TO PROGRAM 'cat'")
    assert r.returncode == 1 and "COPY TO PROGRAM is not supported" in r.stderr, r.stderr


def test_statement_timeout_and_cancel(running):
    with psycopg.connect(dsn(running), autocommit=True, connect_timeout=10) as conn:
        conn.execute("SET statement_timeout = 200")
        t0 = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled) as ei:
            conn.execute("SELECT pg_sleep(5)")
        assert str(ei.value) == "canceling statement due to statement timeout"
        assert time.monotonic() - t0 < 3
        conn.execute("RESET statement_timeout")
        import threading
        threading.Timer(0.3, conn.cancel).start()
        with pytest.raises(psycopg.errors.QueryCanceled) as ei:
            conn.execute("SELECT pg_sleep(5)")
        assert str(ei.value) == "canceling statement due to user request"
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_idle_in_transaction_timeout(running):
    s, _ = connect_raw(running)
    query(s, "SET idle_in_transaction_session_timeout = 300")
    msgs = query(s, "BEGIN")
    assert msgs[-1] == (b"Z", b"T")
    got = recv_all(s, 5)
    assert b"25P03" in got and b"terminating connection due to idle-in-transaction timeout" in got
    s.close()


def test_metrics(running):
    s, _ = connect_raw(running)
    select1_ok(s)
    s.close()
    body = scram_node_metrics(running)
    assert 'shardforge_sql_statements_total{type="select"}' in body
    assert "shardforge_sql_statement_duration_seconds_bucket" in body


@pytest.mark.skipif(not os.path.exists(PGBENCH), reason="pgbench not installed")
def test_pgbench(running):
    env = clean_env()
    env.update({"PGHOST": "127.0.0.1", "PGPORT": str(running.sql_port), "PGUSER": "shardforge",
                "PGDATABASE": "shardforge"})
    r = subprocess.run([PGBENCH, "-i", "-s", "1"], capture_output=True, text=True, env=env,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    for mode in ("simple", "extended", "prepared"):
        r = subprocess.run([PGBENCH, "-M", mode, "-T", "3", "-c", "2"], capture_output=True,
                           text=True, env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        assert "number of failed transactions: 0" in r.stdout, r.stdout


@pytest.fixture
def scram_node(tmp_path):
    pw = tmp_path / "pw"
    pw.write_text("s3cret pass\n")
    n = Node(tmp_path, extra_init=("--password-file", str(pw), "--generate-certs", "--set",
                                   "security.auth_rules=local all all trust,"
                                   "host all all all scram-sha-256"))
    n.start()
    yield n
    n.stop()


def test_scram_right_wrong_unknown(scram_node):
    port = str(scram_node.sql_port)
    ok = psql(f"host=127.0.0.1 port={port} user=shardforge dbname=shardforge sslmode=disable",
              "-c", r"\conninfo", env={"PGPASSWORD": "s3cret pass"})
    assert ok.returncode == 0, ok.stderr
    t0 = time.monotonic()
    bad = psql(f"host=127.0.0.1 port={port} user=shardforge dbname=shardforge sslmode=disable",
               "-c", "SELECT 1", env={"PGPASSWORD": "wrong"})
    assert time.monotonic() - t0 >= 0.9  # the anti-brute-force delay
    assert bad.returncode == 2
    assert 'FATAL:  password authentication failed for user "shardforge"' in bad.stderr
    unknown = psql(f"host=127.0.0.1 port={port} user=mallory dbname=shardforge sslmode=disable",
                   "-c", "SELECT 1", env={"PGPASSWORD": "wrong"})
    assert unknown.returncode == 2
    assert 'FATAL:  password authentication failed for user "mallory"' in unknown.stderr
    dsn = f"host=127.0.0.1 port={port} user=shardforge dbname=shardforge sslmode=disable"
    with pytest.raises(psycopg.OperationalError) as ei:
        psycopg.connect(dsn, password="nope", connect_timeout=10)
    assert "password authentication failed" in str(ei.value)
    with psycopg.connect(dsn, password="s3cret pass", connect_timeout=10) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    # The Unix socket is trusted by the rule list.
    r = psql("-h", scram_node.dir, "-p", port, "-U", "shardforge", "-c", r"\conninfo")
    assert r.returncode == 0, r.stderr
    assert "shardforge_sql_auth_failures_total" in scram_node_metrics(scram_node)


def scram_node_metrics(n):
    from harness import http_get
    status, body = http_get(n.http_port, "/metrics")
    assert status == 200
    return body


def test_tls_require_and_verify_full(scram_node):
    port = str(scram_node.sql_port)
    env = {"PGPASSWORD": "s3cret pass"}
    r = psql(f"host=127.0.0.1 port={port} user=shardforge dbname=shardforge sslmode=require",
             "-c", r"\conninfo", env=env)
    assert r.returncode == 0, r.stderr
    assert "SSL connection (protocol: TLSv1." in r.stdout
    crt = os.path.join(scram_node.dir, "server.crt")
    r = psql(f"host=localhost port={port} user=shardforge dbname=shardforge "
             f"sslmode=verify-full sslrootcert={crt} channel_binding=require",
             "-At", "-c", "SELECT 1", env=env)
    assert r.returncode == 0, r.stderr  # connected (SCRAM-SHA-256-PLUS)
    assert r.stdout == "1\n"
    with psycopg.connect(f"host=127.0.0.1 port={port} user=shardforge dbname=shardforge "
                         f"sslmode=verify-full sslrootcert={crt}", password="s3cret pass",
                         connect_timeout=10) as conn:
        assert conn.info.pgconn.ssl_in_use


def test_too_many_clients(tmp_path):
    n = Node(tmp_path, extra_init=("--set", "network.max_connections=2"))
    n.start()
    try:
        a, _ = connect_raw(n)
        b, _ = connect_raw(n)
        r = psql("-h", "127.0.0.1", "-p", str(n.sql_port), "-U", "shardforge", "-c", "SELECT 1")
        assert r.returncode == 2
        assert "FATAL:  sorry, too many clients already" in r.stderr
        a.close()
        b.close()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            r = psql("-h", "127.0.0.1", "-p", str(n.sql_port), "-U", "shardforge", "-c", ";")
            if r.returncode == 0:
                break
            time.sleep(0.1)
        assert r.returncode == 0, r.stderr
    finally:
        n.stop()


def test_startup_timeout_closes_silent_connection(tmp_path):
    n = Node(tmp_path, extra_init=("--set", "network.connection_timeout_sec=1"))
    n.start()
    try:
        s = socket.create_connection(("127.0.0.1", n.sql_port), timeout=5)
        t0 = time.monotonic()
        assert recv_all(s, timeout=5) == b""
        assert 0.8 <= time.monotonic() - t0 < 4
        s.close()
        # Half a start-up packet: same.
        s = socket.create_connection(("127.0.0.1", n.sql_port), timeout=5)
        s.sendall(startup_packet()[:10])
        assert recv_all(s, timeout=5) == b""
        s.close()
        c, _ = connect_raw(n)  # authenticated sessions have no such limit
        time.sleep(1.5)
        select1_ok(c)
        c.close()
    finally:
        n.stop()


def test_cancel_with_bad_key_is_ignored(running):
    s, msgs = connect_raw(running)
    key = [b for t, b in msgs if t == b"K"][0]
    pid, secret = struct.unpack("!ii", key)
    c = socket.create_connection(("127.0.0.1", running.sql_port), timeout=5)
    c.sendall(struct.pack("!iiii", 16, 80877102, pid, secret ^ 0x5A5A))
    assert recv_all(c, 3) == b""
    c.close()
    select1_ok(s)  # not 57014: the cancel did not match
    # A matching cancel is accepted (and counted); it reaches the next statement.
    c = socket.create_connection(("127.0.0.1", running.sql_port), timeout=5)
    c.sendall(struct.pack("!iiii", 16, 80877102, pid, secret))
    assert recv_all(c, 3) == b""
    c.close()
    s.sendall(b"Q\0\0\0\x0dSELECT 1\0")
    msgs = read_until_ready(s)
    assert fields(msgs[0][1])["C"] == "57014"
    s.close()


HOSTILE = [
    b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",             # garbage start-up
    struct.pack("!I", 3),                              # length below the minimum
    struct.pack("!I", 0x7fffffff) + b"\0\3\0\0",       # oversized start-up packet
    struct.pack("!II", 8, 0x00020000),                 # protocol 2
    struct.pack("!II", 8, 80877103) + b"junk",         # bytes pipelined after SSLRequest
    startup_packet(client_encoding="LATIN1"),
    startup_packet(no_such_setting="1"),
]


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_startup(running, payload):
    healthy, _ = connect_raw(running)
    s = socket.create_connection(("127.0.0.1", running.sql_port), timeout=5)
    s.sendall(payload)
    reply = recv_all(s, 5)
    s.close()
    # An error (possibly after an 'N' to an SSLRequest, or after
    # AuthenticationOk for a bad setting, as PostgreSQL) or a plain close.
    assert reply == b"" or reply[:1] in (b"E", b"N") or (reply[:1] == b"R" and b"E" in reply), \
        reply
    select1_ok(healthy)
    healthy.close()
    assert running.proc.poll() is None


HOSTILE_AFTER = [
    b"Q\0\0\0\x02",                                    # length < 4
    b"Q\x7f\xff\xff\xff" + b"x" * 100,                 # over max_message_size
    b"\x01\0\0\0\x04",                                 # unknown message type
    b"P\0\0\0\x06ab",                                  # Parse without terminators
    b"B\0\0\0\x0a\0\0\xff\xff\0\0",                    # Bind with a negative count
    b"Q\0\0\0\x08\xc3\x28\0\0",                        # invalid UTF-8
]


@pytest.mark.parametrize("payload", HOSTILE_AFTER, ids=range(len(HOSTILE_AFTER)))
def test_hostile_messages(running, payload):
    healthy, _ = connect_raw(running)
    s, _ = connect_raw(running)
    s.sendall(payload)
    reply = recv_all(s, 3)
    s.close()
    assert reply[:1] == b"E", reply
    select1_ok(healthy)
    healthy.close()
    assert running.proc.poll() is None


def test_sigterm_with_open_sessions(tmp_path):
    n = Node(tmp_path)
    n.start()
    socks = [connect_raw(n)[0] for _ in range(5)]
    half = socket.create_connection(("127.0.0.1", n.sql_port), timeout=5)
    half.sendall(startup_packet()[:6])
    conn = psycopg.connect(f"host=127.0.0.1 port={n.sql_port} user=shardforge "
                           f"dbname=shardforge", connect_timeout=10)
    t0 = time.monotonic()
    n.signal(signal.SIGTERM)
    n.proc.wait(timeout=10)
    assert time.monotonic() - t0 < 10
    assert n.proc.returncode == 0
    got = recv_all(socks[0], 3)
    assert b"57P01" in got
    for s in socks:
        s.close()
    half.close()
    conn.close()
    n.stop()


def test_sql_address_in_use(tmp_path):
    n = Node(tmp_path)
    blocker = socket.socket()
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    blocker.bind(("127.0.0.1", n.sql_port))
    blocker.listen(1)
    try:
        n.start(wait=False)
        rc = n.proc.wait(timeout=30)
        assert rc != 0
        err = n.stderr()
        assert "cluster.sql_address" in err and "--sql-listen" in err, err
    finally:
        blocker.close()
        n.stop()
