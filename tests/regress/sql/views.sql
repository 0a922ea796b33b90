-- views: CREATE [OR REPLACE] VIEW, DROP VIEW, views over views, views in
-- joins/subqueries/CTEs, replace rules, dependencies, psql's \dv and \d.
CREATE TABLE vt (a int PRIMARY KEY, b text, c numeric(8,2));
INSERT INTO vt VALUES (1, 'one', 1.5), (2, 'two', 2.5), (3, 'three', NULL);
CREATE TABLE vu (x int, y text);
INSERT INTO vu VALUES (2, 'dos'), (3, 'tres'), (4, 'cuatro');
CREATE VIEW v1 AS SELECT a, b FROM vt WHERE a > 1;
SELECT * FROM v1 ORDER BY a;
SELECT b FROM v1 WHERE a = 3;
CREATE VIEW v2 AS SELECT * FROM v1 WHERE b <> 'two';
SELECT * FROM v2;
CREATE VIEW vstar AS SELECT * FROM vt;
CREATE VIEW vcols (k, label) AS SELECT a, upper(b) FROM vt;
SELECT * FROM vcols ORDER BY k;
CREATE VIEW vjoin AS SELECT vt.a, vu.y FROM vt JOIN vu ON vt.a = vu.x;
SELECT * FROM vjoin ORDER BY a;
CREATE VIEW vagg AS SELECT count(*) AS n, sum(c) AS total FROM vt;
SELECT * FROM vagg;
CREATE VIEW vconst AS SELECT 1 AS one, 'x' AS str, NULL AS nothing;
SELECT * FROM vconst;
-- views in joins, subqueries and CTEs
SELECT v1.a, vu.y FROM v1 LEFT JOIN vu ON v1.a = vu.x ORDER BY 1;
SELECT count(*) FROM v1 JOIN v2 USING (a);
SELECT a FROM vt WHERE a IN (SELECT a FROM v2) ORDER BY 1;
SELECT * FROM (SELECT a * 10 AS a10 FROM v1) s ORDER BY 1;
WITH w AS (SELECT * FROM v1) SELECT max(a) FROM w;
SELECT x.a, x.b FROM v1 AS x ORDER BY 1;
SELECT z.p FROM v1 AS z (p) ORDER BY 1;
SELECT (SELECT n FROM vagg) AS n;
-- a view keeps the columns it was created with
ALTER TABLE vt ADD COLUMN d int;
SELECT * FROM vstar ORDER BY a;
-- errors
CREATE VIEW v1 AS SELECT 1;
CREATE VIEW vbad AS SELECT nosuch FROM vt;
CREATE VIEW vbad AS SELECT * FROM nosuch;
CREATE VIEW vbad (p, q, r) AS SELECT 1, 2;
CREATE VIEW vbad (p, p) AS SELECT 1, 2;
CREATE VIEW vbad AS SELECT 1 AS x, 2 AS x;
CREATE VIEW vbad AS SELECT 1, 2;
-- CREATE OR REPLACE rules
CREATE OR REPLACE VIEW v1 AS SELECT a FROM vt;
CREATE OR REPLACE VIEW v1 AS SELECT b, a FROM vt;
CREATE OR REPLACE VIEW v1 AS SELECT a::bigint AS a, b FROM vt;
CREATE OR REPLACE VIEW v1 AS SELECT a, b || '!' AS b FROM vt;
CREATE OR REPLACE VIEW vt AS SELECT 1;
CREATE OR REPLACE VIEW v1 AS SELECT a, b, c FROM vt WHERE a > 1;
SELECT * FROM v1 ORDER BY a;
SELECT * FROM v2 ORDER BY a;
CREATE OR REPLACE VIEW vnew AS SELECT 42 AS answer;
SELECT * FROM vnew;
-- dependencies
DROP TABLE vt;
DROP TABLE vt RESTRICT;
DROP VIEW v1;
ALTER TABLE vt DROP COLUMN b;
ALTER TABLE vt DROP COLUMN d;
ALTER TABLE vu ALTER COLUMN x TYPE bigint;
ALTER TABLE vu DROP COLUMN y CASCADE;
SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1;
-- wrong kinds
DROP TABLE v1;
DROP VIEW vt;
DROP VIEW nosuch;
DROP VIEW IF EXISTS nosuch;
DROP VIEW IF EXISTS nosuch, vnew;
ALTER VIEW vt RENAME TO vt2;
ALTER VIEW vconst RENAME TO vconst2;
ALTER TABLE vconst2 RENAME TO vconst3;
ALTER VIEW vconst3 RENAME COLUMN one TO uno;
SELECT * FROM vconst3;
-- other commands on views
COPY v2 TO STDOUT;
COPY (SELECT * FROM v2 ORDER BY a) TO STDOUT;
TRUNCATE v2;
CREATE INDEX ON v2 (a);
DROP INDEX v2;
-- transactions
BEGIN;
CREATE VIEW vtx AS SELECT a FROM vt;
SELECT count(*) FROM vtx;
ROLLBACK;
SELECT * FROM vtx;
-- catalog and psql
\dv
\d v1
\d vcols
\d vconst3
SELECT pg_get_viewdef('v1'::regclass);
SELECT pg_get_viewdef('v1'::regclass, true);
SELECT pg_get_viewdef('v2', true);
SELECT pg_get_viewdef('vstar'::regclass, true);
SELECT pg_get_viewdef('vcols'::regclass, true);
SELECT pg_get_viewdef('vagg'::regclass, true);
SELECT viewname, viewowner, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1;
SELECT relname, relkind, relhasrules FROM pg_class
WHERE relname IN ('vt', 'v1', 'v2') ORDER BY 1;
SELECT relname, relnatts FROM pg_class WHERE relname IN ('v1', 'v2') ORDER BY 1;
SELECT table_name, table_type FROM information_schema.tables
WHERE table_schema = 'public' ORDER BY 1;
SELECT table_name, view_definition, check_option FROM information_schema.views
WHERE table_schema = 'public' ORDER BY 1;
SELECT attname, atttypid::regtype FROM pg_attribute
WHERE attrelid = 'vcols'::regclass AND attnum > 0 ORDER BY attnum;
-- CASCADE
DROP VIEW v1 CASCADE;
DROP TABLE vt CASCADE;
\dv
CREATE SCHEMA vs;
CREATE TABLE vs.t (a int);
CREATE VIEW vs.v AS SELECT a FROM vs.t;
SELECT * FROM vs.v;
DROP SCHEMA vs CASCADE;
DROP VIEW vconst3, vnew;
-- CREATE TABLE AS / SELECT INTO
CREATE TABLE cts (x int, y text);
INSERT INTO cts VALUES (2, 'dos'), (3, 'tres'), (4, 'cuatro');
CREATE TABLE ct1 AS SELECT * FROM cts;
SELECT * FROM ct1 ORDER BY x;
CREATE TABLE ct2 (p, q) AS SELECT x * 2, upper(y) FROM cts WHERE x > 2;
SELECT * FROM ct2 ORDER BY p;
CREATE TABLE ct3 AS SELECT x, 'lit' AS l, NULL AS n, 1.5::numeric(4,1) AS m FROM cts WITH NO DATA;
SELECT count(*) FROM ct3;
\d ct3
CREATE TABLE ct4 AS SELECT count(*) AS n FROM cts WITH DATA;
SELECT * FROM ct4;
CREATE TABLE ct5 AS SELECT x FROM cts UNION ALL SELECT 10;
SELECT * FROM ct5 ORDER BY 1;
SELECT x, y INTO ct6 FROM cts WHERE x < 4;
SELECT * FROM ct6 ORDER BY x;
INSERT INTO ct6 VALUES (9, 'nueve');
SELECT count(*) FROM ct6;
CREATE TABLE ct1 AS SELECT 1;
CREATE TABLE IF NOT EXISTS ct1 AS SELECT 1;
CREATE TABLE ct7 (a, b, c) AS SELECT 1, 2;
CREATE TABLE ct7 AS SELECT 1 AS a, 2 AS a;
BEGIN;
CREATE TABLE ct8 AS SELECT x FROM cts;
SELECT count(*) FROM ct8;
ROLLBACK;
SELECT * FROM ct8;
CREATE VIEW vct AS SELECT p FROM ct2;
DROP TABLE ct2;
DROP TABLE ct1, ct2, ct3, ct4, ct5, ct6 CASCADE;
DROP TABLE cts, vu;
