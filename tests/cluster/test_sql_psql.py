"""psql as users run it: -c, -f, \\copy both ways, \\conninfo, exit codes and
ON_ERROR_STOP. Expected output is what psql prints against PostgreSQL 15."""
import subprocess

import pytest

from harness import pg_env, psql, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def test_psql_c_and_tuples_only(running):
    r = psql(running, "-c", "SELECT 1 AS one, 'two' AS two")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (" one | two \n"
                        "-----+-----\n"
                        "   1 | two\n"
                        "(1 row)\n\n")
    r = psql(running, "-At", "-c", "SELECT g, g * g FROM generate_series(1, 3) g ORDER BY g")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "1|1\n2|4\n3|9\n"
    r = psql(running, "-c", "SELECT 1/0")
    assert r.returncode == 1
    assert r.stderr == "ERROR:  division by zero\n"
    r = psql(running, "--csv", "-c", "SELECT 'a,b' AS x, NULL AS y, 1.50::numeric AS z")
    assert r.stdout == 'x,y,z\n"a,b",,1.50\n'


def test_psql_f_script(running, tmp_path):
    f = tmp_path / "s.sql"
    f.write_text("CREATE TABLE t (id int PRIMARY KEY, v text);\n"
                 "INSERT INTO t VALUES (1, 'a'), (2, 'b');\n"
                 "INSERT INTO t VALUES (1, 'dup');\n"
                 "UPDATE t SET v = upper(v) WHERE id = 2;\n"
                 "SELECT * FROM t ORDER BY id;\n")
    r = psql(running, "-f", str(f))
    assert r.returncode == 0
    assert r.stdout == ("CREATE TABLE\n"
                        "INSERT 0 2\n"
                        "UPDATE 1\n"
                        " id | v \n"
                        "----+---\n"
                        "  1 | a\n"
                        "  2 | B\n"
                        "(2 rows)\n\n")
    assert 'ERROR:  duplicate key value violates unique constraint "t_pkey"' in r.stderr
    assert "DETAIL:  Key (id)=(1) already exists." in r.stderr
    # ON_ERROR_STOP: the first error ends the script with exit status 3.
    g = tmp_path / "stop.sql"
    g.write_text("SELECT 1;\nSELECT nosuch;\nSELECT 3;\n")
    r = psql(running, "-v", "ON_ERROR_STOP=1", "-At", "-f", str(g))
    assert r.returncode == 3
    assert r.stdout == "1\n"
    assert 'column "nosuch" does not exist' in r.stderr
    # Statements from stdin in one transaction (-1).
    r = psql(running, "-1", "-v", "ON_ERROR_STOP=1",
             input="INSERT INTO t VALUES (3, 'c');\nINSERT INTO t VALUES (3, 'c');\n")
    assert r.returncode == 3
    r = psql(running, "-At", "-c", "SELECT count(*) FROM t")
    assert r.stdout == "2\n"


def test_psql_copy_both_ways(running, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,name,amount\n" +
                   "".join(f"{i},name {i},{i}.25\n" for i in range(1, 501)) +
                   '501,"with, comma",\n')
    r = psql(running, "-c", "CREATE TABLE c (id int PRIMARY KEY, name text, amount numeric)")
    assert r.returncode == 0, r.stderr
    r = psql(running, "-c", f"\\copy c FROM '{src}' WITH (FORMAT csv, HEADER)")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "COPY 501\n"
    r = psql(running, "-At", "-c", "SELECT count(*), sum(amount), count(amount) FROM c")
    assert r.stdout == "501|125375.00|500\n"
    dst = tmp_path / "out.txt"
    r = psql(running, "-c", f"\\copy (SELECT * FROM c WHERE id IN (1, 501) ORDER BY id) TO '{dst}'")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "COPY 2\n"
    assert dst.read_text() == "1\tname 1\t1.25\n501\twith, comma\t\\N\n"
    dst2 = tmp_path / "out.csv"
    r = psql(running, "-c", f"\\copy c TO '{dst2}' WITH (FORMAT csv)")
    assert r.returncode == 0, r.stderr
    lines = dst2.read_text().splitlines()
    assert len(lines) == 501 and '501,"with, comma",' in lines
    # Reloading what was dumped gives the same table.
    r = psql(running, "-c", "CREATE TABLE c2 (id int PRIMARY KEY, name text, amount numeric)")
    r = psql(running, "-c", f"\\copy c2 FROM '{dst2}' WITH (FORMAT csv)")
    assert r.stdout == "COPY 501\n", r.stderr
    r = psql(running, "-At", "-c",
             "SELECT count(*) FROM (SELECT * FROM c EXCEPT SELECT * FROM c2) d")
    assert r.stdout == "0\n"
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tx\n")
    r = psql(running, "-c", f"\\copy c FROM '{bad}'")
    assert r.returncode == 1
    assert "ERROR:  missing data for column \"amount\"" in r.stderr
    assert 'CONTEXT:  COPY c, line 1: "1\tx"' in r.stderr


def test_psql_conninfo_and_meta(running):
    r = psql(running, "-c", "\\conninfo")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (f'You are connected to database "shardforge" as user "shardforge" on host '
                        f'"127.0.0.1" at port "{running.sql_port}".\n')
    r = psql(running, "-At", "-c", "SELECT current_user, current_database(), "
             "current_setting('server_version_num')::int >= 150000")
    assert r.stdout == "shardforge|shardforge|t\n", r.stderr
    r = psql(running, "-c", "CREATE TABLE m (a int PRIMARY KEY, b text)")
    r = psql(running, "-c", "\\dt")
    assert r.returncode == 0, r.stderr
    assert " public | m    | table | shardforge\n" in r.stdout


def test_maintenance_database_postgres(running):
    """init creates PostgreSQL's maintenance database "postgres": createdb and
    dropdb connect to it, as do Django's test runner and pgAdmin."""
    r = psql(running, "-d", "postgres", "-At", "-c",
             "SELECT datname FROM pg_database ORDER BY datname")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "postgres\nshardforge\n"
    e = pg_env(running)
    r = subprocess.run(["/usr/lib/postgresql/15/bin/createdb", "made_by_createdb"],
                       capture_output=True, text=True, timeout=60, env=e)
    assert r.returncode == 0, r.stderr
    r = psql(running, "-d", "made_by_createdb", "-At", "-c", "SELECT current_database()")
    assert r.stdout == "made_by_createdb\n", r.stderr
    r = subprocess.run(["/usr/lib/postgresql/15/bin/dropdb", "made_by_createdb"],
                       capture_output=True, text=True, timeout=60, env=e)
    assert r.returncode == 0, r.stderr
    r = psql(running, "-d", "made_by_createdb", "-c", "SELECT 1")
    assert r.returncode == 2
    assert 'database "made_by_createdb" does not exist' in r.stderr
