-- duka_sqlgaps: bit and statistics aggregates, cot, integer literals that
-- fit int4 after the sign, LIMIT/OFFSET assignment coercion, duplicate
-- column names, correlated subqueries in grouped queries, date hints,
-- non-integer constants in ORDER BY/GROUP BY, ORDER BY USING < and >.
CREATE TABLE duka_pts (k int, y float8, x int, f smallint, g bigint);
INSERT INTO duka_pts VALUES
  (1, 2.0, 1, 12, 255), (1, 4.5, 2, 10, 256), (2, 5.0, 3, 7, -1),
  (2, NULL, 4, NULL, NULL), (3, 1.0, NULL, 3, 8), (3, 7.25, 9, 5, 9);

-- bit_and / bit_or / bit_xor keep the input type
SELECT bit_and(f), bit_or(f), bit_xor(f), pg_typeof(bit_and(f)) FROM duka_pts;
SELECT bit_and(x), bit_or(x), bit_xor(x), pg_typeof(bit_or(x)) FROM duka_pts;
SELECT bit_and(g), bit_or(g), bit_xor(g), pg_typeof(bit_xor(g)) FROM duka_pts;
SELECT k, bit_and(x), bit_or(DISTINCT x), bit_xor(x) FROM duka_pts GROUP BY k ORDER BY k;
SELECT bit_and(x), bit_or(x) FROM duka_pts WHERE k > 10;
SELECT bit_and(1.5);
SELECT bit_or('7');

-- two-argument statistics over (Y, X), rows with a NULL skipped
SELECT corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_count(y, x) FROM duka_pts;
SELECT regr_slope(y, x), regr_intercept(y, x), regr_r2(y, x) FROM duka_pts;
SELECT regr_avgx(y, x), regr_avgy(y, x), regr_sxx(y, x), regr_syy(y, x), regr_sxy(y, x)
  FROM duka_pts;
SELECT k, corr(y, x), covar_samp(y, x), regr_count(y, x) FROM duka_pts GROUP BY k ORDER BY k;
SELECT corr(y, 1), regr_slope(1, x), regr_r2(1, x), covar_samp(y, x) FILTER (WHERE k = 1)
  FROM duka_pts;
SELECT corr(y, x), regr_count(y, x), covar_pop(y, x) FROM duka_pts WHERE false;
SELECT pg_typeof(regr_count(y, x)), pg_typeof(corr(x, x)) FROM duka_pts;
SELECT corr(y, x) OVER (ORDER BY k RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), k
  FROM duka_pts ORDER BY k, x;
SELECT corr('1'::text, 2);
SELECT corr(1);

-- cot
SELECT cot(1), cot(0.5::float4), cot(0), cot(-1), cot('NaN');
SELECT cot('Infinity');

-- -2147483648 is an integer, as in PostgreSQL
SELECT pg_typeof(-2147483648), pg_typeof(-2147483649), pg_typeof(2147483648);
SELECT abs(-2147483648);
SELECT -2147483648 / 2, -9223372036854775808;

-- LIMIT / OFFSET: an assignment coercion to bigint
SELECT k, x FROM duka_pts ORDER BY k, x LIMIT 2.5;
SELECT k, x FROM duka_pts ORDER BY k, x LIMIT 1.4 OFFSET 3.5;
SELECT k FROM duka_pts ORDER BY k LIMIT 1::float8 + 0.6::float8;
SELECT k FROM duka_pts LIMIT 'x';
SELECT k FROM duka_pts LIMIT true;

-- a FROM item with two columns of one name
SELECT * FROM (SELECT 1 AS a, 2 AS a) t;
SELECT a FROM (SELECT 1 AS a, 2 AS a) t;
SELECT t.a FROM (SELECT 1 AS a, 2 AS b) t(a, a);
WITH w AS (SELECT 1 AS c, 'x' AS c) SELECT c FROM w;
SELECT k FROM duka_pts d1 JOIN duka_pts d2 USING (k, x) WHERE k = 1 ORDER BY 1;
SELECT j.k, j.y FROM (duka_pts JOIN (SELECT 1 AS k) o USING (k)) j ORDER BY 2;
SELECT a.b.c.d.e FROM duka_pts;

-- correlated subqueries in grouped queries read the grouping columns
SELECT k, (SELECT max(y) FROM duka_pts p WHERE p.k = duka_pts.k) AS m, count(*)
  FROM duka_pts GROUP BY k ORDER BY k;
SELECT k, sum(x), (SELECT count(*) FROM duka_pts p WHERE p.x > duka_pts.k) AS c
  FROM duka_pts GROUP BY k
  HAVING (SELECT count(y) FROM duka_pts p WHERE p.k = duka_pts.k) > 1 ORDER BY k;
SELECT k FROM duka_pts GROUP BY k
  ORDER BY (SELECT sum(x) FROM duka_pts p WHERE p.k = duka_pts.k) DESC NULLS LAST;
SELECT k, f, EXISTS (SELECT 1 FROM duka_pts p WHERE p.x = duka_pts.f) FROM duka_pts
  GROUP BY k, f ORDER BY k, f;
SELECT k, (SELECT (SELECT duka_pts.k * 10)) FROM duka_pts GROUP BY k ORDER BY k;
SELECT k, k IN (SELECT x FROM duka_pts p WHERE p.k = duka_pts.k) FROM duka_pts
  GROUP BY k ORDER BY k;
SELECT k, (SELECT max(y) FROM duka_pts p WHERE p.x = duka_pts.x) FROM duka_pts GROUP BY k;
SELECT count(*), (SELECT count(*) FROM duka_pts p WHERE p.k = duka_pts.k) FROM duka_pts;
SELECT k, (SELECT string_agg(p.x::text, ',' ORDER BY p.x) FROM duka_pts p
           WHERE p.k <= duka_pts.k) FROM duka_pts GROUP BY ROLLUP (k) ORDER BY k;

-- aggregates in correlated subqueries (with a column of their own level)
SELECT k, (SELECT count(*) FROM duka_pts p WHERE p.k = duka_pts.k AND p.x > 1) FROM duka_pts
  GROUP BY k ORDER BY k;
SELECT (SELECT sum(p.x + duka_pts.x) FROM duka_pts p) AS s FROM duka_pts ORDER BY 1;

-- out-of-range month or day: PostgreSQL's DateStyle hint
SELECT '2021-13-01'::date;
SELECT '2021-02-30'::date;
SELECT '21-01-05'::date;
SELECT date '2021-04-31';

-- a bare constant in ORDER BY / GROUP BY / DISTINCT ON must be a position
SELECT k FROM duka_pts ORDER BY 1.5;
SELECT k FROM duka_pts ORDER BY 'k';
SELECT k FROM duka_pts ORDER BY NULL;
SELECT k FROM duka_pts GROUP BY true;
SELECT DISTINCT ON ('x') k FROM duka_pts;
SELECT 1 UNION SELECT 2 ORDER BY 2.0;
SELECT k FROM duka_pts ORDER BY -2147483648;
SELECT k, count(*) FROM duka_pts GROUP BY 1 ORDER BY 1::int, k DESC;

-- ORDER BY ... USING < / >
SELECT k, x FROM duka_pts ORDER BY x USING >, k;
SELECT k, x FROM duka_pts ORDER BY x USING < NULLS FIRST, k USING >;
SELECT x FROM duka_pts UNION SELECT 100 ORDER BY 1 USING >;

DROP TABLE duka_pts;
