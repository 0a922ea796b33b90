"""Fixtures: a running single-node ShardForge, always cleaned up."""
import os
import sys

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
