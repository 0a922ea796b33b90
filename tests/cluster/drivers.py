"""Shared steps of the client-driver tests (test_go.py, test_node_pg.py,
test_perl.py, test_php.py): run one client program against a scratch
PostgreSQL 15 and against a ShardForge node, and compare the two outputs.

Every client prints its results as lines; a line at column 0 starts a
section, indented lines are its rows. The reference's output must name the
reference (the caller checks), and ShardForge's must equal it line for line."""
import difflib
import os
import subprocess

from harness import Node, clean_env, time_limit


def client_env():
    """The client's environment: UTC, no PG* or SHARDFORGE_* variables."""
    e = {k: v for k, v in clean_env().items() if not k.startswith("PG")}
    e["TZ"] = "UTC"
    return e


def run_client(argv, timeout=120, env=None):
    """Run a client; its stdout, plus the exit code and stderr on failure."""
    e = client_env()
    if env:
        e.update(env)
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=e)
    return r.stdout + (f"exit {r.returncode}\n{r.stderr}" if r.returncode else "")


def compare(want, got):
    """Assert that ShardForge's output equals PostgreSQL's, showing a diff."""
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "postgres", "shardforge", lineterm=""))
        raise AssertionError("client output differs from PostgreSQL 15:\n" + diff)


def against_both(tmp_path, postgres, argv_for, name="node"):
    """(want, got): the client's output against PostgreSQL 15 (database
    postgres) and against a fresh ShardForge node (database shardforge).
    argv_for(host, port, dbname) gives the client's command line."""
    n = Node(tmp_path, name)
    n.start()
    try:
        with time_limit(300):
            want = run_client(argv_for("127.0.0.1", postgres["port"], "postgres"))
            got = run_client(argv_for("127.0.0.1", n.sql_port, "shardforge"))
    finally:
        n.stop()
    return want, got


def tool(*parts):
    return os.path.join(os.path.dirname(__file__), "..", "tools", *parts)
