"""`shardforge sql`: the libpq client. SQL is not executed by this build, so
every statement fails with 0A000 — that honest result is what is tested."""
import subprocess

from harness import BIN, clean_env, run

NOT_SUPPORTED = "feature not supported: SQL statements are not supported by this build yet"


def test_one_shot_reports_0A000(running):
    r = run("sql", "--config", running.config, "SELECT 1")
    assert r.returncode == 1
    assert f"ERROR:  {NOT_SUPPORTED}" in r.stderr
    assert "SQLSTATE: 0A000" in r.stderr


def test_flags_url_file_stdin(running, tmp_path):
    r = run("sql", "--host", "127.0.0.1", "--port", str(running.sql_port), "--user",
            "shardforge", "--database", "shardforge", ";")
    assert r.returncode == 0, r.stderr
    r = run("sql", "--url",
            f"postgresql://shardforge@127.0.0.1:{running.sql_port}/shardforge", "SELECT 1")
    assert r.returncode == 1 and "0A000" in r.stderr
    f = tmp_path / "q.sql"
    f.write_text("SELECT 1;\nSELECT 2;\n")
    r = run("sql", "--config", running.config, "-f", str(f))
    assert r.returncode == 1 and r.stderr.count("ERROR:") == 1
    e = clean_env()
    e.update({"PGHOST": running.dir, "PGPORT": str(running.sql_port)})
    p = subprocess.run([BIN, "sql", "--format", "csv"], input="SELECT 1;", capture_output=True,
                       text=True, env=e, timeout=30)
    assert p.returncode == 1 and "0A000" in p.stderr


def test_connection_failure_and_bad_format(running):
    r = run("sql", "--host", "127.0.0.1", "--port", "1", "SELECT 1")
    assert r.returncode == 1
    assert "shardforge sql:" in r.stderr
    r = run("sql", "--config", running.config, "--format", "xml", "SELECT 1")
    assert r.returncode == 2
