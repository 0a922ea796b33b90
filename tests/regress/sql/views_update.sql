-- views_update: automatically updatable views (INSERT / UPDATE / DELETE
-- through a view to its base table), WITH [LOCAL | CASCADED] CHECK OPTION,
-- non-updatable views and columns, information_schema's updatability.
CREATE TABLE ub (a int PRIMARY KEY, b text DEFAULT 'dflt', c int, d serial);
INSERT INTO ub (a, b, c) VALUES (1, 'one', 10), (2, 'two', 20), (-1, 'neg', -10);

-- a view with a computed column and a WHERE clause
CREATE VIEW uv1 AS SELECT a, b, c * 2 AS c2, c FROM ub WHERE a > 0;
INSERT INTO uv1 (a) VALUES (3) RETURNING *;
INSERT INTO uv1 (a, b, c) VALUES (4, 'four', 40), (-4, 'minus four', -40) RETURNING a, b, c2, uv1.c;
INSERT INTO uv1 VALUES (5, 'five');
INSERT INTO uv1 (c, a) SELECT c + 1, a + 10 FROM ub WHERE a IN (1, 2);
SELECT * FROM ub ORDER BY a;
SELECT * FROM uv1 ORDER BY a;
UPDATE uv1 SET b = b || '!' WHERE a < 3 RETURNING *;
UPDATE uv1 SET c = c2 + 1 WHERE a = 4 RETURNING a, c, c2;
UPDATE uv1 SET b = 'all';
SELECT * FROM ub ORDER BY a;
DELETE FROM uv1 WHERE a = 4 RETURNING c2, b;
DELETE FROM uv1 WHERE c IS NULL;
SELECT * FROM ub ORDER BY a;
UPDATE uv1 SET b = DEFAULT WHERE a = 1 RETURNING a, b;
INSERT INTO uv1 (a, b) VALUES (6, DEFAULT) RETURNING a, b;
-- with an alias, a sublink and a parameter
UPDATE uv1 AS x SET c = x.c + 100 WHERE x.a IN (SELECT a FROM ub WHERE b = 'all') RETURNING x.a, x.c;
DELETE FROM uv1 v WHERE v.a = (SELECT max(a) FROM uv1) RETURNING v.*;
PREPARE uvins(int, text) AS INSERT INTO uv1 (a, b) VALUES ($1, $2) RETURNING c2, b;
EXECUTE uvins(7, 'seven');
EXECUTE uvins(8, 'eight');
DEALLOCATE uvins;
SELECT * FROM ub ORDER BY a;

-- errors on columns
INSERT INTO uv1 VALUES (9, 'x', 3);
INSERT INTO uv1 (a, c2) VALUES (9, 3);
UPDATE uv1 SET c2 = 3;
UPDATE uv1 SET a = 1, c2 = 3;
INSERT INTO uv1 (a, zz) VALUES (9, 3);
UPDATE uv1 SET zz = 3;
INSERT INTO uv1 (a, a) VALUES (9, 3);
UPDATE uv1 SET a = 1, a = 2;
INSERT INTO uv1 (a, b) VALUES (1, 'dup');
INSERT INTO uv1 (a, b) VALUES (NULL, 'null');
UPDATE uv1 SET a = -1 WHERE a = 1;
SELECT * FROM ub ORDER BY a;

-- renamed columns, reordered columns, a FROM alias
CREATE VIEW uv2 (x, y) AS SELECT t.b, t.a FROM ub t WHERE t.a < 100;
INSERT INTO uv2 VALUES ('via uv2', 50) RETURNING *;
UPDATE uv2 SET x = upper(x) WHERE y = 50 RETURNING y, x;
SELECT a, b FROM ub WHERE a = 50;
DELETE FROM uv2 WHERE y = 50;

-- views on views
CREATE VIEW uv3 AS SELECT c2, a AS aa, b FROM uv1 WHERE a < 50;
INSERT INTO uv3 (aa, b) VALUES (20, 'twenty') RETURNING *;
UPDATE uv3 SET b = 'twenty!' WHERE aa = 20 RETURNING *;
INSERT INTO uv3 (aa, c2) VALUES (21, 1);
UPDATE uv3 SET b = 'hidden' WHERE aa = -1;
DELETE FROM uv3 WHERE aa = 20 RETURNING aa, b;
SELECT * FROM ub ORDER BY a;

