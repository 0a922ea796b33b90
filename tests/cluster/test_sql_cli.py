"""`shardforge sql`: the libpq client, against a node that runs statements."""
import subprocess

from harness import BIN, clean_env, run


def test_one_shot(running):
    r = run("sql", "--config", running.config, "SELECT 1 AS a, 'x' AS b")
    assert r.returncode == 0, r.stderr
    assert r.stdout == " a | b\n---+---\n 1 | x\n(1 row)\n\n", r.stdout


def test_one_shot_error_reports_sqlstate(running):
    r = run("sql", "--config", running.config, "SELECT 1/0")
    assert r.returncode == 1
    assert "ERROR:  division by zero" in r.stderr
    assert "SQLSTATE: 22012" in r.stderr


def test_flags_url_file_stdin(running, tmp_path):
    r = run("sql", "--host", "127.0.0.1", "--port", str(running.sql_port), "--user",
            "shardforge", "--database", "shardforge", ";")
    assert r.returncode == 0, r.stderr
    r = run("sql", "--url",
            f"postgresql://shardforge@127.0.0.1:{running.sql_port}/shardforge", "SELECT 1")
    assert r.returncode == 0 and "(1 row)" in r.stdout, r.stderr
    f = tmp_path / "q.sql"
    f.write_text("SELECT 1;\nSELECT 2;\n")
    r = run("sql", "--config", running.config, "-f", str(f))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("(1 row)") == 2
    e = clean_env()
    e.update({"PGHOST": running.dir, "PGPORT": str(running.sql_port)})
    p = subprocess.run([BIN, "sql", "--format", "csv"], input="SELECT 1 AS a, 'x' AS b;",
                       capture_output=True, text=True, env=e, timeout=30)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "a,b\n1,x\n"


def test_connection_failure_and_bad_format(running):
    r = run("sql", "--host", "127.0.0.1", "--port", "1", "SELECT 1")
    assert r.returncode == 1
    assert "shardforge sql:" in r.stderr
    r = run("sql", "--config", running.config, "--format", "xml", "SELECT 1")
    assert r.returncode == 2
