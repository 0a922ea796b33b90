-- SELECT-side gaps found by PostgreSQL 15's own regression scripts:
-- correlated LIMIT/OFFSET, FETCH FIRST ... WITH TIES edge cases, window
-- RANGE offsets (in_range semantics), array_agg and NULL inputs in windows,
-- GROUP BY positions naming aggregates or window functions, count().

-- LIMIT / OFFSET reading an outer query's column: rerun per outer row
SELECT (SELECT n FROM generate_series(1, 10) AS n ORDER BY n LIMIT 1 OFFSET s - 1) AS z
  FROM generate_series(1, 4) AS s;
SELECT (SELECT n FROM (VALUES (1)) AS x,
               (SELECT n FROM generate_series(1, 10) AS n ORDER BY n LIMIT 1 OFFSET s - 1) AS y) AS z
  FROM generate_series(1, 4) AS s;
SELECT s, (SELECT count(*) FROM (SELECT n FROM generate_series(1, 10) n LIMIT s) y)
  FROM generate_series(1, 3) s;
SELECT s, (SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 LIMIT s) y)
  FROM generate_series(1, 3) s;
SELECT s, (SELECT count(*) FROM (VALUES (1), (2), (3) OFFSET s) y) FROM generate_series(0, 3) s;
SELECT s, count(*) FROM generate_series(1, 3) s,
       LATERAL (SELECT n FROM generate_series(1, 10) n LIMIT s) y
 GROUP BY s ORDER BY s;
SELECT (SELECT n FROM generate_series(1, 10) n ORDER BY n LIMIT s) FROM generate_series(1, 3) s;

-- FETCH FIRST ... WITH TIES
CREATE TABLE ties (k int, v text);
INSERT INTO ties VALUES (1, 'a'), (1, 'b'), (2, 'c'), (2, 'd'), (3, 'e');
SELECT k FROM ties ORDER BY k FETCH FIRST NULL ROWS WITH TIES;
SELECT count(*) FROM (SELECT k FROM ties ORDER BY k FETCH FIRST (NULL + 1) ROWS WITH TIES) s;
PREPARE p(int) AS SELECT k, v FROM ties ORDER BY k FETCH FIRST $1 ROWS WITH TIES;
EXECUTE p(NULL);
EXECUTE p(3);
SELECT k FROM ties FETCH FIRST 1 ROWS WITH TIES;
CREATE VIEW ties_v1 AS SELECT k FROM ties ORDER BY k OFFSET 1 FETCH FIRST 2 ROWS WITH TIES;
SELECT pg_get_viewdef('ties_v1'::regclass);
SELECT * FROM ties_v1;
CREATE VIEW ties_v2 AS SELECT k FROM ties ORDER BY k FETCH FIRST (1 + 1) ROWS WITH TIES;
SELECT pg_get_viewdef('ties_v2'::regclass);
CREATE VIEW ties_v3 AS SELECT k FROM ties ORDER BY k FETCH FIRST 2 ROWS ONLY;
SELECT pg_get_viewdef('ties_v3'::regclass);

-- RANGE offsets on integer, float, numeric keys: overflow, infinities, NaN
CREATE TABLE nums (id int, f4 float4, f8 float8, n numeric);
INSERT INTO nums VALUES (0, '-infinity', '-infinity', '-infinity'), (1, -3, -3, -3),
  (2, -1, -1, -1), (3, 0, 0, 0), (4, 1.1, 1.1, 1.1), (5, 1.12, 1.12, 1.12), (6, 2, 2, 2),
  (7, 100, 100, 100), (8, 'infinity', 'infinity', 'infinity'), (9, 'NaN', 'NaN', 'NaN');
SELECT id, f4, first_value(id) OVER w, last_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY f4 RANGE BETWEEN 'inf' PRECEDING AND 'inf' FOLLOWING);
SELECT id, f8, first_value(id) OVER w, last_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY f8 RANGE BETWEEN 'inf' FOLLOWING AND 'inf' FOLLOWING);
SELECT id, f8, first_value(id) OVER w, last_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY f8 DESC RANGE BETWEEN 1 PRECEDING AND 'inf' FOLLOWING);
SELECT id, n, first_value(id) OVER w, last_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY n RANGE BETWEEN 'inf' PRECEDING AND 'inf' PRECEDING);
SELECT id, n, first_value(id) OVER w, last_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY n DESC RANGE BETWEEN 'inf' PRECEDING AND 1.1 FOLLOWING);
SELECT id, n, first_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY n RANGE BETWEEN 1.1 PRECEDING AND 'NaN' FOLLOWING);
SELECT id, f8, first_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY f8 RANGE BETWEEN 1.1 PRECEDING AND 'NaN' FOLLOWING);
SELECT id, n, first_value(id) OVER w FROM nums
WINDOW w AS (ORDER BY n RANGE BETWEEN 1 PRECEDING AND 1.1::float8 FOLLOWING);
SELECT x, last_value(x) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND 4 FOLLOWING)
  FROM generate_series(9223372036854775804, 9223372036854775806) x;
