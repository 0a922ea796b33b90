-- CREATE / DROP / ALTER TRIGGER, their catalog rows and psql's \d footer
CREATE TABLE trg_t (a int PRIMARY KEY, b text, c int);
CREATE FUNCTION trg_noop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEW;
END $$;
CREATE FUNCTION trg_int() RETURNS int LANGUAGE sql AS 'SELECT 1';

CREATE TRIGGER trg_bi BEFORE INSERT ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop('x', 'it''s');
CREATE TRIGGER trg_au AFTER UPDATE OF b, c ON trg_t FOR EACH ROW
  WHEN (new.a > 1 AND old.c IS DISTINCT FROM new.c) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_bs BEFORE INSERT OR DELETE ON trg_t FOR EACH STATEMENT EXECUTE PROCEDURE trg_noop();
CREATE TRIGGER trg_tr AFTER TRUNCATE ON trg_t EXECUTE FUNCTION trg_noop(42, 'a b');
SELECT tgname, tgtype, tgenabled, tgisinternal, tgnargs, tgattr, tgargs,
       tgfoid = 'trg_noop'::regproc AS fn_ok
  FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;
SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;
SELECT tgname, pg_get_triggerdef(oid, true) FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;
SELECT trigger_name, event_manipulation, event_object_table, action_order, action_condition,
       action_statement, action_orientation, action_timing
  FROM information_schema.triggers ORDER BY trigger_name, event_manipulation;
SELECT relhastriggers FROM pg_class WHERE relname = 'trg_t';
\d trg_t

-- errors
CREATE TRIGGER trg_bi BEFORE INSERT ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x INSTEAD OF INSERT ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE INSERT ON trg_t FOR EACH ROW WHEN (old.a > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE INSERT ON trg_t FOR EACH STATEMENT WHEN (new.a > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE DELETE ON trg_t FOR EACH ROW WHEN (new.a > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE DELETE ON trg_t FOR EACH ROW WHEN (a > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE DELETE ON trg_t FOR EACH ROW WHEN (old.zz > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE DELETE ON trg_t FOR EACH ROW WHEN ((SELECT 1) > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE DELETE ON trg_t FOR EACH ROW WHEN (count(*) > 1) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE DELETE ON trg_t FOR EACH ROW WHEN (old.a) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE TRUNCATE ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE UPDATE OF zz ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE UPDATE OF b, b ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE UPDATE ON trg_t FOR EACH ROW EXECUTE FUNCTION no_such_fn();
CREATE TRIGGER trg_x BEFORE UPDATE ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_int();
CREATE TRIGGER trg_x BEFORE UPDATE ON no_such_table FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE SEQUENCE trg_seq;
CREATE TRIGGER trg_x BEFORE INSERT ON trg_seq FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE INSERT ON pg_class FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE VIEW trg_v AS SELECT * FROM trg_t;
CREATE TRIGGER trg_x BEFORE INSERT ON trg_v FOR EACH ROW EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x BEFORE TRUNCATE ON trg_v FOR EACH STATEMENT EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x INSTEAD OF INSERT ON trg_v FOR EACH STATEMENT EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x INSTEAD OF INSERT ON trg_v FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION trg_noop();
CREATE TRIGGER trg_x INSTEAD OF UPDATE OF a ON trg_v FOR EACH ROW EXECUTE FUNCTION trg_noop();
DROP VIEW trg_v;

-- OR REPLACE keeps the name, changes the definition
CREATE OR REPLACE TRIGGER trg_bi AFTER DELETE ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop('y');
SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'trg_bi';

-- rename, enable / disable
ALTER TRIGGER trg_bi ON trg_t RENAME TO trg_b0;
ALTER TRIGGER trg_b0 ON trg_t RENAME TO trg_au;
ALTER TRIGGER no_such ON trg_t RENAME TO trg_zz;
ALTER TABLE trg_t DISABLE TRIGGER trg_au;
ALTER TABLE trg_t ENABLE ALWAYS TRIGGER trg_bs;
ALTER TABLE trg_t ENABLE REPLICA TRIGGER trg_tr;
ALTER TABLE trg_t DISABLE TRIGGER no_such;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;
\d trg_t
ALTER TABLE trg_t ENABLE TRIGGER USER;
ALTER TABLE trg_t DISABLE TRIGGER USER;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;
ALTER TABLE trg_t ENABLE TRIGGER ALL;

-- columns named by triggers
ALTER TABLE trg_t RENAME COLUMN c TO cc;
SELECT pg_get_triggerdef(oid, true) FROM pg_trigger WHERE tgname = 'trg_au';
ALTER TABLE trg_t DROP COLUMN cc;
ALTER TABLE trg_t DROP COLUMN cc CASCADE;
SELECT tgname FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;

-- DROP TRIGGER
DROP TRIGGER trg_b0 ON trg_t;
DROP TRIGGER trg_b0 ON trg_t;
DROP TRIGGER IF EXISTS trg_b0 ON trg_t;
DROP TRIGGER IF EXISTS trg_b0 ON no_such_table;
DROP TRIGGER trg_b0 ON no_such_table;

-- transactional
BEGIN;
CREATE TRIGGER trg_rb AFTER DELETE ON trg_t FOR EACH ROW EXECUTE FUNCTION trg_noop();
SELECT count(*) FROM pg_trigger WHERE tgname = 'trg_rb';
ROLLBACK;
SELECT count(*) FROM pg_trigger WHERE tgname = 'trg_rb';
BEGIN;
DROP TRIGGER trg_bs ON trg_t;
ROLLBACK;
SELECT tgname FROM pg_trigger WHERE tgrelid = 'trg_t'::regclass ORDER BY tgname;

-- dependencies on the function
DROP FUNCTION trg_noop();
CREATE TABLE trg_u (x int);
CREATE TRIGGER trg_u1 AFTER INSERT ON trg_u FOR EACH ROW EXECUTE FUNCTION trg_noop();
DROP FUNCTION trg_noop();
DROP FUNCTION trg_noop() CASCADE;
SELECT count(*) FROM pg_trigger;
CREATE FUNCTION trg_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg_u1 AFTER INSERT ON trg_u FOR EACH ROW EXECUTE FUNCTION trg_noop();
DROP FUNCTION trg_noop() CASCADE;
-- the table's drop takes its triggers
CREATE FUNCTION trg_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg_u1 AFTER INSERT ON trg_u FOR EACH ROW EXECUTE FUNCTION trg_noop();
DROP TABLE trg_u;
SELECT count(*) FROM pg_trigger;
DROP FUNCTION trg_noop();
