-- join_names: FROM item names (PostgreSQL's checkNameSpaceConflicts, refnameNamespaceItem),
-- NATURAL / USING merged columns, join aliases, LATERAL and error hints.
CREATE SCHEMA jn1;
CREATE SCHEMA jn2;
CREATE TABLE jn1.t (id int, v text);
CREATE TABLE jn2.t (id int, u text);
INSERT INTO jn1.t VALUES (1, 'one'), (2, 'two');
INSERT INTO jn2.t VALUES (2, 'deux'), (3, 'trois');
CREATE TABLE ja (x int, y text);
CREATE TABLE jb (x int, z text);
CREATE TABLE jc (x int, w int);
INSERT INTO ja VALUES (1, 'a1'), (2, 'a2'), (3, 'a3'), (NULL, 'an');
INSERT INTO jb VALUES (2, 'b2'), (3, 'b3'), (4, 'b4'), (NULL, 'bn');
INSERT INTO jc VALUES (3, 30), (4, 40), (5, 50);
-- two tables of one name from different schemas
SELECT * FROM jn1.t, jn2.t ORDER BY 1, 3;
SELECT jn1.t.id, jn2.t.id, jn2.t.u FROM jn1.t, jn2.t ORDER BY 1, 2;
SELECT jn1.t.* FROM jn1.t, jn2.t WHERE jn2.t.id = 3 ORDER BY 1;
SELECT * FROM jn1.t JOIN jn2.t USING (id);
SELECT * FROM jn1.t NATURAL JOIN jn2.t;
SELECT * FROM jn1.t JOIN jn2.t ON jn1.t.id + 1 = jn2.t.id ORDER BY 1;
SELECT id FROM jn1.t, jn2.t;
SELECT t.id FROM jn1.t, jn2.t;
SELECT t.* FROM jn1.t, jn2.t;
SELECT jn3.t.id FROM jn1.t;
SELECT jn2.t.id FROM jn1.t;
SELECT jn1.t.id FROM jn1.t x;
SELECT * FROM jn1.t t, jn2.t;
SELECT * FROM jn1.t, jn1.t;
UPDATE jn1.t SET v = v || '!' FROM jn2.t WHERE jn1.t.id = jn2.t.id;
SELECT * FROM jn1.t ORDER BY id;
UPDATE ja SET y = y FROM ja;
-- an aliased join hides the names inside it
SELECT * FROM ja x JOIN (jb x CROSS JOIN jc y(ww)) j ON x.x = ww ORDER BY 1, 2, 3, 4;
SELECT * FROM ja x JOIN (jb x CROSS JOIN jc y) j ON x.x = w;
SELECT * FROM ja x JOIN (jb x CROSS JOIN jc y) j ON x.x = y.x;
SELECT * FROM ja x CROSS JOIN (jb x CROSS JOIN LATERAL (SELECT x.x) ss);
SELECT * FROM ja x, jb x;
SELECT * FROM ja JOIN jb USING (x) AS ja;
SELECT x.x FROM (ja JOIN jb USING (x) AS x) AS xx;
SELECT y FROM (ja JOIN jb ON true) j(p, q);
SELECT ja.y FROM (ja JOIN jb ON true) j(p, q);
-- FROM subqueries without LATERAL: PostgreSQL's hints
SELECT * FROM ja, (SELECT z FROM jb WHERE y = 'a1') ss;
SELECT * FROM ja, (SELECT ja.y) ss;
SELECT * FROM ja, (SELECT x FROM jb, (SELECT z) s2) ss;
SELECT * FROM ja, (SELECT x FROM jb, (SELECT jb.z) s2) ss;
SELECT ja.z FROM ja, jb;
-- LATERAL on the right of RIGHT / FULL joins
SELECT * FROM ja RIGHT JOIN LATERAL generate_series(0, ja.x) g ON true;
SELECT * FROM ja FULL JOIN LATERAL (SELECT ja.x + 1 AS g) s ON true;
SELECT * FROM ja RIGHT JOIN LATERAL (SELECT y) s ON true;
UPDATE ja SET y = z FROM LATERAL (SELECT * FROM jb WHERE jb.x = ja.x) ss;
DELETE FROM ja USING LATERAL (SELECT * FROM jb WHERE jb.x = ja.x) ss;
-- NATURAL joins of joins, USING
SELECT * FROM ja NATURAL JOIN jb NATURAL JOIN jc;
SELECT * FROM (SELECT x, y FROM ja) s1 NATURAL FULL JOIN (SELECT x, z FROM jb) s2
  NATURAL FULL JOIN (SELECT x, w FROM jc) s3 ORDER BY 1, 2, 3, 4;
SELECT * FROM (ja JOIN jb ON true) NATURAL JOIN jc;
SELECT * FROM ja JOIN jb USING (x, x);
SELECT * FROM ja JOIN jb USING (q);
SELECT * FROM ja NATURAL JOIN (SELECT 1 AS q) s ORDER BY 1, 2;
SELECT * FROM ja x(k, l) NATURAL JOIN jb x2(k, m) ORDER BY 1;
-- USING columns of different types: the merged column has the common type
SELECT pg_typeof(x), x FROM (SELECT 1::int2 AS x) a JOIN (SELECT 1::int8 AS x) b USING (x);
SELECT pg_typeof(x), x FROM (SELECT 1::int2 AS x) a LEFT JOIN (SELECT 1::int8 AS x) b USING (x);
SELECT pg_typeof(x), x FROM (SELECT 1::int8 AS x) a RIGHT JOIN (SELECT 1::int2 AS x) b USING (x);
SELECT x FROM (SELECT 1 AS x) a JOIN (SELECT 1.0 AS x) b USING (x);
SELECT * FROM (SELECT 1 AS x, 'a' AS y) a JOIN (SELECT 1.0 AS x, 'b' AS z) b USING (x);
SELECT * FROM (SELECT x::int2 AS x, y FROM ja) a FULL JOIN jb USING (x) ORDER BY 1, 2;
SELECT * FROM (SELECT x::int8 AS x, y FROM ja) a LEFT JOIN jb USING (x) WHERE x > 1 ORDER BY 1;
SELECT * FROM (SELECT 1 AS x) a JOIN (SELECT 'a'::text AS x) b USING (x);
-- join alias columns are the joined columns
SELECT u.x FROM ja JOIN jb USING (x) AS u GROUP BY u.x ORDER BY 1;
SELECT x FROM ja JOIN jb USING (x) AS u GROUP BY u.x ORDER BY 1;
SELECT u.x, count(*) FROM ja JOIN jb USING (x) AS u GROUP BY x ORDER BY 1;
SELECT u.x, u FROM ja FULL JOIN jb USING (x) AS u ORDER BY 1;
SELECT j.p, count(*) FROM (ja JOIN jb USING (x)) j(p) GROUP BY j.p ORDER BY 1;
SELECT p FROM (ja JOIN jb USING (x)) j(p) GROUP BY ja.x ORDER BY 1;
SELECT j FROM (ja LEFT JOIN jb USING (x)) j ORDER BY 1;
-- FOR UPDATE of a USING alias
SELECT * FROM ja JOIN jb USING (x) AS foo FOR UPDATE OF foo;
SELECT * FROM (ja JOIN jb USING (x) AS foo) AS bar FOR UPDATE OF foo;
-- a SQL function returning a one-column composite through ROW(...)
CREATE TABLE jone (f1 int);
CREATE FUNCTION jmk(int) RETURNS jone AS $$ SELECT row($1)::jone $$ LANGUAGE sql;
SELECT * FROM jmk(42);
SELECT jmk(7), (jmk(8)).f1;
SELECT * FROM ja LEFT JOIN LATERAL jmk(ja.x) m ON true ORDER BY 1;
CREATE FUNCTION jmk2(int) RETURNS jone AS $$ SELECT row($1, 2) $$ LANGUAGE sql;
CREATE FUNCTION jmk3(int) RETURNS ja AS $$ SELECT row($1) $$ LANGUAGE sql;
-- JOIN ... ON errors
SELECT * FROM ja JOIN jb ON generate_series(1, 2) > 0;
SELECT * FROM ja JOIN jb ON count(*) > 0;
SELECT * FROM ja, jb JOIN jc ON ja.x = jc.x;
SELECT * FROM ja JOIN jb ON ja.x = jb.x JOIN jc ON jc.x = ja.q;
SELECT * FROM (SELECT 1) JOIN (SELECT 2) ON true;
SELECT * FROM (VALUES (1)) JOIN (VALUES (2)) ON true;
SELECT * FROM ja JOIN LATERAL (SELECT ja.x) ON true;
SELECT * FROM (ja JOIN jb USING (x)) AS j(a, b, c, d, e);
-- GROUP BY and merged FULL JOIN USING columns
SELECT x FROM ja FULL JOIN jb USING (x) GROUP BY ja.x, jb.x ORDER BY 1;
SELECT x, count(*) FROM ja FULL JOIN jb USING (x) GROUP BY x ORDER BY 1;
SELECT x FROM ja FULL JOIN jb USING (x) GROUP BY ja.x;
SELECT x FROM ja FULL JOIN jb USING (x) GROUP BY jb.x;
SELECT u.x FROM ja FULL JOIN jb USING (x) AS u GROUP BY ja.x, jb.x ORDER BY 1;
SELECT j.x FROM (ja FULL JOIN jb USING (x)) j GROUP BY x ORDER BY 1;
SELECT x FROM (SELECT x::int2 AS x FROM ja) a JOIN jb USING (x) GROUP BY jb.x ORDER BY 1;
-- COLLATE on a type without collations
SELECT * FROM ja JOIN jb ON ja.x = jb.x COLLATE "C";
SELECT * FROM ja JOIN jb ON ja.y < jb.z COLLATE "C" ORDER BY 1, 2, 3, 4 LIMIT 2;
-- names in EXISTS / IN subqueries (pulled up into semi joins)
SELECT * FROM ja WHERE EXISTS (SELECT 1 FROM jb x, jc x WHERE x.x = ja.x);
SELECT * FROM ja WHERE x IN (SELECT x.x FROM jb x, jc x);
SELECT * FROM ja WHERE EXISTS (SELECT 1 FROM jn1.t, jn2.t WHERE jn1.t.id = ja.x) ORDER BY 1, 2;
SELECT * FROM ja WHERE EXISTS (SELECT 1 FROM jb ja WHERE ja.x = 2) ORDER BY 1, 2;
