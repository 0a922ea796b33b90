-- The schema tests/cluster/test_pg_dump.py dumps from ShardForge and from PostgreSQL 15.
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN app.email AS text CHECK (length(VALUE) > 2);
CREATE TYPE app.money2 AS (amount numeric(12,2), currency char(3));
CREATE ROLE dump_reader;
CREATE TABLE app.users(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email app.email NOT NULL UNIQUE, name varchar(100), nick text,
    created_at timestamptz NOT NULL DEFAULT now(), settings jsonb DEFAULT '{}');
CREATE TABLE app.orders(id serial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app.users(id) ON DELETE CASCADE,
    status app.status NOT NULL DEFAULT 'new', total numeric(12,2) CHECK (total >= 0),
    tags text[], placed date, price app.money2);
CREATE INDEX orders_user_idx ON app.orders(user_id, placed DESC);
CREATE UNIQUE INDEX users_lnick_uq ON app.users(lower(nick), id) WHERE nick IS NOT NULL;
CREATE SEQUENCE app.counter START 100 INCREMENT 5;
CREATE TABLE app.nopk(a int, b text DEFAULT 'x', c int DEFAULT nextval('app.counter'));
CREATE VIEW app.order_totals AS SELECT u.email, sum(o.total) AS total
    FROM app.users u JOIN app.orders o ON o.user_id = u.id GROUP BY u.email;
CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name := coalesce(NEW.name, 'anon');
  RETURN NEW;
END $$;
CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
COMMENT ON TABLE app.users IS 'the users';
COMMENT ON COLUMN app.users.email IS 'login';
GRANT USAGE ON SCHEMA app TO dump_reader;
GRANT SELECT ON app.users, app.order_totals TO dump_reader;
GRANT SELECT (id, status) ON app.orders TO dump_reader;
INSERT INTO app.users(email, name, created_at) VALUES ('a@x', 'A', '2024-01-01 10:00+00'),
    ('b@x', NULL, '2024-01-02 10:00+00'), ('c''q@x', E'tab\there', '2024-01-03 10:00+00');
INSERT INTO app.orders(user_id, status, total, tags, placed, price)
    VALUES (1, 'paid', 10.5, '{a,b}', '2024-01-02', ROW(10.5, 'EUR')), (2, 'new', NULL, NULL, NULL, NULL);
INSERT INTO app.nopk(a) VALUES (1), (2);
SELECT setval('app.counter', 120);
