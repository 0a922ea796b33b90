"""PostgreSQL wire protocol: real clients (psql, psycopg) against a real node.

SQL is not executed by this build: every statement must come back as ERROR
0A000, and that exact behaviour is asserted (never success).
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
NOT_SUPPORTED = "feature not supported: SQL statements are not supported by this build yet"


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


def test_psql_tcp_gets_0A000(running):
    r = psql("-h", "127.0.0.1", "-p", str(running.sql_port), "-U", "shardforge", "-d",
             "shardforge", "-v", "VERBOSITY=verbose", "-c", "SELECT 1")
    assert r.returncode == 1, r
    assert f"ERROR:  0A000: {NOT_SUPPORTED}" in r.stderr
    assert r.stdout == ""


def test_psql_unix_socket_and_conninfo(running):
    r = psql("-h", running.dir, "-p", str(running.sql_port), "-U", "shardforge", "-d",
             "shardforge", "-c", r"\conninfo")
    assert r.returncode == 0, r.stderr
    assert f'via socket in "{running.dir}"' in r.stdout
    r = psql("-h", running.dir, "-p", str(running.sql_port), "-U", "shardforge", "-c", "SELECT 1")
    assert r.returncode == 1 and NOT_SUPPORTED in r.stderr


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


def test_psycopg_feature_not_supported(running):
    dsn = f"host=127.0.0.1 port={running.sql_port} user=shardforge dbname=shardforge"
    with psycopg.connect(dsn, connect_timeout=10) as conn:
        info = conn.info
        assert info.parameter_status("server_version") == "15.0"
        assert info.parameter_status("server_encoding") == "UTF8"
        assert info.parameter_status("integer_datetimes") == "on"
        assert info.backend_pid > 0
        with pytest.raises(psycopg.errors.FeatureNotSupported) as ei:
            conn.execute("SELECT 1")
        assert ei.value.sqlstate == "0A000"
        assert str(ei.value) == NOT_SUPPORTED
        conn.rollback()
        # Extended protocol (a parameter forces Parse/Bind/Execute): same error.
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            conn.execute("SELECT %s", (1,))
        conn.rollback()
        # The session keeps working after errors.
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            conn.execute("SELECT 2")


def test_extended_protocol_skips_until_sync(running):
    s, _ = connect_raw(running)

    def msg(t, body):
        return t + struct.pack("!I", len(body) + 4) + body
    batch = (msg(b"P", b"\0SELECT 1\0\0\0") + msg(b"B", b"\0\0" + b"\0\0\0\0\0\0") +
             msg(b"E", b"\0\0\0\0\0") + msg(b"S", b""))
    s.sendall(batch)
    msgs = read_until_ready(s)
    types = [t for t, _ in msgs]
    assert types == [b"E", b"Z"], msgs
    assert fields(msgs[0][1])["C"] == "0A000"
    # FunctionCall -> 0A000 then ReadyForQuery; Close of unknown -> CloseComplete.
    s.sendall(msg(b"C", b"Sfoo\0") + msg(b"S", b""))
    assert [t for t, _ in read_until_ready(s)] == [b"3", b"Z"]
    s.sendall(msg(b"X", b""))
    assert recv_all(s, 3) == b""
    s.close()


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
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            conn.execute("SELECT 1")
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
             "-c", "SELECT 1", env=env)
    assert r.returncode == 1, r.stderr  # connected (SCRAM-SHA-256-PLUS), then 0A000
    assert NOT_SUPPORTED in r.stderr
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
        c.sendall(b"Q\0\0\0\x0dSELECT 1\0")
        msgs = read_until_ready(c)
        assert fields(msgs[0][1])["C"] == "0A000"
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
    s.sendall(b"Q\0\0\0\x0dSELECT 1\0")
    msgs = read_until_ready(s)
    assert fields(msgs[0][1])["C"] == "0A000"  # not 57014: the cancel did not match
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
    # An error (possibly after an 'N' to an SSLRequest) or a plain close.
    assert reply == b"" or reply[:1] in (b"E", b"N"), reply
    healthy.sendall(b"Q\0\0\0\x0dSELECT 1\0")
    assert fields(read_until_ready(healthy)[0][1])["C"] == "0A000"
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
    healthy.sendall(b"Q\0\0\0\x0dSELECT 1\0")
    assert fields(read_until_ready(healthy)[0][1])["C"] == "0A000"
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
