"""harness.py — start and stop real `shardforge` processes for tests.

Every node runs in its own temp directory on free loopback ports and is
stopped (SIGTERM, then SIGKILL) when the test ends; every wait is bounded.
"""
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("SHARDFORGE_BIN", os.path.join(ROOT, "build", "shardforge")))


_handed_out = set()
_rng = random.Random(os.getpid() ^ time.time_ns())


def _port_range():
    """Where test ports come from: below the kernel's ephemeral range (every
    outgoing connection takes its source port there, so a node restarted on
    its old port could find a peer's connection on it), else above it."""
    lo, hi = 32768, 60999
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            lo, hi = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        pass
    if lo - 10000 >= 2000:
        return 10000, lo - 1
    if 65535 - hi >= 100:
        return hi + 1, 65535
    return 1024, 65535


def free_port():
    """A TCP port on 127.0.0.1 nothing holds right now, outside the
    ephemeral range, never one this process handed out before (a node's SQL,
    raft and HTTP ports must differ)."""
    first, last = _port_range()
    for _ in range(4 * (last - first + 1)):
        port = _rng.randint(first, last)
        if port in _handed_out:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError("no free TCP port on 127.0.0.1")


def run(*args, env=None, timeout=30, cwd=None):
    """Run the shardforge binary; returns CompletedProcess with text output."""
    e = clean_env()
    if env:
        e.update(env)
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout,
                          env=e, cwd=cwd)


def clean_env():
    """The environment without SHARDFORGE_* variables from the caller."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SHARDFORGE_")}


def http_get(port, path, timeout=5):
    """(status, body) of GET http://127.0.0.1:port/path."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Node:
    """One shardforge node: init on construction, start()/stop() explicitly."""

    def __init__(self, tmp_path, name="node", extra_init=()):
        self.dir = str(tmp_path / name)
        self.http_port = free_port()
        self.sql_port = free_port()
        self.raft_port = free_port()
        self.proc = None
        self.stdout_path = str(tmp_path / f"{name}.stdout")
        self.stderr_path = str(tmp_path / f"{name}.stderr")
        r = run("init", "--single-node", "--data-dir", self.dir,
                "--http-listen", f"127.0.0.1:{self.http_port}",
                "--sql-listen", f"127.0.0.1:{self.sql_port}",
                "--listen", f"127.0.0.1:{self.raft_port}", *extra_init)
        assert r.returncode == 0, r.stderr
        self.config = os.path.join(self.dir, "shardforge.toml")

    def start(self, *extra, env=None, wait=True, timeout=20):
        e = clean_env()
        if env:
            e.update(env)
        self._out = open(self.stdout_path, "w")
        self._err = open(self.stderr_path, "w")
        self.proc = subprocess.Popen([BIN, "start", "--config", self.config, *extra],
                                     stdout=self._out, stderr=self._err, env=e)
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"shardforge exited with {self.proc.returncode}: "
                                     f"{self.stderr()}")
            try:
                status, _ = http_get(self.http_port, "/ready", timeout=1)
                if status == 200:
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.05)
        raise AssertionError(f"node not ready within {timeout}s: {self.stderr()}")

    def stdout(self):
        with open(self.stdout_path) as f:
            return f.read()

    def stderr(self):
        with open(self.stderr_path) as f:
            return f.read()

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=15):
        """SIGTERM and wait; returns the exit code (SIGKILL after timeout)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
                raise AssertionError("shardforge did not stop within %ss" % timeout)
        rc = self.proc.returncode
        self._out.close()
        self._err.close()
        self.proc = None
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def dsn(self, dbname="shardforge", user="shardforge", **extra):
        """A libpq connection string for this node's SQL port over TCP."""
        parts = [f"host=127.0.0.1 port={self.sql_port} user={user} dbname={dbname}",
                 "connect_timeout=10"]
        parts += [f"{k}={v}" for k, v in extra.items()]
        return " ".join(parts)

    def status_json(self):
        status, body = http_get(self.http_port, "/status")
        assert status == 200
        return json.loads(body)


PSQL = "/usr/bin/psql"


def pg_env(node=None, **extra):
    """The environment for libpq clients (psql, pgbench): no PG* variables from
    the caller, a bounded connect timeout, and PGHOST/PGPORT/PGUSER for node."""
    e = {k: v for k, v in clean_env().items() if not k.startswith("PG")}
    e["PGCONNECT_TIMEOUT"] = "10"
    if node is not None:
        e.update({"PGHOST": "127.0.0.1", "PGPORT": str(node.sql_port), "PGUSER": "shardforge",
                  "PGDATABASE": "shardforge"})
    e.update(extra)
    return e


def psql(node, *args, input=None, timeout=60, env=None, cwd=None):
    """Run psql -X against node (TCP); returns CompletedProcess with text output."""
    e = pg_env(node)
    if env:
        e.update(env)
    return subprocess.run([PSQL, "-X", *args], input=input, capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=cwd)


def connect(node):
    """An autocommit psycopg 3 connection to node (the psycopg tests')."""
    import psycopg  # not every user of the harness has it
    return psycopg.connect(node.dsn(), autocommit=True)


def one(conn, sql, args=None):
    """The first column of the first row of sql on a psycopg connection."""
    return conn.execute(sql, args).fetchone()[0]


def run_all(dsn, statements):
    """Run statements in autocommit on a fresh connection to dsn."""
    import psycopg
    with psycopg.connect(dsn, autocommit=True) as c:
        for q in statements:
            c.execute(q)


def outcome(conn, sql):
    """'ok', or the SQLSTATE sql failed with (the blocking-matrix tests)."""
    import psycopg
    try:
        conn.execute(sql)
        return "ok"
    except psycopg.Error as ex:
        return ex.sqlstate


@contextlib.contextmanager
def time_limit(seconds):
    """Raise TimeoutError in the main thread after `seconds` (SIGALRM), so a
    test blocked on a hung server fails and its fixtures still stop the node."""
    def expired(signum, frame):
        raise TimeoutError(f"test exceeded its {seconds}s limit")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
