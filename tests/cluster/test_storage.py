"""The node's data path: engine, ranges and Raft come up with the node."""
import os

from harness import Node, run


def leaders(doc):
    return {r["range_id"]: r.get("leader") for r in doc["ranges"]}


def test_init_bootstraps_ranges_and_start_serves_them(running):
    doc = running.status_json()
    ranges = doc["ranges"]
    assert [r["range_id"] for r in ranges] == [1, 2, 3, 4, 5]
    assert ranges[0]["start"] == "" and ranges[-1]["end"] == "+inf"
    for a, b in zip(ranges, ranges[1:]):
        assert a["end"] == b["start"]          # contiguous, no gaps
    for r in ranges:
        assert r["state"] == "leader" and r["leader"] == 1, r
        assert r["lease_valid"] is True and r["failed"] is False
    assert os.path.isdir(os.path.join(running.dir, "raft", "1"))
    assert os.path.isdir(os.path.join(running.dir, "store"))


def test_restart_keeps_ranges_and_applied_state(node):
    node.start()
    before = {r["range_id"]: r["applied_index"] for r in node.status_json()["ranges"]}
    assert node.stop() == 0
    node.start()
    after = {r["range_id"]: r["applied_index"] for r in node.status_json()["ranges"]}
    assert set(after) == set(before)
    for rid in before:
        assert after[rid] >= before[rid]
    assert node.stop() == 0


def test_presplit_setting(tmp_path):
    n = Node(tmp_path, extra_init=("--set", "storage.presplit_ranges=1"))
    try:
        n.start()
        assert [r["range_id"] for r in n.status_json()["ranges"]] == [1, 2]
        assert n.stop() == 0
    finally:
        n.kill()


def test_memory_engine_node(tmp_path):
    n = Node(tmp_path, extra_init=("--set", "storage.engine=memory"))
    try:
        n.start()
        assert n.status_json()["storage"]["engine"] == "memory"
        assert len(n.status_json()["ranges"]) == 5
        assert n.stop() == 0
        n.start()          # bootstrapped again: a memory node keeps nothing
        assert len(n.status_json()["ranges"]) == 5
        assert n.stop() == 0
    finally:
        n.kill()


def test_internode_port_in_use_names_the_setting(node):
    import socket
    blocker = socket.socket()
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    blocker.bind(("127.0.0.1", node.raft_port))
    blocker.listen(1)
    try:
        r = run("start", "--config", node.config, timeout=30)
        assert r.returncode == 1
        assert "bind_address" in r.stderr, r.stderr
        assert str(node.raft_port) in r.stderr
    finally:
        blocker.close()


def test_metrics_include_raft_and_storage(running):
    from prometheus_client.parser import text_string_to_metric_families
    from harness import http_get
    _, body = http_get(running.http_port, "/metrics")
    names = {f.name for f in text_string_to_metric_families(body)}
    for n in ("shardforge_raft_proposals", "shardforge_raft_commit_latency_seconds",
              "shardforge_raft_leaders", "shardforge_storage_estimated_keys"):
        assert n in names, (n, sorted(names))
