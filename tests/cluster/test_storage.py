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


def test_fast_default_survives_restart(node):
    """ADD COLUMN ... DEFAULT records the value for the existing rows in the
    table's descriptor instead of rewriting them; after a restart (and a
    SIGKILL) the rows still read it, and later writes keep their own."""
    from harness import psql
    node.start()
    r = psql(node, "-v", "ON_ERROR_STOP=1", "-c",
             "CREATE TABLE fdr (id int PRIMARY KEY); "
             "INSERT INTO fdr SELECT generate_series(1, 1000); "
             "ALTER TABLE fdr ADD COLUMN v text DEFAULT 'old'; "
             "INSERT INTO fdr VALUES (1001, NULL); UPDATE fdr SET v = 'new' WHERE id = 2")
    assert r.returncode == 0, r.stderr
    q = "SELECT v, count(*) FROM fdr GROUP BY v ORDER BY v"
    expected = "new|1\nold|999\n|1\n"
    assert psql(node, "-At", "-c", q).stdout == expected
    assert node.stop() == 0
    node.start()
    assert psql(node, "-At", "-c", q).stdout == expected
    node.kill()
    node.start()
    assert psql(node, "-At", "-c", q).stdout == expected
    assert node.stop() == 0
