"""Privileges over the wire (psycopg 3): an application role that logs in as
itself is refused what it was not granted — tables, views, sequences,
schemas, functions, DDL on objects it does not own, CONNECT to a database —
and gets what it was granted; a REVOKE reaches an already prepared
statement of an open session. SQLSTATEs and messages are PostgreSQL 15's.
"""
import psycopg
import pytest
from psycopg import errors as pgerr

from harness import connect, one, time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


def as_app(node, dbname="shardforge"):
    return psycopg.connect(node.dsn(dbname=dbname, user="app"), autocommit=True)


def make_objects(admin):
    admin.execute("CREATE ROLE app LOGIN")
    admin.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int)")
    admin.execute("INSERT INTO accounts VALUES (1, 'ann', 100), (2, 'bob', 50)")
    admin.execute("CREATE TABLE audit (id serial, note text)")
    admin.execute("CREATE VIEW balances AS SELECT owner, balance FROM accounts")
    admin.execute("CREATE SCHEMA hidden")
    admin.execute("CREATE TABLE hidden.secrets (s text)")
    admin.execute("CREATE FUNCTION double_it(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2'")


def test_refused_until_granted(running):
    with connect(running) as admin:
        make_objects(admin)
        with as_app(running) as app:
            assert one(app, "SELECT current_user") == "app"
            for sql, table in [("SELECT * FROM accounts", "table accounts"),
                               ("INSERT INTO accounts VALUES (3, 'cy', 1)", "table accounts"),
                               ("UPDATE accounts SET balance = 0", "table accounts"),
                               ("DELETE FROM accounts", "table accounts"),
                               ("TRUNCATE accounts", "table accounts"),
                               ("SELECT * FROM balances", "view balances"),
                               ("SELECT * FROM hidden.secrets", "schema hidden")]:
                with pytest.raises(pgerr.InsufficientPrivilege) as ex:
                    app.execute(sql)
                assert str(ex.value).startswith(f"permission denied for {table}"), sql
            with pytest.raises(pgerr.InsufficientPrivilege, match="must be owner of table accounts"):
                app.execute("ALTER TABLE accounts ADD COLUMN x int")
            with pytest.raises(pgerr.InsufficientPrivilege, match="must be owner of table accounts"):
                app.execute("DROP TABLE accounts")
            with pytest.raises(pgerr.InsufficientPrivilege, match="permission denied to create role"):
                app.execute("CREATE ROLE evil SUPERUSER")
            with pytest.raises(pgerr.InsufficientPrivilege,
                               match='permission denied to set role "shardforge"'):
                app.execute("SET ROLE shardforge")
            with pytest.raises(pgerr.InsufficientPrivilege,
                               match="permission denied to set session authorization"):
                app.execute("SET SESSION AUTHORIZATION shardforge")
            with pytest.raises(pgerr.InsufficientPrivilege,
                               match="permission denied for table accounts"):
                app.execute("COPY accounts TO STDOUT")
            # a non-owner cannot grant itself anything
            with pytest.raises(pgerr.InsufficientPrivilege):
                app.execute("GRANT SELECT ON accounts TO app")

            admin.execute("GRANT SELECT ON balances TO app")
            admin.execute("GRANT SELECT, UPDATE ON accounts TO app")
            admin.execute("GRANT INSERT ON audit TO app")
            # the view reads accounts as its owner; app may read both now
            assert app.execute("SELECT owner FROM balances ORDER BY 1").fetchall() == \
                [("ann",), ("bob",)]
            app.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1")
            assert one(app, "SELECT balance FROM accounts WHERE id = 1") == 101
            with pytest.raises(pgerr.InsufficientPrivilege,
                               match="permission denied for table accounts"):
                app.execute("DELETE FROM accounts")
            # serial: nextval of the column's sequence needs USAGE on it
            with pytest.raises(pgerr.InsufficientPrivilege,
                               match="permission denied for sequence audit_id_seq"):
                app.execute("INSERT INTO audit (note) VALUES ('x')")
            admin.execute("GRANT USAGE ON SEQUENCE audit_id_seq TO app")
            app.execute("INSERT INTO audit (note) VALUES ('x')")

            # functions: EXECUTE to PUBLIC until revoked
            assert one(app, "SELECT double_it(21)") == 42
            admin.execute("REVOKE EXECUTE ON FUNCTION double_it(int) FROM PUBLIC")
            with pytest.raises(pgerr.InsufficientPrivilege,
                               match="permission denied for function double_it"):
                app.execute("SELECT double_it(21)")