SELECT x, last_value(x) OVER (ORDER BY x DESC RANGE BETWEEN CURRENT ROW AND 5 FOLLOWING)
  FROM generate_series(-9223372036854775806, -9223372036854775804) x;
SELECT x, first_value(x) OVER (ORDER BY x::int4 RANGE BETWEEN 3 PRECEDING AND 5 FOLLOWING)
  FROM generate_series(2147483640, 2147483647) x;

-- RANGE offsets on time and timetz keys (no wrap around midnight)
CREATE TABLE times (id int, t time, tz timetz);
INSERT INTO times VALUES (1, '00:30', '00:30+01'), (2, '01:00', '01:00+01'),
  (3, '12:00', '12:00+01'), (4, '23:30', '23:30+01'), (5, '23:50', '23:50-02');
SELECT id, t, first_value(id) OVER w, last_value(id) OVER w FROM times
WINDOW w AS (ORDER BY t RANGE BETWEEN '1 hour' PRECEDING AND '1 hour' FOLLOWING);
SELECT id, t, first_value(id) OVER w, last_value(id) OVER w FROM times
WINDOW w AS (ORDER BY t DESC RANGE BETWEEN '1 hour' PRECEDING AND '1 hour' FOLLOWING);
SELECT id, tz, first_value(id) OVER w, last_value(id) OVER w FROM times
WINDOW w AS (ORDER BY tz RANGE BETWEEN '1 hour' PRECEDING AND '1 hour' FOLLOWING);
SELECT id, tz, first_value(id) OVER w, last_value(id) OVER w FROM times
WINDOW w AS (ORDER BY tz DESC RANGE BETWEEN '1 day 70 min' PRECEDING AND '2 hours' FOLLOWING);
SELECT id, tz, first_value(id) OVER w FROM times
WINDOW w AS (ORDER BY tz RANGE BETWEEN '-1 hour' PRECEDING AND '1 hour' FOLLOWING);
SELECT id, t, first_value(id) OVER w FROM times
WINDOW w AS (ORDER BY t RANGE BETWEEN '-1 day' PRECEDING AND '1 hour' FOLLOWING);
CREATE TABLE vc (id int, s varchar(10));
SELECT sum(id) OVER (ORDER BY s RANGE BETWEEN '1 year'::interval PRECEDING AND CURRENT ROW) FROM vc;

-- aggregates over windows: array_agg, and NULL inputs of non-strict aggregates
SELECT x, json_agg(x) OVER (), count(x) OVER (), string_agg(x::text, ',') OVER (),
       array_agg(x) OVER (ORDER BY x NULLS FIRST ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
  FROM (VALUES (1), (NULL), (3)) v(x) ORDER BY x NULLS FIRST;
SELECT array_agg(i) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),
       array_agg(ARRAY[i, i]) OVER w, array_agg(i::text) OVER (PARTITION BY i % 2 ORDER BY i)
  FROM generate_series(1, 4) i WINDOW w AS (ORDER BY i ROWS 1 PRECEDING) ORDER BY i;
SELECT pg_typeof(array_agg(i) OVER ()) FROM generate_series(1, 1) i;
SELECT array_agg(NULL) OVER ();
SELECT array_agg(NULL);
SELECT array_agg(DISTINCT i) OVER () FROM generate_series(1, 3) i;

-- GROUP BY a select-list entry holding an aggregate or a window function
SELECT count(*) FROM ties GROUP BY 1;
SELECT k, 1 + sum(k) AS s FROM ties GROUP BY s;
SELECT rank() OVER (ORDER BY 1), count(*) FROM ties GROUP BY 1;
SELECT k, count(*) FROM ties GROUP BY 1 ORDER BY 1;

