"""Configuration: file errors with line numbers, layering, validation."""
import re

from harness import run


def write(tmp_path, text, name="bad.toml"):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_syntax_error_names_file_line_and_column(tmp_path):
    p = write(tmp_path, '[cluster]\nname = "x"\nnode_id = 1\n\n[raft]\npre_vote = tru\n')
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert re.search(r"bad\.toml:6:\d+:", r.stderr), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_unterminated_string(tmp_path):
    p = write(tmp_path, '[cluster]\nname = "oops\n')
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "bad.toml:2:" in r.stderr


def test_unknown_key_suggests_closest(tmp_path):
    p = write(tmp_path, "[raft]\nelection_timout_ms = 1000\n")
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "bad.toml:2:" in r.stderr
    assert "election_timout_ms" in r.stderr
    assert "did you mean" in r.stderr and "election_timeout_ms" in r.stderr


def test_unknown_section(tmp_path):
    p = write(tmp_path, "[rafts]\npre_vote = true\n")
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "bad.toml:1:" in r.stderr and "raft" in r.stderr


def test_wrong_type_names_key_and_value(tmp_path):
    p = write(tmp_path, '[raft]\nheartbeat_interval_ms = "fast"\n')
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "bad.toml:2:" in r.stderr
    assert "heartbeat_interval_ms" in r.stderr and "fast" in r.stderr


def test_validation_election_vs_heartbeat(tmp_path):
    p = write(tmp_path, "[raft]\nelection_timeout_ms = 150\nheartbeat_interval_ms = 100\n")
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "election_timeout_ms" in r.stderr and "150" in r.stderr
    assert "bad.toml:2" in r.stderr


def test_validation_port_range(tmp_path):
    p = write(tmp_path, "[monitoring]\nmetrics_port = 70000\n")
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "metrics_port" in r.stderr and "70000" in r.stderr


def test_bad_enum_value_lists_allowed(tmp_path):
    p = write(tmp_path, '[storage]\nengine = "leveldb"\n')
    r = run("start", "--config", p, "--print-config")
    assert r.returncode == 1
    assert "leveldb" in r.stderr and "rocksdb" in r.stderr and "memory" in r.stderr


def test_missing_config_file(tmp_path):
    r = run("start", "--config", str(tmp_path / "nope.toml"))
    assert r.returncode == 1
    assert "nope.toml" in r.stderr and "does not exist" in r.stderr


def test_no_config_at_all(tmp_path):
    r = run("start", cwd=str(tmp_path))
    assert r.returncode == 2
    assert "--config" in r.stderr


def test_layering_defaults_file_env_flag(tmp_path):
    p = write(tmp_path, "[raft]\nelection_timeout_ms = 3000\nheartbeat_interval_ms = 200\n",
              "ok.toml")
    r = run("start", "--config", p, "--print-config",
            env={"SHARDFORGE_RAFT_HEARTBEAT_INTERVAL_MS": "300",
                 "SHARDFORGE_MONITORING_LOG_LEVEL": "warn"},
            )
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert re.search(r"election_timeout_ms = 3000\s+# file .*ok\.toml:2", out), out
    assert re.search(r"heartbeat_interval_ms = 300\s+# env SHARDFORGE_RAFT_HEARTBEAT_INTERVAL_MS",
                     out), out
    assert re.search(r"snapshot_interval_entries = 10000\s+# default", out), out
    r = run("start", "--config", p, "--print-config", "--log-level", "debug",
            env={"SHARDFORGE_MONITORING_LOG_LEVEL": "warn"})
    assert r.returncode == 0, r.stderr
    assert re.search(r'log_level = "debug"\s+# flag', r.stdout), r.stdout


def test_env_bad_value_and_unknown_variable(tmp_path):
    p = write(tmp_path, "", "empty.toml")
    r = run("start", "--config", p, "--print-config",
            env={"SHARDFORGE_RAFT_PRE_VOTE": "maybe"})
    assert r.returncode == 1
    assert "SHARDFORGE_RAFT_PRE_VOTE" in r.stderr and "maybe" in r.stderr
    r = run("start", "--config", p, "--print-config",
            env={"SHARDFORGE_RAFT_PREVOTE": "true"})
    assert r.returncode == 1
    assert "SHARDFORGE_RAFT_PREVOTE" in r.stderr
    assert "SHARDFORGE_RAFT_PRE_VOTE" in r.stderr  # suggestion


def test_set_flag_overrides_and_validates(tmp_path):
    p = write(tmp_path, "", "empty.toml")
    r = run("start", "--config", p, "--print-config", "--set", "storage.engine=memory")
    assert r.returncode == 0, r.stderr
    assert re.search(r'engine = "memory"\s+# flag', r.stdout)
    r = run("start", "--config", p, "--print-config", "--set", "storage.engine")
    assert r.returncode == 1 and "KEY=VALUE" in r.stderr


def test_generated_config_round_trips(tmp_path):
    d = tmp_path / "data"
    assert run("init", "--single-node", "--data-dir", str(d)).returncode == 0
    r = run("start", "--config", str(d / "shardforge.toml"), "--print-config")
    assert r.returncode == 0, r.stderr
    assert str(d) in r.stdout


def test_binary_garbage_config(tmp_path):
    p = tmp_path / "garbage.toml"
    p.write_bytes(b"\x00\xff\xfe[cluster\x00]\n\x80\x81")
    r = run("start", "--config", str(p), "--print-config")
    assert r.returncode == 1
    assert "garbage.toml:" in r.stderr