def test_revoke_reaches_prepared_statement(running):
    with connect(running) as admin:
        make_objects(admin)
        admin.execute("GRANT SELECT ON accounts TO app")
        with as_app(running) as app:
            # psycopg prepares a statement run often enough (prepare_threshold)
            q = "SELECT count(*) FROM accounts WHERE balance > %s"
            for _ in range(6):
                assert app.execute(q, (0,), prepare=True).fetchone()[0] == 2
            admin.execute("REVOKE SELECT ON accounts FROM app")
            with pytest.raises(pgerr.InsufficientPrivilege):
                app.execute(q, (0,), prepare=True)
            admin.execute("GRANT SELECT ON accounts TO app")
            assert app.execute(q, (0,), prepare=True).fetchone()[0] == 2


def test_role_membership_and_set_role(running):
    with connect(running) as admin:
        make_objects(admin)
        admin.execute("CREATE ROLE readers NOLOGIN")
        admin.execute("GRANT SELECT ON accounts TO readers")
        with as_app(running) as app:
            with pytest.raises(pgerr.InsufficientPrivilege):
                app.execute("SELECT * FROM accounts")
            admin.execute("GRANT readers TO app")
            # inherited at once, and SET ROLE to it is allowed
            assert one(app, "SELECT count(*) FROM accounts") == 2
            app.execute("SET ROLE readers")
            assert one(app, "SELECT current_user") == "readers"
            assert one(app, "SELECT session_user") == "app"
            app.execute("RESET ROLE")
            admin.execute("REVOKE readers FROM app")
            with pytest.raises(pgerr.InsufficientPrivilege):
                app.execute("SELECT * FROM accounts")
        # DROP ROLE refuses while privileges remain
        with pytest.raises(pgerr.DependentObjectsStillExist) as ex:
            admin.execute("DROP ROLE readers")
        assert "privileges for table accounts" in str(ex.value.diag.message_detail)


def test_column_privileges(running):
    with connect(running) as admin:
        make_objects(admin)
        admin.execute("GRANT SELECT (id, owner), UPDATE (owner) ON accounts TO app")
        with as_app(running) as app:
            assert app.execute("SELECT id, owner FROM accounts ORDER BY id").fetchall() == \
                [(1, "ann"), (2, "bob")]
            for sql in ["SELECT * FROM accounts", "SELECT balance FROM accounts",
                        "UPDATE accounts SET balance = 0",
                        "UPDATE accounts SET owner = 'x' WHERE balance > 0"]:
                with pytest.raises(pgerr.InsufficientPrivilege,
                                   match="permission denied for table accounts"):
                    app.execute(sql)
            app.execute("UPDATE accounts SET owner = upper(owner) WHERE id = 1")
            assert one(app, "SELECT owner FROM accounts WHERE id = 1") == "ANN"
            assert one(app, "SELECT has_column_privilege('accounts', 'owner', 'UPDATE')") is True
            assert one(app, "SELECT has_column_privilege('accounts', 'balance', 'SELECT')") \
                is False
        assert one(admin, "SELECT attacl::text FROM pg_attribute WHERE attrelid = "
                          "'accounts'::regclass AND attname = 'owner'") == \
            "{app=rw/shardforge}"


def test_connect_privilege(running):
    with connect(running) as admin:
        admin.execute("CREATE ROLE app LOGIN")
        admin.execute("CREATE DATABASE appdb")
        with as_app(running, "appdb") as app:
            assert one(app, "SELECT current_database()") == "appdb"
        admin.execute("REVOKE CONNECT ON DATABASE appdb FROM PUBLIC")
        with pytest.raises(psycopg.OperationalError) as ex:
            as_app(running, "appdb")
        assert 'permission denied for database "appdb"' in str(ex.value)
        assert "User does not have CONNECT privilege." in str(ex.value)
        admin.execute("GRANT CONNECT ON DATABASE appdb TO app")
        with as_app(running, "appdb") as app:
            assert one(app, "SELECT 1") == 1


def test_superuser_untouched_and_unbuilt_forms(running):
    with connect(running) as admin:
        make_objects(admin)
        admin.execute("REVOKE ALL ON accounts FROM shardforge")
        # a superuser passes every check, even with its own privileges revoked
        assert one(admin, "SELECT count(*) FROM accounts") == 2
        for sql, what in [
                ("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO app",
                 "ALTER DEFAULT PRIVILEGES"),
                ("CREATE POLICY p ON accounts USING (true)", "row-level security policies")]:
            with pytest.raises(pgerr.FeatureNotSupported, match=what):
                admin.execute(sql)
