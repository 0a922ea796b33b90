"""The shardforge command line: help, usage errors, init, version."""
import os
import re

from harness import run


def test_no_arguments_prints_usage_and_exits_2():
    r = run()
    assert r.returncode == 2
    assert "Usage: shardforge <command>" in r.stderr


def test_help_lists_every_command():
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("init", "start", "status", "health", "sql", "version"):
        assert re.search(rf"^\s+{cmd}\s", r.stdout, re.M), cmd


def test_each_command_has_help():
    for cmd in ("init", "start", "status", "health", "sql", "version"):
        r = run(cmd, "--help")
        assert r.returncode == 0, cmd
        assert r.stdout.startswith(f"Usage: shardforge {cmd}"), r.stdout
        r2 = run("help", cmd)
        assert r2.returncode == 0 and r2.stdout == r.stdout


def test_unknown_command_suggests():
    r = run("strat")
    assert r.returncode == 2
    assert "unknown command 'strat'" in r.stderr
    assert "did you mean 'start'?" in r.stderr


def test_unknown_command_without_close_match():
    r = run("frobnicate")
    assert r.returncode == 2
    assert "unknown command 'frobnicate'" in r.stderr
    assert "did you mean" not in r.stderr


def test_unknown_flag_suggests(tmp_path):
    r = run("init", "--single-node", "--data-dri", str(tmp_path / "d"))
    assert r.returncode == 2
    assert "unknown flag '--data-dri'" in r.stderr
    assert "did you mean '--data-dir'?" in r.stderr
    assert not (tmp_path / "d").exists()


def test_flag_missing_value():
    r = run("init", "--single-node", "--data-dir")
    assert r.returncode == 2
    assert "'--data-dir' needs a value" in r.stderr


def test_short_flag_is_refused():
    r = run("status", "-x")
    assert r.returncode == 2
    assert "unknown flag '-x'" in r.stderr


def test_unexpected_argument():
    r = run("version", "extra")
    assert r.returncode == 2
    assert "unexpected argument 'extra'" in r.stderr


def test_version_names_libraries():
    r = run("version")
    assert r.returncode == 0
    assert r.stdout.startswith("shardforge ")
    for lib in ("commit", "build", "rocksdb", "libraft", "libpg_query", "openssl"):
        assert lib in r.stdout, lib


def test_sql_without_a_server_fails_cleanly():
    # `sql` is a real client now (tests/cluster/test_sql_cli.py); with no
    # server it fails with libpq's message and exit code 1.
    r = run("sql", "--host", "127.0.0.1", "--port", "1", "SELECT 1")
    assert r.returncode == 1
    assert "shardforge sql: connection to server" in r.stderr


def test_init_creates_config_and_cluster(tmp_path):
    d = tmp_path / "data"
    r = run("init", "--single-node", "--data-dir", str(d))
    assert r.returncode == 0, r.stderr
    assert (d / "shardforge.toml").is_file()
    assert (d / "CLUSTER").is_file()
    cfg = (d / "shardforge.toml").read_text()
    m = re.search(r'cluster_id\s*=\s*"([0-9a-f-]{36})"', cfg)
    assert m, cfg
    assert m.group(1) in (d / "CLUSTER").read_text()
    assert "node_id = 1" in cfg
    assert "shardforge start --config" in r.stdout
    # every section of the config reference is in the file, commented
    for section in ("[cluster]", "[raft]", "[storage]", "[network]", "[security]",
                    "[monitoring]"):
        assert section in cfg
    assert cfg.count("#") > 20


def test_init_twice_is_refused_without_force(tmp_path):
    d = tmp_path / "data"
    assert run("init", "--single-node", "--data-dir", str(d)).returncode == 0
    before = (d / "CLUSTER").read_text()
    r = run("init", "--single-node", "--data-dir", str(d))
    assert r.returncode == 1
    assert "already holds cluster" in r.stderr and "--force" in r.stderr
    assert (d / "CLUSTER").read_text() == before
    r = run("init", "--single-node", "--data-dir", str(d), "--force")
    assert r.returncode == 0, r.stderr
    assert (d / "CLUSTER").read_text() != before


def test_init_refuses_foreign_directory(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "precious.txt").write_text("keep me")
    for extra in ((), ("--force",)):
        r = run("init", "--single-node", "--data-dir", str(d), *extra)
        assert r.returncode == 1
        assert "not a ShardForge data directory" in r.stderr
    assert (d / "precious.txt").read_text() == "keep me"
    assert sorted(os.listdir(d)) == ["precious.txt"]


def test_init_requires_single_node_and_data_dir(tmp_path):
    r = run("init", "--data-dir", str(tmp_path / "d"))
    assert r.returncode == 2 and "--single-node" in r.stderr
    r = run("init", "--single-node")
    assert r.returncode == 2 and "--data-dir DIR is required" in r.stderr
    assert not (tmp_path / "d").exists()


def test_init_bad_address_leaves_nothing(tmp_path):
    d = tmp_path / "data"
    r = run("init", "--single-node", "--data-dir", str(d), "--sql-listen", "localhost:99999")
    assert r.returncode == 1
    assert "sql_address" in r.stderr and "99999" in r.stderr
    assert not d.exists()


def test_init_unwritable_parent_leaves_nothing(tmp_path):
    if os.geteuid() == 0:
        # root ignores permissions; use a path under a regular file instead
        f = tmp_path / "file"
        f.write_text("x")
        r = run("init", "--single-node", "--data-dir", str(f / "data"))
    else:
        p = tmp_path / "ro"
        p.mkdir(mode=0o500)
        r = run("init", "--single-node", "--data-dir", str(p / "data"))
    assert r.returncode == 1
    assert r.stderr.startswith("shardforge init: ")
    assert len(r.stderr.strip().splitlines()) == 1


def test_init_set_flag_and_bad_set(tmp_path):
    d = tmp_path / "data"
    r = run("init", "--single-node", "--data-dir", str(d), "--set",
            "raft.election_timeout_ms=2000")
    assert r.returncode == 0, r.stderr
    assert "election_timeout_ms = 2000" in (d / "shardforge.toml").read_text()
    d2 = tmp_path / "data2"
    r = run("init", "--single-node", "--data-dir", str(d2), "--set", "raft.election_timout_ms=5")
    assert r.returncode == 1
    assert "election_timeout_ms" in r.stderr  # the suggestion
    assert not d2.exists()
