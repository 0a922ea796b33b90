-- UPDATE ... FROM, DELETE ... USING and INSERT ... ON CONFLICT on
-- automatically updatable views
CREATE TABLE t (id int PRIMARY KEY, name text, x int);
CREATE TABLE o (id int, y int);
INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30), (4, 'd', 400);
INSERT INTO o VALUES (1, 100), (2, 200), (4, 1);
CREATE VIEW v AS SELECT id, name, x * 2 AS x2, x FROM t WHERE x < 100;
-- UPDATE ... FROM: the view's WHERE limits the rows (id 4 is not in v)
UPDATE v SET x = o.y FROM o WHERE v.id = o.id RETURNING *;
UPDATE v SET x = o.y + 1 FROM o WHERE v.id = o.id RETURNING v.*, o.y;
SELECT * FROM t ORDER BY id;
UPDATE v AS w SET name = w.name || o.y FROM o WHERE w.id = o.id + 2 RETURNING w.id, w.name, w.x2;
-- the base table itself in FROM
UPDATE v SET x = t.x + 1 FROM t WHERE t.id = v.id AND v.id = 3 RETURNING v.x, t.x;
-- several source rows: the first match only
INSERT INTO o VALUES (3, 7), (3, 8);
UPDATE v SET x = x + 1 FROM o WHERE v.id = o.id RETURNING v.id, v.x;
SELECT * FROM t ORDER BY id;
-- errors
UPDATE v SET x2 = 1 FROM o WHERE v.id = o.id;
UPDATE v SET nope = 1 FROM o WHERE v.id = o.id;
UPDATE v t SET x = 5 FROM t WHERE t.id = 1;
UPDATE v SET x = 1 FROM o WHERE t.id = o.id;
CREATE VIEW vg AS SELECT id, count(*) AS n FROM t GROUP BY id;
UPDATE vg SET id = 1 FROM o WHERE vg.id = o.id;
DELETE FROM vg USING o WHERE vg.id = o.id;
-- DELETE ... USING
DELETE FROM v USING o WHERE v.id = o.id AND o.y > 150 RETURNING *;
SELECT * FROM t ORDER BY id;
DELETE FROM o WHERE y = 8;
DELETE FROM v USING o WHERE v.id = o.id RETURNING v.id, o.y;
SELECT * FROM t ORDER BY id;
-- a view over a view
INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20);
CREATE VIEW vv AS SELECT id AS k, x2, x AS val FROM v WHERE id < 3;
UPDATE vv SET val = o.y FROM o WHERE vv.k = o.id RETURNING *;
SELECT * FROM t ORDER BY id;
DELETE FROM vv USING o WHERE vv.k = o.id RETURNING *;
SELECT * FROM t ORDER BY id;
-- WITH CHECK OPTION
INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20);
CREATE VIEW vc AS SELECT * FROM t WHERE x < 50 WITH CHECK OPTION;
UPDATE vc SET x = o.y FROM o WHERE vc.id = o.id;
UPDATE vc SET x = o.y FROM o WHERE vc.id = o.id AND o.y < 50 RETURNING *;
CREATE VIEW vl AS SELECT * FROM vc WHERE x > 5 WITH LOCAL CHECK OPTION;
UPDATE vl SET x = 1 FROM o WHERE vl.id = o.id;
UPDATE vl SET x = 60 FROM o WHERE vl.id = o.id;
SELECT * FROM t ORDER BY id;
-- INSERT ... ON CONFLICT
INSERT INTO v (id, name, x) VALUES (1, 'z', 7) ON CONFLICT (id) DO UPDATE SET name = excluded.name, x = excluded.x RETURNING *;
INSERT INTO v (id, name, x) VALUES (1, 'z', 7) ON CONFLICT (id) DO UPDATE SET name = excluded.name || v.name, x = excluded.x2 RETURNING *;
INSERT INTO v AS w (id, name, x) VALUES (1, 'y', 7) ON CONFLICT (id) DO UPDATE SET x = w.x2 + excluded.x WHERE w.name <> excluded.name RETURNING w.*;
INSERT INTO v AS w (id, name, x) VALUES (1, 'y', 7) ON CONFLICT (id) DO UPDATE SET x = 0 WHERE w.name <> excluded.name RETURNING w.*;
INSERT INTO v (id, name, x) VALUES (1, 'q', 7) ON CONFLICT (id) DO NOTHING RETURNING *;
INSERT INTO v (id, name, x) VALUES (9, 'q', 7) ON CONFLICT DO NOTHING RETURNING *;
INSERT INTO v (id, name, x) VALUES (9, 'q', 7), (10, 'r', 8) ON CONFLICT (id) DO NOTHING RETURNING *;
INSERT INTO vv (k, val) VALUES (2, 3), (11, 4) ON CONFLICT (k) DO UPDATE SET val = excluded.val * 10 + excluded.x2 RETURNING *;
SELECT * FROM t ORDER BY id;
INSERT INTO v (id, name, x) VALUES (9, 'q', 7) ON CONFLICT (x2) DO NOTHING;
INSERT INTO v (id, name, x) VALUES (9, 'q', 7) ON CONFLICT (name) DO NOTHING;
INSERT INTO v (id, name, x) VALUES (9, 'q', 7) ON CONFLICT (nope) DO NOTHING;
INSERT INTO v (id, name, x) VALUES (1, 'z', 7) ON CONFLICT (id) DO UPDATE SET x2 = 3;
INSERT INTO v (id, name, x) VALUES (1, 'z', 7) ON CONFLICT (id) DO UPDATE SET nope = 3;
INSERT INTO v (id, name, x) VALUES (1, 'z', 7) ON CONFLICT ON CONSTRAINT t_pkey DO UPDATE SET x = 3;
INSERT INTO v (id, name, x) VALUES (1, 'z', 7) ON CONFLICT (id) DO UPDATE SET x = t.x;
INSERT INTO vg VALUES (1) ON CONFLICT DO NOTHING;
-- ON CONFLICT through WITH CHECK OPTION
INSERT INTO vc (id, name, x) VALUES (1, 'q', 70) ON CONFLICT (id) DO UPDATE SET x = excluded.x;
INSERT INTO vc (id, name, x) VALUES (1, 'q', 7) ON CONFLICT (id) DO UPDATE SET x = 60;
INSERT INTO vc (id, name, x) VALUES (20, 'q', 70) ON CONFLICT (id) DO NOTHING;
INSERT INTO vc (id, name, x) VALUES (20, 'q', 7) ON CONFLICT (id) DO UPDATE SET x = 8 RETURNING *;
INSERT INTO vc (id, name, x) VALUES (20, 'q', 7) ON CONFLICT (id) DO UPDATE SET x = 9 RETURNING *;
SELECT * FROM t ORDER BY id;
-- a view whose GROUP BY relies on the primary key depends on it
CREATE TABLE p (id int PRIMARY KEY, name text, n int);
INSERT INTO p VALUES (1, 'a', 1), (2, 'b', 2);
CREATE VIEW pv AS SELECT id, name, sum(n) AS s FROM p GROUP BY id;
CREATE VIEW pv2 AS SELECT * FROM pv;
CREATE VIEW pa AS SELECT id, max(name) AS m FROM p GROUP BY id;
ALTER TABLE p DROP CONSTRAINT p_pkey;
ALTER TABLE p DROP CONSTRAINT p_pkey RESTRICT;
SELECT * FROM pv2 ORDER BY id;
ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;
SELECT relname FROM pg_class WHERE relname IN ('pv', 'pv2', 'pa') ORDER BY 1;
SELECT * FROM pa ORDER BY id;
-- a subquery's GROUP BY counts too, a materialized view as well
ALTER TABLE p ADD PRIMARY KEY (id);
CREATE VIEW ps AS SELECT * FROM (SELECT id, name FROM p GROUP BY id) s WHERE id > 0;
CREATE MATERIALIZED VIEW pm AS SELECT id, name FROM p GROUP BY id;
ALTER TABLE p DROP CONSTRAINT p_pkey;
ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;
-- a composite key, and a view that does not rely on it
CREATE TABLE q (a int, b int, c text, PRIMARY KEY (a, b));
CREATE VIEW qv AS SELECT a, b, c FROM q GROUP BY a, b;
CREATE VIEW qn AS SELECT a, b, count(*) FROM q GROUP BY a, b, c;
ALTER TABLE q DROP CONSTRAINT q_pkey;
DROP VIEW qv;
ALTER TABLE q DROP CONSTRAINT q_pkey;
SELECT relname FROM pg_class WHERE relname IN ('qv', 'qn') ORDER BY 1;
-- more: a schema of its own
CREATE SCHEMA s2;
SET search_path = s2;
CREATE TABLE t (id int PRIMARY KEY, name text, x int);
CREATE UNIQUE INDEX t_name ON t (name) WHERE x > 0;
CREATE TABLE o (id int, y int);
INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20);
INSERT INTO o VALUES (1, 100), (2, 200);
CREATE VIEW v AS SELECT id, name, x * 2 AS x2, x FROM t WHERE x < 100;
ALTER VIEW v ALTER COLUMN name SET DEFAULT 'dflt';
UPDATE v SET name = DEFAULT FROM o WHERE v.id = o.id AND o.id = 1 RETURNING v, o;
UPDATE v SET x = (SELECT max(y) FROM o WHERE o.id = v.id) FROM o WHERE v.id = o.id RETURNING *;
SELECT * FROM t ORDER BY id;
UPDATE v SET x = 1 FROM o WHERE v.id = o.id AND o.y > (SELECT v.x2) RETURNING *;
DELETE FROM v USING o, LATERAL (SELECT o.y) s WHERE v.id = o.id RETURNING *;
INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20);
INSERT INTO v (id, name, x) VALUES (5, 'a', 3) ON CONFLICT (name) WHERE x > 0 DO NOTHING;
INSERT INTO v (id, name, x) VALUES (1, 'a', 3) ON CONFLICT (id) DO UPDATE SET name = DEFAULT RETURNING *;
INSERT INTO v (id, x) VALUES (7, 3) ON CONFLICT (id) DO UPDATE SET name = DEFAULT RETURNING *;
INSERT INTO v AS w (id, x) VALUES (7, 3) ON CONFLICT (id) DO UPDATE SET x = excluded.x + w.x RETURNING excluded.x;
INSERT INTO v AS w (id, x) VALUES (7, 3) ON CONFLICT (id) DO UPDATE SET x = (SELECT excluded.x2 + w.x2) RETURNING *;
SELECT * FROM t ORDER BY id;
WITH s AS (SELECT 1 AS id) UPDATE v SET x = 9 FROM s WHERE s.id = v.id RETURNING *;
INSERT INTO v (id, name, x) VALUES (6, 'a', 3) ON CONFLICT (name) WHERE x2 > 0 DO NOTHING;
INSERT INTO v (id, name, x) VALUES (6, 'a', 3) ON CONFLICT (name) WHERE x > 1 DO UPDATE SET x = 4 RETURNING *;
INSERT INTO v (id, name, x) VALUES (6, 'a', 3) ON CONFLICT (name) WHERE nope > 1 DO NOTHING;
INSERT INTO v (id, name, x) VALUES (6, 'a', 3) ON CONFLICT (name) WHERE count(*) > 1 DO NOTHING;
INSERT INTO v (id, name, x) VALUES (6, 'a', 3) ON CONFLICT (name) WHERE x > 1 DO UPDATE SET x = count(*);
RESET search_path;
-- views over a table without a primary key, check options, arrays
CREATE SCHEMA s3;
SET search_path = s3;
CREATE TABLE h (a int, b text);
INSERT INTO h VALUES (1, 'x'), (2, 'y'), (3, 'z');
CREATE TABLE o (id int, y int);
INSERT INTO o VALUES (1, 10), (3, 30);
CREATE VIEW hv AS SELECT a AS k, upper(b) AS ub, b, (SELECT max(y) FROM o) AS m FROM h WHERE a > 0;
UPDATE hv SET b = hv.b || o.y FROM o WHERE hv.k = o.id RETURNING *;
DELETE FROM hv USING o WHERE hv.k = o.id AND o.y = 30 RETURNING hv.*;
SELECT * FROM h ORDER BY a;
INSERT INTO hv (k, b) VALUES (5, 'w') ON CONFLICT DO NOTHING RETURNING *;
INSERT INTO hv (k, b) VALUES (5, 'w') ON CONFLICT (k) DO NOTHING RETURNING *;
PREPARE pu(int) AS UPDATE hv SET k = k + $1 FROM o WHERE hv.k = o.id RETURNING hv.k, o.y;
EXECUTE pu(100);
EXECUTE pu(100);
SELECT * FROM h ORDER BY a;
CREATE VIEW hv2 AS SELECT k, b FROM hv WHERE k < 100 WITH CASCADED CHECK OPTION;
UPDATE hv2 SET k = 200 FROM o WHERE hv2.k = 2;
UPDATE hv2 SET k = 99 FROM o WHERE hv2.k = 2 AND o.id = 1 RETURNING *;
BEGIN;
DELETE FROM hv2 USING o WHERE hv2.k = o.id + 98 RETURNING *;
ROLLBACK;
SELECT * FROM h ORDER BY a;
CREATE TABLE ar (id int PRIMARY KEY, a int[], r int);
INSERT INTO ar VALUES (1, '{1,2,3}', 0);
CREATE VIEW arv AS SELECT id AS k, a AS arr FROM ar;
UPDATE arv SET arr[2] = o.y FROM o WHERE arv.k = o.id RETURNING *;
INSERT INTO arv VALUES (1, '{7}') ON CONFLICT (k) DO UPDATE SET arr[3] = excluded.arr[1] RETURNING *;
RESET search_path;
