-- where triggers fire: every write path, BEFORE/AFTER, ROW/STATEMENT
CREATE TABLE tf_t (a int PRIMARY KEY, b text NOT NULL, c int CHECK (c > 0));
CREATE FUNCTION tf_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    RAISE NOTICE '% % % % on %', TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, TG_TABLE_NAME;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    RAISE NOTICE '% % % % new=%', TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, NEW;
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    RAISE NOTICE '% % % % old=% new=%', TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, OLD, NEW;
    RETURN NEW;
  ELSE
    RAISE NOTICE '% % % % old=%', TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, OLD;
    RETURN OLD;
  END IF;
END $$;
CREATE TRIGGER tf_bs BEFORE INSERT OR UPDATE OR DELETE ON tf_t
  FOR EACH STATEMENT EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_as AFTER INSERT OR UPDATE OR DELETE ON tf_t
  FOR EACH STATEMENT EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_br BEFORE INSERT OR UPDATE OR DELETE ON tf_t
  FOR EACH ROW EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_ar AFTER INSERT OR UPDATE OR DELETE ON tf_t
  FOR EACH ROW EXECUTE FUNCTION tf_note();
-- INSERT VALUES / SELECT, RETURNING
INSERT INTO tf_t VALUES (1, 'one', 1), (2, 'two', 2) RETURNING *;
INSERT INTO tf_t SELECT 3, 'three', 3;
-- UPDATE, UPDATE ... FROM, DELETE, DELETE ... USING
UPDATE tf_t SET c = c + 10 WHERE a = 1;
CREATE TABLE tf_s (a int, v text);
INSERT INTO tf_s VALUES (2, 'from s');
UPDATE tf_t SET b = tf_s.v FROM tf_s WHERE tf_t.a = tf_s.a RETURNING tf_t.*;
DELETE FROM tf_t USING tf_s WHERE tf_t.a = tf_s.a;
DELETE FROM tf_t WHERE a = 3 RETURNING a;
-- statement triggers fire for zero rows too
UPDATE tf_t SET c = 5 WHERE false;
DELETE FROM tf_t WHERE a = 999;
-- COPY FROM
COPY tf_t FROM stdin;
4	copied	4
\.
-- INSERT ... ON CONFLICT
INSERT INTO tf_t VALUES (4, 'conflict', 40) ON CONFLICT (a) DO UPDATE SET b = excluded.b;
INSERT INTO tf_t VALUES (5, 'new', 5) ON CONFLICT (a) DO UPDATE SET b = excluded.b;
INSERT INTO tf_t VALUES (5, 'nothing', 5) ON CONFLICT DO NOTHING;
SELECT * FROM tf_t ORDER BY a;
-- TRUNCATE: statement triggers only
CREATE TRIGGER tf_bt BEFORE TRUNCATE ON tf_t EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_at AFTER TRUNCATE ON tf_t EXECUTE FUNCTION tf_note();
TRUNCATE tf_t;
DROP TABLE tf_t, tf_s;

-- BEFORE ROW triggers change NEW or skip the row
CREATE TABLE tf_m (a int PRIMARY KEY, b text NOT NULL, c int CHECK (c > 0));
CREATE FUNCTION tf_mod() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.b = 'skip' THEN
    RETURN NULL;
  END IF;
  IF NEW.b = 'null' THEN
    NEW.b := NULL;
  ELSIF NEW.b = 'zero' THEN
    NEW.c := 0;
  ELSIF NEW.b = 'dup' THEN
    NEW.a := 1;
  ELSE
    NEW.b := upper(NEW.b) || '/' || TG_ARGV[0];
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tf_m1 BEFORE INSERT OR UPDATE ON tf_m FOR EACH ROW EXECUTE FUNCTION tf_mod('m1');
INSERT INTO tf_m VALUES (1, 'a', 1), (2, 'skip', 1), (3, 'c', 3) RETURNING *;
INSERT INTO tf_m VALUES (4, 'null', 1);
INSERT INTO tf_m VALUES (4, 'zero', 1);
INSERT INTO tf_m VALUES (4, 'dup', 1);
UPDATE tf_m SET b = 'skip' WHERE a = 1 RETURNING *;
UPDATE tf_m SET b = 'x' RETURNING *;
SELECT * FROM tf_m ORDER BY a;
-- a second BEFORE trigger sees what the first returned (name order)
CREATE FUNCTION tf_show() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE '% sees %', TG_NAME, NEW;
  RETURN NEW;