-- count() and OVER on a function that is no window function
SELECT count() FROM ties;
SELECT count() OVER () FROM ties;
SELECT generate_series(1, 3) OVER () FROM ties;
SELECT lower('A') OVER () FROM ties;

-- ORDER BY of a set operation naming no output column
CREATE TABLE so (q1 int, q2 int);
INSERT INTO so VALUES (1, 2), (3, 4);
SELECT q1 FROM so EXCEPT SELECT q2 FROM so ORDER BY q2 LIMIT 1;
SELECT 1 AS a UNION SELECT 2 ORDER BY b;
SELECT 1 AS a UNION SELECT 2 ORDER BY a + 1;
SELECT q1 FROM so UNION SELECT q2 FROM so ORDER BY so.q1;
SELECT q1 FROM so UNION SELECT q2 FROM so ORDER BY q1 DESC;
VALUES (1) ORDER BY foo;

-- JOIN ... USING (...) AS alias
CREATE TABLE j1 (i int, j int, t text);
CREATE TABLE j2 (i int, k int);
INSERT INTO j1 VALUES (1, 4, 'one'), (2, 3, 'two'), (3, 2, 'three'), (0, NULL, 'zero'),
  (NULL, NULL, NULL);
INSERT INTO j2 VALUES (1, -1), (2, 2), (2, 4), (5, -5), (NULL, 0);
SELECT * FROM j1 JOIN j2 USING (i) AS x WHERE x.i = 1;
SELECT * FROM j1 JOIN j2 USING (i) AS x WHERE x.t = 'one';
SELECT x.* FROM j1 JOIN j2 USING (i) AS x ORDER BY 1;
SELECT row_to_json(x.*) FROM j1 JOIN j2 USING (i) AS x WHERE j1.t = 'one';
SELECT * FROM j1 a1 JOIN j2 a2 USING (i) AS a1;
SELECT i, x.i, j1.i, j2.i FROM j1 FULL JOIN j2 USING (i) AS x ORDER BY 1, 3, 4;
SELECT i, x.i, j2.i FROM j1 RIGHT JOIN j2 USING (i) AS x ORDER BY 1, 3;
SELECT x.i, j1.i FROM j1 LEFT JOIN j2 USING (i) AS x ORDER BY 1, 2;
SELECT count(*) FROM j1 JOIN j2 USING (i) AS x JOIN j2 AS z USING (i) AS y WHERE x.i = y.i;
SELECT * FROM (j1 JOIN j2 USING (i) AS x) AS xx, LATERAL (SELECT xx.i + 1) s ORDER BY 1, 4;

-- ROW(t.*) takes t's columns
SELECT ROW(j1.*), ROW(1, s.*, 2), ROW(s.*) IS NULL FROM j1, (SELECT 1 a, 2 b) s
 WHERE j1.i = 1;
SELECT ROW(xx.*) FROM (j1 JOIN j2 USING (i)) AS xx ORDER BY 1;
SELECT ROW(n.*) FROM (SELECT) n;
SELECT a.i, ROW(b.*), ROW(b.*) IS NULL FROM j1 a LEFT JOIN (SELECT 1 x, 2 y) b ON false
 WHERE a.i = 1;

-- WITH RECURSIVE: where the recursive reference may not appear (parse_cte.c)
CREATE TABLE y (a INTEGER);
INSERT INTO y SELECT generate_series(1, 10);
WITH RECURSIVE x(n) AS (SELECT a FROM y WHERE a = 1 UNION ALL SELECT x.n+1 FROM y LEFT JOIN x ON x.n = y.a WHERE n < 10) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT a FROM y WHERE a = 1 UNION ALL SELECT x.n+1 FROM x RIGHT JOIN y ON x.n = y.a WHERE n < 10) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT a FROM y WHERE a = 1 UNION ALL SELECT x.n+1 FROM x FULL JOIN y ON x.n = y.a WHERE n < 10) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT a FROM y WHERE a = 1 UNION ALL SELECT x.n+1 FROM x LEFT JOIN y ON x.n = y.a WHERE n < 3) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT count(*) FROM x) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT sum(n) FROM x) SELECT * FROM x;
WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT (SELECT max(n) FROM y) FROM x WHERE n < 3) SELECT * FROM x;
WITH RECURSIVE foo(i) AS (values (1) UNION ALL (SELECT i+1 FROM foo WHERE i < 10 EXCEPT SELECT i+1 FROM foo WHERE i < 5)) SELECT * FROM foo;
WITH RECURSIVE foo(i) AS (values (1) UNION ALL (SELECT i+1 FROM foo WHERE i < 10 EXCEPT ALL SELECT 3)) SELECT * FROM foo;
WITH RECURSIVE foo(i) AS (values (1) UNION ALL (SELECT i+1 FROM foo WHERE i < 10 INTERSECT ALL SELECT 3)) SELECT * FROM foo;
WITH RECURSIVE foo(i) AS (values (1) UNION ALL (SELECT i+1 FROM foo WHERE i < 5 INTERSECT SELECT generate_series(1,10))) SELECT * FROM foo;
WITH RECURSIVE foo(i) AS (values (1) UNION ALL (SELECT i+1 FROM foo WHERE i < 5 EXCEPT SELECT 3)) SELECT * FROM foo;
SELECT * FROM y LEFT JOIN (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < 3) SELECT * FROM r) s ON s.n = y.a ORDER BY 1 LIMIT 4;

