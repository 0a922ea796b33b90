"""SQLAlchemy (Debian's python3-sqlalchemy, psycopg2 dialect) reflecting a
schema: its PostgreSQL dialect reads pg_index.indkey as an int2vector
(unnest, generate_subscripts, = ANY), pg_constraint.conkey as smallint[],
identity options, comments, enums and view definitions. Expected values are
what the same calls return against PostgreSQL 15."""
import psycopg
import pytest
import sqlalchemy as sa

from harness import time_limit


@pytest.fixture(autouse=True)
def _bounded():
    with time_limit(120):
        yield


SCHEMA = """
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE app.users(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE, name varchar(100),
    created_at timestamp NOT NULL DEFAULT now(), settings jsonb DEFAULT '{}'::jsonb);
CREATE TABLE app.orders(id serial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app.users(id) ON DELETE CASCADE,
    status app.status NOT NULL DEFAULT 'new', total numeric(12,2) CHECK (total >= 0),
    tags text[], placed date);
CREATE INDEX orders_user_idx ON app.orders(user_id, placed DESC);
CREATE TABLE app.nopk(a int, b text DEFAULT 'x');
CREATE VIEW app.order_totals AS SELECT u.email, sum(o.total) AS total
    FROM app.users u JOIN app.orders o ON o.user_id = u.id GROUP BY u.email;
COMMENT ON TABLE app.users IS 'the users';
COMMENT ON COLUMN app.users.email IS 'login';
INSERT INTO app.users(email, name) VALUES ('a@x', 'A'), ('b@x', NULL);
"""


def test_reflection_matches_postgres(running):
    with psycopg.connect(running.dsn(), autocommit=True) as conn:
        conn.execute(SCHEMA)
    eng = sa.create_engine(
        f"postgresql+psycopg2://shardforge@127.0.0.1:{running.sql_port}/shardforge", future=True)
    try:
        insp = sa.inspect(eng)
        assert sorted(insp.get_table_names(schema="app")) == ["nopk", "orders", "users"]
        assert insp.get_view_names(schema="app") == ["order_totals"]
        assert sorted(insp.get_sequence_names(schema="app")) == ["orders_id_seq", "users_id_seq"]
        cols = {c["name"]: c for c in insp.get_columns("users", schema="app")}
        assert str(cols["id"]["type"]) == "BIGINT" and cols["id"]["autoincrement"] is True
        assert cols["id"]["identity"] == {"always": True, "start": 1, "increment": 1,
                                          "minvalue": 1, "maxvalue": 9223372036854775807,
                                          "cache": 1, "cycle": False}
        assert (str(cols["name"]["type"]), cols["name"]["nullable"]) == ("VARCHAR(100)", True)
        assert cols["created_at"]["default"] == "now()"
        assert cols["settings"]["default"] == "'{}'::jsonb"
        assert cols["email"]["comment"] == "login"
        ocols = {c["name"]: c for c in insp.get_columns("orders", schema="app")}
        assert ocols["id"]["default"] == "nextval('app.orders_id_seq'::regclass)"
        assert str(ocols["total"]["type"]) == "NUMERIC(12, 2)"
        assert ocols["status"]["default"] == "'new'::app.status"
        assert insp.get_pk_constraint("orders", schema="app") == \
            {"constrained_columns": ["id"], "name": "orders_pkey"}
        assert insp.get_pk_constraint("nopk", schema="app") == \
            {"constrained_columns": [], "name": None}
        assert insp.get_foreign_keys("orders", schema="app") == [
            {"name": "orders_user_id_fkey", "constrained_columns": ["user_id"],
             "referred_schema": "app", "referred_table": "users", "referred_columns": ["id"],
             "options": {"ondelete": "CASCADE"}}]
        assert insp.get_indexes("orders", schema="app") == [
            {"name": "orders_user_idx", "unique": False, "column_names": ["user_id", "placed"],
             "include_columns": [], "column_sorting": {"placed": ("desc",)},
             "dialect_options": {"postgresql_include": []}}]
        assert insp.get_unique_constraints("users", schema="app") == \
            [{"name": "users_email_key", "column_names": ["email"]}]
        assert insp.get_check_constraints("orders", schema="app") == \
            [{"name": "orders_total_check", "sqltext": "total >= (0)::numeric"}]
        assert insp.get_table_comment("users", schema="app") == {"text": "the users"}
        assert insp.get_enums(schema="app") == [
            {"name": "status", "schema": "app", "visible": False,
             "labels": ["new", "paid", "shipped"]}]
        assert insp.get_view_definition("order_totals", schema="app") == (
            " SELECT u.email,\n    sum(o.total) AS total\n   FROM (app.users u\n"
            "     JOIN app.orders o ON ((o.user_id = u.id)))\n  GROUP BY u.email;")
        assert (insp.has_table("users", schema="app"), insp.has_table("nope", schema="app")) == \
            (True, False)
        md = sa.MetaData()
        md.reflect(bind=eng, schema="app")
        users = md.tables["app.users"]
        with eng.connect() as c:
            assert c.execute(sa.select(users.c.email, users.c.name)
                             .order_by(users.c.id)).all() == [("a@x", "A"), ("b@x", None)]
    finally:
        eng.dispose()