END $$;
CREATE TRIGGER tf_m2 BEFORE INSERT ON tf_m FOR EACH ROW EXECUTE FUNCTION tf_show();
CREATE TRIGGER tf_m0 BEFORE INSERT ON tf_m FOR EACH ROW EXECUTE FUNCTION tf_show();
CREATE TRIGGER tf_ma AFTER INSERT ON tf_m FOR EACH ROW EXECUTE FUNCTION tf_show();
INSERT INTO tf_m VALUES (5, 'e', 5);
-- DELETE returning NULL skips
CREATE FUNCTION tf_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.a = 1 THEN
    RETURN NULL;
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER tf_keep BEFORE DELETE ON tf_m FOR EACH ROW EXECUTE FUNCTION tf_keep();
DELETE FROM tf_m RETURNING a;
SELECT a FROM tf_m;
DROP TABLE tf_m;

-- WHEN and UPDATE OF
CREATE TABLE tf_w (a int, b int, c int);
CREATE TRIGGER tf_w1 AFTER UPDATE ON tf_w FOR EACH ROW
  WHEN (old.b IS DISTINCT FROM new.b) EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_w2 BEFORE UPDATE OF c ON tf_w FOR EACH ROW EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_w3 BEFORE INSERT ON tf_w FOR EACH ROW WHEN (new.a > 10) EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_w4 AFTER DELETE ON tf_w FOR EACH ROW WHEN (old.c IS NULL) EXECUTE FUNCTION tf_note();
INSERT INTO tf_w VALUES (1, 1, 1), (20, 2, NULL);
UPDATE tf_w SET b = b;
UPDATE tf_w SET b = b + 1 WHERE a = 1;
UPDATE tf_w SET c = 7 WHERE a = 1;
UPDATE tf_w SET a = a + 1;
DELETE FROM tf_w;
DROP TABLE tf_w;

