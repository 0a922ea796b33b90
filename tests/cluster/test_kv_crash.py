"""Crash consistency of the transaction layer: SIGKILL a writer at random
moments, restart, and check every acknowledged commit survived and no
transaction is partially visible."""
import os
import random
import signal
import subprocess
import time

import pytest

from harness import ROOT

TOOL = os.path.join(os.path.dirname(os.environ.get("SHARDFORGE_BIN", "") or
                                    os.path.join(ROOT, "build", "shardforge")), "kv_crash")


@pytest.mark.skipif(not os.access(TOOL, os.X_OK), reason="kv_crash not built")
def test_sigkill_cycles_lose_no_acknowledged_commit(tmp_path):
    data = str(tmp_path / "crash")
    acks = tmp_path / "acks.log"
    rnd = random.Random(int(os.environ.get("SF_SEED", "20261123")))
    total_acked = 0
    with open(acks, "w") as log:
        for cycle in range(5):
            p = subprocess.Popen([TOOL, data, "--keys", "4", "--presplit", "4", "--threads", "4"],
                                 stdout=log, stderr=subprocess.PIPE, text=True)
            # let it start (bootstrap on the first cycle) and write a while
            time.sleep(0.8 + rnd.random() * 1.5)
            assert p.poll() is None, p.stderr.read()
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=10)
            p.stderr.close()
            log.flush()
            r = subprocess.run([TOOL, data, "--verify", str(acks)], capture_output=True,
                               text=True, timeout=120)
            assert r.returncode == 0, f"cycle {cycle}: {r.stdout}{r.stderr}"
            acked = sum(1 for line in open(acks) if line.startswith("ACK "))
            assert acked > total_acked, f"cycle {cycle} acknowledged nothing: {r.stdout}"
            total_acked = acked
    assert total_acked > 20