-- WITH column list longer than the query's columns
WITH x(n, b) AS (SELECT 1)
SELECT * FROM x;

-- GROUPING() of an enclosing level's grouping expressions; GROUP BY (a, b)
CREATE TABLE i8 (q1 int8, q2 int8);
INSERT INTO i8 VALUES (123, 456), (4567890123456789, 123);
SELECT (SELECT grouping(ss.x)) FROM i8 i1
 CROSS JOIN LATERAL (SELECT (SELECT i1.q1) AS x) ss GROUP BY ss.x;
SELECT (SELECT (SELECT grouping(a, b) FROM (VALUES (1)) v2(c)) FROM (VALUES (1, 2)) v1(a, b)
        GROUP BY (a, b)) AS g
  FROM (VALUES (6, 7)) v3(e, f) GROUP BY ROLLUP(e, f) ORDER BY e, f;
SELECT (SELECT (SELECT grouping(e, f) FROM (VALUES (1)) v2(c)) FROM (VALUES (1, 2)) v1(a, b)
        GROUP BY (a, b)) AS g
  FROM (VALUES (6, 7)) v3(e, f) GROUP BY ROLLUP(e, f) ORDER BY e, f;
SELECT (SELECT (SELECT grouping(e, f) FROM (VALUES (1)) v2(c)) FROM (VALUES (1, 2)) v1(a, b)
        GROUP BY (a, b)) AS g
  FROM (VALUES (6, 7)) v3(e, f) GROUP BY CUBE((e + 1), (f + 1)) ORDER BY (e + 1), (f + 1);
SELECT a, (SELECT grouping(a) FROM (VALUES (1)) v(c)) FROM (VALUES (1), (2)) t(a)
 GROUP BY ROLLUP(a) ORDER BY 1;
SELECT (SELECT grouping(q1) FROM (VALUES (1)) v(c) LIMIT 1) FROM i8;
SELECT a, b, count(*) FROM (VALUES (1, 2), (1, 2), (2, 3)) v(a, b) GROUP BY (a, b) ORDER BY 1;
SELECT ROW(a, b), count(*) FROM (VALUES (1, 2)) v(a, b) GROUP BY ROW(a, b);
SELECT a FROM (VALUES (1, 2)) v(a, b) GROUP BY (a, b), b;
SELECT a, b, grouping(a, b) FROM (VALUES (1, 2)) v(a, b) GROUP BY (a, b);

-- FOR UPDATE OF a join's alias
CREATE TABLE t1 (a int, b int);
CREATE TABLE t2 (a int, c int);
CREATE TABLE t3 (x int);
SELECT foo.*, unnamed_join.* FROM t1 JOIN t2 USING (a) AS foo, t3 AS unnamed_join FOR UPDATE OF foo;
SELECT bar.*, unnamed_join.* FROM (t1 JOIN t2 USING (a) AS foo) AS bar, t3 AS unnamed_join
   FOR UPDATE OF bar;
SELECT * FROM t1 JOIN t2 USING (a) FOR UPDATE OF t1;

-- aggregates whose arguments hold correlated subqueries reading their own level
-- (reading only an outer level is 0A000 here: PostgreSQL moves the aggregate there)
CREATE TABLE o4 (f1 int);
INSERT INTO o4 VALUES (1), (2), (3);
SELECT (SELECT max((SELECT i.f1 FROM o4 i WHERE i.f1 = o.f1)) FROM o4 o);
SELECT (SELECT max(o.f1 + (SELECT t.f1)) FROM o4 o) FROM o4 t ORDER BY 1;
