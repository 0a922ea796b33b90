"""A running node: start-up, lock, admin HTTP, signals, CLI status/health."""
import json
import os
import re
import signal
import socket
import subprocess
import time

from prometheus_client.parser import text_string_to_metric_families

from harness import BIN, Node, clean_env, http_get, run


def test_start_prints_banner_and_serves_health(running):
    out = running.stdout()
    assert "ShardForge is ready." in out
    assert f"http://127.0.0.1:{running.http_port}" in out
    assert f"psql -h 127.0.0.1 -p {running.sql_port}" in out
    assert running.dir in out
    assert http_get(running.http_port, "/health") == (200, "ok\n")
    assert http_get(running.http_port, "/ready") == (200, "ready\n")


def test_pid_file_and_lock(running):
    pid = int(open(os.path.join(running.dir, "shardforge.pid")).read())
    assert pid == running.proc.pid


def test_second_start_on_same_dir_is_refused(running):
    r = run("start", "--config", running.config, "--http-listen", "127.0.0.1:1", timeout=20)
    assert r.returncode == 1
    assert "in use by another shardforge process" in r.stderr
    assert str(running.proc.pid) in r.stderr
    # the first node is unaffected
    assert http_get(running.http_port, "/health")[0] == 200


def test_sigterm_shuts_down_cleanly(node):
    node.start()
    t0 = time.monotonic()
    assert node.stop(timeout=10) == 0
    assert time.monotonic() - t0 < 10
    assert not os.path.exists(os.path.join(node.dir, "shardforge.pid"))
    assert "shutting down" in node.stderr()
    # and it starts again on the same directory
    node.start()
    assert node.stop() == 0


def test_sigint_shuts_down_cleanly(node):
    node.start()
    node.signal(signal.SIGINT)
    assert node.proc.wait(timeout=10) == 0


def test_metrics_parse_as_prometheus(running):
    status, body = http_get(running.http_port, "/metrics")
    assert status == 200
    fams = {f.name: f for f in text_string_to_metric_families(body)}
    for name in ("shardforge_build_info", "shardforge_uptime_seconds",
                 "process_resident_memory_bytes", "process_open_fds", "process_threads"):
        assert name in fams, name
    rss = fams["process_resident_memory_bytes"].samples[0].value
    assert 1e6 < rss < 1e10
    assert fams["process_threads"].samples[0].value >= 3
    build = fams["shardforge_build_info"].samples[0]
    assert build.labels["version"] and build.value == 1


def test_status_endpoint_and_cli(running):
    doc = running.status_json()
    assert doc["node_id"] == 1
    assert doc["state"] == "serving"
    assert re.fullmatch(r"[0-9a-f-]{36}", doc["cluster_id"])
    assert doc["addresses"]["sql"] == f"127.0.0.1:{running.sql_port}"
    assert doc["data_directory"] == running.dir
    assert isinstance(doc["ranges"], list)
    r = run("status", "--config", running.config, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["cluster_id"] == doc["cluster_id"]
    r = run("status", "--http", f"127.0.0.1:{running.http_port}")
    assert r.returncode == 0, r.stderr
    assert doc["cluster_id"] in r.stdout and "serving" in r.stdout and "uptime" in r.stdout
    r = run("status", "--data-dir", running.dir, "--detailed")
    assert r.returncode == 0, r.stderr
    assert "memory (RSS)" in r.stdout and "threads" in r.stdout


def test_health_cli(running, tmp_path):
    r = run("health", "--http", f"127.0.0.1:{running.http_port}")
    assert r.returncode == 0, r.stderr
    r = run("health", "--config", running.config)
    assert r.returncode == 0, r.stderr


def test_health_and_status_when_down(tmp_path):
    from harness import free_port
    port = free_port()
    r = run("health", "--http", f"127.0.0.1:{port}")
    assert r.returncode == 1 and "unhealthy" in r.stderr
    r = run("status", "--http", f"127.0.0.1:{port}")
    assert r.returncode == 1 and "cannot reach" in r.stderr


def test_unknown_path_and_method(running):
    assert http_get(running.http_port, "/nope")[0] == 404
    s = socket.create_connection(("127.0.0.1", running.http_port), timeout=5)
    s.sendall(b"DELETE /health HTTP/1.0\r\n\r\n")
    resp = s.recv(4096)
    s.close()
    assert b" 405 " in resp.split(b"\r\n")[0]


def test_port_in_use_names_the_setting(node):
    blocker = socket.socket()
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    blocker.bind(("127.0.0.1", node.http_port))
    blocker.listen(1)
    try:
        r = run("start", "--config", node.config, timeout=20)
        assert r.returncode == 1
        assert "metrics_port" in r.stderr and "--http-listen" in r.stderr
        assert "Address already in use" in r.stderr
        assert not os.path.exists(os.path.join(node.dir, "shardforge.pid"))
    finally:
        blocker.close()


def test_start_uninitialised_directory(tmp_path):
    d = tmp_path / "empty"
    d.mkdir()
    (d / "shardforge.toml").write_text(f'[cluster]\ndata_directory = "{d}"\n')
    r = run("start", "--config", str(d / "shardforge.toml"))
    assert r.returncode == 1
    assert "not initialized" in r.stderr and "shardforge init" in r.stderr


def test_corrupt_cluster_file_is_refused(node):
    p = os.path.join(node.dir, "CLUSTER")
    data = open(p).read().replace("node_id=1", "node_id=7")
    open(p, "w").write(data)
    r = run("start", "--config", node.config)
    assert r.returncode == 1
    assert "CLUSTER" in r.stderr and "checksum" in r.stderr


def test_env_override_applies_at_start(node):
    node.start(env={"SHARDFORGE_MONITORING_STRUCTURED_LOGGING": "true"})
    node.stop()
    lines = [l for l in node.stderr().splitlines() if l.strip()]
    assert lines, "no log lines"
    for l in lines:
        doc = json.loads(l)
        assert {"ts", "level", "component", "msg"} <= doc.keys()


def test_sighup_reloads_log_level(node):
    node.start()
    cfg = open(node.config).read()
    cfg2 = re.sub(r'log_level = "info"', 'log_level = "debug"', cfg)
    assert cfg2 != cfg
    open(node.config, "w").write(cfg2)
    node.signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "monitoring.log_level" not in node.stderr():
        time.sleep(0.05)
    err = node.stderr()
    assert "monitoring.log_level" in err and "debug" in err
    # a broken file on reload keeps the node running with its settings
    open(node.config, "w").write("[raft\n")
    node.signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "reload failed" not in node.stderr():
        time.sleep(0.05)
    assert "reload failed" in node.stderr()
    assert http_get(node.http_port, "/health")[0] == 200
    assert node.stop() == 0


def test_ready_is_503_while_draining_is_observable_in_metrics(running):
    status, body = http_get(running.http_port, "/metrics")
    fams = {f.name: f for f in text_string_to_metric_families(body)}
    assert fams["shardforge_node_state"].samples[0].value == 1  # serving


def test_data_dir_flag_and_env_config(node, tmp_path):
    e = clean_env()
    e["SHARDFORGE_CONFIG"] = node.config
    r = subprocess.run([BIN, "start", "--print-config"], capture_output=True, text=True,
                       env=e, timeout=20)
    assert r.returncode == 0, r.stderr
    assert node.dir in r.stdout
    r = run("start", "--data-dir", node.dir, "--print-config")
    assert r.returncode == 0, r.stderr
    assert node.dir in r.stdout