-- not automatically updatable
CREATE VIEW ro1 AS SELECT DISTINCT a, b FROM ub;
CREATE VIEW ro2 AS SELECT a, count(*) AS n FROM ub GROUP BY a;
CREATE VIEW ro3 AS SELECT 1 AS one FROM ub HAVING max(a) > 0;
CREATE VIEW ro4 AS SELECT count(*) AS n FROM ub;
CREATE VIEW ro5 AS SELECT a, rank() OVER (ORDER BY a) AS r FROM ub;
CREATE VIEW ro6 AS SELECT a FROM ub UNION SELECT c FROM ub;
CREATE VIEW ro7 AS WITH w AS (SELECT a FROM ub) SELECT a FROM w;
CREATE VIEW ro8 AS SELECT a FROM ub LIMIT 1;
CREATE VIEW ro9 AS SELECT a FROM ub OFFSET 1;
CREATE VIEW ro10 AS SELECT x.a FROM ub x, ub y WHERE x.a = y.a;
CREATE VIEW ro11 AS SELECT a + 1 AS a1, 'k' AS k FROM ub;
CREATE VIEW ro12 AS SELECT generate_series(1, a) AS g, a FROM ub;
CREATE VIEW ro13 AS SELECT * FROM (SELECT a FROM ub) s;
CREATE VIEW ro14 AS SELECT 1 AS one;
CREATE VIEW ro15 AS SELECT a FROM ro1;
INSERT INTO ro1 VALUES (1, 'x');
UPDATE ro1 SET b = 'x';
DELETE FROM ro1;
INSERT INTO ro2 VALUES (1, 1);
DELETE FROM ro3;
UPDATE ro4 SET n = 1;
DELETE FROM ro4;
INSERT INTO ro5 (a) VALUES (1);
DELETE FROM ro6;
DELETE FROM ro7;
DELETE FROM ro8;
UPDATE ro9 SET a = 1;
DELETE FROM ro10;
INSERT INTO ro11 VALUES (1, 'k');
UPDATE ro11 SET k = 'j';
DELETE FROM ro11 WHERE a1 = 100;
INSERT INTO ro12 (a) VALUES (1);
DELETE FROM ro13;
DELETE FROM ro14;
INSERT INTO ro15 VALUES (1);
DELETE FROM ro15;

-- WITH CHECK OPTION
CREATE TABLE cb (a int, b text);
CREATE VIEW cv1 AS SELECT a, b FROM cb WHERE a > 0;
CREATE VIEW cv2 AS SELECT b AS bb, a AS aa FROM cv1 WHERE a < 100 WITH CASCADED CHECK OPTION;
INSERT INTO cv2 VALUES ('x', 50);
INSERT INTO cv2 VALUES ('x', 150);
INSERT INTO cv2 VALUES ('x', -5);
INSERT INTO cv2 VALUES ('x', NULL);
UPDATE cv2 SET aa = 200 WHERE aa = 50;
UPDATE cv2 SET aa = aa + 1 RETURNING *;
INSERT INTO cv1 VALUES (500, 'no check on cv1');
SELECT * FROM cb ORDER BY a;
CREATE VIEW cv3 AS SELECT a, b FROM cb WHERE a < 10 WITH LOCAL CHECK OPTION;
CREATE VIEW cv4 AS SELECT a, b FROM cv3 WHERE a > 0;
CREATE VIEW cv5 AS SELECT a, b FROM cv3 WHERE a > 0 WITH LOCAL CHECK OPTION;
CREATE VIEW cv6 AS SELECT a, b FROM cv1 WHERE b <> 'zz' WITH LOCAL CHECK OPTION;
CREATE VIEW cv7 AS SELECT a, b FROM cv4 WITH CASCADED CHECK OPTION;
CREATE VIEW cv8 (a, b) WITH (check_option = local) AS SELECT a, b FROM cb WHERE b LIKE 'ok%';
CREATE VIEW cv9 WITH (check_option = 'cascaded') AS SELECT a FROM cv8;
INSERT INTO cv4 VALUES (20, 'ok');
INSERT INTO cv4 VALUES (-1, 'ok');
INSERT INTO cv5 VALUES (-2, 'no');
INSERT INTO cv5 VALUES (30, 'no');
INSERT INTO cv6 VALUES (-5, 'ok');
INSERT INTO cv6 VALUES (5, 'zz');
INSERT INTO cv7 VALUES (-7, 'ok');
INSERT INTO cv7 VALUES (70, 'ok');
INSERT INTO cv7 VALUES (7, 'ok');
INSERT INTO cv8 VALUES (8, 'not ok');
INSERT INTO cv8 VALUES (8, 'ok 8');
INSERT INTO cv9 VALUES (9);
UPDATE cv8 SET b = 'bad' WHERE a = 8;
UPDATE cv8 SET b = 'ok again' WHERE a = 8 RETURNING *;
DELETE FROM cv2 WHERE aa = 51;
SELECT * FROM cb ORDER BY a, b;
BEGIN;
INSERT INTO cv2 VALUES ('in tx', 60);
INSERT INTO cv2 VALUES ('in tx', 600);
ROLLBACK;
SELECT count(*) FROM cb WHERE b = 'in tx';

