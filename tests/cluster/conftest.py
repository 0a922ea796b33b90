"""Fixtures: a running single-node ShardForge, always cleaned up."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Node  # noqa: E402


def pytest_configure(config):
    if not os.access(BIN, os.X_OK):
        raise pytest.UsageError(f"{BIN} is missing: run `make build` first")


@pytest.fixture
def node(tmp_path):
    """An initialised node, not started yet."""
    n = Node(tmp_path)
    yield n
    n.kill()


@pytest.fixture
def running(tmp_path):
    """A started node, ready to serve."""
    n = Node(tmp_path)
    n.start()
    yield n
    try:
        n.stop()
    finally:
        n.kill()


PGBIN = os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin")


@pytest.fixture
def postgres():
    """A scratch PostgreSQL 15 (the reference) on a free port, as the postgres
    OS user when root; yields a libpq conninfo for its database postgres."""
    from harness import free_port
    d = tempfile.mkdtemp(prefix="sf-test-pg.")
    os.chmod(d, 0o755)
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    if os.getuid() == 0:
        shutil.chown(d, "postgres")
    port = free_port()
    r = subprocess.run(as_pg + [f"{PGBIN}/initdb", "-D", f"{d}/data", "-U", "shardforge",
                                "--auth=trust", "--no-locale", "-E", "UTF8"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(as_pg + [f"{PGBIN}/pg_ctl", "-D", f"{d}/data", "-l", f"{d}/log", "-w",
                                "-o", f"-p {port} -k {d} -c listen_addresses=127.0.0.1 "
                                      "-c TimeZone=UTC -c fsync=off", "start"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    try:
        yield {"dir": d, "port": port,
               "dsn": f"host={d} port={port} user=shardforge dbname=postgres"}
    finally:
        subprocess.run(as_pg + [f"{PGBIN}/pg_ctl", "-D", f"{d}/data", "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(d, ignore_errors=True)