-- foreign-key cascades fire the child's row triggers
CREATE TABLE tf_p (id int PRIMARY KEY);
CREATE TABLE tf_c (id int PRIMARY KEY, pid int REFERENCES tf_p ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TRIGGER tf_cb BEFORE UPDATE OR DELETE ON tf_c FOR EACH ROW EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_ca AFTER UPDATE OR DELETE ON tf_c FOR EACH ROW EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_cs AFTER UPDATE OR DELETE ON tf_c FOR EACH STATEMENT EXECUTE FUNCTION tf_note();
INSERT INTO tf_p VALUES (1), (2);
INSERT INTO tf_c VALUES (10, 1), (20, 2);
UPDATE tf_p SET id = 3 WHERE id = 1;
DELETE FROM tf_p WHERE id = 2;
DELETE FROM tf_p WHERE id = 99;
SELECT * FROM tf_c;
DROP TABLE tf_c, tf_p;

-- triggers that write, nesting, pg_trigger_depth()
CREATE TABLE tf_log (depth int, msg text);
CREATE TABLE tf_n (a int);
CREATE FUNCTION tf_logit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tf_log VALUES (pg_trigger_depth(), TG_NAME || ' ' || TG_OP || ' ' || NEW.a);
  RETURN NEW;
END $$;
CREATE TRIGGER tf_n1 AFTER INSERT ON tf_n FOR EACH ROW EXECUTE FUNCTION tf_logit();
CREATE FUNCTION tf_logdepth() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'log row at depth %', pg_trigger_depth();
  RETURN NEW;
END $$;
CREATE TRIGGER tf_l1 BEFORE INSERT ON tf_log FOR EACH ROW EXECUTE FUNCTION tf_logdepth();
SELECT pg_trigger_depth();
INSERT INTO tf_n VALUES (1), (2);
SELECT * FROM tf_log ORDER BY msg;
-- unbounded recursion ends with an error, not a crash
CREATE FUNCTION tf_recurse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tf_n VALUES (NEW.a + 1);
  RETURN NEW;
END $$;
CREATE TRIGGER tf_n2 BEFORE INSERT ON tf_n FOR EACH ROW EXECUTE FUNCTION tf_recurse();
DO $$
BEGIN
  INSERT INTO tf_n VALUES (100);
EXCEPTION WHEN statement_too_complex OR program_limit_exceeded THEN
  RAISE NOTICE 'recursion stopped';
END $$;
SELECT count(*) FROM tf_n;
-- an error in a trigger undoes the statement
CREATE FUNCTION tf_fail() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'no rows for %', TG_TABLE_NAME;
END $$;
DROP TRIGGER tf_n2 ON tf_n;
CREATE TRIGGER tf_n3 AFTER INSERT ON tf_n FOR EACH ROW EXECUTE FUNCTION tf_fail();
INSERT INTO tf_n VALUES (50);
SELECT count(*) FROM tf_n;
-- disabled triggers do not fire
ALTER TABLE tf_n DISABLE TRIGGER tf_n3;
INSERT INTO tf_n VALUES (60);
SELECT count(*) FROM tf_n;
DROP TABLE tf_n, tf_log;

-- INSTEAD OF triggers make a view writable
CREATE TABLE tf_base (a int PRIMARY KEY, b text);
INSERT INTO tf_base VALUES (1, 'one'), (2, 'two');
CREATE VIEW tf_v AS SELECT a, b, a * 10 AS c FROM tf_base;
CREATE FUNCTION tf_vins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.a < 0 THEN
      RETURN NULL;
    END IF;
    INSERT INTO tf_base VALUES (NEW.a, NEW.b);
    NEW.c := NEW.a * 10;
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE tf_base SET a = NEW.a, b = NEW.b WHERE a = OLD.a;
    RETURN NEW;
  ELSE
    DELETE FROM tf_base WHERE a = OLD.a;
    RETURN OLD;
  END IF;
END $$;
CREATE TRIGGER tf_vi INSTEAD OF INSERT OR UPDATE OR DELETE ON tf_v
  FOR EACH ROW EXECUTE FUNCTION tf_vins();
CREATE TRIGGER tf_vs BEFORE INSERT OR UPDATE ON tf_v FOR EACH STATEMENT EXECUTE FUNCTION tf_note();
\d tf_v
INSERT INTO tf_v VALUES (3, 'three', 0), (-1, 'skipped', 0) RETURNING *;
UPDATE tf_v SET b = upper(b) WHERE a <= 2 RETURNING *;
DELETE FROM tf_v WHERE c = 30 RETURNING *;
CREATE TABLE tf_src (a int, v text);
INSERT INTO tf_src VALUES (1, 'from src');
UPDATE tf_v SET b = tf_src.v FROM tf_src WHERE tf_src.a = tf_v.a RETURNING tf_v.a, tf_v.b;
UPDATE tf_v v1 SET b = v2.b FROM tf_v v2 WHERE v1.a = 2 AND v2.a = 1 RETURNING v1.*;
DELETE FROM tf_v USING tf_src WHERE tf_src.a = tf_v.a AND tf_src.v = 'nothing';
DROP TABLE tf_src;
SELECT * FROM tf_v ORDER BY a;
SELECT * FROM tf_base ORDER BY a;
SELECT table_name, is_insertable_into, is_trigger_updatable, is_trigger_deletable,
       is_trigger_insertable_into FROM information_schema.views WHERE table_name = 'tf_v';
-- through an automatically updatable view the base table's statement triggers fire
CREATE VIEW tf_v2 AS SELECT a, b FROM tf_base;
CREATE TRIGGER tf_v2s BEFORE INSERT ON tf_v2 FOR EACH STATEMENT EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_bases BEFORE INSERT ON tf_base FOR EACH STATEMENT EXECUTE FUNCTION tf_note();
INSERT INTO tf_v2 VALUES (7, 'seven');
DROP VIEW tf_v, tf_v2;
DROP TABLE tf_base;

-- session_replication_role chooses among enabled triggers
CREATE TABLE tf_r (a int);
CREATE TRIGGER tf_ro BEFORE INSERT ON tf_r FOR EACH ROW EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_rr BEFORE INSERT ON tf_r FOR EACH ROW EXECUTE FUNCTION tf_note();
CREATE TRIGGER tf_ra BEFORE INSERT ON tf_r FOR EACH ROW EXECUTE FUNCTION tf_note();
ALTER TABLE tf_r ENABLE REPLICA TRIGGER tf_rr;
ALTER TABLE tf_r ENABLE ALWAYS TRIGGER tf_ra;
INSERT INTO tf_r VALUES (1);
SET session_replication_role = replica;
INSERT INTO tf_r VALUES (2);
RESET session_replication_role;
DROP TABLE tf_r;