-- CREATE VIEW errors
CREATE VIEW cbad WITH (check_option = foo) AS SELECT a FROM cb;
CREATE VIEW cbad WITH (check_option) AS SELECT a FROM cb;
CREATE VIEW cbad WITH (check_option = local) AS SELECT a FROM cb WITH CASCADED CHECK OPTION;
CREATE VIEW cbad WITH (foo = 1) AS SELECT a FROM cb;
CREATE VIEW cbad AS SELECT count(*) FROM cb WITH CHECK OPTION;
CREATE VIEW cbad AS SELECT a + 1 AS x FROM cb WITH CHECK OPTION;
CREATE VIEW cbad AS SELECT DISTINCT a FROM cb WITH LOCAL CHECK OPTION;
CREATE VIEW cbad AS SELECT x.a FROM cb x JOIN cb y USING (a) WITH CHECK OPTION;
CREATE VIEW cstar AS SELECT * FROM cb WITH CHECK OPTION;
CREATE OR REPLACE VIEW cstar AS SELECT * FROM cb;
INSERT INTO cstar VALUES (1000, 'no more check');
CREATE OR REPLACE VIEW cstar AS SELECT * FROM cb WHERE a < 0 WITH LOCAL CHECK OPTION;
INSERT INTO cstar VALUES (1001, 'check again');

-- catalogs
SELECT relname, reloptions FROM pg_class WHERE relname IN ('cv2', 'cv3', 'cv8', 'cv9', 'cstar', 'uv1')
ORDER BY relname;
SELECT table_name, check_option, is_updatable, is_insertable_into, is_trigger_updatable
FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
WHERE table_name IN ('uv1', 'uv3', 'ro11', 'ro15', 'cv2', 'ro4') ORDER BY table_name, ordinal_position;
SELECT table_name, is_insertable_into FROM information_schema.tables
WHERE table_name IN ('ub', 'uv1', 'ro1', 'ro14', 'cv9') ORDER BY table_name;
SELECT viewname FROM pg_views WHERE schemaname = 'public' AND viewname LIKE 'cv%' ORDER BY 1;

-- data-modifying WITH, sublinks over computed columns, COPY
CREATE TABLE e1 (a int PRIMARY KEY, b text DEFAULT 'dflt', c int);
CREATE VIEW ev AS SELECT a, b, c + 1 AS c1, c FROM e1 WHERE a > 0 ORDER BY a;
WITH x AS (INSERT INTO ev (a, b, c) VALUES (1, 'one', 0) RETURNING *) SELECT * FROM x;
WITH e1 AS (SELECT 1 AS z) INSERT INTO ev (a) VALUES (2);
INSERT INTO ev SELECT a + 10, b FROM e1;
UPDATE ev SET b = 'x' WHERE EXISTS (SELECT 1 FROM e1 z WHERE z.a = ev.c1) RETURNING a, b, c1;
UPDATE ev SET b = 'y' WHERE EXISTS (SELECT 1 FROM e1 z WHERE z.a = ev.a + 9) RETURNING a, b;
DELETE FROM ev WHERE a IN (SELECT c1 + 10 FROM ev) RETURNING *;
SELECT * FROM e1 ORDER BY a;
DROP TABLE e1 CASCADE;

-- view column defaults (ALTER VIEW ... ALTER COLUMN ... SET / DROP DEFAULT)
CREATE TABLE dt (a int PRIMARY KEY, b text DEFAULT 'base b', c int DEFAULT 7);
CREATE VIEW dv AS SELECT a, b, c, c * 2 AS c2 FROM dt;
ALTER VIEW dv ALTER COLUMN b SET DEFAULT 'view b';
ALTER VIEW dv ALTER COLUMN zz SET DEFAULT 1;
ALTER VIEW dt ALTER COLUMN b SET DEFAULT 'x';
ALTER VIEW nosuch ALTER COLUMN b SET DEFAULT 'x';
ALTER VIEW IF EXISTS nosuch ALTER COLUMN b SET DEFAULT 'x';
INSERT INTO dv (a) VALUES (1) RETURNING *;
INSERT INTO dv VALUES (2, DEFAULT, DEFAULT) RETURNING *;
INSERT INTO dv (a, b) VALUES (3, 'given') RETURNING *;
UPDATE dv SET b = DEFAULT, c = DEFAULT WHERE a = 3 RETURNING *;
ALTER VIEW dv ALTER COLUMN c SET DEFAULT 100;
CREATE VIEW dv2 AS SELECT a, b, c FROM dv;
ALTER VIEW dv2 ALTER COLUMN b SET DEFAULT 'dv2 b';
INSERT INTO dv2 (a) VALUES (4) RETURNING *;
INSERT INTO dv (a) VALUES (5) RETURNING *;
ALTER VIEW dv ALTER COLUMN b DROP DEFAULT;
INSERT INTO dv (a) VALUES (6) RETURNING *;
ALTER VIEW dv ALTER COLUMN c2 SET DEFAULT 5;
INSERT INTO dv (a) VALUES (7);
CREATE OR REPLACE VIEW dv AS SELECT a, b, c, c * 2 AS c2, 1 AS one FROM dt;
INSERT INTO dv (a) VALUES (8);
ALTER VIEW dv ALTER COLUMN c2 DROP DEFAULT;
INSERT INTO dv (a) VALUES (8) RETURNING *;
SELECT table_name, column_name, column_default FROM information_schema.columns
WHERE table_name IN ('dv', 'dv2') ORDER BY 1, ordinal_position;
DROP TABLE dt CASCADE;

DROP TABLE ub CASCADE;
DROP TABLE cb CASCADE;
